"""The work queue: priorities, the next workable account, and what is passed over and why."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from ar_tui.services import contacts, queue
from ar_tui.services.session import Session, open_session

NOON = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # midday in every US zone


def at_noon(db: Path, login: str) -> Session:
    return open_session(db, login, clock=lambda: NOON)


def test_demo_accounts_carry_priorities(demo_session: Session) -> None:
    conn = demo_session.store.connection()
    (ranked,) = conn.execute("SELECT count(*) FROM accounts WHERE priority > 0").fetchone()
    assert ranked > 1500
    assert queue.recompute_priorities(demo_session) == 0  # already current


def test_next_account_is_the_collectors_highest_workable(demo_db: Path) -> None:
    jane = at_noon(demo_db, "jdoe")
    found = queue.next_account(jane)
    assert found.account_number is not None
    conn = jane.store.connection()
    collector, status, top = conn.execute(
        "SELECT o.login, a.collection_status, a.priority FROM accounts a"
        " JOIN operators o ON o.id = a.collector_id WHERE a.account_number = ?",
        (found.account_number,),
    ).fetchone()
    assert collector == "jdoe" and status in ("active", "promise", "plan")
    higher = conn.execute(
        "SELECT count(*) FROM accounts WHERE collector_id = (SELECT id FROM operators"
        " WHERE login = 'jdoe') AND collection_status IN ('active', 'promise', 'plan')"
        " AND priority > ?",
        (top,),
    ).fetchone()[0]
    assert higher == len([s for s in found.skipped])  # everything above it was passed over


def test_an_account_called_out_is_held_with_every_reason(demo_db: Path) -> None:
    jane = at_noon(demo_db, "jdoe")
    first = queue.next_account(jane).account_number
    assert first is not None
    for _ in range(7):
        contacts.log_contact(jane, first, "call", "no_answer")
    found = queue.next_account(jane)
    assert found.account_number != first
    conn = jane.store.connection()
    account_id, held_day, held_at = conn.execute(
        "SELECT id, held_day, held_at FROM accounts WHERE account_number = ?", (first,)
    ).fetchone()
    # Worked today ends on the next business day; seven calls in seven days on 12-02.
    assert (held_day, held_at) == ("2026-12-02", None)
    assert queue._why_not(jane, account_id, date(2026, 11, 25)) == (
        "worked today; contact rules: no call before 2026-12-02"
    )


def test_pf6_locks_and_a_second_collector_is_given_another(demo_db: Path) -> None:
    jane = at_noon(demo_db, "jdoe")
    supervisor = at_noon(demo_db, "kwright")
    mine = queue.next_account(supervisor, session_id="S-SUPER")
    other = queue.next_account(jane, session_id="S-JANE")
    assert mine.account_number and other.account_number
    again = queue.next_account(at_noon(demo_db, "tester"), "kwright", session_id="S-OTHER")
    assert again.account_number != mine.account_number
    assert any("in use by" in reason for _, reason in again.skipped)


def test_accounts_passed_this_session_are_skipped_unchecked(demo_db: Path) -> None:
    jane = at_noon(demo_db, "jdoe")
    first = queue.next_account(jane).account_number
    assert first is not None
    passed = {first}
    second = queue.next_account(jane, passed=passed).account_number
    assert second not in (None, first)
    passed.add(second)
    third = queue.next_account(jane, passed=passed)
    assert third.account_number not in passed
    # Passed accounts are neither checked nor listed as passed over for a reason.
    assert not {number for number, _why in third.skipped} & passed


def test_passed_accounts_do_not_use_up_the_scan(demo_db: Path) -> None:
    jane = at_noon(demo_db, "jdoe")
    conn = jane.store.connection()
    collector = (
        jane.store.connection()
        .execute("SELECT id FROM operators WHERE login = 'jdoe'")
        .fetchone()[0]
    )
    from ar_tui.store import queue as store_queue

    top = [number for _id, number, _p in store_queue.candidates(conn, collector, None, 60)]
    # With the first 50 passed and a scan of 1, the 51st is still reached.
    found = queue.next_account(jane, passed=set(top[:50]), scan=1)
    assert found.account_number is not None and found.account_number not in top[:50]
