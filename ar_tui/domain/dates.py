"""Dates as people type them: ISO (2026-11-24) or the locale's short form (11/24/2026)."""

from __future__ import annotations

from datetime import date

from babel.dates import parse_date

from ar_tui.domain.display import locale_for
from ar_tui.domain.errors import UsageError


def parse_day(text: str, locale: str = "en_US", field: str = "date") -> date:
    """A real calendar date, or a message naming the field."""
    cleaned = text.strip()
    if not cleaned:
        raise UsageError("AR0450E", "DATE IS REQUIRED", field)
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        pass
    try:
        parsed = parse_date(cleaned, locale=locale_for(locale))
    except (ValueError, IndexError):
        parsed = None
    if parsed is None or parsed.year < 1900 or cleaned.count("/") + cleaned.count(".") != 2:
        raise UsageError("AR0451E", f"{cleaned!r} IS NOT A DATE (MM/DD/YYYY)", field)
    return parsed
