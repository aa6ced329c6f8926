"""Batches of payments from bank files: the batch row, its exceptions, and what returns change."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def posted_with_sha(conn: sqlite3.Connection, sha256: str) -> tuple[int, str] | None:
    """(batch id, business date) of a posted batch made from the same file."""
    row = conn.execute(
        "SELECT id, business_date FROM batches WHERE file_sha256 = ? AND status = 'posted'"
        " ORDER BY id LIMIT 1",
        (sha256,),
    ).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def insert(
    conn: sqlite3.Connection,
    *,
    source: str,
    format: str,
    file_name: str,
    sha256: str,
    business_date: str,
    item_count: int,
    control_total_cents: int,
    operator_id: int,
    now: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO batches(source, format, file_name, file_sha256, business_date, item_count,"
        " control_total_cents, status, operator_id, created_at, posted_at)"
        " VALUES (?,?,?,?,?,?,?,'posted',?,?,?)",
        (source, format, file_name, sha256, business_date, item_count, control_total_cents,
         operator_id, now, now),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def finish(
    conn: sqlite3.Connection,
    batch_id: int,
    *,
    posted_cents: int,
    unapplied_cents: int,
    exception_count: int,
    summary: dict[str, Any],
) -> None:
    conn.execute(
        "UPDATE batches SET posted_total_cents = ?, unapplied_cents = ?, exception_count = ?,"
        " summary = ? WHERE id = ?",
        (posted_cents, unapplied_cents, exception_count, json.dumps(summary, sort_keys=True),
         batch_id),
    )  # fmt: skip


def add_exceptions(conn: sqlite3.Connection, batch_id: int, rows: list[tuple]) -> None:
    """(line, kind, cents, reference, reason, payment id) per exception."""
    conn.executemany(
        "INSERT INTO batch_exceptions(batch_id, line, kind, amount_cents, reference, reason,"
        " payment_id) VALUES (?,?,?,?,?,?,?)",
        [(batch_id, *row) for row in rows],
    )


def add_fee_item(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    document: str,
    cents: int,
    business_date: str,
    memo: str,
    operator_id: int,
    now: str,
) -> int:
    """A returned-payment fee: a new open item and the charge that explains it."""
    item_id = conn.execute(
        "INSERT INTO items(account_id, document_number, item_type, bill_date, due_date,"
        " amount_cents, open_cents, created_at, updated_at) VALUES (?,?,'fee',?,?,?,?,?,?)",
        (account_id, document, business_date, business_date, cents, cents, now, now),
    ).lastrowid
    conn.execute(
        "INSERT INTO ledger(account_id, item_id, entry_type, amount_cents, business_date, memo,"
        " operator_id, created_at) VALUES (?,?,'fee',?,?,?,?,?)",
        (account_id, item_id, cents, business_date, memo, operator_id, now),
    )
    return int(item_id or 0)


def raise_flag(
    conn: sqlite3.Connection, account_id: int, flag: str, reason: str, day: str, operator_id: int
) -> None:
    conn.execute(
        "INSERT INTO account_flags(account_id, flag, reason, set_date, set_by) VALUES (?,?,?,?,?)",
        (account_id, flag, reason, day, operator_id),
    )


def correct_bank_data(
    conn: sqlite3.Connection, account_id: int, changes: dict[str, str], now: str
) -> None:
    """Apply a notification of change to the account's ACH bank data (kept or created)."""
    row = conn.execute(
        "SELECT id FROM payment_methods WHERE account_id = ? AND kind = 'ach'"
        " AND status = 'active' ORDER BY id DESC LIMIT 1",
        (account_id,),
    ).fetchone()
    if row is None:
        row = (
            conn.execute(
                "INSERT INTO payment_methods(account_id, kind, source, updated_at)"
                " VALUES (?, 'ach', 'ach_noc', ?)",
                (account_id, now),
            ).lastrowid,
        )
    for column, value in changes.items():
        assert column in {"routing", "dfi_account", "account_type"}
        conn.execute(
            f"UPDATE payment_methods SET {column} = ?, source = 'ach_noc', updated_at = ?"
            " WHERE id = ?",
            (value, now, row[0]),
        )


def page(conn: sqlite3.Connection, before_id: int, limit: int) -> list[tuple]:
    """Batches newest first: id, business date, format, file, items, control, posted,
    unapplied, exceptions."""
    return conn.execute(
        "SELECT id, business_date, format, file_name, item_count, control_total_cents,"
        " posted_total_cents, unapplied_cents, exception_count FROM batches WHERE id < ?"
        " ORDER BY id DESC LIMIT ?",
        (before_id, limit),
    ).fetchall()


def exceptions(conn: sqlite3.Connection, batch_id: int, limit: int = 500) -> list[tuple]:
    return conn.execute(
        "SELECT line, kind, amount_cents, reference, reason FROM batch_exceptions"
        " WHERE batch_id = ? ORDER BY id LIMIT ?",
        (batch_id, limit),
    ).fetchall()


def deposit_totals(conn: sqlite3.Connection, business_date: str) -> list[tuple]:
    """Per batch of a business date: id, file, bank amount, posted, unapplied, reversed later."""
    return conn.execute(
        "SELECT b.id, coalesce(b.file_name, b.source), b.control_total_cents,"
        " b.posted_total_cents, b.unapplied_cents,"
        " coalesce((SELECT sum(p.amount_cents) FROM payments p WHERE p.batch_id = b.id"
        " AND p.status = 'reversed'), 0)"
        " FROM batches b WHERE b.business_date = ? ORDER BY b.id",
        (business_date,),
    ).fetchall()
