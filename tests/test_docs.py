"""The README's promises: two Quick start commands (CI runs the second); all commands documented."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from ar_tui.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent


def quick_start_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_second() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "ar-tui --demo" in commands[0]
    assert "pytest" in commands[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def _subcommands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = f"{prefix} {name}".strip()
                nested = _subcommands(sub, path)
                found.extend(nested or [path])
    return found


def test_every_command_is_documented() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _subcommands(build_parser())
    assert "import receivables" in commands
    for command in commands:
        assert f"`ar-tui {command}" in readme, command


def test_the_readme_roles_table_is_the_one_the_services_enforce() -> None:
    from ar_tui.domain.permissions import ACTIONS, ROLES

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Roles and limits", 1)[1].split("\n- Roles:", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    documented = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        action = cells[0].strip("`")
        marks = cells[2 : 2 + len(ROLES)]
        documented[action] = (
            {role for role, mark in zip(ROLES, marks, strict=True) if mark == "yes"},
            None if cells[-2] == "-" else cells[-2],
            cells[-1] == "yes",
        )
    assert documented == {a.id: (set(a.roles), a.limit, a.account) for a in ACTIONS.values()}
