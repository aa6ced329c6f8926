"""Which flags an account carries, from its state; one place so ACIQ and JSON agree."""

from __future__ import annotations

from collections.abc import Iterable

# Flag name (as in JSON) to the short code ACIQ's flag line shows.
FLAG_CODES = {
    "bankruptcy": "BKY",
    "dispute": "DISP",
    "referred": "RFRL",
    "legal": "LEGAL",
    "cease_communication": "C&D",
    "attorney": "ATTY",
    "written_off": "WO",
    "promise": "PROM",
    "plan": "PLAN",
    "settlement": "SETL",
    "returned_payment": "NSF",
}

FLAG_ORDER = tuple(FLAG_CODES)


def ordered_flags(names: Iterable[str]) -> tuple[str, ...]:
    """Flags in the fixed order the screens show them, without repeats."""
    present = set(names)
    return tuple(name for name in FLAG_ORDER if name in present)


def flag_line(names: Iterable[str]) -> str:
    """The flag codes as ACIQ shows them: `BKY DISP C&D`."""
    return " ".join(FLAG_CODES[name] for name in ordered_flags(names))
