"""The checks every change makes inside its write transaction read by key, never by scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from ar_tui.services.session import open_session
from tests.conftest import TEST_LOGIN

QUERIES = {
    "the account's lock": (
        "SELECT l.account_id FROM account_locks l JOIN operators o ON o.id = l.operator_id"
        " WHERE l.account_id = 1"
    ),
    "a daily limit": "SELECT daily_cents FROM operator_limits WHERE operator_id = 1",
    "what is used of it today": (
        "SELECT coalesce(sum(cents), 0) FROM limit_usage"
        " WHERE operator_id = 1 AND kind = 'writeoff' AND business_date = '2026-11-25'"
    ),
    "a request already waiting": (
        "SELECT id FROM approvals WHERE kind = 'reversal' AND subject_id = 1 AND status = 'pending'"
    ),
    "the operator": "SELECT id FROM operators WHERE login = 'jdoe'",
}


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_a_guard_query_reads_by_key(demo_db: Path, name: str) -> None:
    conn = open_session(demo_db, TEST_LOGIN).store.connection()
    plan = " ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {QUERIES[name]}"))
    assert "SCAN" not in plan.replace("SCAN CONSTANT ROW", ""), plan


def test_looking_up_a_few_accounts_never_scans_the_portfolio(demo_db: Path) -> None:
    """With the statistics ANALYZE left and none for the temp tables, a plain JOIN made the
    planner scan every account for each single payment (168 ms on a million). The queries
    checked are the ones the look-ups really run."""
    from ar_tui.store import matching

    conn = open_session(demo_db, TEST_LOGIN).store.connection()
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    matching.account_states(conn, [1])
    matching.accounts_by_number(conn, ["1000477"])
    conn.set_trace_callback(None)
    selects = [q for q in ran if q.lstrip().upper().startswith("SELECT") and "wanted_" in q]
    assert len(selects) == 2
    for query in selects:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query}")]
        assert not scans_the_portfolio(plan), (query, plan)


def test_the_rule_sees_a_scan_by_its_alias_and_a_bloom_filter() -> None:
    assert scans_the_portfolio(["SCAN i USING COVERING INDEX sqlite_autoindex_items_1"])
    assert scans_the_portfolio(["SCAN p"])
    assert scans_the_portfolio(["SCAN w", "BLOOM FILTER ON i (account_id=?)"])
    assert not scans_the_portfolio(
        ["SEARCH i USING INDEX items_account_due (account_id=?)",
         "USING ROWID SEARCH ON TABLE wanted_accounts FOR IN-OPERATOR", "SCAN CONSTANT ROW"]
    )  # fmt: skip


GROWING = ("accounts", "items", "ledger", "payments", "activities", "audit_log")
# What a plan may scan: the temp tables of wanted keys, and tables that do not grow with the
# portfolio. A scan is named by the table's alias, so any other name fails, alias or not.
MAY_SCAN = {"wanted_accounts", "wanted_keys", "honoured", "CONSTANT", "settings", "operators"}


def scans_the_portfolio(plan: list[str]) -> list[str]:
    """The steps of `plan` that read a growing table whole: a SCAN of anything but the
    few tables above, or a Bloom filter (SQLite builds it by reading the whole index)."""
    return [
        step
        for step in plan
        if (step.startswith("SCAN ") and step.split()[1] not in MAY_SCAN)
        or step.startswith("BLOOM FILTER")
    ]


def _plans_of(conn: object, statements: list[str]) -> list[tuple[str, list[str]]]:
    found = []
    for sql in statements:
        head = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else ""
        if head not in ("SELECT", "UPDATE", "DELETE", "INSERT", "WITH"):
            continue
        try:
            plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}")]  # type: ignore[attr-defined]
        except Exception:  # a statement that needs its temp table of the moment, or bound values
            continue
        found.append((sql, plan))
    return found


def test_the_queries_of_a_collectors_changes_never_scan_the_portfolio(demo_db: Path) -> None:
    """Post, preview, reverse, apply, contact log and promise, as they run: every statement's
    plan reads the growing tables by key (the demo has the statistics ANALYZE leaves)."""
    from datetime import date

    from ar_tui.services import arrangements, contacts, payments
    from tests.conftest import fixed_clock

    session = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    conn = session.store.connection()
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    unmatched = next(q for q in payments.unapplied_queue(session) if q.account_number is None)
    payments.preview(session, "1000477", 10_00)
    posted = payments.post_payment(session, "1000477", 100_00, "check", "X1")
    payments.apply_unapplied(session, unmatched.receipt, "1000477")
    payments.reverse_payment(session, posted.receipt, "nsf")
    contacts.log_contact(session, "1000477", "letter", "left_message")
    arrangements.make_promise(session, "1000234", 10_00, date(2026, 12, 1))
    conn.set_trace_callback(None)
    plans = _plans_of(conn, ran)
    assert len(plans) > 20
    for sql, plan in plans:
        assert not scans_the_portfolio(plan), (sql, plan)


def test_the_queries_of_a_bank_file_s_chunks_never_scan_the_portfolio(demo_db: Path) -> None:
    """A bank file holds the writer a chunk at a time, and each chunk reads by key: receipts
    matched by account, document and policy, returns, changes, duplicates, the batch's row."""
    from ar_tui.services import batches
    from tests.conftest import fixed_clock

    bank = Path(__file__).resolve().parents[1] / "fixtures" / "bank"
    session = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    conn = session.store.connection()
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    for name in ("lockbox-invoices.bai2", "autopay.ach", "autopay-returns.ach",
                 "autopay-change.ach", "remittance.csv"):  # fmt: skip
        batches.import_payments(session, bank / name)
    conn.set_trace_callback(None)
    plans = _plans_of(conn, ran)
    assert len(plans) > 30
    for sql, plan in plans:
        assert not scans_the_portfolio(plan), (sql, plan)
    session.store.close()


def test_what_every_audited_change_and_pf6_write_never_scans_the_portfolio(
    demo_db: Path,
) -> None:
    """Each audited change to an account re-reads why it may not be worked and stores its
    priority (inside the change's transaction); PF6 ends holds and writes new ones."""
    from datetime import UTC, date, datetime

    from ar_tui.services import workable
    from ar_tui.store import queue

    conn = open_session(demo_db, TEST_LOGIN).store.connection()
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    now = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)
    workable.reconsider(conn, 1, date(2026, 11, 25), now)
    queue.any_due(conn, "2026-11-25", "2026-11-25T18:00:00+00:00")
    queue.release_due(conn, "2026-11-25", "2026-11-25T18:00:00+00:00")
    queue.hold(conn, [("2026-11-26", None, 1)])
    conn.set_trace_callback(None)
    conn.rollback()
    statements = [q for q in ran if q.lstrip().upper().startswith(("SELECT", "UPDATE"))]
    assert len(statements) >= 10
    for query in statements:
        plan = [row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {query}")]
        assert not scans_the_portfolio(plan), (query, plan)
