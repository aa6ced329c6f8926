"""Loading a receivables extract (CSV): new accounts and items, open amounts brought up to date."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import available_timezones

from ar_tui.domain.errors import ArError, NotFound
from ar_tui.domain.models import ImportReport
from ar_tui.domain.receivables import COLUMNS, ReceivableRow, missing_columns, parse_row
from ar_tui.domain.search import name_key, phone_key
from ar_tui.services.session import Session

STAGE_BATCH = 5_000
ERRORS_KEPT = 200

_STAGING = """
CREATE TEMP TABLE IF NOT EXISTS stage_rows (
    line INTEGER PRIMARY KEY, account_number TEXT, account_name TEXT, name_key TEXT,
    customer_type TEXT, bill_type TEXT, line_of_business TEXT, agency_code TEXT, state TEXT,
    time_zone TEXT, phone TEXT, phone_key TEXT, email TEXT, address TEXT, policy_number TEXT,
    document_number TEXT, item_type TEXT, bill_date TEXT, due_date TEXT, amount_cents INTEGER
)
"""


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


def _read(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row; the header is line 1."""
    try:
        handle = path.open(newline="", encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise NotFound("AR0501E", f"FILE {path} NOT FOUND") from exc
    except OSError as exc:
        raise ArError("AR0502E", f"FILE {path} CANNOT BE READ: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        try:
            header = [name.strip().lower() for name in reader.fieldnames or []]
            reader.fieldnames = header
            missing = missing_columns(header)
            if missing:
                raise ArError(
                    "AR0503E", f"{path.name} LINE 1: MISSING COLUMNS {', '.join(missing)}"
                )
            for raw in reader:
                if None in raw:
                    yield reader.line_num, {"__extra__": "1"}
                    continue
                yield reader.line_num, raw
        except UnicodeDecodeError as exc:
            raise ArError(
                "AR0504E", f"{path.name} LINE {reader.line_num + 1}: NOT UTF-8 TEXT"
            ) from exc
        except csv.Error as exc:
            raise ArError("AR0505E", f"{path.name} LINE {reader.line_num}: {exc}") from exc


class _Checker:
    """Rows that are fine alone but contradict earlier rows of the same file."""

    def __init__(self) -> None:
        self.accounts: dict[str, tuple[str, str, str, int]] = {}
        self.documents: dict[tuple[str, str], int] = {}
        self.policies: dict[str, tuple[str, int]] = {}

    def check(self, line: int, row: ReceivableRow) -> list[str]:
        errors = []
        shape = (row.account_name, row.customer_type, row.bill_type)
        first = self.accounts.setdefault(row.account_number, (*shape, line))
        if first[:3] != shape:
            errors.append(f"account {row.account_number} name or types differ from line {first[3]}")
        key = (row.account_number, row.document_number)
        seen = self.documents.setdefault(key, line)
        if seen != line:
            errors.append(f"document {row.document_number} repeats line {seen}")
        if row.policy_number:
            owner = self.policies.setdefault(row.policy_number, (row.account_number, line))
            if owner[0] != row.account_number:
                errors.append(
                    f"policy {row.policy_number} belongs to account {owner[0]} (line {owner[1]})"
                )
        return errors


def import_receivables(
    session: Session,
    path: Path,
    *,
    skip_bad: bool = False,
    reject_path: Path | None = None,
    source: str = "import receivables",
) -> ImportReport:
    """Import `path`; with any bad row nothing is imported unless `skip_bad`."""
    session.require_role("admin", "supervisor")
    path = Path(path)
    conn = session.store.connection()
    conn.execute(_STAGING)
    conn.execute("DELETE FROM stage_rows")
    errors: list[str] = []
    rejects: list[tuple[int, dict[str, str], str]] = []
    rows = 0
    checker = _Checker()
    zones = available_timezones()
    batch: list[tuple] = []
    for line, raw in _read(path):
        rows += 1
        parsed = (
            ["more fields than the header has columns"]
            if "__extra__" in raw
            else parse_row(raw, zones)
        )
        if isinstance(parsed, ReceivableRow):
            parsed = checker.check(line, parsed) or parsed
        if isinstance(parsed, list):
            reason = "; ".join(parsed)
            if len(errors) < ERRORS_KEPT:
                errors.append(f"line {line}: {reason}")
            rejects.append((line, raw, reason))
            continue
        batch.append(_stage_tuple(line, parsed))
        if len(batch) >= STAGE_BATCH:
            _stage(conn, batch)
    _stage(conn, batch)
    conn.execute(
        "CREATE INDEX IF NOT EXISTS temp.stage_rows_key"
        " ON stage_rows(account_number, document_number)"
    )
    if rows == 0:
        raise ArError("AR0506E", f"{path.name} HAS NO DATA ROWS")
    if rejects and not skip_bad:
        conn.execute("DELETE FROM stage_rows")
        shown = "; ".join(errors[:3])
        more = f" (AND {len(rejects) - 3} MORE)" if len(rejects) > 3 else ""
        raise ImportRefused(
            f"{path.name}: {len(rejects)} BAD ROWS, NOTHING IMPORTED: {shown}{more}",
            ImportReport(rows=rows, rejected=len(rejects), errors=tuple(errors)),
        )
    reject_file = None
    if rejects:
        reject_file = _write_rejects(reject_path or path.with_suffix(".rejects.csv"), rejects)
    counts = _merge(session, conn, path, _sha256(path), rows, len(rejects), source)
    conn.execute("DELETE FROM stage_rows")
    return ImportReport(
        rows=rows,
        rejected=len(rejects),
        errors=tuple(errors),
        reject_file=str(reject_file) if reject_file else None,
        **counts,
    )


class ImportRefused(ArError):
    """A file with bad rows: the report lists every reason, and nothing was imported."""

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__("AR0507E", message)
        self.report = report


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stage(conn: sqlite3.Connection, batch: list[tuple]) -> None:
    if batch:
        conn.executemany(f"INSERT INTO stage_rows VALUES ({', '.join('?' * 20)})", batch)
        batch.clear()


def _write_rejects(path: Path, rejects: list[tuple[int, dict[str, str], str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", *COLUMNS, "reason"])
        for line, raw, reason in rejects:
            writer.writerow([line, *(raw.get(name, "") for name in COLUMNS), reason])
    return path


_MERGE_ACCOUNTS = """
CREATE TEMP TABLE stage_accounts AS
SELECT * FROM stage_rows WHERE line IN (SELECT min(line) FROM stage_rows GROUP BY account_number)
"""


def _merge(
    session: Session,
    read_conn: sqlite3.Connection,
    path: Path,
    sha256: str,
    rows: int,
    rejected: int,
    source: str,
) -> dict[str, int]:
    """Apply the staged rows in one transaction; every money change goes through the ledger."""
    now = session.now()
    with session.write() as conn:
        bd = conn.execute("SELECT value FROM settings WHERE name = 'business_date'").fetchone()
        business_date = bd[0] if bd else session.business_date().isoformat()
        conflicts = conn.execute(
            "SELECT s.line, s.policy_number, a.account_number FROM stage_rows s"
            " JOIN policies p ON p.policy_number = s.policy_number"
            " JOIN accounts a ON a.id = p.account_id WHERE a.account_number <> s.account_number"
            " LIMIT 3"
        ).fetchall()
        if conflicts:
            line, policy, owner = conflicts[0]
            raise ArError(
                "AR0508E",
                f"{path.name} LINE {line}: POLICY {policy} BELONGS TO ACCOUNT {owner};"
                " NOTHING IMPORTED",
            )
        import_id = conn.execute(
            "INSERT INTO file_imports(kind, file_name, sha256, rows, summary, operator_id,"
            " imported_at) VALUES ('receivables', ?, ?, ?, '', ?, ?)",
            (path.name, sha256, rows, session.operator.id, now),
        ).lastrowid
        conn.execute("DROP TABLE IF EXISTS temp.stage_accounts")
        conn.execute(_MERGE_ACCOUNTS)
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
        items = _merge_items(conn, import_id, business_date, session.operator.id, now)
        absent = conn.execute(
            "SELECT count(*) FROM items i JOIN accounts a ON a.id = i.account_id"
            " WHERE i.open_cents <> 0"
            " AND a.account_number IN (SELECT account_number FROM stage_accounts)"
            " AND NOT EXISTS (SELECT 1 FROM stage_rows s WHERE s.account_number = a.account_number"
            " AND s.document_number = i.document_number)"
        ).fetchone()[0]
        counts = {"accounts_added": added, "accounts_updated": updated, **items}
        counts["items_absent"] = absent
        summary = json.dumps({"rows": rows, "rejected": rejected, **counts}, sort_keys=True)
        conn.execute("UPDATE file_imports SET summary = ? WHERE id = ?", (summary, import_id))
        session.audit(
            conn,
            source,
            "receivables.import",
            subject=path.name,
            detail={"sha256": sha256, "rows": rows, "rejected": rejected, **counts},
        )
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
    conn: sqlite3.Connection, import_id: int | None, business_date: str, operator_id: int, now: str
) -> dict[str, int]:
    before = conn.execute("SELECT coalesce(max(id), 0) FROM items").fetchone()[0]
    conn.execute(
        "CREATE TEMP TABLE stage_changes AS SELECT i.id AS item_id, i.account_id,"
        " s.amount_cents - i.open_cents AS delta FROM stage_rows s"
        " JOIN accounts a ON a.account_number = s.account_number"
        " JOIN items i ON i.account_id = a.id AND i.document_number = s.document_number"
        " WHERE i.open_cents <> s.amount_cents"
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
        " 'receivables import: open amount per extract', ?, ? FROM stage_changes ORDER BY item_id",
        (import_id, business_date, operator_id, now),
    ).rowcount
    conn.execute(
        "UPDATE items SET open_cents = open_cents + c.delta, updated_at = ?,"
        " status = CASE WHEN open_cents + c.delta = 0 THEN 'paid' ELSE 'open' END"
        " FROM stage_changes c WHERE items.id = c.item_id",
        (now,),
    )
    conn.execute("DROP TABLE temp.stage_changes")
    return {"items_added": added, "items_updated": changed, "items_unchanged": matched - changed}
