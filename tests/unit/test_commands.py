"""The command line grammar."""

from __future__ import annotations

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.screens.commands import Command, parse

CODES = {"MENU", "FIND", "ACIQ"}


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("aciq 1000234", Command("transaction", "ACIQ", "1000234")),
        ("FIND smith, jo", Command("transaction", "FIND", "SMITH, JO")),
        ("pf3", Command("pf", "exit")),
        ("PF08", Command("pf", "forward")),
        ("end", Command("pf", "exit")),
        ("down", Command("pf", "forward")),
        ("2", Command("option", "2")),
    ],
)
def test_commands(text: str, command: Command) -> None:
    assert parse(text, CODES) == command


def test_empty_is_none() -> None:
    assert parse("   ", CODES) is None


@pytest.mark.parametrize(("text", "code"), [("XYZZY", "AR0004E"), ("PF2", "AR0005E")])
def test_unknown_words_are_refused_on_the_command_field(text: str, code: str) -> None:
    with pytest.raises(ArError) as caught:
        parse(text, CODES)
    assert caught.value.code == code
    assert caught.value.field == "command"
