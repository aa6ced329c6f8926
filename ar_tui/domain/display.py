"""Every use of babel: money and dates for people, in the database's locale and currency."""

from __future__ import annotations

import re
from datetime import date, datetime

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency, format_decimal

from ar_tui.domain.money import cents_to_decimal

_LOCALES: dict[str, Locale] = {}


def locale_for(name: str) -> Locale:
    """An explicit babel Locale (never the process locale), cached by name."""
    found = _LOCALES.get(name)
    if found is None:
        found = _LOCALES[name] = Locale.parse(name)
    return found


def format_money(cents: int, locale: str = "en_US", currency: str = "USD") -> str:
    """`$1,234.50` in en_US/USD; `1.234,50 €` in de_DE/EUR."""
    return format_currency(cents_to_decimal(cents), currency, locale=locale_for(locale))


def format_amount(cents: int, locale: str = "en_US") -> str:
    """Grouped two-decimal amount without a currency sign, for table columns."""
    return format_decimal(
        cents_to_decimal(cents), format="#,##0.00;-#,##0.00", locale=locale_for(locale)
    )


def format_date(day: date | None, locale: str = "en_US") -> str:
    """A business date with a four-digit year: `11/25/2026` in en_US."""
    if day is None:
        return ""
    # The locale's short pattern, widened to a four-digit year and two-digit day and month
    # so every date has the same width on screen.
    pattern = locale_for(locale).date_formats["short"].pattern
    pattern = re.sub(r"y+", "yyyy", pattern)
    pattern = re.sub(r"(?<!M)M(?!M)", "MM", pattern)
    pattern = re.sub(r"(?<!d)d(?!d)", "dd", pattern)
    return babel_format_date(day, pattern, locale=locale_for(locale))


# An ISO date standing as a word of a message (not inside a file name such as
# `lockbox-2026-11-25.bai2`): screens show it the one way they show every date.
_ISO_WORD = re.compile(r"(?<![\w.\-/])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![\w\-/]|\.\w)")


def screen_dates(text: str, locale: str = "en_US") -> str:
    """`text` with its ISO dates in the screen's date style: services say `2026-11-25`
    (the command line prints it so), a screen says `11/25/2026`."""

    def local(match: re.Match[str]) -> str:
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return match[0]
        return format_date(day, locale)

    return _ISO_WORD.sub(local, text) if "-" in text else text


def format_next_call(allowed: datetime | date | None, local_now: datetime, locale: str) -> str:
    """When a call to the customer is next allowed, as a screen says it: NOW, NOT ALLOWED
    (no date to wait for), a local time today with its zone, or a later day (and time)."""
    if allowed is None:
        return "NOW"
    if isinstance(allowed, datetime):
        local = allowed.astimezone(local_now.tzinfo)
        if local.date() == local_now.date():
            return f"{local:%H:%M %Z}"
        return f"{local:%H:%M} {format_date(local.date(), locale)}"
    if allowed == date.max:
        return "NOT ALLOWED"
    return format_date(allowed, locale)
