"""Account locks: an account being worked belongs to one operator's session."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class LockRow:
    account_id: int
    operator_id: int
    login: str
    name: str
    session_id: str
    host: str
    pid: int
    locked_at: str
    heartbeat_at: str


def get(conn: sqlite3.Connection, account_id: int) -> LockRow | None:
    row = conn.execute(
        "SELECT l.account_id, l.operator_id, o.login, o.name, l.session_id, l.host, l.pid,"
        " l.locked_at, l.heartbeat_at FROM account_locks l"
        " JOIN operators o ON o.id = l.operator_id WHERE l.account_id = ?",
        (account_id,),
    ).fetchone()
    return LockRow(*row) if row else None


def put(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    operator_id: int,
    session_id: str,
    host: str,
    pid: int,
    now: str,
) -> None:
    conn.execute(
        "INSERT INTO account_locks(account_id, operator_id, session_id, host, pid, locked_at,"
        " heartbeat_at) VALUES (?,?,?,?,?,?,?) ON CONFLICT(account_id) DO UPDATE SET"
        " operator_id = excluded.operator_id, session_id = excluded.session_id,"
        " host = excluded.host, pid = excluded.pid, locked_at = excluded.locked_at,"
        " heartbeat_at = excluded.heartbeat_at",
        (account_id, operator_id, session_id, host, pid, now, now),
    )


def touch(conn: sqlite3.Connection, account_id: int, now: str) -> None:
    conn.execute(
        "UPDATE account_locks SET heartbeat_at = ? WHERE account_id = ?", (now, account_id)
    )


def touch_session(conn: sqlite3.Connection, session_id: str, now: str) -> int:
    return conn.execute(
        "UPDATE account_locks SET heartbeat_at = ? WHERE session_id = ?", (now, session_id)
    ).rowcount


def delete(conn: sqlite3.Connection, account_id: int) -> None:
    conn.execute("DELETE FROM account_locks WHERE account_id = ?", (account_id,))


def of_session(conn: sqlite3.Connection, session_id: str) -> list[int]:
    return [
        row[0]
        for row in conn.execute(
            "SELECT account_id FROM account_locks WHERE session_id = ?", (session_id,)
        )
    ]


def all_locks(conn: sqlite3.Connection) -> list[LockRow]:
    return [
        LockRow(*row)
        for row in conn.execute(
            "SELECT l.account_id, l.operator_id, o.login, o.name, l.session_id, l.host, l.pid,"
            " l.locked_at, l.heartbeat_at FROM account_locks l"
            " JOIN operators o ON o.id = l.operator_id ORDER BY l.account_id"
        )
    ]


def held_by_age(conn: sqlite3.Connection) -> list[tuple[str, LockRow]]:
    """(account number, lock) of every lock, longest held first: one row a session's
    account, so the table is as small as the sessions open."""
    return [
        (row[0], LockRow(*row[1:]))
        for row in conn.execute(
            "SELECT a.account_number, l.account_id, l.operator_id, o.login, o.name,"
            " l.session_id, l.host, l.pid, l.locked_at, l.heartbeat_at FROM account_locks l"
            " JOIN operators o ON o.id = l.operator_id JOIN accounts a ON a.id = l.account_id"
            " ORDER BY l.locked_at, l.account_id"
        )
    ]
