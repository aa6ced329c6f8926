"""Disputes on an account: the dispute, the items it names, and its dated history."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ar_tui.domain.disputes import ACTIVE, holds_all_collection

_ACTIVE = ",".join(f"'{status}'" for status in ACTIVE)


@dataclass(frozen=True)
class DisputeRow:
    id: int
    account_id: int
    account_number: str
    customer_type: str
    amount_cents: int
    reason: str
    department: str
    status: str
    opened_date: str
    verification_sent_date: str | None
    resolved_date: str | None
    created_by: int
    items: tuple[str, ...]  # document numbers


_SELECT = (
    "SELECT d.id, d.account_id, a.account_number, a.customer_type, d.amount_cents, d.reason,"
    " d.department, d.status, d.opened_date, d.verification_sent_date, d.resolved_date,"
    " d.created_by, (SELECT group_concat(i.document_number, ',') FROM dispute_items di"
    "   JOIN items i ON i.id = di.item_id WHERE di.dispute_id = d.id)"
    " FROM disputes d JOIN accounts a ON a.id = d.account_id"
)


def _row(row: tuple) -> DisputeRow:
    documents = tuple(row[12].split(",")) if row[12] else ()
    return DisputeRow(*(*row[:12], documents))


def get(conn: sqlite3.Connection, dispute_id: int) -> DisputeRow | None:
    row = conn.execute(f"{_SELECT} WHERE d.id = ?", (dispute_id,)).fetchone()
    return _row(row) if row else None


def of_account(conn: sqlite3.Connection, account_id: int, limit: int = 50) -> list[DisputeRow]:
    """The account's disputes, open ones first, then newest first."""
    return [
        _row(row)
        for row in conn.execute(
            f"{_SELECT} WHERE d.account_id = ?"
            f" ORDER BY d.status IN ({_ACTIVE}) DESC, d.id DESC LIMIT ?",
            (account_id, limit),
        )
    ]


def disputed_cents(conn: sqlite3.Connection, account_id: int) -> int:
    """The amount the account's open disputes keep out of collection."""
    row = conn.execute(
        f"SELECT coalesce(sum(amount_cents), 0) FROM disputes WHERE account_id = ?"
        f" AND status IN ({_ACTIVE})",
        (account_id,),
    ).fetchone()
    return int(row[0])


def holding(conn: sqlite3.Connection, account_id: int) -> bool:
    """An open dispute holds all collection on the account (the rule is the domain's)."""
    return any(
        holds_all_collection(customer_type, sent is not None)
        for customer_type, sent in conn.execute(
            "SELECT a.customer_type, d.verification_sent_date FROM disputes d"
            f" JOIN accounts a ON a.id = d.account_id WHERE d.account_id = ?"
            f" AND d.status IN ({_ACTIVE})",
            (account_id,),
        )
    )


def insert(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    amount_cents: int,
    reason: str,
    department: str,
    items: list[tuple[int, int]],
    operator_id: int,
    day: str,
) -> int:
    """A new open dispute; `items` are (item id, disputed cents)."""
    cursor = conn.execute(
        "INSERT INTO disputes(account_id, amount_cents, reason, department, status,"
        " opened_date, created_by) VALUES (?,?,?,?,'open',?,?)",
        (account_id, amount_cents, reason, department, day, operator_id),
    )
    dispute_id = int(cursor.lastrowid or 0)
    conn.executemany(
        "INSERT INTO dispute_items(dispute_id, item_id, amount_cents) VALUES (?,?,?)",
        [(dispute_id, item_id, cents) for item_id, cents in items],
    )
    return dispute_id


def item_ids(conn: sqlite3.Connection, dispute_id: int) -> list[int]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT item_id FROM dispute_items WHERE dispute_id = ? ORDER BY item_id",
            (dispute_id,),
        )
    ]


def set_status(conn: sqlite3.Connection, dispute_id: int, status: str, day: str) -> None:
    conn.execute(
        "UPDATE disputes SET status = ?,"
        " resolved_date = CASE WHEN ? LIKE 'resolved%' THEN ? ELSE NULL END WHERE id = ?",
        (status, status, day, dispute_id),
    )


def set_verification_sent(conn: sqlite3.Connection, dispute_id: int, day: str) -> None:
    conn.execute("UPDATE disputes SET verification_sent_date = ? WHERE id = ?", (day, dispute_id))


def add_event(
    conn: sqlite3.Connection,
    dispute_id: int,
    status: str,
    day: str,
    operator_id: int,
    note: str,
    now: str,
) -> None:
    conn.execute(
        "INSERT INTO dispute_events(dispute_id, status, business_date, operator_id, note,"
        " created_at) VALUES (?,?,?,?,?,?)",
        (dispute_id, status, day, operator_id, note, now),
    )


def events(conn: sqlite3.Connection, dispute_id: int) -> list[tuple[str, str, str, str]]:
    """(business date, status, operator login, note), oldest first."""
    return conn.execute(
        "SELECT e.business_date, e.status, o.login, e.note FROM dispute_events e"
        " JOIN operators o ON o.id = e.operator_id WHERE e.dispute_id = ? ORDER BY e.id",
        (dispute_id,),
    ).fetchall()
