"""Promises, plans, settlements and the approvals they wait for: the rows on an account."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

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


def set_status_if_active(
    conn: sqlite3.Connection,
    account_id: int,
    status: str,
    now: str,
    over: tuple[str, ...] = ("active", "promise", "plan"),
) -> None:
    """Mark the account's collection status if it is one of `over` (on the normal path)."""
    marks = ",".join("?" * len(over))
    conn.execute(
        "UPDATE accounts SET collection_status = ?, version = version + 1, updated_at = ?"
        f" WHERE id = ? AND collection_status IN ({marks})",
        (status, now, account_id, *over),
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
    account_id: int | None,
    amount_cents: int,
    operator_id: int,
    now: str,
    note: str,
    detail: dict[str, Any] | None = None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO approvals(kind, subject_id, account_id, amount_cents, requested_by,"
        " requested_at, note, detail) VALUES (?,?,?,?,?,?,?,?)",
        (kind, subject_id, account_id, amount_cents, operator_id, now, note,
         json.dumps(detail or {}, sort_keys=True)),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def pending_request(conn: sqlite3.Connection, kind: str, subject_id: int) -> int | None:
    """The id of a request of `kind` about `subject_id` still waiting, if there is one."""
    row = conn.execute(
        "SELECT id FROM approvals WHERE kind = ? AND subject_id = ? AND status = 'pending'",
        (kind, subject_id),
    ).fetchone()
    return int(row[0]) if row else None


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


def open_settlement(conn: sqlite3.Connection, account_id: int) -> int | None:
    row = conn.execute(
        "SELECT id FROM settlements WHERE account_id = ? AND status IN ('proposed', 'approved')",
        (account_id,),
    ).fetchone()
    return int(row[0]) if row else None


def add_settlement(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    balance_cents: int,
    offer_cents: int,
    due_date: str,
    status: str,
    operator_id: int,
    approved_by: int | None,
    day: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO settlements(account_id, balance_cents, offer_cents, due_date, status,"
        " created_by, approved_by, created_date, status_date) VALUES (?,?,?,?,?,?,?,?,?)",
        (account_id, balance_cents, offer_cents, due_date, status, operator_id, approved_by,
         day, day),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def settlements_of(conn: sqlite3.Connection, account_id: int) -> list[tuple]:
    """(id, balance, offer, due date, status, created date), newest first."""
    return conn.execute(
        "SELECT id, balance_cents, offer_cents, due_date, status, created_date FROM settlements"
        " WHERE account_id = ? ORDER BY id DESC LIMIT 20",
        (account_id,),
    ).fetchall()


@dataclass(frozen=True)
class ApprovalRow:
    id: int
    kind: str
    subject_id: int
    account_id: int | None
    account_number: str
    amount_cents: int
    status: str
    requested_by: int
    requested_login: str
    requested_at: str
    note: str
    detail_json: str = "{}"

    @property
    def detail(self) -> dict[str, Any]:
        return dict(json.loads(self.detail_json))


_APPROVAL = (
    "SELECT p.id, p.kind, p.subject_id, p.account_id, coalesce(a.account_number, ''),"
    " p.amount_cents, p.status, p.requested_by, o.login, p.requested_at, p.note, p.detail"
    " FROM approvals p JOIN operators o ON o.id = p.requested_by"
    " LEFT JOIN accounts a ON a.id = p.account_id"
)


def approval(conn: sqlite3.Connection, approval_id: int) -> ApprovalRow | None:
    row = conn.execute(f"{_APPROVAL} WHERE p.id = ?", (approval_id,)).fetchone()
    return ApprovalRow(*row) if row else None


def pending_approvals(conn: sqlite3.Connection, after_id: int, limit: int) -> list[ApprovalRow]:
    return [
        ApprovalRow(*row)
        for row in conn.execute(
            f"{_APPROVAL} WHERE p.status = 'pending' AND p.id > ? ORDER BY p.id LIMIT ?",
            (after_id, limit),
        )
    ]


def decide(
    conn: sqlite3.Connection, approval_id: int, status: str, operator_id: int, now: str, note: str
) -> None:
    conn.execute(
        "UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?,"
        " note = CASE WHEN ? = '' THEN note ELSE note || ' | ' || ? END WHERE id = ?",
        (status, operator_id, now, note, note, approval_id),
    )


def set_subject_status(
    conn: sqlite3.Connection,
    kind: str,
    subject_id: int,
    status: str,
    approver: int | None,
    day: str,
) -> None:
    """Move the plan or settlement an approval was about."""
    table = {"plan": "plans", "settlement": "settlements"}[kind]
    conn.execute(
        f"UPDATE {table} SET status = ?, approved_by = coalesce(?, approved_by), status_date = ?"
        " WHERE id = ?",
        (status, approver, day, subject_id),
    )
