"""Posting payments: ledger entries and open amounts written together, in bulk.

Every function runs inside the caller's transaction. Amounts in the ledger are
negative for money received; `open_cents` of an item always moves with a ledger
entry naming it, so `db check` can prove the two agree.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from ar_tui.domain.allocation import ItemTuple, allocate
from ar_tui.domain.payments import receipt_number
from ar_tui.store import scratch


class NewPayment(NamedTuple):
    """One payment to post; with no account (or an `unapplied_reason`) it is unapplied cash.

    A tuple, not a frozen dataclass: a bank file builds one per payment, and a tuple
    is built three times faster.
    """

    amount_cents: int
    method: str
    reference: str
    received_date: str
    account_id: int | None = None
    bank_item_key: str | None = None
    payer: str = ""
    currency: str = "USD"
    preferred_items: tuple[int, ...] = ()
    spill: bool = True
    unapplied_reason: str | None = None
    category: str = "payment"
    review_flag: str | None = None
    source_line: int | None = None
    transferred_from: int | None = None


@dataclass(slots=True)
class Posted:
    """What posting one payment did."""

    payment_id: int
    receipt: str
    account_id: int | None
    amount_cents: int
    applied: list[tuple[int, int]] = field(default_factory=list)
    unapplied_cents: int = 0
    recovered_cents: int = 0


def next_id(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0])


def open_items_of(
    conn: sqlite3.Connection, account_ids: Iterable[int]
) -> dict[int, list[ItemTuple]]:
    """account id -> (item id, due date, open cents) of the items with something open."""
    found: dict[int, list[ItemTuple]] = defaultdict(list)
    if not scratch.fill_ids(conn, account_ids):
        return found
    parse = date.fromisoformat
    for account_id, item_id, due, open_cents in conn.execute(
        # `IN (SELECT ...)` probes the index once per wanted account; a join driven by the
        # temp table made SQLite build a Bloom filter over every item of the portfolio first.
        "SELECT i.account_id, i.id, i.due_date, i.open_cents FROM items i"
        " WHERE i.account_id IN (SELECT id FROM wanted_accounts) AND i.open_cents > 0"
    ).fetchall():
        found[account_id].append((item_id, parse(due), open_cents))
    return found


def _open_after(items: list[ItemTuple], applied: Sequence[tuple[int, int]]) -> dict[int, int]:
    """item id -> open cents once `applied` is paid, for the items it pays."""
    paid = dict(applied)
    return {item_id: cents - paid[item_id] for item_id, _, cents in items if item_id in paid}


def post(
    conn: sqlite3.Connection,
    payments: Sequence[NewPayment],
    *,
    batch_id: int | None,
    business_date: str,
    operator_id: int,
    now: str,
) -> list[Posted]:
    """Post `payments`; later payments to an account see what earlier ones paid.

    Payments are written in account order (file order within an account): the rows
    of one account then sit together in every table and index, which makes a large
    batch several times faster than writing them in the random order of the file.
    Results come back in the order given.
    """
    order = sorted(range(len(payments)), key=lambda n: (payments[n].account_id or 0, n))
    open_items = open_items_of(
        conn, (p.account_id for p in payments if p.account_id and not p.unapplied_reason)
    )
    payment_id = next_id(conn, "payments")
    ledger_id = next_id(conn, "ledger")
    payment_rows: list[tuple] = []
    ledger_rows: list[tuple] = []
    touched_items: dict[int, int] = {}
    results: list[Posted | None] = [None] * len(payments)
    for position, index in enumerate(order):
        new = payments[index]
        result = Posted(payment_id, receipt_number(payment_id), new.account_id, new.amount_cents)
        account = new.account_id
        if account is not None and not new.unapplied_reason:
            items = open_items.get(account, [])
            plan = allocate(new.amount_cents, items, new.preferred_items, spill=new.spill)
            if plan.applied:
                memo = f"{new.method} {new.reference}".strip()
                for item_id, cents in plan.applied:
                    ledger_rows.append(
                        (ledger_id, account, item_id, payment_id, batch_id, "payment", -cents,
                         business_date, None, memo, operator_id, now)
                    )  # fmt: skip
                    ledger_id += 1
                after = _open_after(items, plan.applied)
                touched_items.update(after)
                following = order[position + 1] if position + 1 < len(order) else None
                if following is not None and payments[following].account_id == account:
                    # The next payment is to the same account: it sees what this one paid.
                    open_items[account] = [
                        (item_id, due, after[item_id])
                        if item_id in after
                        else (item_id, due, cents)
                        for item_id, due, cents in items
                    ]
            result.applied = list(plan.applied)
            left = plan.unapplied_cents
            if left and new.category == "recovery":
                # Money beyond what is open on a charged-off account recovers what was
                # written off: the write-off is reinstated by the same amount and paid.
                ledger_rows.append(
                    (ledger_id, account, None, payment_id, batch_id, "recovery", left,
                     business_date, None, "recovery of amount written off", operator_id, now)
                )  # fmt: skip
                ledger_rows.append(
                    (ledger_id + 1, account, None, payment_id, batch_id, "payment", -left,
                     business_date, None, f"{new.method} {new.reference} recovery".strip(),
                     operator_id, now)
                )  # fmt: skip
                ledger_id += 2
                result.recovered_cents = left
            elif left:
                ledger_rows.append(
                    (ledger_id, account, None, payment_id, batch_id, "unapplied", -left,
                     business_date, None, "unapplied credit", operator_id, now)
                )  # fmt: skip
                ledger_id += 1
                result.unapplied_cents = left
        else:
            result.unapplied_cents = new.amount_cents
            if account is not None:
                ledger_rows.append(
                    (ledger_id, account, None, payment_id, batch_id, "unapplied", -new.amount_cents,
                     business_date, None, new.unapplied_reason or "unapplied credit", operator_id,
                     now)
                )  # fmt: skip
                ledger_id += 1
        payment_rows.append(
            (payment_id, result.receipt, account, batch_id, new.amount_cents, new.method,
             new.reference, new.received_date, business_date, new.bank_item_key, "posted",
             result.unapplied_cents, new.unapplied_reason if result.unapplied_cents else None,
             new.review_flag, operator_id, now, new.category, result.recovered_cents,
             new.currency, new.payer, new.source_line, new.transferred_from)
        )  # fmt: skip
        results[index] = result
        payment_id += 1
    conn.executemany(
        "INSERT INTO payments(id, receipt_number, account_id, batch_id, amount_cents, method,"
        " reference, received_date, business_date, bank_item_key, status, unapplied_cents,"
        " unapplied_reason, review_flag, operator_id, created_at, category, recovered_cents,"
        " currency, payer, source_line, transferred_from)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        payment_rows,
    )
    write_ledger(conn, ledger_rows)
    set_open_amounts(conn, touched_items, now)
    return [result for result in results if result is not None]


def write_ledger(conn: sqlite3.Connection, rows: Sequence[tuple]) -> None:
    """Rows of (id, account, item, payment, batch, type, cents, business date, reverses,
    memo, operator, created at)."""
    conn.executemany(
        "INSERT INTO ledger(id, account_id, item_id, payment_id, batch_id, entry_type,"
        " amount_cents, business_date, reverses_id, memo, operator_id, created_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )


def set_open_amounts(conn: sqlite3.Connection, open_by_item: dict[int, int], now: str) -> None:
    conn.executemany(
        "UPDATE items SET open_cents = ?, status = ?, updated_at = ? WHERE id = ?",
        [
            (cents, "paid" if cents == 0 else "open", now, item_id)
            for item_id, cents in sorted(open_by_item.items())
        ],
    )


@dataclass(frozen=True)
class PaymentRow:
    id: int
    receipt: str
    account_id: int | None
    batch_id: int | None
    amount_cents: int
    method: str
    reference: str
    received_date: str
    status: str
    unapplied_cents: int
    recovered_cents: int
    category: str
    review_flag: str | None
    unapplied_reason: str | None
    payer: str
    bank_item_key: str | None


_PAYMENT = (
    "SELECT id, receipt_number, account_id, batch_id, amount_cents, method, reference,"
    " received_date, status, unapplied_cents, recovered_cents, category, review_flag,"
    " unapplied_reason, payer, bank_item_key FROM payments"
)


def _row(row: tuple | None) -> PaymentRow | None:
    return PaymentRow(*row) if row else None


def by_receipt(conn: sqlite3.Connection, receipt: str) -> PaymentRow | None:
    return _row(conn.execute(f"{_PAYMENT} WHERE receipt_number = ?", (receipt,)).fetchone())


def by_id(conn: sqlite3.Connection, payment_id: int) -> PaymentRow | None:
    return _row(conn.execute(f"{_PAYMENT} WHERE id = ?", (payment_id,)).fetchone())


def by_bank_keys(conn: sqlite3.Connection, keys: Sequence[str]) -> dict[str, str]:
    """bank item key -> receipt, for the keys already posted.

    One look-up by key each: most payments have no bank item key, so the statistics of the
    column's unique index count the NULLs as one key held by every payment, and for an
    `IN (...)` list the planner then scans all payments. An equality on a unique column is
    always the index.
    """
    found: dict[str, str] = {}
    lookup = "SELECT receipt_number FROM payments WHERE bank_item_key = ?"
    for key in dict.fromkeys(keys):
        row = conn.execute(lookup, (key,)).fetchone()
        if row is not None:
            found[key] = row[0]
    return found


def by_trace(conn: sqlite3.Connection, trace: str) -> PaymentRow | None:
    """The ACH payment an entry's trace number names: by its bank item key, else an ACH
    payment with the trace as its reference (two look-ups by key; an OR of both scans)."""
    found = conn.execute(f"{_PAYMENT} WHERE bank_item_key = ?", (f"ach:{trace}",)).fetchone()
    if found is None:
        found = conn.execute(
            f"{_PAYMENT} WHERE reference = ? AND reference <> '' AND method = 'ach'"
            " ORDER BY id LIMIT 1",
            (trace,),
        ).fetchone()
    return _row(found)


def for_account(conn: sqlite3.Connection, account_id: int, limit: int = 200) -> list[PaymentRow]:
    rows = conn.execute(
        f"{_PAYMENT} WHERE account_id = ? ORDER BY id DESC LIMIT ?", (account_id, limit)
    ).fetchall()
    return [PaymentRow(*row) for row in rows]


def same_as(
    conn: sqlite3.Connection,
    account_id: int,
    amount_cents: int,
    method: str,
    reference: str,
    since: str,
) -> tuple[str, str] | None:
    """(receipt, received date) of the newest posted payment to the account with this amount
    and reference (with no reference: this method) received on or after `since`. Reads the
    account's own payments by the (account_id, id) index, never the whole table."""
    same = "lower(reference) = lower(?)" if reference else "reference = '' AND method = ?"
    row = conn.execute(
        "SELECT receipt_number, received_date FROM payments"
        f" WHERE account_id = ? AND amount_cents = ? AND {same}"
        " AND status = 'posted' AND received_date >= ? ORDER BY id DESC LIMIT 1",
        (account_id, amount_cents, reference or method, since),
    ).fetchone()
    return (row[0], row[1]) if row else None


def unapplied_page(conn: sqlite3.Connection, after_id: int, limit: int) -> list[PaymentRow]:
    """Unapplied cash, oldest first: credits on accounts and cash that matched no account."""
    rows = conn.execute(
        f"{_PAYMENT} WHERE unapplied_cents > 0 AND status = 'posted' AND id > ?"
        " ORDER BY id LIMIT ?",
        (after_id, limit),
    ).fetchall()
    return [PaymentRow(*row) for row in rows]


def net_allocations(conn: sqlite3.Connection, payment_id: int) -> list[tuple[int, int, int, int]]:
    """(item id, account id, cents still applied, last ledger id) per item the payment pays."""
    return conn.execute(
        "SELECT a.item_id, i.account_id, sum(a.amount_cents), max(a.ledger_id) FROM allocations a"
        " JOIN items i ON i.id = a.item_id WHERE a.payment_id = ? GROUP BY a.item_id"
        " HAVING sum(a.amount_cents) <> 0 ORDER BY a.item_id",
        (payment_id,),
    ).fetchall()


def reverse(
    conn: sqlite3.Connection,
    payment: PaymentRow,
    *,
    reason: str,
    business_date: str,
    operator_id: int,
    now: str,
) -> list[int]:
    """Undo a payment with new entries: items reopen, credit and recovery come back off.

    Returns the ids of the items that reopened.
    """
    ledger_id = next_id(conn, "ledger")
    rows: list[tuple] = []
    reopened: dict[int, int] = {}
    memo = f"reversal of {payment.receipt}: {reason}"
    for item_id, account_id, cents, original in net_allocations(conn, payment.id):
        rows.append(
            (ledger_id, account_id, item_id, payment.id, None, "reversal", cents, business_date,
             original, memo, operator_id, now)
        )  # fmt: skip
        ledger_id += 1
        reopened[item_id] = cents
    account = payment.account_id
    if account is not None and payment.unapplied_cents:
        rows.append(
            (ledger_id, account, None, payment.id, None, "reversal", payment.unapplied_cents,
             business_date, None, memo, operator_id, now)
        )  # fmt: skip
        ledger_id += 1
    if account is not None and payment.recovered_cents:
        rows.append(
            (ledger_id, account, None, payment.id, None, "reversal", payment.recovered_cents,
             business_date, None, memo, operator_id, now)
        )  # fmt: skip
        rows.append(
            (ledger_id + 1, account, None, payment.id, None, "recovery", -payment.recovered_cents,
             business_date, None, "write-off stands again: " + memo, operator_id, now)
        )  # fmt: skip
    write_ledger(conn, rows)
    conn.executemany(
        "UPDATE items SET open_cents = open_cents + ?, status = 'open', updated_at = ?"
        " WHERE id = ?",
        [(cents, now, item_id) for item_id, cents in reopened.items()],
    )
    conn.execute(
        "UPDATE payments SET status = 'reversed', unapplied_cents = 0, recovered_cents = 0,"
        " reversed_date = ?, reversal_reason = ? WHERE id = ?",
        (business_date, reason, payment.id),
    )
    return sorted(reopened)


def apply_unapplied(
    conn: sqlite3.Connection,
    payment: PaymentRow,
    account_id: int,
    cents: int,
    preferred: Sequence[int],
    *,
    business_date: str,
    operator_id: int,
    now: str,
) -> list[tuple[int, int]]:
    """Apply `cents` of a payment's unapplied cash to an account's items.

    Cash that was on no account first joins the account (as a credit), so the
    account's ledger always explains its credit.
    """
    ledger_id = next_id(conn, "ledger")
    rows: list[tuple] = []
    if payment.account_id is None:
        conn.execute("UPDATE payments SET account_id = ? WHERE id = ?", (account_id, payment.id))
        rows.append(
            (ledger_id, account_id, None, payment.id, None, "unapplied", -payment.unapplied_cents,
             business_date, None, "unapplied cash placed on account", operator_id, now)
        )  # fmt: skip
        ledger_id += 1
    items = open_items_of(conn, [account_id]).get(account_id, [])
    plan = allocate(cents, items, preferred, spill=not preferred)
    applied = plan.applied_cents
    if applied:
        rows.append(
            (ledger_id, account_id, None, payment.id, None, "unapplied", applied, business_date,
             None, "credit applied to items", operator_id, now)
        )  # fmt: skip
        ledger_id += 1
    for item_id, part in plan.applied:
        rows.append(
            (ledger_id, account_id, item_id, payment.id, None, "payment", -part, business_date,
             None, f"applied from {payment.receipt}", operator_id, now)
        )  # fmt: skip
        ledger_id += 1
    write_ledger(conn, rows)
    set_open_amounts(conn, _open_after(items, plan.applied), now)
    conn.execute(
        "UPDATE payments SET unapplied_cents = unapplied_cents - ?,"
        " unapplied_reason = CASE WHEN unapplied_cents - ? = 0 THEN NULL ELSE unapplied_reason END"
        " WHERE id = ?",
        (applied, applied, payment.id),
    )
    return list(plan.applied)
