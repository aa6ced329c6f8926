"""The banking calendar's holidays, kept in the database so a session need not load them."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date

from ar_tui.domain import banking_days
from ar_tui.domain.errors import ArError
from ar_tui.services.session import Session
from ar_tui.store import bank_holidays, settings

# The years kept around the business date: a plan's schedule or a promise reaches this far
# (the longest plan term is a setting; a date past the window still gets its answer, read
# from the `holidays` package by the process that asks).
YEARS_BEFORE = 1
YEARS_AFTER = 5


def window(today: date) -> range:
    return range(today.year - YEARS_BEFORE, today.year + YEARS_AFTER + 1)


def keep(conn: sqlite3.Connection, today: date, calendar: str | None = None) -> int:
    """Store the holidays of every year of the window the database lacks (all of them for
    a calendar just chosen), inside the caller's write, and teach them to this process
    (the database's days are the ones every process goes by); the years written."""
    calendar = calendar or settings.get(conn, "banking_calendar")
    kept = bank_holidays.years(conn, calendar)
    missing = [year for year in window(today) if year not in kept]
    for year in missing:
        kept[year] = sorted(banking_days.holidays_in(calendar, year))
        bank_holidays.save(conn, calendar, year, kept[year])
    _teach(calendar, kept)
    return len(missing)


def learn(session: Session) -> str:
    """Teach this process the holidays the database keeps for its calendar (a database
    made before they were kept gets them now); returns the calendar's code."""
    conn = session.store.connection()
    calendar = settings.get(conn, "banking_calendar")
    kept = bank_holidays.years(conn, calendar)
    if any(year not in kept for year in window(session.business_date())):
        # A busy database leaves them for next time: until then a date outside what is
        # kept is read from the package, the same answer at a higher cost.
        with contextlib.suppress(ArError), session.write() as write:
            keep(write, session.business_date(), calendar)
            return calendar
    _teach(calendar, kept)
    return calendar


def _teach(calendar: str, kept: dict[int, list[date]]) -> None:
    for year, closed in kept.items():
        banking_days.learn(calendar, year, closed)
