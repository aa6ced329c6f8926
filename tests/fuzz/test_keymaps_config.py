"""Keymap TOML files and config files, mutated, through the commands that read them.

A keymap is read when the TUI opens (`ar-tui --keymap FILE`, or `keymap = FILE` in a
config file): here the real command runs with a terminal pretended and the app's event
loop replaced, so everything up to the first frame happens. A config file is read by
every command; `config show` prints what it took. Either is refused with exit 2 and one
line with a message id, or accepted with exactly what the file says.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import event, given, note
from hypothesis import strategies as st

import ar_tui.app
import ar_tui.cli_boundary
from ar_tui import config
from tests.fuzz.harness import Outcome, Template, assert_unchanged, check_contract, run_cli, sandbox
from tests.fuzz.mutations import mutated
from tests.fuzz.profiles import fuzz_settings

KEYMAPS = Path(ar_tui.app.__file__).parent / "keymaps"
KEYMAP_SEEDS = {p.name: p.read_bytes() for p in sorted(KEYMAPS.glob("*.toml"))}
CONFIGS = Path(__file__).parents[1] / "fixtures" / "config"
USER_SEED = (CONFIGS / "user.toml").read_bytes()
HOST_SEED = (CONFIGS / "host.toml").read_bytes()


@contextmanager
def tui_without_loop() -> Iterator[list[object]]:
    """`ar-tui` opens the TUI as if on a terminal, builds the app with its keymap, and
    returns at once instead of running the event loop; the keymaps it was given are kept."""
    opened: list[object] = []

    def no_exec(*args: object) -> None:
        raise AssertionError(f"the fuzz suite never runs sudo: {args}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ar_tui.cli_boundary, "has_terminal", lambda: True)
        patch.setattr(ar_tui.app.ArApp, "run", lambda self, *a, **k: opened.append(self.keymap))
        patch.setattr(os, "execvp", no_exec)
        yield opened


def toml_or_none(body: bytes) -> dict | None:
    try:  # read as `Path.read_text` reads: universal newlines
        return tomllib.loads(body.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def check_keymap_taken(outcome: Outcome, body: bytes, opened: list[object]) -> None:
    """What the app was given is what the file says."""
    assert len(opened) == 1, f"the TUI did not open\n{outcome}"
    keymap = opened[0]
    data = toml_or_none(body)
    assert data is not None, f"a keymap that is not UTF-8 TOML was taken\n{outcome}"
    assert keymap.name == data["name"], outcome  # type: ignore[attr-defined]
    said = {
        ident: tuple(k.strip().lower() for k in ([v] if isinstance(v, str) else v))
        for ident, v in data["keys"].items()
    }
    assert keymap.keys == said, f"the keys taken are not the file's\n{outcome}"  # type: ignore[attr-defined]
    assert keymap.prefix == data.get("prefix"), outcome  # type: ignore[attr-defined]


@fuzz_settings()
@given(data=st.data())
def test_a_mutated_keymap_file_opens_the_tui_or_is_refused_in_one_line(
    fuzz_template: Template, fuzz_dir: Path, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(KEYMAP_SEEDS)), label="seed")
    body, how = data.draw(mutated(KEYMAP_SEEDS[name], "toml"), label="mutation")
    by_config = data.draw(st.booleans(), label="named in the user's config file")
    note(f"{name} after {how}: {body!r}")
    with sandbox(fuzz_template, fuzz_dir) as folder, tui_without_loop() as opened:
        db, path = folder / "ar.db", folder / f"mine-{name}"
        path.write_bytes(body)
        if by_config:
            user = config.user_config()
            user.parent.mkdir(parents=True, exist_ok=True)
            user.write_text(f"keymap = {json.dumps(str(path))}\n", encoding="utf-8")
            try:
                outcome = run_cli("--db", str(db))
            finally:
                user.unlink()
        else:
            outcome = run_cli("--db", str(db), "--keymap", str(path))
        event(f"exit {outcome.code} {outcome.err[:7]}")
        check_contract(outcome)
        assert outcome.code in (0, 2), outcome
        if outcome.code == 0:
            check_keymap_taken(outcome, body, opened)
        else:
            assert not opened, f"the TUI opened with a refused keymap\n{outcome}"
        assert_unchanged(db, fuzz_template, outcome)


def check_config_taken(outcome: Outcome, body: bytes, where: Path) -> None:
    data = toml_or_none(body)
    assert data is not None, f"a config that is not UTF-8 TOML was taken\n{outcome}"
    shown = {row["name"]: (row["value"], row["source"]) for row in json.loads(outcome.out)}
    for key, value in data.items():
        if key in shown and shown[key][1] == str(where):
            assert shown[key][0] == value.strip(), f"{key} is not the file's\n{outcome}"
        elif key in shown:  # a flag or the environment won
            assert shown[key][1] != "default", outcome
    for key in shown:
        if key not in data and key != "db":
            assert shown[key][1] != str(where), f"{key} said to come from the file\n{outcome}"


@fuzz_settings()
@given(data=st.data())
def test_a_mutated_user_config_is_taken_as_written_or_refused_in_one_line(
    fuzz_template: Template, fuzz_dir: Path, data: st.DataObject
) -> None:
    body, how = data.draw(mutated(USER_SEED, "toml"), label="mutation")
    note(f"user config after {how}: {body!r}")
    user = config.user_config()
    user.parent.mkdir(parents=True, exist_ok=True)
    with sandbox(fuzz_template, fuzz_dir) as folder, tui_without_loop():
        db = folder / "ar.db"
        user.write_bytes(body)
        try:
            shown = run_cli("config", "show", "--format", "json")
            check_contract(shown)
            event(f"config show: exit {shown.code} {shown.err[:7]}")
            if shown.code == 0:
                check_config_taken(shown, body, user)
            account = run_cli("--db", str(db), "account", "show", "1000645")
            check_contract(account)
            assert account.code == shown.code, f"{shown}\n{account}"
        finally:
            user.unlink()
        assert_unchanged(db, fuzz_template, account)


@fuzz_settings()
@given(data=st.data())
def test_a_mutated_host_config_is_taken_as_written_or_refused_in_one_line(
    data: st.DataObject,
) -> None:
    body, how = data.draw(mutated(HOST_SEED, "toml"), label="mutation")
    note(f"host config after {how}: {body!r}")
    host = config.SYSTEM_CONFIG  # a folder of this test run's own (tests/conftest.py)
    host.parent.mkdir(parents=True, exist_ok=True)
    host.write_bytes(body)
    try:
        with tui_without_loop():
            shown = run_cli("config", "show", "--format", "json")
    finally:
        host.unlink()
    event(f"exit {shown.code} {shown.err[:7]}")
    check_contract(shown)
    if shown.code == 0:
        check_config_taken(shown, body, host)
