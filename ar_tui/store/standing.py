"""An account's collection status, derived from what is in force on it, and the stay's sweep."""

from __future__ import annotations

import sqlite3

from ar_tui.store import accounts, disputes
from ar_tui.store.cases import referral_in_force

# Once an account is settled or charged off, only a case off the normal path (bankruptcy,
# referral, dispute) shows instead; leaving that case brings the end status back.
FINAL = ("settled", "charged_off")


def collectible(conn: sqlite3.Connection, account_id: int) -> int:
    """What may be collected: what is owed less what open disputes hold back."""
    return max(0, accounts.owed(conn, account_id) - disputes.disputed_cents(conn, account_id))


def derived_status(conn: sqlite3.Connection, account_id: int) -> str:
    """What the account's collection status should be now, from its cases and arrangements."""
    if conn.execute(
        "SELECT 1 FROM bankruptcies WHERE account_id = ? AND status = 'active'", (account_id,)
    ).fetchone():
        return "bankruptcy"
    placed = referral_in_force(conn, account_id)
    if placed is not None and placed.status != "proposed":
        return "legal" if placed.agency_kind == "counsel" else "referred"
    disputed = disputes.disputed_cents(conn, account_id)
    owed = accounts.owed(conn, account_id)
    if disputed and (disputes.holding(conn, account_id) or owed - disputed <= 0):
        return "dispute"
    ended = conn.execute(
        "SELECT 1 FROM writeoffs WHERE account_id = ? AND status = 'posted'"
        " UNION ALL SELECT 1 FROM settlements WHERE account_id = ? AND status = 'paid'",
        (account_id, account_id),
    ).fetchone()
    if ended and owed <= 0:
        paid = conn.execute(
            "SELECT 1 FROM settlements WHERE account_id = ? AND status = 'paid'", (account_id,)
        ).fetchone()
        return "settled" if paid else "charged_off"
    if conn.execute(
        "SELECT 1 FROM plans WHERE account_id = ? AND status = 'active'", (account_id,)
    ).fetchone():
        return "plan"
    if conn.execute(
        "SELECT 1 FROM promises WHERE account_id = ? AND status = 'pending'", (account_id,)
    ).fetchone():
        return "promise"
    return "active"


def restore(conn: sqlite3.Connection, account_id: int, now: str) -> str:
    """Set the account's collection status to the derived one; returns it."""
    status = derived_status(conn, account_id)
    conn.execute(
        "UPDATE accounts SET collection_status = ?, version = version + 1, updated_at = ?"
        " WHERE id = ? AND collection_status <> ?",
        (status, now, account_id, status),
    )
    return status


def stop_collection(
    conn: sqlite3.Connection,
    account_id: int,
    day: str,
    now: str,
    why: str,
    requests: tuple[str, ...] = ("plan", "settlement", "referral"),
) -> int:
    """End every arrangement to pay: pending promises, plans in force, open settlement
    offers, and the `requests` of those kinds still waiting for approval. Returns how many
    arrangements ended."""
    ended = 0
    for table, column, statuses in (
        ("promises", "resolved_date", "('pending')"),
        ("plans", "status_date", "('active', 'pending_approval')"),
        ("settlements", "status_date", "('proposed', 'approved')"),
    ):
        ended += conn.execute(
            f"UPDATE {table} SET status = 'cancelled', {column} = ?"
            f" WHERE account_id = ? AND status IN {statuses}",
            (day, account_id),
        ).rowcount
    kinds = ",".join("?" * len(requests))
    conn.execute(
        "UPDATE approvals SET status = 'expired', decided_at = ?, note = note || ' | ' || ?"
        f" WHERE account_id = ? AND status = 'pending' AND kind IN ({kinds})",
        (now, why, account_id, *requests),
    )
    return ended
