"""Postponements: a collector's word that an account waits until a day or a time."""

from __future__ import annotations

import sqlite3


def insert(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    operator_id: int,
    until_day: str,
    until_at: str | None,
    reason: str,
    business_date: str,
    created_at: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO postponements(account_id, operator_id, until_day, until_at, reason,"
        " business_date, created_at) VALUES (?,?,?,?,?,?,?)",
        (account_id, operator_id, until_day, until_at, reason, business_date, created_at),
    )
    return int(cursor.lastrowid or 0)


def latest(conn: sqlite3.Connection, account_id: int) -> tuple | None:
    """The account's last postponement: (until day, until instant or None, reason, login,
    business date and instant it was made)."""
    return conn.execute(
        "SELECT p.until_day, p.until_at, p.reason, o.login, p.business_date, p.created_at"
        " FROM postponements p"
        " JOIN operators o ON o.id = p.operator_id"
        " WHERE p.account_id = ? ORDER BY p.id DESC LIMIT 1",
        (account_id,),
    ).fetchone()


def due_on(
    conn: sqlite3.Connection, operator_ids: list[int] | None, day: str, limit: int = 500
) -> list[tuple]:
    """Postponements that end on business date `day` and no contact has answered yet (each
    account's last only), of the
    accounts of `operator_ids` or made by them (None: everyone's): (number, name, login of
    who postponed it, until instant or None, reason, time zone)."""
    ids = ",".join(str(i) for i in operator_ids or ())
    who = (
        f"(a.collector_id IN ({ids}) OR p.operator_id IN ({ids})) AND"
        if operator_ids is not None
        else ""
    )
    return conn.execute(
        "SELECT a.account_number, a.name, o.login, p.until_at, p.reason, a.time_zone"
        " FROM postponements p JOIN accounts a ON a.id = p.account_id"
        " JOIN operators o ON o.id = p.operator_id"
        f" WHERE {who} p.until_day = ?"
        " AND p.id = (SELECT max(id) FROM postponements WHERE account_id = p.account_id)"
        # A contact logged since it was made answers it.
        " AND NOT EXISTS (SELECT 1 FROM activities t WHERE t.account_id = p.account_id"
        "                 AND t.occurred_at > p.created_at)"
        " ORDER BY coalesce(p.until_at, ''), a.id LIMIT ?",
        (day, limit),
    ).fetchall()
