"""Loading a receivables extract (CSV): new accounts and items, open amounts brought up to date."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import available_timezones

from ar_tui.domain.errors import ArError, NotFound
from ar_tui.domain.models import ImportReport
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.receivables import COLUMNS, ReceivableRow, missing_columns, parse_row
from ar_tui.formats.safe_csv import SafeWriter
from ar_tui.services.files import handed, make_private_dir, private_opener, sha256_of
from ar_tui.services.session import Session
from ar_tui.store import queue as queue_store
from ar_tui.store import receivables as staging
from ar_tui.store import settings

STAGE_BATCH = 5_000
ERRORS_KEPT = 200


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
    already_handed: bool = False,
) -> ImportReport:
    """Import `path`; with any bad row nothing is imported unless `skip_bad`.

    Bad rows go to `reject_path`, by default `FILE.rejects.csv` beside the file; run as
    the service account for someone, to `rejects/` beside the database (0600, 0700).
    """
    session.require("receivables.import", subject=Path(path).name)
    rejects_beside: Path | None = None
    if session.invoker is not None and session.invoker.via_service:
        if reject_path is not None:
            raise ArError(
                "AR0063E", "RUN FOR YOU BY THE SERVICE ACCOUNT, REJECTS GO TO ITS rejects/"
                " FOLDER: --rejects IS NOT ACCEPTED", "rejects",
            )  # fmt: skip
        rejects_beside = session.store.path.parent / "rejects"
    with handed(Path(path), None if already_handed else session.invoker) as copy:
        default = rejects_beside / f"{copy.stem}.rejects.csv" if rejects_beside else None
        return _import(session, copy, skip_bad, reject_path or default, source)


def _import(
    session: Session, path: Path, skip_bad: bool, reject_path: Path | None, source: str
) -> ImportReport:
    conn = session.store.connection()
    staging.start_staging(conn)
    errors: list[str] = []
    rejects: list[tuple[int, dict[str, str], str]] = []
    rows = 0
    checker = _Checker()
    zones = available_timezones()
    batch: list[tuple[int, ReceivableRow]] = []
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
        batch.append((line, parsed))
        if len(batch) >= STAGE_BATCH:
            staging.stage(conn, batch)
            batch.clear()
    staging.stage(conn, batch)
    staging.finish_staging(conn)
    if rows == 0:
        raise ArError("AR0506E", f"{path.name} HAS NO DATA ROWS")
    if rejects and not skip_bad:
        staging.clear_staging(conn)
        shown = "; ".join(errors[:3])
        more = f" (AND {len(rejects) - 3} MORE)" if len(rejects) > 3 else ""
        raise ImportRefused(
            f"{path.name}: {len(rejects)} BAD ROWS, NOTHING IMPORTED: {shown}{more}",
            ImportReport(rows=rows, rejected=len(rejects), errors=tuple(errors)),
        )
    reject_file = None
    if rejects:
        target = reject_path or path.with_suffix(".rejects.csv")
        make_private_dir(target.parent)
        reject_file = _write_rejects(target, rejects)
    counts = _merge(session, path, sha256_of(path), rows, len(rejects), source)
    staging.clear_staging(conn)
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


def _write_rejects(path: Path, rejects: list[tuple[int, dict[str, str], str]]) -> Path:
    """Bad rows hold customers' data: the file is its owner's alone (0600), whatever the umask."""
    with open(path, "w", newline="", encoding="utf-8", opener=private_opener) as handle:
        writer = SafeWriter(handle)
        writer.writerow(["line", *COLUMNS, "reason"])
        for line, raw, reason in rejects:
            writer.writerow([line, *(raw.get(name, "") for name in COLUMNS), reason])
    return path


def _merge(
    session: Session, path: Path, sha256: str, rows: int, rejected: int, source: str
) -> dict[str, int]:
    """Apply the staged rows in one transaction, recorded and audited."""
    now = session.now()
    with session.write() as conn:
        below = staging.billed_below_paid(conn)
        if below:
            line, document, billed, taken = below
            raise ArError(
                "AR0509E",
                f"{path.name} LINE {line}: {document} BILLED {cents_to_str(billed)} IS LESS THAN"
                f" THE {cents_to_str(taken)} ALREADY PAID OR CREDITED; NOTHING IMPORTED",
            )
        conflict = staging.policy_conflict(conn)
        if conflict:
            line, policy, owner = conflict
            raise ArError(
                "AR0508E",
                f"{path.name} LINE {line}: POLICY {policy} BELONGS TO ACCOUNT {owner};"
                " NOTHING IMPORTED",
            )
        import_id = staging.record_import(conn, path.name, sha256, rows, session.operator.id, now)
        counts = staging.merge(
            conn,
            import_id=import_id,
            business_date=settings.get(conn, "business_date"),
            operator_id=session.operator.id,
            now=now,
        )
        summary = {"sha256": sha256, "rows": rows, "rejected": rejected, **counts}
        staging.set_import_summary(conn, import_id, json.dumps(summary, sort_keys=True))
        session.audit(conn, source, "receivables.import", subject=path.name, detail=summary)
        # Time zones, customer types and balances may have changed under the holds.
        queue_store.release_all(conn)
    return counts
