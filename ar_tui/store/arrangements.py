"""Promises to pay and installment plans: rows in force on an account."""

from __future__ import annotations

import sqlite3

from ar_tui.domain.plans import Installment


def bankrupt(conn: sqlite3.Connection, account_id: int) -> bool:
    return bool(
        conn.execute(
            "SELECT 1 FROM bankruptcies WHERE account_id = ? AND status = 'active' LIMIT 1",
            (account_id,),
        ).fetchone()
    )


def replace_pending_promises(conn: sqlite3.Connection, account_id: int, day: str) -> int:
    return conn.execute(
        "UPDATE promises SET status = 'replaced', resolved_date = ?"
        " WHERE account_id = ? AND status = 'pending'",
        (day, account_id),
    ).rowcount


def add_promise(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    amount_cents: int,
    promised_date: str,
    channel: str,
    operator_id: int,
    day: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO promises(account_id, amount_cents, promised_date, channel, created_by,"
        " created_date) VALUES (?,?,?,?,?,?)",
        (account_id, amount_cents, promised_date, channel, operator_id, day),
    )
    return int(cursor.lastrowid or 0)


def set_status_if_active(conn: sqlite3.Connection, account_id: int, status: str, now: str) -> None:
    """Mark the account's collection status, unless it is off the normal path already."""
    conn.execute(
        "UPDATE accounts SET collection_status = ?, version = version + 1, updated_at = ?"
        " WHERE id = ? AND collection_status IN ('active', 'promise', 'plan')",
        (status, now, account_id),
    )


def active_plan(conn: sqlite3.Connection, account_id: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM plans WHERE account_id = ? AND status IN ('active', 'pending_approval')",
        (account_id,),
    ).fetchone()
    return int(row[0]) if row else None


def add_plan(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    total_cents: int,
    down_cents: int,
    frequency: str,
    installments: list[Installment],
    status: str,
    operator_id: int,
    day: str,
) -> int:
    plan_id = int(
        conn.execute(
            "INSERT INTO plans(account_id, total_cents, down_payment_cents, installment_count,"
            " frequency, first_due_date, status, created_by, created_date, status_date)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (account_id, total_cents, down_cents, len(installments), frequency,
             installments[0].due_date.isoformat(), status, operator_id, day, day),
        ).lastrowid
        or 0
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO installments(plan_id, seq, due_date, amount_cents) VALUES (?,?,?,?)",
        [(plan_id, i.seq, i.due_date.isoformat(), i.amount_cents) for i in installments],
    )
    return plan_id


def request_approval(
    conn: sqlite3.Connection,
    *,
    kind: str,
    subject_id: int,
    account_id: int,
    amount_cents: int,
    operator_id: int,
    now: str,
    note: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO approvals(kind, subject_id, account_id, amount_cents, requested_by,"
        " requested_at, note) VALUES (?,?,?,?,?,?,?)",
        (kind, subject_id, account_id, amount_cents, operator_id, now, note),
    )
    return int(cursor.lastrowid or 0)


def promises_of(conn: sqlite3.Connection, account_id: int) -> list[tuple]:
    return conn.execute(
        "SELECT amount_cents, promised_date, channel, status, kept_cents, created_date"
        " FROM promises WHERE account_id = ? ORDER BY id DESC LIMIT 20",
        (account_id,),
    ).fetchall()


def plan_of(conn: sqlite3.Connection, account_id: int) -> tuple | None:
    """The newest plan: id, total, down, count, frequency, status, and its installments."""
    plan = conn.execute(
        "SELECT id, total_cents, down_payment_cents, installment_count, frequency, status"
        " FROM plans WHERE account_id = ? ORDER BY id DESC LIMIT 1",
        (account_id,),
    ).fetchone()
    if plan is None:
        return None
    installments = conn.execute(
        "SELECT seq, due_date, amount_cents, paid_cents, status FROM installments"
        " WHERE plan_id = ? ORDER BY seq",
        (plan[0],),
    ).fetchall()
    return (*plan, installments)
