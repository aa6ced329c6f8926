"""Banking days: weekends and a market's holidays (the Federal Reserve's by default) are not."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

DEFAULT_CALENDAR = "XFED"  # the US Federal Reserve: the days banks settle payments


def calendars() -> tuple[str, ...]:
    """The calendars a setting may name: every financial calendar `holidays` keeps."""
    import holidays  # a tenth of a second to load: only when a calendar is asked for

    return tuple(sorted(holidays.list_supported_financial()))


@lru_cache(maxsize=64)
def _closed(calendar: str, year: int) -> frozenset[date]:
    import holidays

    return frozenset(holidays.financial_holidays(calendar, years=year))


def is_banking_day(day: date, calendar: str = DEFAULT_CALENDAR) -> bool:
    return day.weekday() < 5 and day not in _closed(calendar, day.year)


def next_banking_day(day: date, calendar: str = DEFAULT_CALENDAR) -> date:
    """`day` itself when it is a banking day, else the first banking day after it: a
    promise or an installment due on a holiday is honoured through that day."""
    while not is_banking_day(day, calendar):
        day += timedelta(days=1)
    return day


def banking_day_after(day: date, calendar: str = DEFAULT_CALENDAR) -> date:
    """The first banking day after `day`: where the nightly cycle takes the business date."""
    return next_banking_day(day + timedelta(days=1), calendar)
