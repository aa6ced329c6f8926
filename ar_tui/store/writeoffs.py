"""Write-offs: what is left open on an account taken off the books, item by item, in the ledger."""

from __future__ import annotations

import sqlite3

from ar_tui.store.payments import bump_versions, next_id, write_ledger


def write_off_open(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    reason: str,
    requested_by: int,
    approved_by: int | None,
    operator_id: int | None,
    business_date: str,
    now: str,
) -> int:
    """Write off every open item of the account; returns the cents written off (0: nothing open).

    One ledger entry per item, so every item's open amount still equals its ledger.
    """
    items = conn.execute(
        "SELECT id, open_cents FROM items WHERE account_id = ? AND open_cents > 0 ORDER BY id",
        (account_id,),
    ).fetchall()
    if not items:
        return 0
    ledger_id = next_id(conn, "ledger")
    write_ledger(
        conn,
        [
            (ledger_id + n, account_id, item_id, None, None, "writeoff", -cents, business_date,
             None, f"write-off: {reason}", operator_id, now)
            for n, (item_id, cents) in enumerate(items)
        ],
    )  # fmt: skip
    conn.executemany(
        "UPDATE items SET open_cents = 0, status = 'written_off', updated_at = ? WHERE id = ?",
        [(now, item_id) for item_id, _ in items],
    )
    bump_versions(conn, [account_id], now)
    total = sum(cents for _, cents in items)
    conn.execute(
        "INSERT INTO writeoffs(account_id, amount_cents, reason, status, requested_by,"
        " approved_by, requested_date, posted_date) VALUES (?,?,?,'posted',?,?,?,?)",
        (account_id, total, reason, requested_by, approved_by, business_date, business_date),
    )
    return total
