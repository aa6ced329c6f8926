"""Banking days: weekends and a market's holidays (the Federal Reserve's by default) are not."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

DEFAULT_CALENDAR = "XFED"  # the US Federal Reserve: the days banks settle payments

# The closed days of a (calendar, year): told by the database (see `learn`), else read
# from the `holidays` package, whose calendars cost a tenth of a second and 14 MB a
# process to load: the TUI learns them from the database and never loads the package.
_CLOSED: dict[tuple[str, int], frozenset[date]] = {}


def calendars() -> tuple[str, ...]:
    """The calendars a setting may name: every financial calendar `holidays` keeps."""
    import holidays

    return tuple(sorted(holidays.list_supported_financial()))


def holidays_in(calendar: str, year: int) -> frozenset[date]:
    """The days `calendar` is closed in `year` other than weekends, from the `holidays`
    package (what the database keeps, and the answer when it keeps nothing)."""
    import holidays

    return frozenset(holidays.financial_holidays(calendar, years=year))


def learn(calendar: str, year: int, closed: Iterable[date]) -> None:
    """Take `closed` as the holidays of `calendar` in `year` (read from the database)."""
    _CLOSED[(calendar, year)] = frozenset(closed)


def knows(calendar: str, year: int) -> bool:
    return (calendar, year) in _CLOSED


def _closed(calendar: str, year: int) -> frozenset[date]:
    found = _CLOSED.get((calendar, year))
    if found is None:
        found = _CLOSED[(calendar, year)] = holidays_in(calendar, year)
    return found


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
