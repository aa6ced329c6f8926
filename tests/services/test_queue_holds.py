"""PF6 in a long day: blocked accounts are held, never read again until their reasons end;
postponements with a reason and a time; the priority every screen shows is the one stored."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.services import admin, contacts, databases, payments, queue, workable
from ar_tui.services.session import Session, open_session
from ar_tui.store import queue as store_queue

NOON = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # midday in every US zone
TODAY = date(2026, 11, 25)


class Clock:
    """A clock a test moves on."""

    def __init__(self, now: datetime = NOON) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every account whose reasons `workable.blocks` reads, in order."""
    read: list[int] = []
    original = workable.blocks

    def counting(conn, account_id, today, now_utc):  # type: ignore[no-untyped-def]
        read.append(account_id)
        return original(conn, account_id, today, now_utc)

    monkeypatch.setattr(workable, "blocks", counting)
    return read


@pytest.fixture(scope="module")
def worked_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A portfolio where collector jdoe worked 2,000 accounts today, all left at the top
    of the queue (as they were before a priority could move on a change)."""
    path = tmp_path_factory.mktemp("worked") / "worked.db"
    databases.build_portfolio(
        path, "tester", accounts=10_000, seed=7, business_date=TODAY, demo=False
    )
    jane = open_session(path, "jdoe", clock=lambda: NOON)
    conn = jane.store.connection()
    (jdoe,) = conn.execute("SELECT id FROM operators WHERE login = 'jdoe'").fetchone()
    top = store_queue.candidates(conn, jdoe, None, 2_000)
    assert len(top) == 2_000
    for _id, number, _priority in top:
        contacts.log_contact(jane, number, "call", "no_answer")
    with jane.write() as w:
        w.executemany(
            "UPDATE accounts SET priority = 100000 + id WHERE id = ?",
            [(account_id,) for account_id, _n, _p in top],
        )
    jane.store.close()
    return path


@pytest.fixture
def worked(worked_template: Path, tmp_path: Path) -> Iterator[Session]:
    path = tmp_path / "worked.db"
    path.write_bytes(worked_template.read_bytes())
    session = open_session(path, "jdoe", clock=lambda: NOON)
    yield session
    session.store.close()


def test_pf6_reads_none_of_2000_accounts_worked_today(
    worked: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = worked.store.connection()
    assert store_queue.held_count(conn) == 2_000
    read = count_reads(monkeypatch)
    found = queue.next_account(worked, session_id="S-1", scan=500)
    # The 2,000 above it are held: the first account read is the one given.
    assert found.account_number is not None
    assert len(read) == 1 and found.skipped == []
    (priority,) = conn.execute(
        "SELECT priority FROM accounts WHERE account_number = ?", (found.account_number,)
    ).fetchone()
    assert priority < 100_000


def test_every_pf6_of_a_working_day_reads_one_account(
    worked: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = count_reads(monkeypatch)
    for _ in range(30):
        before = len(read)
        found = queue.next_account(worked, session_id=worked.session_id)
        assert found.account_number is not None
        assert len(read) - before == 1
        contacts.log_contact(worked, found.account_number, "call", "no_answer")


def test_without_holds_the_same_pf6_would_read_the_worked_accounts(
    worked: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The measure the test above is against: clear the holds and PF6 reads (and holds)
    # every worked account, 500 at a time, before it finds one.
    with worked.write() as conn:
        conn.execute("UPDATE accounts SET held_day = NULL, held_at = NULL")
    read = count_reads(monkeypatch)
    first = queue.next_account(worked, scan=500)
    assert first.account_number is None and len(first.skipped) == 500
    assert all(why == "worked today" for _n, why in first.skipped)
    for _ in range(3):
        assert queue.next_account(worked, scan=500).account_number is None
    assert queue.next_account(worked, scan=500).account_number is not None
    # Each worked account read twice (the second time inside the write that holds it),
    # once and for all; then the account given.
    assert len(read) == 2 * 2_000 + 1
    assert store_queue.held_count(worked.store.connection()) == 2_000


def test_holds_end_on_the_next_business_day(worked: Session) -> None:
    admin_session = open_session(worked.store.path, "tester", clock=lambda: NOON)
    admin.set_business_date(admin_session, TODAY + timedelta(days=1))
    admin_session.store.close()
    found = queue.next_account(worked)
    assert store_queue.held_count(worked.store.connection()) == 0
    (priority,) = (
        worked.store.connection()
        .execute("SELECT priority FROM accounts WHERE account_number = ?", (found.account_number,))
        .fetchone()
    )
    assert priority > 100_000  # the top of the queue again


# --- postponements -------------------------------------------------------------------


@pytest.fixture
def desk(demo_db: Path) -> Iterator[tuple[Session, Clock, str]]:
    clock = Clock()
    jane = open_session(demo_db, "jdoe", clock=clock)
    first = queue.next_account(jane).account_number
    assert first is not None
    yield jane, clock, first
    jane.store.close()


def local(session: Session, number: str) -> datetime:
    return queue.customer_now(session, number)


def test_a_postponed_account_waits_for_its_time_then_comes_back(
    desk: tuple[Session, Clock, str],
) -> None:
    jane, clock, first = desk
    later = (local(jane, first) + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    done = queue.postpone(jane, first, at=later, reason="customer at work")
    assert done.until_local is not None and done.until_local.time() == later
    assert queue.next_account(jane).account_number != first
    line = next(x for x in queue.work_list(jane, "mine", limit=600) if x.account_number == first)
    assert line.why_not == f"postponed to {later:%H:%M} by jdoe: customer at work"
    clock.now = done.until_local.astimezone(UTC) - timedelta(seconds=1)
    assert queue.next_account(jane).account_number != first
    clock.now = done.until_local.astimezone(UTC)
    assert queue.next_account(jane).account_number == first


def test_a_postponement_to_a_day_lasts_until_that_business_day(
    desk: tuple[Session, Clock, str],
) -> None:
    jane, _clock, first = desk
    queue.postpone(jane, first, day=TODAY + timedelta(days=2), reason="payday friday")
    admin_session = open_session(jane.store.path, "tester", clock=lambda: NOON)
    admin.set_business_date(admin_session, TODAY + timedelta(days=1))
    assert queue.next_account(jane).account_number != first
    admin.set_business_date(admin_session, TODAY + timedelta(days=2))
    assert queue.next_account(jane).account_number == first
    admin_session.store.close()


def test_a_postponement_is_at_most_30_days_ahead(desk: tuple[Session, Clock, str]) -> None:
    jane, _clock, first = desk
    queue.postpone(jane, first, day=TODAY + timedelta(days=29), reason="r")
    queue.postpone(jane, first, day=TODAY + timedelta(days=30), reason="r")
    with pytest.raises(ArError) as refused:
        queue.postpone(jane, first, day=TODAY + timedelta(days=31), reason="r")
    assert refused.value.code == "AR0754E" and refused.value.field == "until"


def test_a_time_today_must_be_later_than_the_customers_clock(
    desk: tuple[Session, Clock, str],
) -> None:
    jane, clock, first = desk
    clock.now = NOON.replace(second=0)
    now = local(jane, first)
    for past in (now, now - timedelta(minutes=1)):
        with pytest.raises(ArError) as refused:
            queue.postpone(jane, first, at=past.time(), reason="r")
        assert refused.value.code == "AR0755E"
    queue.postpone(jane, first, at=(now + timedelta(minutes=1)).time(), reason="r")


def test_a_postponement_needs_a_reason_of_at_most_60_characters(
    desk: tuple[Session, Clock, str],
) -> None:
    jane, _clock, first = desk
    tomorrow = TODAY + timedelta(days=1)
    for reason, code in (("  ", "AR0750E"), ("x" * 61, "AR0751E")):
        with pytest.raises(ArError) as refused:
            queue.postpone(jane, first, day=tomorrow, reason=reason)
        assert refused.value.code == code and refused.value.field == "reason"
    assert queue.postpone(jane, first, day=tomorrow, reason="x" * 60).reason == "x" * 60
    assert queue.postpone(jane, first, day=tomorrow, reason="x" * 59).reason == "x" * 59


def test_a_postponement_needs_a_later_day_or_a_time(desk: tuple[Session, Clock, str]) -> None:
    jane, _clock, first = desk
    for day, at, code in (
        (None, None, "AR0752E"),
        (TODAY, None, "AR0753E"),
        (TODAY - timedelta(days=1), time(23, 59), "AR0753E"),
    ):
        with pytest.raises(ArError) as refused:
            queue.postpone(jane, first, day=day, at=at, reason="r")
        assert refused.value.code == code


def test_a_postponement_is_audited_and_kept(desk: tuple[Session, Clock, str]) -> None:
    jane, _clock, first = desk
    queue.postpone(jane, first, day=TODAY + timedelta(days=1), reason="asked for monday")
    conn = jane.store.connection()
    action, detail = conn.execute(
        "SELECT action, detail FROM audit_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert action == "queue.postpone" and "asked for monday" in detail
    with pytest.raises(Exception, match="append-only"), jane.write() as w:
        w.execute("DELETE FROM postponements")


def test_an_auditor_may_not_postpone(demo_db: Path) -> None:
    jane = open_session(demo_db, "jdoe", clock=lambda: NOON)
    first = queue.next_account(jane).account_number
    assert first is not None
    auditor = open_session(demo_db, "pgrant", clock=lambda: NOON)
    with pytest.raises(ArError) as refused:
        queue.postpone(auditor, first, day=TODAY + timedelta(days=1), reason="r")
    assert refused.value.code == "AR0102E"
    jane.store.close()
    auditor.store.close()


# --- a change to an account -------------------------------------------------------------


def test_a_change_to_a_held_account_lets_pf6_read_it_again(
    desk: tuple[Session, Clock, str],
) -> None:
    jane, _clock, first = desk
    contacts.log_contact(jane, first, "call", "no_answer", follow_up=TODAY + timedelta(days=3))
    conn = jane.store.connection()
    held = "SELECT held_day FROM accounts WHERE account_number = ?"
    assert conn.execute(held, (first,)).fetchone() == ("2026-11-28",)
    # A later contact moving the follow-up out moves the hold with it.
    contacts.log_contact(jane, first, "email", "no_answer", follow_up=TODAY + timedelta(days=5))
    assert conn.execute(held, (first,)).fetchone() == ("2026-11-30",)


def test_a_contact_on_the_follow_up_day_answers_it(desk: tuple[Session, Clock, str]) -> None:
    jane, _clock, first = desk
    conn = jane.store.connection()
    with jane.write() as w:
        w.execute(
            "UPDATE accounts SET next_follow_up = ? WHERE account_number = ?",
            (TODAY.isoformat(), first),
        )
    contacts.log_contact(jane, first, "email", "no_answer")
    follow_up = "SELECT next_follow_up FROM accounts WHERE account_number = ?"
    assert conn.execute(follow_up, (first,)).fetchone() == (None,)


def test_the_priority_shown_is_the_one_stored_after_a_payment(
    desk: tuple[Session, Clock, str],
) -> None:
    jane, _clock, first = desk
    conn = jane.store.connection()
    (balance,) = conn.execute(
        "SELECT sum(open_cents) FROM items i JOIN accounts a ON a.id = i.account_id"
        " WHERE a.account_number = ?",
        (first,),
    ).fetchone()
    before = queue.explain_priority(jane, first)
    payments.post_payment(jane, first, balance - 25_00, "check", "CK1")
    after = queue.explain_priority(jane, first)
    assert after.stored == after.now != before.stored


def test_pf6_reads_the_index_of_unheld_accounts_with_a_portfolios_statistics(
    worked: Session,
) -> None:
    conn = worked.store.connection()
    assert conn.execute("SELECT count(*) FROM sqlite_stat1").fetchone()[0] > 0
    (jdoe,) = conn.execute("SELECT id FROM operators WHERE login = 'jdoe'").fetchone()
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    store_queue.candidates(conn, jdoe, None, 50, unheld=True)
    store_queue.candidates(conn, None, None, 50, unheld=True)
    conn.set_trace_callback(None)
    plans = [
        " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query}"))
        for query in ran
        if query.startswith("SELECT")
    ]
    assert len(plans) == 2
    assert "USING INDEX accounts_queue_open" in plans[0]
    assert "USING INDEX accounts_priority_open" in plans[1]


# --- what the review found ------------------------------------------------------------


def test_a_hold_is_read_again_inside_the_write_and_never_overwrites_a_newer_one(
    desk: tuple[Session, Clock, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    jane, _clock, first = desk
    with jane.write() as conn:  # blocked by a follow-up no PF6 has read yet
        conn.execute(
            "UPDATE accounts SET next_follow_up = '2026-12-05', held_day = NULL"
            " WHERE account_number = ?",
            (first,),
        )
    other = open_session(jane.store.path, "kwright", clock=lambda: NOON)
    original = queue._hold

    def racing(session: Session, account_ids: list[int], today: date) -> None:
        # Between this PF6's reading and its write, a supervisor moves the follow-up in.
        contacts.log_contact(other, first, "email", "no_answer", follow_up=date(2026, 11, 27))
        original(session, account_ids, today)

    monkeypatch.setattr(queue, "_hold", racing)
    assert queue.next_account(jane).account_number != first
    held = "SELECT held_day FROM accounts WHERE account_number = ?"
    assert jane.store.connection().execute(held, (first,)).fetchone() == ("2026-11-27",)
    other.store.close()


def test_a_callback_today_after_a_contact_brings_the_account_back_at_its_time(
    desk: tuple[Session, Clock, str],
) -> None:
    jane, clock, first = desk
    contacts.log_contact(jane, first, "call", "no_answer")
    assert queue.next_account(jane).account_number != first  # worked today
    later = (local(jane, first) + timedelta(hours=1)).time().replace(second=0, microsecond=0)
    done = queue.postpone(jane, first, at=later, reason="call back in an hour")
    assert done.until_local is not None
    conn = jane.store.connection()
    account_id, held_day = conn.execute(
        "SELECT id, held_day FROM accounts WHERE account_number = ?", (first,)
    ).fetchone()
    assert held_day is None  # not held to tomorrow: the callback decides
    clock.now = done.until_local.astimezone(UTC) - timedelta(minutes=1)
    assert queue._why_not(jane, account_id, TODAY) == (
        f"postponed to {later:%H:%M} by jdoe: call back in an hour"
    )
    clock.now = done.until_local.astimezone(UTC)
    assert queue._why_not(jane, account_id, TODAY) is None
    queue.next_account(jane)  # its hold ends
    held = "SELECT held_day, held_at FROM accounts WHERE id = ?"
    assert conn.execute(held, (account_id,)).fetchone() == (None, None)


def test_a_postponement_to_a_date_and_time_is_on_that_date(demo_db: Path) -> None:
    # The wall clock a week past the business date, as on the demo.
    late = Clock(datetime(2026, 12, 1, 18, 0, tzinfo=UTC))
    jane = open_session(demo_db, "jdoe", clock=late)
    first = queue.next_account(jane).account_number
    assert first is not None
    done = queue.postpone(jane, first, day=date(2026, 11, 27), at=time(10, 0), reason="r")
    assert done.until_local is not None
    assert (done.until_local.date(), done.until_local.time()) == (date(2026, 11, 27), time(10))
    jane.store.close()


def test_folw_mine_has_my_accounts_postponed_by_someone_else(demo_db: Path) -> None:
    jane = open_session(demo_db, "jdoe", clock=lambda: NOON)
    first = queue.next_account(jane).account_number
    assert first is not None
    boss = open_session(demo_db, "kwright", clock=lambda: NOON)
    later = (local(boss, first) + timedelta(hours=2)).time().replace(second=0, microsecond=0)
    queue.postpone(boss, first, at=later, reason="supervisor: call at two")
    mine = queue.follow_ups(jane, "mine")
    assert [(line.account_number, line.collector) for line in mine] == [(first, "kwright")]
    assert [line.account_number for line in queue.follow_ups(boss, "mine")] == [first]
    jane.store.close()
    boss.store.close()


def test_a_change_to_the_contact_rules_ends_every_hold(worked: Session) -> None:
    admin_session = open_session(worked.store.path, "tester", clock=lambda: NOON)
    assert store_queue.held_count(worked.store.connection()) == 2_000
    admin.set_setting(admin_session, "company_name", "ELSEWHERE")  # no rule: holds stay
    assert store_queue.held_count(worked.store.connection()) == 2_000
    admin.set_setting(admin_session, "commercial_contact_rules", "none")
    assert store_queue.held_count(worked.store.connection()) == 0
    admin_session.store.close()


def test_a_transfer_refreshes_the_priority_of_the_account_it_left(
    desk: tuple[Session, Clock, str],
) -> None:
    jane, _clock, first = desk
    boss = open_session(jane.store.path, "tester", clock=lambda: NOON)
    conn = jane.store.connection()
    (balance,) = conn.execute(
        "SELECT sum(open_cents) FROM items i JOIN accounts a ON a.id = i.account_id"
        " WHERE a.account_number = ?",
        (first,),
    ).fetchone()
    receipt = payments.post_payment(boss, first, balance - 25_00, "check", "CK9").receipt
    paid = queue.explain_priority(jane, first).stored
    payments.transfer_payment(boss, receipt, "1000234")
    after = queue.explain_priority(jane, first)
    assert after.stored == after.now > paid
    boss.store.close()


def test_a_callback_time_is_within_calling_hours(desk: tuple[Session, Clock, str]) -> None:
    jane, _clock, first = desk
    tomorrow = TODAY + timedelta(days=1)
    for refused in (time(7, 59), time(21, 0), time(23, 30)):
        with pytest.raises(ArError) as error:
            queue.postpone(jane, first, day=tomorrow, at=refused, reason="r")
        assert error.value.code == "AR0756E" and error.value.field == "until"
    for allowed in (time(8, 0), time(20, 59)):
        done = queue.postpone(jane, first, day=tomorrow, at=allowed, reason="r")
        assert done.until_local is not None and done.until_local.time() == allowed


def test_a_callback_answered_by_a_contact_leaves_folw(desk: tuple[Session, Clock, str]) -> None:
    jane, clock, first = desk
    later = (local(jane, first) + timedelta(hours=1)).time().replace(second=0, microsecond=0)
    done = queue.postpone(jane, first, at=later, reason="call back")
    assert [line.account_number for line in queue.follow_ups(jane)] == [first]
    assert done.until_local is not None
    clock.now = done.until_local.astimezone(UTC) + timedelta(minutes=2)
    contacts.log_contact(jane, first, "call", "no_answer")
    assert queue.follow_ups(jane) == []
