"""Write-offs and credits: open amounts taken off the books, item by item, in the ledger."""

from __future__ import annotations

import sqlite3

from ar_tui.store.payments import next_id, write_ledger


def write_off_items(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    amount_cents: int | None,
    reason: str,
    operator_id: int | None,
    business_date: str,
    now: str,
) -> int:
    """Write off open items, oldest due first, up to `amount_cents` (None: all of them).

    One ledger entry per item, so every item's open amount still equals its ledger.
    Returns the cents written off (0: nothing was open).
    """
    return take_off_items(
        conn, account_id=account_id, amount_cents=amount_cents, entry_type="writeoff",
        memo=f"write-off: {reason}", closed_status="written_off", operator_id=operator_id,
        business_date=business_date, now=now,
    )  # fmt: skip


def take_off_items(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    amount_cents: int | None,
    entry_type: str,
    memo: str,
    closed_status: str,
    operator_id: int | None,
    business_date: str,
    now: str,
    item_ids: list[int] | None = None,
) -> int:
    """Lower open items (`item_ids` first, then the oldest due) by up to `amount_cents`.

    A write-off and a credit adjustment alike: one ledger entry per item, so every item's
    open amount still equals its ledger. An item brought to zero takes `closed_status`.
    Returns the cents taken off (0: nothing was open).
    """
    items = conn.execute(
        "SELECT id, open_cents FROM items WHERE account_id = ? AND open_cents > 0"
        " ORDER BY due_date, id",
        (account_id,),
    ).fetchall()
    if item_ids:
        chosen = set(item_ids)
        items = [i for i in items if i[0] in chosen] + [i for i in items if i[0] not in chosen]
    left = amount_cents if amount_cents is not None else sum(cents for _, cents in items)
    taken: list[tuple[int, int, int]] = []  # item, cents taken off, open after
    for item_id, open_cents in items:
        if left <= 0:
            break
        cents = min(left, open_cents)
        taken.append((item_id, cents, open_cents - cents))
        left -= cents
    if not taken:
        return 0
    ledger_id = next_id(conn, "ledger")
    write_ledger(
        conn,
        [
            (ledger_id + n, account_id, item_id, None, None, entry_type, -cents, business_date,
             None, memo, operator_id, now)
            for n, (item_id, cents, _after) in enumerate(taken)
        ],
    )  # fmt: skip
    conn.executemany(
        "UPDATE items SET open_cents = ?, status = ?, updated_at = ? WHERE id = ?",
        [
            (after, closed_status if after == 0 else "open", now, item_id)
            for item_id, _cents, after in taken
        ],
    )
    return sum(cents for _, cents, _after in taken)


def insert(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    amount_cents: int,
    reason: str,
    status: str,
    requested_by: int,
    approved_by: int | None,
    day: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO writeoffs(account_id, amount_cents, reason, status, requested_by,"
        " approved_by, requested_date, posted_date) VALUES (?,?,?,?,?,?,?,?)",
        (account_id, amount_cents, reason, status, requested_by, approved_by, day,
         day if status == "posted" else None),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def get(conn: sqlite3.Connection, writeoff_id: int) -> tuple[int, int, str, str] | None:
    """(account, amount, reason, status)."""
    row = conn.execute(
        "SELECT account_id, amount_cents, reason, status FROM writeoffs WHERE id = ?",
        (writeoff_id,),
    ).fetchone()
    return (int(row[0]), int(row[1]), str(row[2]), str(row[3])) if row else None


def set_status(
    conn: sqlite3.Connection,
    writeoff_id: int,
    status: str,
    approved_by: int | None,
    day: str,
    amount_cents: int | None = None,
) -> None:
    conn.execute(
        "UPDATE writeoffs SET status = ?, approved_by = coalesce(?, approved_by),"
        " posted_date = CASE WHEN ? = 'posted' THEN ? ELSE posted_date END,"
        " amount_cents = coalesce(?, amount_cents) WHERE id = ?",
        (status, approved_by, status, day, amount_cents, writeoff_id),
    )


def of_account(conn: sqlite3.Connection, account_id: int) -> list[tuple]:
    """(id, amount, reason, status, requested date, posted date), newest first."""
    return conn.execute(
        "SELECT id, amount_cents, reason, status, requested_date, posted_date FROM writeoffs"
        " WHERE account_id = ? ORDER BY id DESC LIMIT 20",
        (account_id,),
    ).fetchall()


def recoveries(conn: sqlite3.Connection, account_id: int) -> tuple[int, int]:
    """(count, cents) of the account's recovery payments not reversed."""
    row = conn.execute(
        "SELECT count(*), coalesce(sum(amount_cents), 0) FROM payments WHERE account_id = ?"
        " AND category = 'recovery' AND status <> 'reversed'",
        (account_id,),
    ).fetchone()
    return int(row[0]), int(row[1])
