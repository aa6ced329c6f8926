"""Account queries: search by key, one account with its parts, items and history by page."""

from __future__ import annotations

import sqlite3
from datetime import date

from ar_tui.domain.models import (
    Account,
    AccountSummary,
    Contact,
    Item,
    LedgerEntry,
    Page,
    Policy,
)

# What the customer owes: open items less unapplied credit. Equal to the sum of the
# account's ledger, which `db check` verifies; read this way because both parts are
# small indexed sums while the ledger grows with history.
BALANCE_SQL = (
    "(SELECT coalesce(sum(i.open_cents), 0) FROM items i WHERE i.account_id = a.id)"
    " - (SELECT coalesce(sum(p.unapplied_cents), 0) FROM payments p WHERE p.account_id = a.id)"
)

_SUMMARY = (
    "SELECT a.id, a.account_number, a.name, a.customer_type, a.state, a.collection_status, "
    f"{BALANCE_SQL}, a.name_key FROM accounts a"
)


def stored_day(text: str | None) -> date | None:
    """A date column as stored (ISO text, or NULL) as a date."""
    return date.fromisoformat(text) if text else None


def _summary(row: tuple, matched_on: str = "") -> AccountSummary:
    return AccountSummary(
        id=row[0],
        account_number=row[1],
        name=row[2],
        customer_type=row[3],
        state=row[4],
        collection_status=row[5],
        balance_cents=row[6],
        matched_on=matched_on,
    )


def _page(rows: list[tuple], limit: int, matched_on: str, key_of) -> Page[AccountSummary]:
    has_more = len(rows) > limit
    rows = rows[:limit]
    return Page(
        rows=tuple(_summary(row, matched_on) for row in rows),
        has_more=has_more,
        next_key=key_of(rows[-1]) if rows and has_more else None,
    )


def search_name(
    conn: sqlite3.Connection, prefix: str, after: tuple | None, limit: int
) -> Page[AccountSummary]:
    """Accounts whose name starts with `prefix` (a name key), by name then id."""
    last_name, last_id = after if after else ("", 0)
    rows = conn.execute(
        f"{_SUMMARY} WHERE a.name_key >= ? AND a.name_key < ?"
        " AND (a.name_key, a.id) > (?, ?) ORDER BY a.name_key, a.id LIMIT ?",
        (prefix, prefix + "~", last_name, last_id, limit + 1),
    ).fetchall()
    return _page(rows, limit, "NAME", lambda row: (row[7], row[0]))


def search_number(
    conn: sqlite3.Connection, prefix: str, after: tuple | None, limit: int
) -> Page[AccountSummary]:
    """Accounts whose number starts with `prefix`, in number order."""
    last = after[0] if after else ""
    rows = conn.execute(
        f"{_SUMMARY} WHERE a.account_number >= ? AND a.account_number < ?"
        " AND a.account_number > ? ORDER BY a.account_number LIMIT ?",
        (prefix, prefix + "~", last, limit + 1),
    ).fetchall()
    return _page(rows, limit, "ACCOUNT", lambda row: (row[1],))


def search_policy(conn: sqlite3.Connection, policy: str, limit: int) -> Page[AccountSummary]:
    """The account holding policy number `policy` (policy numbers are unique)."""
    rows = conn.execute(
        f"{_SUMMARY} JOIN policies p ON p.account_id = a.id WHERE p.policy_number = ? LIMIT ?",
        (policy, limit + 1),
    ).fetchall()
    return _page(rows, limit, f"POLICY {policy}", lambda row: (row[0],))


def search_phone(
    conn: sqlite3.Connection, digits: str, after: tuple | None, limit: int
) -> Page[AccountSummary]:
    """Accounts with a phone whose digits are `digits`."""
    last = after[0] if after else 0
    rows = conn.execute(
        f"{_SUMMARY} WHERE a.id IN (SELECT c.account_id FROM contacts c"
        " WHERE c.kind = 'phone' AND c.value_key = ?) AND a.id > ? ORDER BY a.id LIMIT ?",
        (digits, last, limit + 1),
    ).fetchall()
    return _page(rows, limit, "PHONE", lambda row: (row[0],))


def search_agency(
    conn: sqlite3.Connection, code: str, after: tuple | None, limit: int
) -> Page[AccountSummary]:
    """Accounts billed through the insurance agency with code `code`."""
    last = after[0] if after else 0
    rows = conn.execute(
        f"{_SUMMARY} WHERE a.agency_id = (SELECT id FROM agencies WHERE code = ?)"
        " AND a.id > ? ORDER BY a.id LIMIT ?",
        (code, last, limit + 1),
    ).fetchall()
    return _page(rows, limit, f"AGENCY {code}", lambda row: (row[0],))


def account_id(conn: sqlite3.Connection, account_number: str) -> int | None:
    row = conn.execute(
        "SELECT id FROM accounts WHERE account_number = ?", (account_number,)
    ).fetchone()
    return int(row[0]) if row else None


def get(conn: sqlite3.Connection, account_id: int) -> Account | None:
    row = conn.execute(
        "SELECT a.id, a.account_number, a.name, a.customer_type, a.bill_type,"
        " a.line_of_business, g.code, g.name, a.state, a.time_zone, o.login,"
        " a.collection_status, a.cease_communication, a.attorney_represented, a.version"
        " FROM accounts a LEFT JOIN agencies g ON g.id = a.agency_id"
        " LEFT JOIN operators o ON o.id = a.collector_id WHERE a.id = ?",
        (account_id,),
    ).fetchone()
    if row is None:
        return None
    return Account(
        id=row[0],
        account_number=row[1],
        name=row[2],
        customer_type=row[3],
        bill_type=row[4],
        line_of_business=row[5],
        agency_code=row[6],
        agency_name=row[7],
        state=row[8],
        time_zone=row[9],
        collector_login=row[10],
        collection_status=row[11],
        cease_communication=bool(row[12]),
        attorney_represented=bool(row[13]),
        version=row[14],
    )


def balance(conn: sqlite3.Connection, account_id: int) -> tuple[int, int]:
    """(open items total, unapplied credit) in cents."""
    open_total = conn.execute(
        "SELECT coalesce(sum(open_cents), 0) FROM items WHERE account_id = ?", (account_id,)
    ).fetchone()[0]
    unapplied = conn.execute(
        "SELECT coalesce(sum(unapplied_cents), 0) FROM payments WHERE account_id = ?",
        (account_id,),
    ).fetchone()[0]
    return int(open_total), int(unapplied)


def owed(conn: sqlite3.Connection, account_id: int) -> int:
    """What the customer owes: the open items less the unapplied credit, in cents."""
    open_total, unapplied = balance(conn, account_id)
    return open_total - unapplied


def open_by_due_date(conn: sqlite3.Connection, account_id: int) -> list[tuple[date, int]]:
    """Open cents grouped by due date, for aging."""
    rows = conn.execute(
        "SELECT due_date, sum(open_cents) FROM items WHERE account_id = ? AND open_cents <> 0"
        " GROUP BY due_date",
        (account_id,),
    ).fetchall()
    return [(date.fromisoformat(due), int(cents)) for due, cents in rows]


def open_item_count(conn: sqlite3.Connection, account_id: int) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM items WHERE account_id = ? AND open_cents <> 0", (account_id,)
        ).fetchone()[0]
    )


def contacts(conn: sqlite3.Connection, account_id: int) -> tuple[Contact, ...]:
    rows = conn.execute(
        "SELECT kind, value, label, is_primary, do_not_contact, source FROM contacts"
        " WHERE account_id = ? ORDER BY kind DESC, is_primary DESC, id",
        (account_id,),
    ).fetchall()
    return tuple(
        Contact(
            kind=row[0],
            value=row[1],
            label=row[2],
            is_primary=bool(row[3]),
            do_not_contact=bool(row[4]),
            source=row[5],
        )
        for row in rows
    )


def policies(conn: sqlite3.Connection, account_id: int, limit: int) -> tuple[Policy, ...]:
    rows = conn.execute(
        "SELECT policy_number, line_of_business, effective_date, expiration_date, status"
        " FROM policies WHERE account_id = ? ORDER BY expiration_date DESC, id LIMIT ?",
        (account_id, limit),
    ).fetchall()
    return tuple(
        Policy(
            policy_number=row[0],
            line_of_business=row[1],
            effective_date=stored_day(row[2]),
            expiration_date=stored_day(row[3]),
            status=row[4],
        )
        for row in rows
    )


def policy_count(conn: sqlite3.Connection, account_id: int) -> int:
    return int(
        conn.execute(
            "SELECT count(*) FROM policies WHERE account_id = ?", (account_id,)
        ).fetchone()[0]
    )


_ITEM = (
    "SELECT i.id, i.document_number, i.item_type, p.policy_number, i.bill_date, i.due_date,"
    " i.amount_cents, i.open_cents, i.status FROM items i"
    " LEFT JOIN policies p ON p.id = i.policy_id"
)


def _item(row: tuple) -> Item:
    return Item(
        id=row[0],
        document_number=row[1],
        item_type=row[2],
        policy_number=row[3],
        bill_date=stored_day(row[4]),
        due_date=date.fromisoformat(row[5]),
        amount_cents=row[6],
        open_cents=row[7],
        status=row[8],
    )


def open_items(
    conn: sqlite3.Connection, account_id: int, after: tuple | None, limit: int
) -> Page[Item]:
    """Open items oldest due first, read by (due date, id)."""
    last_due, last_id = after if after else ("", 0)
    rows = conn.execute(
        f"{_ITEM} WHERE i.account_id = ? AND i.open_cents <> 0"
        " AND (i.due_date, i.id) > (?, ?) ORDER BY i.due_date, i.id LIMIT ?",
        (account_id, last_due, last_id, limit + 1),
    ).fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    return Page(
        rows=tuple(_item(row) for row in rows),
        has_more=has_more,
        next_key=(rows[-1][5], rows[-1][0]) if has_more else None,
    )


def all_open_items(conn: sqlite3.Connection, account_id: int) -> list[Item]:
    """Every open item of one account, for the JSON contract and for allocation."""
    rows = conn.execute(
        f"{_ITEM} WHERE i.account_id = ? AND i.open_cents <> 0 ORDER BY i.due_date, i.id",
        (account_id,),
    ).fetchall()
    return [_item(row) for row in rows]


def history(
    conn: sqlite3.Connection, account_id: int, before: tuple | None, limit: int
) -> Page[LedgerEntry]:
    """Ledger entries newest first, each with the balance after it."""
    before_id = int(before[0]) if before else 2**62
    rows = conn.execute(
        "SELECT l.id, l.business_date, l.entry_type, l.amount_cents, i.document_number,"
        " l.memo, o.login FROM ledger l LEFT JOIN items i ON i.id = l.item_id"
        " LEFT JOIN operators o ON o.id = l.operator_id"
        " WHERE l.account_id = ? AND l.id < ? ORDER BY l.id DESC LIMIT ?",
        (account_id, before_id, limit + 1),
    ).fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    running = 0
    if rows:
        running = conn.execute(
            "SELECT coalesce(sum(amount_cents), 0) FROM ledger WHERE account_id = ? AND id <= ?",
            (account_id, rows[0][0]),
        ).fetchone()[0]
    entries = []
    for row in rows:
        entries.append(
            LedgerEntry(
                id=row[0],
                business_date=date.fromisoformat(row[1]),
                entry_type=row[2],
                amount_cents=row[3],
                document_number=row[4],
                memo=row[5],
                operator_login=row[6],
                balance_after_cents=running,
            )
        )
        running -= row[3]
    return Page(
        rows=tuple(entries),
        has_more=has_more,
        next_key=(rows[-1][0],) if has_more else None,
    )


def last_payment(conn: sqlite3.Connection, account_id: int) -> LedgerEntry | None:
    """The most recent payment received, as one line (its whole amount, not one allocation)."""
    row = conn.execute(
        "SELECT id, received_date, amount_cents, method, reference FROM payments"
        " WHERE account_id = ? AND status <> 'reversed'"
        " ORDER BY received_date DESC, id DESC LIMIT 1",
        (account_id,),
    ).fetchone()
    if row is None:
        return None
    return LedgerEntry(
        id=row[0],
        business_date=date.fromisoformat(row[1]),
        entry_type="payment",
        amount_cents=-row[2],
        memo=f"{row[3]} {row[4]}".strip(),
    )
