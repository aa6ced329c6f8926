"""Dates as people type them: ISO (2026-11-24) or the locale's short form, strictly (11/24/2026)."""

from __future__ import annotations

import re
from datetime import date

from ar_tui.domain.display import locale_for
from ar_tui.domain.errors import UsageError

_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_PARTS = re.compile(r"([0-9]{1,4})[/.\-]([0-9]{1,2}|[0-9]{4})[/.\-]([0-9]{1,4})")


def date_order(locale: str = "en_US") -> str:
    """The order of day, month and year in the locale's short date: `MDY` for en_US."""
    pattern = locale_for(locale).date_formats["short"].pattern
    return "".join(dict.fromkeys(ch.upper() for ch in pattern if ch in "yMd"))


def date_style(locale: str = "en_US") -> str:
    """How the locale's dates are typed, for messages: `MM/DD/YYYY` in en_US."""
    pattern = locale_for(locale).date_formats["short"].pattern
    separator = next((ch for ch in pattern if ch in "/.-"), "/")
    return separator.join({"M": "MM", "D": "DD", "Y": "YYYY"}[p] for p in date_order(locale))


def parse_day(text: str, locale: str = "en_US", field: str = "date") -> date:
    """A real calendar date, or a message naming the field.

    The locale's order only, with a four-digit year: `13/01/2026` in en_US is refused, never
    read as 13 January (a date read the wrong way round would post money on the wrong day),
    and `1/2/26` is refused because its century is a guess. ISO dates are never ambiguous.
    """
    cleaned = text.strip()
    if not cleaned:
        raise UsageError("AR0450E", "DATE IS REQUIRED", field)
    refused = UsageError("AR0451E", f"{cleaned!r} IS NOT A DATE ({date_style(locale)})", field)
    if _ISO.fullmatch(cleaned):
        try:
            parsed = date.fromisoformat(cleaned)
        except ValueError:
            raise refused from None
    else:
        match = _PARTS.fullmatch(cleaned)
        if match is None:
            raise refused
        parts = dict(zip(date_order(locale), match.groups(), strict=True))
        if len(parts["Y"]) != 4 or len(parts["M"]) > 2 or len(parts["D"]) > 2:
            raise refused
        try:
            parsed = date(int(parts["Y"]), int(parts["M"]), int(parts["D"]))
        except ValueError:
            raise refused from None
    if parsed.year < 1900:
        raise refused
    return parsed
