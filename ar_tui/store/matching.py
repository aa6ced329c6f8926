"""Looking up many candidate keys at once: account numbers, document numbers, policy numbers."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from ar_tui.store import scratch


def _lookup(conn: sqlite3.Connection, keys: Iterable[str], sql: str) -> list[tuple]:
    if not scratch.fill_keys(conn, keys):
        return []
    return conn.execute(sql).fetchall()


def accounts_by_number(conn: sqlite3.Connection, numbers: Iterable[str]) -> dict[str, int]:
    rows = _lookup(
        conn, numbers,
        "SELECT a.account_number, a.id FROM accounts a"
        " WHERE a.account_number IN (SELECT key FROM wanted_keys)",
    )  # fmt: skip
    return {number: account_id for number, account_id in rows}


def items_by_document(
    conn: sqlite3.Connection, documents: Iterable[str]
) -> dict[str, list[tuple[int, int]]]:
    """document number -> [(account id, item id)] (a number may repeat across accounts)."""
    found: dict[str, list[tuple[int, int]]] = {}
    rows = _lookup(
        conn, documents,
        "SELECT i.document_number, i.account_id, i.id FROM items i"
        " WHERE i.document_number IN (SELECT key FROM wanted_keys)",
    )  # fmt: skip
    for document, account_id, item_id in rows:
        found.setdefault(document, []).append((account_id, item_id))
    return found


def accounts_by_policy(conn: sqlite3.Connection, policies: Iterable[str]) -> dict[str, int]:
    rows = _lookup(
        conn, policies,
        "SELECT p.policy_number, p.account_id FROM policies p"
        " WHERE p.policy_number IN (SELECT key FROM wanted_keys)",
    )  # fmt: skip
    return {policy: account_id for policy, account_id in rows}


# Every look-up is `column IN (SELECT key FROM the temp table)`: SQLite probes the index
# once per wanted key. As a join, with the portfolio's statistics and none for a temp table,
# the planner scanned the portfolio (a million accounts, five million items) or built a
# Bloom filter over it first.
def account_states(
    conn: sqlite3.Connection, account_ids: Iterable[int]
) -> dict[int, tuple[str, bool]]:
    """account id -> (collection status, in an active bankruptcy)."""
    if not scratch.fill_ids(conn, account_ids):
        return {}
    rows = conn.execute(
        "SELECT a.id, a.collection_status, EXISTS (SELECT 1 FROM bankruptcies b"
        " WHERE b.account_id = a.id AND b.status = 'active')"
        " FROM accounts a WHERE a.id IN (SELECT id FROM wanted_accounts)"
    ).fetchall()
    return {account_id: (status, bool(bankrupt)) for account_id, status, bankrupt in rows}
