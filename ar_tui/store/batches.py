"""Batches of payments from bank files: the batch row, its exceptions, and what returns change."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


def posted_with_sha(conn: sqlite3.Connection, sha256: str) -> tuple[int, str, str] | None:
    """(batch id, business date, status) of a batch made from the same file, posted or
    posting."""
    row = conn.execute(
        "SELECT id, business_date, status FROM batches WHERE file_sha256 = ?"
        " AND status IN ('posted', 'posting') ORDER BY id LIMIT 1",
        (sha256,),
    ).fetchone()
    return (int(row[0]), str(row[1]), str(row[2])) if row else None


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
    file_bytes: int = 0,
    item_order: Sequence[int] = (),
) -> int:
    """A new batch, `posting` until its last chunk commits, with the order its items post in."""
    cursor = conn.execute(
        "INSERT INTO batches(source, format, file_name, file_sha256, business_date, item_count,"
        " control_total_cents, status, operator_id, created_at, file_bytes, item_order)"
        " VALUES (?,?,?,?,?,?,?,'posting',?,?,?,?)",
        (source, format, file_name, sha256, business_date, item_count, control_total_cents,
         operator_id, now, file_bytes, array("I", item_order).tobytes()),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def item_order(conn: sqlite3.Connection, batch_id: int) -> list[int] | None:
    """The order a batch posts its items in (their indexes in the file), as it was stored."""
    row = conn.execute("SELECT item_order FROM batches WHERE id = ?", (batch_id,)).fetchone()
    if row is None or not row[0]:
        return None
    order = array("I")
    order.frombytes(row[0])
    return order.tolist()


def add_file_part(conn: sqlite3.Connection, batch_id: int, part: int, content: bytes) -> None:
    conn.execute(
        "INSERT INTO batch_files(batch_id, part, content) VALUES (?,?,?)",
        (batch_id, part, content),
    )


def file_content(conn: sqlite3.Connection, batch_id: int) -> bytes | None:
    """The file a batch posts, or None when its parts were not all stored."""
    row = conn.execute("SELECT file_bytes FROM batches WHERE id = ?", (batch_id,)).fetchone()
    parts = conn.execute(
        "SELECT content FROM batch_files WHERE batch_id = ? ORDER BY part", (batch_id,)
    ).fetchall()
    content = b"".join(part for (part,) in parts)
    return content if row is not None and len(content) == row[0] and content else None


@dataclass(frozen=True)
class Progress:
    """Where a batch stands: its status, how many of the file's items are done, its totals."""

    id: int
    status: str
    posted_through: int
    item_count: int
    format: str
    file_name: str
    sha256: str
    business_date: str
    posted_cents: int
    unapplied_cents: int
    exception_count: int
    summary: dict[str, Any]


def progress(conn: sqlite3.Connection, batch_id: int) -> Progress | None:
    row = conn.execute(
        "SELECT id, status, posted_through, item_count, coalesce(format, ''),"
        " coalesce(file_name, ''), coalesce(file_sha256, ''), business_date,"
        " posted_total_cents, unapplied_cents, exception_count, summary"
        " FROM batches WHERE id = ?",
        (batch_id,),
    ).fetchone()
    if row is None:
        return None
    return Progress(
        id=row[0], status=row[1], posted_through=row[2], item_count=row[3], format=row[4],
        file_name=row[5], sha256=row[6], business_date=row[7], posted_cents=row[8],
        unapplied_cents=row[9], exception_count=row[10], summary=json.loads(row[11] or "{}"),
    )  # fmt: skip


def posting(conn: sqlite3.Connection) -> list[int]:
    """The batches still posting, oldest first."""
    return [
        int(row[0])
        for row in conn.execute("SELECT id FROM batches WHERE status = 'posting' ORDER BY id")
    ]


def advance(
    conn: sqlite3.Connection,
    batch_id: int,
    *,
    start: int,
    through: int,
    posted_cents: int,
    unapplied_cents: int,
    exception_count: int,
    summary: dict[str, Any],
) -> bool:
    """Record a chunk: the items before `through` are done. False (nothing changed) when
    the batch was not at `start`: someone else moved it on."""
    cursor = conn.execute(
        "UPDATE batches SET posted_through = ?, posted_total_cents = posted_total_cents + ?,"
        " unapplied_cents = unapplied_cents + ?, exception_count = exception_count + ?,"
        " summary = ? WHERE id = ? AND status = 'posting' AND posted_through = ?",
        (through, posted_cents, unapplied_cents, exception_count,
         json.dumps(summary, sort_keys=True), batch_id, start),
    )  # fmt: skip
    return cursor.rowcount == 1


def complete(conn: sqlite3.Connection, batch_id: int, now: str) -> None:
    """The last chunk committed: the batch is posted, and the copy of its file goes."""
    conn.execute(
        "UPDATE batches SET status = 'posted', posted_at = ?, item_order = NULL WHERE id = ?",
        (now, batch_id),
    )
    conn.execute("DELETE FROM batch_files WHERE batch_id = ?", (batch_id,))


def abandon(conn: sqlite3.Connection, batch_id: int) -> None:
    """A batch cut short before any of it posted (its file not all stored): failed."""
    conn.execute(
        "UPDATE batches SET status = 'failed' WHERE id = ? AND status = 'posting'"
        " AND posted_through = 0",
        (batch_id,),
    )
    conn.execute("DELETE FROM batch_files WHERE batch_id = ?", (batch_id,))


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
    unapplied, exceptions, status."""
    return conn.execute(
        "SELECT id, business_date, format, file_name, item_count, control_total_cents,"
        " posted_total_cents, unapplied_cents, exception_count, status FROM batches WHERE id < ?"
        " ORDER BY id DESC LIMIT ?",
        (before_id, limit),
    ).fetchall()


def exceptions(conn: sqlite3.Connection, batch_id: int, limit: int = 500) -> list[tuple]:
    """(line, kind, cents, reference, reason) of a batch's exceptions, in the order found."""
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
