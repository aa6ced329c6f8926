"""Crossing into the service account: sudo, files the person hands over, the host's database."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

from ar_tui import config
from ar_tui.domain.errors import ArError, NotFound
from ar_tui.services import files, identity


def has_terminal() -> bool:
    """The TUI reads keys from stdin and draws on stderr: both must be a terminal."""
    streams = (sys.__stdin__, sys.__stderr__)
    return all(stream is not None and stream.isatty() for stream in streams)


def through_sudo(cfg: config.Config, argv: Sequence[str]) -> NoReturn:
    """Run this very command as the service account, through sudo and its rule."""
    program = cfg.program or sys.argv[0]
    command = ["sudo", "-n", "-u", str(cfg.service_user), "--", program, *argv]
    try:
        os.execvp("sudo", command)
    except OSError as exc:
        raise ArError("AR0064E", f"CANNOT RUN SUDO ({exc.strerror}): ASK AN ADMINISTRATOR") from exc
    raise AssertionError("unreachable")  # pragma: no cover


def cross(args: argparse.Namespace, argv: Sequence[str], *, local: bool, takes_file: bool) -> None:
    """On a host with a service account, every command but `host` and `config show` runs as
    it, for the invoking person (`local` commands are answered here)."""
    cfg: config.Config = args.config
    service = identity.service_uid(cfg.service_user)
    if cfg.service_user and service is None:
        raise ArError("AR0067E", f"SERVICE ACCOUNT {cfg.service_user} DOES NOT EXIST ON THIS HOST")
    if service is None or local:
        return
    if os.geteuid() != service:
        through_sudo(cfg, hand_over(args, argv) if takes_file else list(argv))


def hand_over(args: argparse.Namespace, argv: Sequence[str]) -> list[str]:
    """Before crossing into the service account, the person's own process opens the file
    they name, with their own permissions as the kernel judges them, and hands it over as
    standard input: the service account never opens a path a person chose."""
    if args.file == "-":
        return list(argv)
    try:
        fd = os.open(args.file, os.O_RDONLY)
    except FileNotFoundError:
        raise NotFound("AR0605E", f"FILE {args.file} NOT FOUND", "file") from None
    except OSError as exc:
        raise ArError("AR0066E", f"FILE {args.file} CANNOT BE OPENED: {exc.strerror}") from None
    os.dup2(fd, 0)
    os.close(fd)
    rest = list(argv)
    at = len(rest) - 1 - rest[::-1].index(args.file)  # the positional comes last of equals
    rest[at : at + 1] = ["-", "--file-name", Path(args.file).name]
    return rest


@contextmanager
def the_file(args: argparse.Namespace) -> Iterator[tuple[Path, bool]]:
    """(the file to read, whether it is already a private copy of what was handed)."""
    if args.file == "-":
        with files.from_stdin(args.file_name or "stdin") as copy:
            yield copy, True
        return
    if args.invoker.via_service:
        raise ArError(
            "AR0071E", "RUN FOR YOU BY THE SERVICE ACCOUNT, A FILE COMES ON STANDARD INPUT:"
            " `ar-tui import ... FILE` HANDS IT OVER", "file",
        )  # fmt: skip
    yield Path(args.file), False


@contextmanager
def handed_keymap(keymap: str, person: identity.Invoker) -> Iterator[str]:
    """A keymap file is a file the person hands us: read as they could read it."""
    candidate = Path(keymap).expanduser()
    if candidate.suffix != ".toml" and not candidate.exists():
        yield keymap  # a built-in profile
        return
    with files.handed(candidate, person) as copy:
        yield str(copy)


def host_database(args: argparse.Namespace, *, makes_database: bool) -> None:
    """Run for a person by the service account, only the host's database is opened, by the
    path the host's root-owned config gives: a --db, $AR_TUI_DB or --demo of theirs is
    refused outright (a path they name could be a link they flip between two files), and so
    is making a database (`host install` makes the host's)."""
    cfg: config.Config = args.config
    if not args.invoker.via_service:
        return
    host_db = config.host_db()
    where = str(config.system_config())
    if host_db is None:
        raise ArError("AR0068E", f"{where} NAMES NO DATABASE: ASK AN ADMINISTRATOR")
    if args.demo or makes_database or cfg.sources["db"] != where:
        chosen = "--demo" if args.demo else cfg.sources["db"]
        raise ArError(
            "AR0062E", f"RUN FOR YOU BY {cfg.service_user}, AR-TUI OPENS {host_db} ONLY:"
            f" {'A NEW DATABASE' if makes_database else chosen} IS NOT ACCEPTED", "db",
        )  # fmt: skip
    args.config = dataclasses.replace(cfg, db=host_db)
