"""Staging a receivables extract in a temp table and merging it into accounts, items and ledger."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from ar_tui.domain.receivables import ReceivableRow
from ar_tui.domain.search import name_key, phone_key

STAGING = """
CREATE TEMP TABLE IF NOT EXISTS stage_rows (
    line INTEGER PRIMARY KEY, account_number TEXT, account_name TEXT, name_key TEXT,
    customer_type TEXT, bill_type TEXT, line_of_business TEXT, agency_code TEXT, state TEXT,
    time_zone TEXT, phone TEXT, phone_key TEXT, email TEXT, address TEXT, policy_number TEXT,
    document_number TEXT, item_type TEXT, bill_date TEXT, due_date TEXT, amount_cents INTEGER
)
"""

_STAGE_ACCOUNTS = """
CREATE TEMP TABLE stage_accounts AS
SELECT * FROM stage_rows WHERE line IN (SELECT min(line) FROM stage_rows GROUP BY account_number)
"""


def start_staging(conn: sqlite3.Connection) -> None:
    """An empty temp staging table; temp tables take no lock on the database itself."""
    conn.execute(STAGING)
    conn.execute("DELETE FROM stage_rows")


def stage(conn: sqlite3.Connection, rows: Sequence[tuple[int, ReceivableRow]]) -> None:
    """Stage (line number, row) pairs."""
    conn.executemany(
        f"INSERT INTO stage_rows VALUES ({', '.join('?' * 20)})",
        [_stage_tuple(line, row) for line, row in rows],
    )


def finish_staging(conn: sqlite3.Connection) -> None:
    conn.execute(
        "CREATE INDEX IF NOT EXISTS temp.stage_rows_key"
        " ON stage_rows(account_number, document_number)"
    )


def clear_staging(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM stage_rows")


def _stage_tuple(line: int, row: ReceivableRow) -> tuple:
    return (
        line,
        row.account_number,
        row.account_name,
        name_key(row.account_name),
        row.customer_type,
        row.bill_type,
        row.line_of_business,
        row.agency_code,
        row.state,
        row.time_zone,
        row.phone,
        phone_key(row.phone) if row.phone else None,
        row.email,
        row.address,
        row.policy_number,
        row.document_number,
        row.item_type,
        row.bill_date.isoformat() if row.bill_date else None,
        row.due_date.isoformat(),
        row.amount_cents,
    )


def policy_conflict(conn: sqlite3.Connection) -> tuple[int, str, str] | None:
    """(line, policy, owning account) of a staged policy that belongs to another account."""
    row = conn.execute(
        "SELECT s.line, s.policy_number, a.account_number FROM stage_rows s"
        " JOIN policies p ON p.policy_number = s.policy_number"
        " JOIN accounts a ON a.id = p.account_id WHERE a.account_number <> s.account_number"
        " ORDER BY s.line LIMIT 1"
    ).fetchone()
    return (int(row[0]), str(row[1]), str(row[2])) if row else None


def billed_below_paid(conn: sqlite3.Connection) -> tuple[int, str, int, int] | None:
    """(line, document, billed cents, cents paid or credited) of a staged row whose billed
    amount is below what ar-tui has already taken off the item: an extract cannot undo cash."""
    row = conn.execute(
        "SELECT s.line, s.document_number, s.amount_cents, i.amount_cents - i.open_cents"
        " FROM stage_rows s JOIN accounts a ON a.account_number = s.account_number"
        " JOIN items i ON i.account_id = a.id AND i.document_number = s.document_number"
        " WHERE s.amount_cents < i.amount_cents - i.open_cents ORDER BY s.line LIMIT 1"
    ).fetchone()
    return (int(row[0]), str(row[1]), int(row[2]), int(row[3])) if row else None


def record_import(
    conn: sqlite3.Connection, file_name: str, sha256: str, rows: int, operator_id: int, now: str
) -> int:
    cursor = conn.execute(
        "INSERT INTO file_imports(kind, file_name, sha256, rows, summary, operator_id,"
        " imported_at) VALUES ('receivables', ?, ?, ?, '', ?, ?)",
        (file_name, sha256, rows, operator_id, now),
    )
    return int(cursor.lastrowid or 0)


def set_import_summary(conn: sqlite3.Connection, import_id: int, summary: str) -> None:
    conn.execute("UPDATE file_imports SET summary = ? WHERE id = ?", (summary, import_id))


def merge(
    conn: sqlite3.Connection, *, import_id: int, business_date: str, operator_id: int, now: str
) -> dict[str, int]:
    """Merge the staged rows in the caller's transaction; every money change is in the ledger."""
    conn.execute("DROP TABLE IF EXISTS temp.stage_accounts")
    conn.execute(_STAGE_ACCOUNTS)
    conn.execute(
        "INSERT INTO agencies(code, name) SELECT DISTINCT agency_code, agency_code"
        " FROM stage_accounts WHERE agency_code IS NOT NULL"
        " AND agency_code NOT IN (SELECT code FROM agencies)"
    )
    added = conn.execute(
        "INSERT INTO accounts(account_number, name, name_key, customer_type, bill_type,"
        " line_of_business, agency_id, state, time_zone, created_at, updated_at)"
        " SELECT s.account_number, s.account_name, s.name_key, s.customer_type, s.bill_type,"
        " s.line_of_business, (SELECT id FROM agencies WHERE code = s.agency_code),"
        " s.state, s.time_zone, ?, ? FROM stage_accounts s"
        " WHERE NOT EXISTS (SELECT 1 FROM accounts a WHERE a.account_number = s.account_number)"
        " ORDER BY s.line",
        (now, now),
    ).rowcount
    updated = conn.execute(
        "UPDATE accounts SET name = s.account_name, name_key = s.name_key,"
        " customer_type = s.customer_type, bill_type = s.bill_type,"
        " line_of_business = s.line_of_business,"
        " agency_id = (SELECT id FROM agencies WHERE code = s.agency_code),"
        " state = s.state, time_zone = s.time_zone, version = version + 1, updated_at = ?"
        " FROM stage_accounts s WHERE accounts.account_number = s.account_number AND ("
        " accounts.name IS NOT s.account_name OR accounts.customer_type IS NOT s.customer_type"
        " OR accounts.bill_type IS NOT s.bill_type"
        " OR accounts.line_of_business IS NOT s.line_of_business"
        " OR accounts.state IS NOT s.state OR accounts.time_zone IS NOT s.time_zone"
        " OR accounts.agency_id IS NOT (SELECT id FROM agencies WHERE code = s.agency_code))",
        (now,),
    ).rowcount
    _merge_contacts(conn, now)
    conn.execute(
        "INSERT INTO policies(account_id, policy_number, line_of_business)"
        " SELECT a.id, s.policy_number, min(s.line_of_business) FROM stage_rows s"
        " JOIN accounts a ON a.account_number = s.account_number"
        " WHERE s.policy_number IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM policies p WHERE p.policy_number = s.policy_number)"
        " GROUP BY s.policy_number ORDER BY min(s.line)"
    )
    counts = {"accounts_added": added, "accounts_updated": updated}
    counts.update(_merge_items(conn, import_id, business_date, operator_id, now))
    counts["items_absent"] = conn.execute(
        "SELECT count(*) FROM items i JOIN accounts a ON a.id = i.account_id"
        " WHERE i.open_cents <> 0"
        " AND a.account_number IN (SELECT account_number FROM stage_accounts)"
        " AND NOT EXISTS (SELECT 1 FROM stage_rows s WHERE s.account_number = a.account_number"
        " AND s.document_number = i.document_number)"
    ).fetchone()[0]
    conn.execute("DROP TABLE temp.stage_accounts")
    return counts


def _merge_contacts(conn: sqlite3.Connection, now: str) -> None:
    """Add phones, emails and addresses the account does not have yet (source `import`)."""
    for kind, value, key in (
        ("phone", "s.phone", "s.phone_key"),
        ("email", "s.email", "lower(s.email)"),
        ("address", "s.address", "''"),
    ):
        conn.execute(
            "INSERT INTO contacts(account_id, kind, value, value_key, is_primary, source,"
            " created_at, updated_at)"
            f" SELECT a.id, '{kind}', {value}, {key},"
            " NOT EXISTS (SELECT 1 FROM contacts c"
            f" WHERE c.account_id = a.id AND c.kind = '{kind}'),"
            " 'import', ?, ? FROM stage_accounts s JOIN accounts a"
            " ON a.account_number = s.account_number"
            f" WHERE {value} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contacts c"
            f" WHERE c.account_id = a.id AND c.kind = '{kind}' AND c.value = {value})",
            (now, now),
        )


def _merge_items(
    conn: sqlite3.Connection, import_id: int, business_date: str, operator_id: int, now: str
) -> dict[str, int]:
    before = conn.execute("SELECT coalesce(max(id), 0) FROM items").fetchone()[0]
    # An extract states what was billed. A billed amount that changed is one adjustment of
    # the difference, on the item's amount and its open amount alike; what ar-tui took off
    # the item (cash, credits, write-offs) stays taken off.
    conn.execute(
        "CREATE TEMP TABLE stage_changes AS SELECT i.id AS item_id, i.account_id,"
        " s.amount_cents - i.amount_cents AS delta FROM stage_rows s"
        " JOIN accounts a ON a.account_number = s.account_number"
        " JOIN items i ON i.account_id = a.id AND i.document_number = s.document_number"
        " WHERE i.amount_cents <> s.amount_cents"
    )
    matched = conn.execute(
        "SELECT count(*) FROM stage_rows s JOIN accounts a ON a.account_number = s.account_number"
        " JOIN items i ON i.account_id = a.id AND i.document_number = s.document_number"
    ).fetchone()[0]
    added = conn.execute(
        "INSERT INTO items(account_id, policy_id, document_number, item_type, bill_date, due_date,"
        " amount_cents, open_cents, status, created_at, updated_at)"
        " SELECT a.id, (SELECT id FROM policies p WHERE p.policy_number = s.policy_number),"
        " s.document_number, s.item_type, s.bill_date, s.due_date, s.amount_cents, s.amount_cents,"
        " CASE WHEN s.amount_cents = 0 THEN 'paid' ELSE 'open' END, ?, ?"
        " FROM stage_rows s JOIN accounts a ON a.account_number = s.account_number"
        " WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.account_id = a.id"
        " AND i.document_number = s.document_number) ORDER BY s.line",
        (now, now),
    ).rowcount
    conn.execute(
        "INSERT INTO ledger(account_id, item_id, import_id, entry_type, amount_cents,"
        " business_date, memo, operator_id, created_at)"
        " SELECT account_id, id, ?, CASE item_type WHEN 'fee' THEN 'fee' ELSE 'charge' END,"
        " open_cents, ?, 'receivables import: ' || item_type || ' billed', ?, ?"
        " FROM items WHERE id > ? AND open_cents <> 0 ORDER BY id",
        (import_id, business_date, operator_id, now, before),
    )
    changed = conn.execute(
        "INSERT INTO ledger(account_id, item_id, import_id, entry_type, amount_cents,"
        " business_date, memo, operator_id, created_at)"
        " SELECT account_id, item_id, ?, 'adjustment', delta, ?,"
        " 'receivables import: billed amount per extract', ?, ? FROM stage_changes"
        " ORDER BY item_id",
        (import_id, business_date, operator_id, now),
    ).rowcount
    conn.execute(
        "UPDATE items SET amount_cents = amount_cents + c.delta,"
        " open_cents = open_cents + c.delta, updated_at = ?,"
        " status = CASE WHEN open_cents + c.delta = 0 THEN 'paid' ELSE 'open' END"
        " FROM stage_changes c WHERE items.id = c.item_id",
        (now,),
    )
    conn.execute("DROP TABLE temp.stage_changes")
    return {"items_added": added, "items_updated": changed, "items_unchanged": matched - changed}
