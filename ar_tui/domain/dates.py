"""Dates as people type them: ISO (2026-11-24) or the locale's short form, strictly (11/24/2026)."""

from __future__ import annotations

import re
from datetime import date, time

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


_CLOCK = re.compile(r"([0-9]{1,2}):?([0-9]{2})")


def parse_clock(text: str, field: str = "time") -> time:
    """A time of day on the 24-hour clock: `14:00`, `9:30` or `1400`."""
    cleaned = text.strip()
    match = _CLOCK.fullmatch(cleaned)
    refused = UsageError("AR0452E", f"{cleaned!r} IS NOT A TIME (HH:MM, 24-HOUR)", field)
    if match is None:
        raise refused
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise refused
    return time(hour, minute)


def parse_until(
    text: str, locale: str = "en_US", field: str = "until"
) -> tuple[date | None, time | None]:
    """A day, a time of day, or a day and a time (`11/27/2026 14:00`), as typed for a
    postponement; a text with a date separator is a date."""
    words = text.split()
    if not words:
        raise UsageError("AR0453E", "UNTIL IS REQUIRED: A TIME (HH:MM), A DATE OR BOTH", field)
    if len(words) > 2:
        raise UsageError("AR0452E", f"{text.strip()!r} IS NOT A DATE AND A TIME", field)
    day = parse_day(words[0], locale, field) if re.search(r"[/.\-]", words[0]) else None
    rest = words[1:] if day is not None else words
    if len(rest) > 1 or (day is None and not rest):
        raise UsageError("AR0452E", f"{text.strip()!r} IS NOT A DATE AND A TIME", field)
    return day, parse_clock(rest[0], field) if rest else None
