"""What an account history exhibit reads: the account, its items, its whole ledger, contacts."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator


def header(conn: sqlite3.Connection, account_id: int) -> tuple:
    """(number, name, customer type, bill type, state, collector name, status)."""
    return tuple(
        conn.execute(
            "SELECT a.account_number, a.name, a.customer_type, a.bill_type, a.state,"
            " coalesce(o.name, ''), a.collection_status FROM accounts a"
            " LEFT JOIN operators o ON o.id = a.collector_id WHERE a.id = ?",
            (account_id,),
        ).fetchone()
    )


def items(conn: sqlite3.Connection, account_id: int) -> list[tuple]:
    """(document, type, due date, amount, open) of every item, by due date."""
    return conn.execute(
        "SELECT document_number, item_type, due_date, amount_cents, open_cents FROM items"
        " WHERE account_id = ? ORDER BY due_date, id",
        (account_id,),
    ).fetchall()


def ledger(conn: sqlite3.Connection, account_id: int) -> Iterator[tuple]:
    """(id, date, type, document, receipt or reference, memo, amount), oldest first."""
    cursor = conn.execute(
        "SELECT l.id, l.business_date, l.entry_type, coalesce(i.document_number, ''),"
        " coalesce(p.receipt_number, ''), l.memo, l.amount_cents FROM ledger l"
        " LEFT JOIN items i ON i.id = l.item_id LEFT JOIN payments p ON p.id = l.payment_id"
        " WHERE l.account_id = ? ORDER BY l.id",
        (account_id,),
    )
    while rows := cursor.fetchmany(1000):
        yield from rows


def contact_counts(conn: sqlite3.Connection, account_id: int) -> tuple[int, int, int, str | None]:
    """(contacts, call attempts, conversations, last contact date)."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(is_attempt), 0), coalesce(sum(is_conversation), 0),"
        " max(business_date) FROM activities WHERE account_id = ?",
        (account_id,),
    ).fetchone()
    return int(row[0]), int(row[1]), int(row[2]), row[3]


def outcomes(conn: sqlite3.Connection, account_id: int) -> list[tuple[str, int]]:
    return conn.execute(
        "SELECT outcome, count(*) FROM activities WHERE account_id = ?"
        " GROUP BY outcome ORDER BY count(*) DESC, outcome",
        (account_id,),
    ).fetchall()


def disputes(conn: sqlite3.Connection, account_id: int) -> list[tuple]:
    """(opened, reason, department, amount, status, resolved) oldest first."""
    return conn.execute(
        "SELECT opened_date, reason, department, amount_cents, status,"
        " coalesce(resolved_date, '') FROM disputes WHERE account_id = ? ORDER BY id",
        (account_id,),
    ).fetchall()
