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
        "SELECT a.account_number, a.id FROM wanted_keys w"
        " CROSS JOIN accounts a ON a.account_number = w.key",
    )  # fmt: skip
    return {number: account_id for number, account_id in rows}


def items_by_document(
    conn: sqlite3.Connection, documents: Iterable[str]
) -> dict[str, list[tuple[int, int]]]:
    """document number -> [(account id, item id)] (a number may repeat across accounts)."""
    found: dict[str, list[tuple[int, int]]] = {}
    rows = _lookup(
        conn, documents,
        "SELECT i.document_number, i.account_id, i.id FROM wanted_keys w"
        " JOIN items i ON i.document_number = w.key",
    )  # fmt: skip
    for document, account_id, item_id in rows:
        found.setdefault(document, []).append((account_id, item_id))
    return found


def accounts_by_policy(conn: sqlite3.Connection, policies: Iterable[str]) -> dict[str, int]:
    rows = _lookup(
        conn, policies,
        "SELECT p.policy_number, p.account_id FROM wanted_keys w"
        " JOIN policies p ON p.policy_number = w.key",
    )  # fmt: skip
    return {policy: account_id for policy, account_id in rows}


# CROSS JOIN keeps the few wanted keys as the outer loop: with the portfolio's statistics
# and none for a temp table, the planner would otherwise scan a million accounts.
def account_states(
    conn: sqlite3.Connection, account_ids: Iterable[int]
) -> dict[int, tuple[str, bool]]:
    """account id -> (collection status, in an active bankruptcy)."""
    if not scratch.fill_ids(conn, account_ids):
        return {}
    rows = conn.execute(
        "SELECT a.id, a.collection_status, EXISTS (SELECT 1 FROM bankruptcies b"
        " WHERE b.account_id = a.id AND b.status = 'active')"
        " FROM wanted_accounts w CROSS JOIN accounts a ON a.id = w.id"
    ).fetchall()
    return {account_id: (status, bool(bankrupt)) for account_id, status, bankrupt in rows}
