"""Operators: who may use a database, in which role, with which daily limits."""

from __future__ import annotations

import sqlite3

from ar_tui.domain.models import Operator

_COLUMNS = "id, login, name, role, uid, active"


def _operator(row: tuple) -> Operator:
    return Operator(
        id=row[0], login=row[1], name=row[2], role=row[3], uid=row[4], active=bool(row[5])
    )


def by_login(conn: sqlite3.Connection, login: str) -> Operator | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM operators WHERE login = ?", (login,)).fetchone()
    return _operator(row) if row else None


def insert(
    conn: sqlite3.Connection,
    *,
    login: str,
    name: str,
    role: str,
    limits: dict[str, int],
    now: str,
    team: str | None = None,
    uid: int | None = None,
) -> Operator:
    """A new operator with their daily limit of each kind."""
    cursor = conn.execute(
        "INSERT INTO operators(login, uid, name, role, team, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        (login, uid, name, role, team, now),
    )
    operator_id = int(cursor.lastrowid or 0)
    for kind, cents in limits.items():
        set_limit(conn, operator_id, kind, cents)
    operator = by_id(conn, operator_id)
    assert operator is not None
    return operator


def by_id(conn: sqlite3.Connection, operator_id: int) -> Operator | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM operators WHERE id = ?", (operator_id,)).fetchone()
    return _operator(row) if row else None


def bind_uid(conn: sqlite3.Connection, operator_id: int, uid: int) -> None:
    """Key an operator added before its uid was known (or by an older version) to it."""
    conn.execute("UPDATE operators SET uid = ? WHERE id = ? AND uid IS NULL", (uid, operator_id))


def set_limit(conn: sqlite3.Connection, operator_id: int, kind: str, cents: int) -> None:
    conn.execute(
        "INSERT INTO operator_limits(operator_id, kind, daily_cents) VALUES (?, ?, ?)"
        " ON CONFLICT(operator_id, kind) DO UPDATE SET daily_cents = excluded.daily_cents",
        (operator_id, kind, cents),
    )


def limits(conn: sqlite3.Connection, operator_id: int) -> dict[str, int]:
    """Kind -> the operator's daily limit in cents (0 for a kind never set)."""
    return dict(
        conn.execute(
            "SELECT kind, daily_cents FROM operator_limits WHERE operator_id = ?", (operator_id,)
        ).fetchall()
    )


def used(conn: sqlite3.Connection, operator_id: int, kind: str, day: str) -> int:
    """What the operator has spent of a daily limit on business date `day`."""
    (cents,) = conn.execute(
        "SELECT coalesce(sum(cents), 0) FROM limit_usage"
        " WHERE operator_id = ? AND kind = ? AND business_date = ?",
        (operator_id, kind, day),
    ).fetchone()
    return int(cents)


def spend(
    conn: sqlite3.Connection,
    *,
    operator_id: int,
    kind: str,
    day: str,
    cents: int,
    action: str,
    subject: str,
    now: str,
) -> None:
    conn.execute(
        "INSERT INTO limit_usage(operator_id, kind, business_date, cents, action, subject,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (operator_id, kind, day, cents, action, subject, now),
    )
