"""Messages the system leaves for an operator: written by a service, read on the MENU."""

from __future__ import annotations

import sqlite3


def add_message(
    conn: sqlite3.Connection,
    operator_id: int,
    account_id: int | None,
    text: str,
    day: str,
    now: str,
) -> None:
    conn.execute(
        "INSERT INTO operator_messages(operator_id, account_id, text, business_date,"
        " created_at) VALUES (?,?,?,?,?)",
        (operator_id, account_id, text, day, now),
    )


def unread_messages(conn: sqlite3.Connection, operator_id: int, limit: int) -> list[tuple]:
    """(id, business date, account number, text), oldest first."""
    return conn.execute(
        "SELECT m.id, m.business_date, coalesce(a.account_number, ''), m.text"
        " FROM operator_messages m LEFT JOIN accounts a ON a.id = m.account_id"
        " WHERE m.operator_id = ? AND m.read_at IS NULL ORDER BY m.id LIMIT ?",
        (operator_id, limit),
    ).fetchall()


def mark_read(conn: sqlite3.Connection, message_ids: list[int], now: str) -> None:
    conn.executemany(
        "UPDATE operator_messages SET read_at = ? WHERE id = ?",
        [(now, message_id) for message_id in message_ids],
    )
