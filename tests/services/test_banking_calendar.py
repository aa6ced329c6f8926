"""The banking calendar's holidays kept in the database: a session learns them from there."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ar_tui.domain import banking_days
from ar_tui.domain.errors import Busy
from ar_tui.services import admin, banking_calendar, nightly
from ar_tui.services.session import Session
from ar_tui.store import bank_holidays
from tests.probe import in_a_new_process

THANKSGIVING = date(2026, 11, 26)
GOOD_FRIDAY_2027 = date(2027, 3, 26)  # the stock exchange closes, the Federal Reserve does not


@pytest.fixture(autouse=True)
def _nothing_learned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts in a process that knows no calendar yet."""
    monkeypatch.setattr(banking_days, "_CLOSED", {})


def kept_years(session: Session, calendar: str = "XFED") -> dict[int, list[date]]:
    return bank_holidays.years(session.store.connection(), calendar)


def test_a_new_database_keeps_a_year_before_and_five_after_its_date(
    demo_session: Session,
) -> None:
    assert (banking_calendar.YEARS_BEFORE, banking_calendar.YEARS_AFTER) == (1, 5)
    kept = kept_years(demo_session)
    assert sorted(kept) == [2025, 2026, 2027, 2028, 2029, 2030, 2031]  # 2024 and 2032 are not
    assert THANKSGIVING in kept[2026] and date(2026, 12, 25) in kept[2026]
    assert date(2026, 11, 25) not in kept[2026]
    assert set(kept[2026]) == banking_days.holidays_in("XFED", 2026)


def test_a_session_goes_by_the_days_the_database_keeps(demo_session: Session) -> None:
    with demo_session.write() as conn:  # a day the package does not close: proof of the source
        bank_holidays.save(conn, "XFED", 2026, [date(2026, 11, 25)])
    banking_calendar.learn(demo_session)
    assert not banking_days.is_banking_day(date(2026, 11, 25))
    assert banking_days.is_banking_day(THANKSGIVING)


def test_a_database_made_before_the_days_were_kept_gets_them_when_a_session_learns(
    demo_session: Session,
) -> None:
    with demo_session.write() as conn:
        conn.execute("DELETE FROM bank_holidays")
    assert kept_years(demo_session) == {}
    assert banking_calendar.learn(demo_session) == "XFED"
    assert sorted(kept_years(demo_session)) == list(range(2025, 2032))
    assert banking_days.knows("XFED", 2031) and not banking_days.knows("XFED", 2032)


def test_a_year_outside_what_is_kept_is_still_answered(demo_session: Session) -> None:
    banking_calendar.learn(demo_session)
    assert not banking_days.knows("XFED", 2032)
    assert not banking_days.is_banking_day(date(2032, 11, 25))  # Thanksgiving 2032
    assert banking_days.is_banking_day(date(2032, 11, 26))


def test_choosing_another_calendar_keeps_its_holidays(demo_session: Session) -> None:
    assert kept_years(demo_session, "XNYS") == {}
    admin.set_setting(demo_session, "banking_calendar", "XNYS")
    kept = kept_years(demo_session, "XNYS")
    assert sorted(kept) == list(range(2025, 2032))
    assert GOOD_FRIDAY_2027 in kept[2027]
    assert GOOD_FRIDAY_2027 not in kept_years(demo_session)[2027]
    banking_calendar.learn(demo_session)
    assert not banking_days.is_banking_day(GOOD_FRIDAY_2027, "XNYS")
    assert banking_days.is_banking_day(GOOD_FRIDAY_2027, "XFED")


def test_the_nightly_cycle_brings_a_new_year_into_what_is_kept(demo_session: Session) -> None:
    with demo_session.write() as conn:
        assert banking_calendar.keep(conn, date(2026, 12, 31)) == 0
        assert banking_calendar.keep(conn, date(2027, 1, 4)) == 1
    assert 2032 in kept_years(demo_session)
    with demo_session.write() as conn:
        conn.execute("DELETE FROM bank_holidays WHERE year = 2031")
    nightly.run_nightly(demo_session)
    assert 2031 in kept_years(demo_session)


def test_a_session_that_learns_the_calendar_never_loads_the_holidays_package(
    demo_db: Path,
) -> None:
    # What the TUI does after its first frame, in a process of its own: the package costs
    # 14 MB and a tenth of a second to load.
    probe = (
        "import json, sys\n"
        "from datetime import date\n"
        "from ar_tui.domain.banking_days import is_banking_day, next_banking_day\n"
        "from ar_tui.services import banking_calendar\n"
        "from ar_tui.services.session import open_session\n"
        f"session = open_session(__import__('pathlib').Path({str(demo_db)!r}), 'tester')\n"
        "banking_calendar.learn(session)\n"
        "print(json.dumps([is_banking_day(date(2026, 11, 26)),\n"
        "                  next_banking_day(date(2027, 12, 25)).isoformat(),\n"
        "                  'holidays' in sys.modules]))\n"
    )
    out = in_a_new_process(probe)
    assert out == [False, "2027-12-27", False]


def test_the_next_banking_day_is_the_chosen_calendars(demo_session: Session) -> None:
    banking_calendar.learn(demo_session)
    admin.set_setting(demo_session, "banking_calendar", "XNYS")
    thursday = date(2027, 3, 25)
    assert banking_days.next_banking_day(GOOD_FRIDAY_2027, "XNYS") == date(2027, 3, 29)
    assert banking_days.next_banking_day(GOOD_FRIDAY_2027, "XFED") == GOOD_FRIDAY_2027
    assert banking_days.banking_day_after(thursday, "XNYS") == date(2027, 3, 29)
    assert banking_days.banking_day_after(thursday, "XFED") == GOOD_FRIDAY_2027


def test_a_busy_database_leaves_the_days_for_next_time(
    demo_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    with demo_session.write() as conn:
        conn.execute("DELETE FROM bank_holidays")

    def busy() -> None:
        raise Busy("AR0005E", "THE DATABASE IS BUSY")

    monkeypatch.setattr(demo_session, "write", busy)
    assert banking_calendar.learn(demo_session) == "XFED"
    assert kept_years(demo_session) == {}
    assert not banking_days.is_banking_day(THANKSGIVING)  # read from the package meanwhile
