"""The nightly cycle's reads and writes: runs, promises, plans and settlements to resolve."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

# Money received on an account from `start` to `end` (ISO dates), reversed payments left out.
_PAID = (
    "(SELECT coalesce(sum(p.amount_cents), 0) FROM payments p WHERE p.account_id = {account}"
    " AND p.status = 'posted' AND p.received_date >= {start} AND p.received_date <= {end})"
)


def ran_for(conn: sqlite3.Connection, as_of: str) -> dict[str, Any] | None:
    """The summary of the run that closed `as_of`, or None if none did."""
    row = conn.execute("SELECT summary FROM nightly_runs WHERE as_of = ?", (as_of,)).fetchone()
    return json.loads(row[0]) if row else None


def latest_run(conn: sqlite3.Connection) -> tuple[str, dict[str, Any]] | None:
    """(when it started, its summary) of the last run, or None."""
    row = conn.execute(
        "SELECT started_at, summary FROM nightly_runs ORDER BY as_of DESC LIMIT 1"
    ).fetchone()
    return (str(row[0]), json.loads(row[1])) if row else None


def record_run(
    conn: sqlite3.Connection, as_of: str, login: str, started_at: str, summary: dict[str, Any]
) -> None:
    conn.execute(
        "INSERT INTO nightly_runs(as_of, operator_login, started_at, summary) VALUES (?,?,?,?)",
        (as_of, login, started_at, json.dumps(summary, sort_keys=True)),
    )


def dates_due(conn: sqlite3.Connection) -> list[str]:
    """Every date a pending promise or an open settlement is due on."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT promised_date FROM promises WHERE status = 'pending'"
            " UNION SELECT DISTINCT due_date FROM settlements"
            " WHERE status IN ('proposed', 'approved')"
        )
    ]


def fill_honoured_through(conn: sqlite3.Connection, days: dict[str, str]) -> None:
    """Temp table: a due date -> the banking day it is honoured through (itself, or the next
    banking day when it falls on a weekend or a holiday)."""
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS honoured (day TEXT PRIMARY KEY, through TEXT NOT NULL)"
    )
    conn.execute("DELETE FROM honoured")
    conn.executemany("INSERT INTO honoured VALUES (?, ?)", days.items())


def _through(column: str) -> str:
    return f"coalesce((SELECT h.through FROM honoured h WHERE h.day = {column}), {column})"


def pending_promises(conn: sqlite3.Connection, as_of: str) -> list[tuple[int, int, int, str, int]]:
    """(promise, account, amount, date honoured through, paid from its making to then)."""
    through = _through("pr.promised_date")
    paid = _PAID.format(account="pr.account_id", start="pr.created_date", end=f"min({through}, ?)")
    return conn.execute(
        f"SELECT pr.id, pr.account_id, pr.amount_cents, {through}, {paid}"
        " FROM promises pr WHERE pr.status = 'pending' ORDER BY pr.id",
        (as_of,),
    ).fetchall()


def resolve_promises(conn: sqlite3.Connection, rows: list[tuple[str, int, str, int]]) -> None:
    """(status, kept cents, day, promise id)."""
    conn.executemany(
        "UPDATE promises SET status = ?, kept_cents = ?, resolved_date = ? WHERE id = ?", rows
    )


def active_plans(conn: sqlite3.Connection, as_of: str) -> list[tuple]:
    """(plan, account, down payment, made, paid since made) of every plan in force."""
    paid = _PAID.format(account="pl.account_id", start="pl.created_date", end="?")
    return conn.execute(
        f"SELECT pl.id, pl.account_id, pl.down_payment_cents, pl.created_date, {paid}"
        " FROM plans pl WHERE pl.status = 'active' ORDER BY pl.id",
        (as_of,),
    ).fetchall()


def installments_of(conn: sqlite3.Connection, plan_id: int) -> list[tuple[int, str, int, int, str]]:
    """(seq, due date, amount, paid, status) in order."""
    return conn.execute(
        "SELECT seq, due_date, amount_cents, paid_cents, status FROM installments"
        " WHERE plan_id = ? ORDER BY seq",
        (plan_id,),
    ).fetchall()


def update_installments(conn: sqlite3.Connection, rows: list[tuple[int, str, int, int]]) -> None:
    """(paid cents, status, plan id, seq)."""
    conn.executemany(
        "UPDATE installments SET paid_cents = ?, status = ? WHERE plan_id = ? AND seq = ?", rows
    )


def set_plan_status(conn: sqlite3.Connection, plan_id: int, status: str, day: str) -> None:
    conn.execute(
        "UPDATE plans SET status = ?, status_date = ? WHERE id = ?", (status, day, plan_id)
    )


def open_settlements(conn: sqlite3.Connection, as_of: str) -> list[tuple]:
    """(settlement, account, status, offer, date honoured through, created by, approved by,
    paid from its making to then)."""
    through = _through("s.due_date")
    paid = _PAID.format(account="s.account_id", start="s.created_date", end=f"min({through}, ?)")
    return conn.execute(
        f"SELECT s.id, s.account_id, s.status, s.offer_cents, {through}, s.created_by,"
        f" s.approved_by, {paid} FROM settlements s"
        " WHERE s.status IN ('proposed', 'approved') ORDER BY s.id",
        (as_of,),
    ).fetchall()


def set_settlement_status(
    conn: sqlite3.Connection, settlement_id: int, status: str, day: str
) -> None:
    conn.execute(
        "UPDATE settlements SET status = ?, status_date = ? WHERE id = ?",
        (status, day, settlement_id),
    )


def expire_approvals(conn: sqlite3.Connection, kind: str, subject_id: int, now: str) -> None:
    """A request whose subject ended before anyone decided is closed as expired."""
    conn.execute(
        "UPDATE approvals SET status = 'expired', decided_at = ?"
        " WHERE kind = ? AND subject_id = ? AND status = 'pending'",
        (now, kind, subject_id),
    )


def end_status(
    conn: sqlite3.Connection, account_id: int, ended: str, status: str, now: str
) -> None:
    """Move the account from status `ended` to `status` (nothing if it is elsewhere by now)."""
    conn.execute(
        "UPDATE accounts SET collection_status = ?, version = version + 1, updated_at = ?"
        " WHERE id = ? AND collection_status = ?",
        (status, now, account_id, ended),
    )


def close_arrangements(conn: sqlite3.Connection, account_id: int, status: str, day: str) -> None:
    """A settled account's promise still pending and plan in force end with it."""
    conn.execute(
        "UPDATE promises SET status = ?, resolved_date = ? WHERE account_id = ?"
        " AND status = 'pending'",
        (status, day, account_id),
    )
    conn.execute(
        "UPDATE plans SET status = ?, status_date = ? WHERE account_id = ?"
        " AND status IN ('active', 'pending_approval')",
        (status, day, account_id),
    )


def open_by_due_date(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """(due date, open cents) over the whole portfolio: aging needs no more."""
    return conn.execute(
        "SELECT due_date, sum(open_cents) FROM items WHERE open_cents <> 0 GROUP BY due_date"
    ).fetchall()
