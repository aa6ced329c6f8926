"""The referral documentation package: the account history exhibit as PDF and CSV."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ar_tui.domain.errors import ArError
from ar_tui.domain.exhibit import Exhibit, ExhibitDispute, ExhibitEntry, ExhibitItem
from ar_tui.formats.exhibit_csv import write_csv
from ar_tui.services.files import make_private_dir
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import exhibit as store
from ar_tui.store import settings


@dataclass(frozen=True)
class Package:
    folder: Path
    pdf: Path
    csv: Path
    pages: int
    balance_cents: int


def build_exhibit(session: Session, conn: sqlite3.Connection, account_id: int) -> Exhibit:
    """Everything the exhibit shows, read in the caller's transaction."""
    values = settings.get_all(conn)
    number, name, customer_type, bill_type, state, collector, status = store.header(
        conn, account_id
    )
    entries, running = [], 0
    for entry_id, day, kind, document, reference, memo, cents in store.ledger(conn, account_id):
        running += cents
        entries.append(ExhibitEntry(entry_id, day, kind, document, reference, memo, cents, running))
    total, attempts, talks, last = store.contact_counts(conn, account_id)
    contacts = [
        ("Contacts logged", str(total)),
        ("Call attempts", str(attempts)),
        ("Conversations", str(talks)),
        ("Last contact", last or "never"),
    ] + [(f"Outcome {outcome}", str(n)) for outcome, n in store.outcomes(conn, account_id)]
    return Exhibit(
        company=values["company_name"], account_number=number, name=name,
        customer_type=customer_type, bill_type=bill_type, state=state,
        collector=collector or "unassigned", status=status,
        prepared_by=f"{session.operator.name} ({session.operator.login})",
        prepared_on=values["business_date"], currency=values["currency"],
        items=tuple(ExhibitItem(*row) for row in store.items(conn, account_id)),
        entries=tuple(entries), contacts=tuple(contacts),
        disputes=tuple(ExhibitDispute(*row) for row in store.disputes(conn, account_id)),
    )  # fmt: skip


def _folder(session: Session, conn: sqlite3.Connection, number: str, out_dir: Path | None) -> Path:
    """`<exhibit_dir>/<account>_<date>`, beside the database unless a setting says where;
    a second package the same day gets its own folder, so none is ever overwritten."""
    if out_dir is not None and session.invoker is not None and session.invoker.via_service:
        raise ArError(
            "AR0063E", "RUN FOR YOU BY THE SERVICE ACCOUNT, EXHIBITS GO TO ITS exhibit_dir:"
            " --out IS NOT ACCEPTED", "out",
        )  # fmt: skip
    base = out_dir or Path(
        settings.get(conn, "exhibit_dir") or session.store.path.parent / "exhibits"
    )
    day = settings.get(conn, "business_date")
    # The names come from the database: only digits and a date ever become a path.
    if not (number.isascii() and number.isdigit()) or date.fromisoformat(day).isoformat() != day:
        raise ArError("AR0899E", f"ACCOUNT {number!r} OR DATE {day!r} CANNOT NAME A FOLDER")
    stem = f"{number}_{day}"
    folder, n = base / stem, 1
    while folder.exists():
        n += 1
        folder = base / f"{stem}_{n}"
    return make_private_dir(folder)


def write_package_in(
    session: Session, conn: sqlite3.Connection, account_id: int, out_dir: Path | None = None
) -> Package:
    """Write the exhibit PDF and CSV for an account, inside the caller's transaction."""
    # fpdf2 brings Pillow and fontTools: loaded only when a package is written, so a
    # collector's session that never writes one stays small.
    from ar_tui.formats.exhibit_pdf import write_pdf

    exhibit = build_exhibit(session, conn, account_id)
    folder = _folder(session, conn, exhibit.account_number, out_dir)
    stem = f"exhibit_{exhibit.account_number}_{exhibit.prepared_on}"
    pdf, csv_path = folder / f"{stem}.pdf", folder / f"{stem}.csv"
    pages = write_pdf(exhibit, pdf)
    write_csv(exhibit, csv_path)
    for written in (pdf, csv_path):  # in a 0700 folder from the start; 0600 whatever the umask
        written.chmod(0o600)
    return Package(folder, pdf, csv_path, pages, exhibit.balance_cents)


def write_package(session: Session, number: str, out_dir: Path | None = None) -> Package:
    """The documentation package for an account, again (for counsel, or after a payment).

    The exhibit carries a customer's personal data out of the database: who wrote which
    one, and where, is audited.
    """
    account_id = account_id_for(session, number)
    session.require("referral.exhibit", account_id=account_id, subject=number.strip())
    with session.write() as conn:
        package = write_package_in(session, conn, account_id, out_dir)
        session.audit(
            conn, "referral exhibit", "exhibit.write", account_id=account_id,
            subject=number.strip(), detail={"folder": str(package.folder), "pages": package.pages},
        )  # fmt: skip
    return package
