"""The nightly cycle: promises, plans and settlements resolved once, priorities, locks, the date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.domain.money import parse_money
from ar_tui.services import (
    accounts,
    admin,
    arrangements,
    integrity,
    locks,
    nightly,
    payments,
    queue,
    settlements,
)
from ar_tui.services.session import Session, open_session
from tests.conftest import fixed_clock

ACCOUNT = "1000477"  # consumer, balance 605.00, nothing in force in the demo
TODAY = date(2026, 11, 25)


def as_login(db: Path, login: str) -> Session:
    return open_session(db, login, clock=fixed_clock)


def status_of(session: Session, number: str = ACCOUNT) -> str:
    return str(accounts.as_json(session, number)["collection_status"])


def test_a_covered_promise_is_kept_and_the_account_returns_to_active(
    demo_session: Session,
) -> None:
    arrangements.make_promise(demo_session, ACCOUNT, 10_000, date(2026, 12, 1))
    payments.post_payment(demo_session, ACCOUNT, 10_000, "check", "101")
    report = nightly.run_nightly(demo_session)
    assert report.counts["promises_kept"] >= 1
    (promise,) = accounts.as_json(demo_session, ACCOUNT)["promises"]
    assert (promise["status"], promise["kept"]) == ("kept", "100.00")
    assert status_of(demo_session) == "active"


def test_an_unpaid_promise_breaks_when_its_day_ends_and_raises_priority(
    demo_session: Session,
) -> None:
    arrangements.make_promise(demo_session, ACCOUNT, 10_000, TODAY)
    payments.post_payment(demo_session, ACCOUNT, 9_999, "check", "102")  # a cent short
    before = dict(queue.explain_priority(demo_session, ACCOUNT).factors)
    nightly.run_nightly(demo_session)
    (promise,) = accounts.as_json(demo_session, ACCOUNT)["promises"]
    assert (promise["status"], promise["kept"]) == ("broken", "99.99")
    after = queue.explain_priority(demo_session, ACCOUNT)
    assert before["broken promises"] == 0 and dict(after.factors)["broken promises"] == 150
    assert after.stored == after.now  # the cycle stored the new priority


def test_a_promise_not_yet_due_stays_pending(demo_session: Session) -> None:
    arrangements.make_promise(demo_session, ACCOUNT, 10_000, date(2026, 11, 26))
    nightly.run_nightly(demo_session)
    (promise,) = accounts.as_json(demo_session, ACCOUNT)["promises"]
    assert promise["status"] == "pending" and status_of(demo_session) == "promise"


def test_installments_are_paid_in_order_missed_and_the_plan_breaks_after_grace(
    demo_db: Path,
) -> None:
    session = as_login(demo_db, "tester")
    arrangements.create_plan(session, ACCOUNT, 60_500, 6_500, 6, "monthly", TODAY)
    payments.post_payment(session, ACCOUNT, 6_500, "check", "DOWN")  # the down payment only
    report = nightly.run_nightly(session)
    plan = accounts.as_json(session, ACCOUNT)["plan"]
    assert [i["status"] for i in plan["installments"][:2]] == ["missed", "due"]
    assert plan["status"] == "active" and report.counts["installments_missed"] >= 1
    admin.set_setting(session, "plan_grace_days", "0")
    nightly.run_nightly(session, date(2026, 11, 27))  # the next banking day, named
    plan = accounts.as_json(session, ACCOUNT)["plan"]
    assert plan["status"] == "broken" and status_of(session) == "active"


def test_a_paid_plan_installment_is_marked_paid(demo_session: Session) -> None:
    arrangements.create_plan(demo_session, ACCOUNT, 60_500, 6_500, 6, "monthly", TODAY)
    payments.post_payment(demo_session, ACCOUNT, 6_500 + 9_000 + 1_000, "check", "DOWN+1")
    nightly.run_nightly(demo_session)
    plan = accounts.as_json(demo_session, ACCOUNT)["plan"]
    assert [(i["status"], i["paid"]) for i in plan["installments"][:2]] == [
        ("paid", "90.00"),
        ("due", "10.00"),
    ]


def test_a_paid_settlement_writes_off_the_rest_in_the_ledger(demo_session: Session) -> None:
    arrangements.create_plan(demo_session, ACCOUNT, 60_500, 6_500, 6, "monthly", TODAY)
    offer = settlements.offer_settlement(demo_session, ACCOUNT, "60%", date(2026, 12, 10))
    assert (offer.offer_cents, offer.status) == (36_300, "approved")  # tester is an admin
    payments.post_payment(demo_session, ACCOUNT, 36_300, "check", "SETTLE")
    report = nightly.run_nightly(demo_session)
    assert report.counts["settlements_paid"] == 1 and report.written_off == "242.00"
    data = accounts.as_json(demo_session, ACCOUNT)
    assert data["balance"] == "0.00" and data["collection_status"] == "settled"
    assert data["settlements"][0]["status"] == "paid"
    assert data["plan"]["status"] == "settled"  # the plan ends with the settlement
    conn = demo_session.store.connection()
    entries = conn.execute(
        "SELECT sum(l.amount_cents), min(l.memo) FROM ledger l JOIN accounts a"
        " ON a.id = l.account_id WHERE a.account_number = ? AND l.entry_type = 'writeoff'",
        (ACCOUNT,),
    ).fetchone()
    assert entries == (-24_200, "write-off: settlement")
    assert conn.execute(
        "SELECT reason, amount_cents FROM writeoffs WHERE status = 'posted'"
    ).fetchall() == [("settlement", 24_200)]
    assert "written_off" in data["flags"]
    assert integrity.check_database(demo_session) == []


def test_an_unpaid_settlement_fails_at_its_due_date(demo_session: Session) -> None:
    settlements.offer_settlement(demo_session, ACCOUNT, "300.00", TODAY)
    nightly.run_nightly(demo_session)
    data = accounts.as_json(demo_session, ACCOUNT)
    assert data["settlements"][0]["status"] == "failed" and data["balance"] == "605.00"


def test_running_twice_for_a_date_changes_nothing_the_second_time(demo_session: Session) -> None:
    arrangements.make_promise(demo_session, ACCOUNT, 10_000, TODAY)
    first = nightly.run_nightly(demo_session)
    assert demo_session.business_date() == date(2026, 11, 27)  # Thanksgiving is no banking day
    conn = demo_session.store.connection()
    changes = conn.total_changes
    again = nightly.run_nightly(demo_session, TODAY)
    assert again.already_ran and again.counts == first.counts
    assert conn.total_changes == changes  # not one row written
    assert demo_session.business_date() == date(2026, 11, 27)


def test_the_cycle_closes_only_the_business_date(demo_session: Session) -> None:
    with pytest.raises(ArError) as caught:
        nightly.run_nightly(demo_session, date(2026, 11, 27))
    assert caught.value.code == "AR0850E"
    assert demo_session.business_date() == TODAY


def test_only_an_administrator_runs_it(demo_db: Path) -> None:
    with pytest.raises(ArError, match="NEEDS ADMIN"):
        nightly.run_nightly(as_login(demo_db, "kwright"))


def test_dead_locks_are_cleared_and_live_ones_kept(demo_db: Path) -> None:
    jane, tom = as_login(demo_db, "jdoe"), as_login(demo_db, "tchen")
    locks.acquire(jane, ACCOUNT, "S-JANE", pid=999_999)
    locks.acquire(tom, "1000478", "S-TOM")
    admin_session = as_login(demo_db, "tester")
    report = nightly.run_nightly(admin_session, alive=lambda host, pid: pid != 999_999)
    assert report.counts["locks_cleared"] == 1
    conn = admin_session.store.connection()
    held = conn.execute("SELECT session_id FROM account_locks").fetchall()
    assert held == [("S-TOM",)]
    (audited,) = conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'lock.reclaim' AND source = 'batch nightly'"
    ).fetchone()
    assert audited == 1


def test_aging_adds_up_to_the_portfolio(demo_session: Session) -> None:
    report = nightly.run_nightly(demo_session)
    (open_total,) = (
        demo_session.store.connection().execute("SELECT sum(open_cents) FROM items").fetchone()
    )
    total = sum(parse_money(v) for v in report.aging.values())
    assert total == open_total and list(report.aging) == [
        "current", "1_30", "31_60", "61_90", "91_120", "over_120"
    ]  # fmt: skip


def test_the_cycle_skips_weekends_and_the_federal_reserves_holidays(demo_session: Session) -> None:
    from ar_tui.domain.banking_days import banking_day_after, is_banking_day, next_banking_day

    assert not is_banking_day(date(2026, 11, 26))  # Thanksgiving
    assert not is_banking_day(date(2026, 11, 28))  # a Saturday
    assert is_banking_day(date(2026, 11, 27))
    assert banking_day_after(date(2026, 11, 27)) == date(2026, 11, 30)  # Friday to Monday
    assert next_banking_day(date(2026, 12, 25)) == date(2026, 12, 28)
    assert next_banking_day(date(2026, 7, 3)) == date(2026, 7, 3)  # the Fed keeps July 3rd open
    report = nightly.run_nightly(demo_session)
    assert report.next_date == "2026-11-27"
    nightly.run_nightly(demo_session, date(2026, 11, 27))
    assert demo_session.business_date() == date(2026, 11, 30)


def test_another_calendar_is_a_setting(demo_session: Session) -> None:
    admin.set_setting(demo_session, "banking_calendar", "xnys")
    assert demo_session.settings()["banking_calendar"] == "XNYS"
    with pytest.raises(ArError, match="AR0031E BANKING_CALENDAR MUST BE A FINANCIAL CALENDAR"):
        admin.set_setting(demo_session, "banking_calendar", "MOON")


def test_a_promise_due_on_a_holiday_is_honoured_through_the_next_banking_day(
    demo_session: Session,
) -> None:
    arrangements.make_promise(demo_session, ACCOUNT, 10_000, date(2026, 11, 26))  # Thanksgiving
    nightly.run_nightly(demo_session)  # closes Wednesday 11/25
    assert accounts.as_json(demo_session, ACCOUNT)["promises"][0]["status"] == "pending"
    payments.post_payment(demo_session, ACCOUNT, 10_000, "check", "FRIDAY")  # paid on Friday
    nightly.run_nightly(demo_session, date(2026, 11, 27))
    assert accounts.as_json(demo_session, ACCOUNT)["promises"][0]["status"] == "kept"


def test_a_retry_without_a_date_after_a_landed_run_closes_nothing(demo_session: Session) -> None:
    first = nightly.run_nightly(demo_session)
    conn = demo_session.store.connection()
    changes = conn.total_changes
    retry = nightly.run_nightly(demo_session)  # the same day: a retry, not the next night
    assert retry.retried and retry.as_of == first.as_of == "2026-11-25"
    assert conn.total_changes == changes and demo_session.business_date() == date(2026, 11, 27)
    assert retry.lines()[0] == (
        "nightly for 2026-11-25 already ran today: nothing done (to close 2026-11-27 as well,"
        " run it with --as-of 2026-11-27)"
    )


def test_the_business_date_never_goes_back_before_posted_money(demo_session: Session) -> None:
    payments.post_payment(demo_session, ACCOUNT, 1_00, "check", "LAST")  # posted 2026-11-25
    with pytest.raises(ArError) as caught:
        admin.set_business_date(demo_session, date(2026, 11, 24))
    assert (
        caught.value.code == "AR0033E" and "MONEY WAS POSTED ON 2026-11-25" in caught.value.message
    )
    admin.set_business_date(demo_session, date(2026, 11, 25))  # the same day is fine
    admin.set_setting(demo_session, "region", "TRAINING")
    admin.set_business_date(demo_session, date(2020, 1, 2))  # a training region may
    assert demo_session.business_date() == date(2020, 1, 2)
