"""The command line's grammar: transaction codes with an argument, PF commands, aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ar_tui.domain.errors import UsageError
from ar_tui.keymaps import BY_PF

# Words a 3270 user types instead of pressing a PF key.
ALIASES = {
    "END": "exit",
    "EXIT": "exit",
    "RETURN": "menu",
    "CANCEL": "cancel",
    "CAN": "cancel",
    "UP": "backward",
    "DOWN": "forward",
    "HELP": "help",
    "REFRESH": "refresh",
    "NEXT": "next_account",
}

_PF = re.compile(r"PF([0-9]{1,2})")


@dataclass(frozen=True)
class Command:
    """What the command line asked for: a PF action, a transaction, or a menu option."""

    kind: str  # "pf", "transaction", "option"
    name: str  # PF action name, transaction code, or option number
    argument: str = ""


def parse(text: str, codes: set[str]) -> Command | None:
    """Read the command line; None when it is empty. Unknown words are refused."""
    words = text.strip().upper().split(maxsplit=1)
    if not words:
        return None
    head, argument = words[0], (words[1].strip() if len(words) > 1 else "")
    match = _PF.fullmatch(head)
    if match:
        number = int(match.group(1))
        if number not in BY_PF:
            raise UsageError("AR0005E", f"PF{number} IS NOT ASSIGNED", "command")
        return Command("pf", BY_PF[number].name)
    if head in ALIASES and not argument:
        return Command("pf", ALIASES[head])
    if head in codes:
        return Command("transaction", head, argument)
    if head.isascii() and head.isdigit():
        return Command("option", head, argument)
    raise UsageError(
        "AR0004E", f"{head} IS NOT A TRANSACTION CODE: TYPE MENU FOR THE LIST", "command"
    )
