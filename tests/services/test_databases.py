"""Database creation: empty, demo (deterministic, with every state a screen needs), seeded."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from ar_tui.domain.aging import bucket_for
from ar_tui.domain.errors import ArError
from ar_tui.services import databases
from ar_tui.services.session import open_session
from ar_tui.store import standing
from tests.conftest import TEST_LOGIN


def _rows(path: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_init_makes_the_creator_admin(fresh_db: Path) -> None:
    assert _rows(fresh_db, "SELECT login, role FROM operators") == [(TEST_LOGIN, "admin")]
    assert _rows(fresh_db, "SELECT action FROM audit_log") == [("db.init",)]


def test_init_refuses_to_overwrite(fresh_db: Path) -> None:
    before = fresh_db.read_bytes()
    with pytest.raises(ArError, match="ALREADY EXISTS"):
        databases.init_database(fresh_db, TEST_LOGIN)
    with pytest.raises(ArError, match="ALREADY EXISTS"):
        databases.demo_database(fresh_db, TEST_LOGIN)
    assert fresh_db.read_bytes() == before


def test_demo_has_about_two_thousand_varied_accounts(demo_template: Path) -> None:
    assert _rows(demo_template, "SELECT count(*) FROM accounts") == [(2000,)]
    kinds = dict(_rows(demo_template, "SELECT customer_type, count(*) FROM accounts GROUP BY 1"))
    bills = dict(_rows(demo_template, "SELECT bill_type, count(*) FROM accounts GROUP BY 1"))
    lines = {r[0] for r in _rows(demo_template, "SELECT DISTINCT line_of_business FROM accounts")}
    assert kinds["consumer"] > 500 and kinds["commercial"] > 500
    assert bills["direct"] > 100 and bills["agency"] > 100
    assert {"Personal Lines", "Small Commercial", "Claims Deductible"} <= lines
    types = {r[0] for r in _rows(demo_template, "SELECT DISTINCT item_type FROM items")}
    assert types == {"premium", "audit", "deductible", "fee"}


def test_demo_has_balances_in_every_aging_bucket(demo_template: Path) -> None:
    as_of = date(2026, 11, 25)
    buckets: Counter[str] = Counter()
    for due, cents in _rows(demo_template, "SELECT due_date, open_cents FROM items"):
        if cents:
            buckets[bucket_for((as_of - date.fromisoformat(due)).days)] += 1
    assert set(buckets) == {"current", "1_30", "31_60", "61_90", "91_120", "over_120"}
    assert min(buckets.values()) > 50


def test_demo_carries_every_state_later_screens_show(demo_template: Path) -> None:
    for table, least in [
        ("promises", 30),
        ("plans", 20),
        ("installments", 60),
        ("disputes", 15),
        ("bankruptcies", 10),
        ("referrals", 10),
        ("payments", 300),
        ("allocations", 300),
        ("activities", 500),
        ("collection_agencies", 4),
    ]:
        ((count,),) = _rows(demo_template, f"SELECT count(*) FROM {table}")
        assert count >= least, table
    statuses = {
        r[0] for r in _rows(demo_template, "SELECT DISTINCT collection_status FROM accounts")
    }
    assert {"active", "promise", "plan", "dispute", "bankruptcy", "referred", "legal"} <= statuses
    roles = {r[0] for r in _rows(demo_template, "SELECT DISTINCT role FROM operators")}
    assert roles == {"admin", "collector", "supervisor", "trainer", "billing", "auditor"}


def test_demo_statuses_are_what_the_rules_derive(demo_template: Path) -> None:
    """A trainer's demo account is in or out of the queue for the reason the rules give."""
    conn = sqlite3.connect(demo_template)
    accounts = conn.execute("SELECT id, collection_status FROM accounts").fetchall()
    wrong = [(a, s) for a, s in accounts if standing.derived_status(conn, a) != s]
    conn.close()
    assert wrong == []


def test_demo_ledger_explains_every_open_amount(demo_template: Path) -> None:
    """Each item's open amount is the sum of the ledger entries that name it."""
    mismatched = _rows(
        demo_template,
        "SELECT i.id FROM items i LEFT JOIN (SELECT item_id, sum(amount_cents) s FROM ledger"
        " GROUP BY item_id) l ON l.item_id = i.id WHERE i.open_cents <> coalesce(l.s, 0)",
    )
    assert mismatched == []


def test_demo_is_deterministic(tmp_path: Path, demo_template: Path) -> None:
    again = tmp_path / "again.db"
    databases.demo_database(again, TEST_LOGIN)
    for table in ("accounts", "items", "ledger", "payments", "contacts", "promises"):
        sql = f"SELECT * FROM {table} ORDER BY id"
        assert _rows(again, sql) == _rows(demo_template, sql), table


def test_seed_builds_a_portfolio_that_opens(tmp_path: Path) -> None:
    path = tmp_path / "seed.db"
    counts = databases.build_portfolio(
        path, TEST_LOGIN, accounts=3000, seed=7, business_date=date(2026, 11, 25), demo=False
    )
    assert counts.accounts == 3000
    assert 4 <= counts.items / counts.accounts <= 6
    assert not (tmp_path / "seed.db.building").exists()
    session = open_session(path, TEST_LOGIN)
    conn = session.store.connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"accounts_name", "contacts_phone", "items_account_due", "ledger_account"} <= indexes
    session.store.close()
