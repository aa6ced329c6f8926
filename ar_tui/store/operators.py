"""Operators: who may use a database, and in which role."""

from __future__ import annotations

import sqlite3

from ar_tui.domain.models import Operator

_COLUMNS = "id, login, name, role, approval_limit_cents, active"


def _operator(row: tuple) -> Operator:
    return Operator(
        id=row[0],
        login=row[1],
        name=row[2],
        role=row[3],
        approval_limit_cents=row[4],
        active=bool(row[5]),
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
    approval_limit_cents: int,
    now: str,
    team: str | None = None,
) -> Operator:
    cursor = conn.execute(
        "INSERT INTO operators(login, name, role, approval_limit_cents, team, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (login, name, role, approval_limit_cents, team, now),
    )
    operator = by_id(conn, int(cursor.lastrowid or 0))
    assert operator is not None
    return operator


def by_id(conn: sqlite3.Connection, operator_id: int) -> Operator | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM operators WHERE id = ?", (operator_id,)).fetchone()
    return _operator(row) if row else None
