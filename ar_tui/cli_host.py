"""`ar-tui host install` and `host check`: the shared host's privilege boundary (root only)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ar_tui import config
from ar_tui.domain.errors import ArError, ExitCode, UsageError
from ar_tui.lazy import lazy
from ar_tui.services.identity import login_of

if TYPE_CHECKING:
    from ar_tui.services import host
else:
    host = lazy("ar_tui.services.host")  # imported by the host commands only

HostHandler = Callable[[argparse.Namespace], int]


def add_parsers(sub: Any) -> None:
    parent = sub.add_parser("host", help="set up a shared host (administrators, as root)")
    hosts = parent.add_subparsers(dest="host_command")
    install = hosts.add_parser(
        "install", help="service account, folders, sudoers rule; prints the sshd snippet"
    )
    install.add_argument("--service-user", required=True, dest="service_user")
    install.add_argument("--group", required=True, help="the logins allowed to run ar-tui")
    install.add_argument("--program", help="the ar-tui command sudo runs (default: this one)")
    install.add_argument("--admin", help="first administrator of a new database (default: you)")
    install.add_argument(
        "--config", type=Path, dest="config_file",
        help=f"where the host's config goes (default {config.SYSTEM_CONFIG})",
    )  # fmt: skip
    hosts.add_parser("check", help="report every mode, owner and rule that is wrong")


def _program(args: argparse.Namespace) -> Path:
    mine = sys.argv[0] if Path(sys.argv[0]).name == "ar-tui" else None
    chosen = args.program or mine or shutil.which("ar-tui") or sys.argv[0]
    return Path(chosen).absolute()


def _install(args: argparse.Namespace) -> int:
    if not args.db:
        raise UsageError("AR0057E", "HOST INSTALL NEEDS --db PATH: THE SHARED DATABASE")
    plan = host.HostPlan(
        args.service_user, args.group, Path(args.db).absolute(), _program(args),
        config_file=(args.config_file or config.SYSTEM_CONFIG).absolute(),
    )  # fmt: skip
    admin = args.admin or os.environ.get("SUDO_USER") or login_of(os.getuid())
    for line in host.install(plan, admin):
        print(line)
    print("\nAdd to /etc/ssh/sshd_config (then `sshd -t` and reload sshd):\n")
    print(host.sshd_snippet(plan), end="")
    return 0


def _check(args: argparse.Namespace) -> int:
    where = config.system_config()
    values = config.read_file(where)
    missing = [key for key in ("db", "service_user", "program", "group") if key not in values]
    if missing:
        raise ArError(
            "AR0058E", f"{where} DOES NOT NAME {', '.join(missing).upper()}:"
            " RUN `ar-tui host install`",
        )  # fmt: skip
    plan = host.HostPlan(
        values["service_user"], values["group"], Path(values["db"]), Path(values["program"]),
        config_file=where,
    )  # fmt: skip
    problems = host.check(plan)
    for problem in problems:
        print(problem)
    if problems:
        print(f"AR0059E {len(problems)} PROBLEMS ON THIS HOST", file=sys.stderr)
        return int(ExitCode.REFUSED)
    print(f"the host is set up: {plan.db} is {plan.service_user}'s alone")
    return 0


HANDLERS: dict[tuple[str, str | None], HostHandler] = {
    ("host", "install"): _install,
    ("host", "check"): _check,
}
