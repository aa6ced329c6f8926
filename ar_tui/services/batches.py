"""Bank files in: read, match, post as one batch (all or nothing), returns and changes applied."""

from __future__ import annotations

import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ar_tui.domain.ach_codes import CHANGE_CODES, describe_return
from ar_tui.domain.errors import ArError
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.privacy import last4
from ar_tui.formats import detect
from ar_tui.formats.model import BankFile, BankItem, FileRefused
from ar_tui.services.files import handed, sha256_of
from ar_tui.services.matching import match_items
from ar_tui.services.session import Session
from ar_tui.store import batches as store
from ar_tui.store import matching
from ar_tui.store import payments as payment_store
from ar_tui.store.payments import NewPayment


@dataclass(frozen=True)
class BatchException:
    line: int | None
    kind: str
    amount_cents: int
    reference: str
    reason: str


@dataclass
class BatchReport:
    """What a bank file posted (or, on a dry run, would post)."""

    batch_id: int | None
    file_name: str
    format: str
    items: int
    control_total_cents: int
    """The money the file says it brought in (its receipts): a deposit is reconciled to it."""
    declared_total_cents: int = 0
    """The file's own control total (BAI2's 99, ACH's file control), printed beside it."""
    posted_cents: int = 0
    unapplied_cents: int = 0
    matched: int = 0
    unmatched: int = 0
    returns: int = 0
    returned_cents: int = 0
    changes: int = 0
    exceptions: list[BatchException] = field(default_factory=list)
    dry_run: bool = False
    sha256: str = ""

    @property
    def rejected(self) -> int:
        return len(self.exceptions)

    def line(self) -> str:
        """The one-line summary the command prints and the screen shows."""
        word = "WOULD POST" if self.dry_run else "POSTED"
        batch = f"BATCH {self.batch_id}" if self.batch_id else "DRY RUN"
        return (
            f"{batch} {self.format.upper()} {self.file_name}: {self.items} ITEMS,"
            f" FILE TOTAL {cents_to_str(self.declared_total_cents)},"
            f" RECEIPTS {cents_to_str(self.control_total_cents)}; {word}"
            f" {cents_to_str(self.posted_cents)} ({self.matched} MATCHED),"
            f" UNAPPLIED {cents_to_str(self.unapplied_cents)} ({self.unmatched} UNMATCHED),"
            f" RETURNS {self.returns}, CHANGES {self.changes}, REJECTED {self.rejected}"
        )


class _DryRun(Exception):
    """Raised inside the posting transaction to roll a dry run back."""


def read_file(path: Path, fmt: str = "auto") -> BankFile:
    """Read and check a bank file (refused files raise FileRefused, exit code 3)."""
    return detect.read(Path(path), fmt)


def import_payments(
    session: Session,
    path: Path,
    fmt: str = "auto",
    *,
    dry_run: bool = False,
    source: str = "import payments",
    expect_sha256: str | None = None,
    already_handed: bool = False,
) -> BatchReport:
    """Post a bank file as one batch; a dry run does everything and then rolls it back.

    `expect_sha256` is the checksum a dry run reported: a file changed since it was checked
    is refused, so what posts is what was shown. `already_handed`: the caller made the file
    a private copy of what the person handed it (their stdin), so no check of theirs applies.
    """
    session.require("batch.import", subject=Path(path).name)
    with handed(Path(path), None if already_handed else session.invoker) as path:
        bank = read_file(path, fmt)
        sha256 = sha256_of(path)
    if expect_sha256 is not None and sha256 != expect_sha256:
        raise ArError(
            "AR0614E", f"{path.name} CHANGED SINCE IT WAS CHECKED: ENTER CHECKS IT AGAIN", "file"
        )
    values = session.settings()
    business_date = date.fromisoformat(values["business_date"])
    for item in bank.items:
        if item.received_date > business_date:
            raise FileRefused(
                path.name, item.line,
                f"item dated {item.received_date.isoformat()} is after the business date"
                f" {business_date.isoformat()}",
            )  # fmt: skip
    report = BatchReport(
        batch_id=None,
        file_name=path.name,
        format=bank.format,
        items=len(bank.items),
        control_total_cents=bank.receipts_cents,
        declared_total_cents=bank.declared_total_cents,
        dry_run=dry_run,
        sha256=sha256,
    )
    try:
        with session.store.large_cache(), session.write() as conn:
            earlier = store.posted_with_sha(conn, sha256)
            if earlier:
                raise ArError(
                    "AR0610E",
                    f"{path.name} WAS ALREADY POSTED AS BATCH {earlier[0]} ON {earlier[1]}:"
                    " NOTHING POSTED AGAIN",
                )
            _post(session, conn, bank, path.name, sha256, values, report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        report.batch_id = None
    return report


def _post(
    session: Session,
    conn: sqlite3.Connection,
    bank: BankFile,
    file_name: str,
    sha256: str,
    values: dict[str, str],
    report: BatchReport,
) -> None:
    business_date = values["business_date"]
    now = session.now()
    operator = session.operator.id
    batch_id = store.insert(
        conn, source="bank file", format=bank.format, file_name=file_name, sha256=sha256,
        business_date=business_date, item_count=len(bank.items),
        control_total_cents=bank.receipts_cents, operator_id=operator, now=now,
    )  # fmt: skip
    report.batch_id = batch_id
    already = payment_store.by_bank_keys(conn, [i.key for i in bank.items])
    exceptions = report.exceptions
    fresh: list[BankItem] = []
    for item in bank.items:
        if item.key in already:
            exceptions.append(
                BatchException(item.line, "duplicate", item.amount_cents, item.reference,
                           f"already posted as receipt {already[item.key]}")
            )  # fmt: skip
        elif item.kind == "other":
            exceptions.append(
                BatchException(
                    item.line, "not a receipt", item.amount_cents, item.reference, item.note
                )
            )
        else:
            fresh.append(item)
    receipts = [i for i in fresh if i.kind == "payment"]
    _post_receipts(conn, receipts, batch_id, values, operator, now, report)
    for item in fresh:
        if item.kind == "return":
            _return(session, conn, item, batch_id, values, report)
        elif item.kind == "change":
            _change(session, conn, item, report)
    store.add_exceptions(
        conn, batch_id,
        [(e.line, e.kind, e.amount_cents, e.reference, e.reason, None) for e in exceptions],
    )  # fmt: skip
    kinds = Counter(e.kind for e in exceptions)
    store.finish(
        conn, batch_id, posted_cents=report.posted_cents, unapplied_cents=report.unapplied_cents,
        exception_count=len(exceptions),
        summary={"matched": report.matched, "unmatched": report.unmatched,
                 "returns": report.returns, "returned_cents": report.returned_cents,
                 "changes": report.changes, "exceptions": dict(kinds)},
    )  # fmt: skip
    session.audit(
        conn, "import payments", "batch.post", subject=file_name,
        detail={"batch": batch_id, "sha256": sha256, "format": bank.format,
                "items": len(bank.items), "control": cents_to_str(bank.receipts_cents),
                "posted": cents_to_str(report.posted_cents),
                "unapplied": cents_to_str(report.unapplied_cents),
                "exceptions": len(exceptions)},
    )  # fmt: skip


def _post_receipts(
    conn: sqlite3.Connection,
    receipts: list[BankItem],
    batch_id: int,
    values: dict[str, str],
    operator: int,
    now: str,
    report: BatchReport,
) -> None:
    matches = match_items(conn, receipts)
    states = matching.account_states(conn, (m.account_id for m in matches if m.account_id))
    currency = values["currency"]
    max_cents = int(values["max_payment_cents"])
    payments = []
    for item, found in zip(receipts, matches, strict=True):
        reason = found.reason or None
        account = found.account_id
        category, flag = "payment", None
        if item.currency and item.currency != currency:
            reason = f"currency {item.currency} is not {currency}"
        elif item.amount_cents > max_cents:
            reason = f"amount over the maximum {cents_to_str(max_cents)}: needs review"
        if account is not None:
            status, bankrupt = states[account]
            if bankrupt:
                category, flag = (
                    "voluntary_bankruptcy",
                    "voluntary payment during bankruptcy: review",
                )
            elif status == "charged_off":
                category = "recovery"
        payments.append(
            NewPayment(
                amount_cents=item.amount_cents, method=item.method, reference=item.reference[:40],
                received_date=item.received_date.isoformat(), account_id=account,
                bank_item_key=item.key, payer=item.payer, currency=item.currency or currency,
                preferred_items=found.preferred_items, spill=True, unapplied_reason=reason,
                category=category, review_flag=flag, source_line=item.line,
            )
        )  # fmt: skip
    posted = payment_store.post(
        conn, payments, batch_id=batch_id, business_date=values["business_date"],
        operator_id=operator, now=now,
    )  # fmt: skip
    for result, new in zip(posted, payments, strict=True):
        applied = sum(cents for _, cents in result.applied) + result.recovered_cents
        report.posted_cents += applied
        report.unapplied_cents += result.unapplied_cents
        if new.account_id is not None and not new.unapplied_reason:
            report.matched += 1
        else:
            report.unmatched += 1


def _return(
    session: Session,
    conn: sqlite3.Connection,
    item: BankItem,
    batch_id: int,
    values: dict[str, str],
    report: BatchReport,
) -> None:
    """An ACH return undoes the payment it names; an unknown code is flagged, not fatal."""
    code = item.return_code or "R??"
    description, known = describe_return(code)
    payment = payment_store.by_trace(conn, item.original_trace or "")
    where = f"return {code} of trace {item.original_trace}"
    if payment is None:
        report.exceptions.append(
            BatchException(item.line, "return unmatched", item.amount_cents, item.reference,
                       f"{where}: no payment with that trace ({description.lower()})")
        )  # fmt: skip
        return
    if payment.status != "posted":
        report.exceptions.append(
            BatchException(item.line, "return duplicate", item.amount_cents, item.reference,
                       f"{where}: receipt {payment.receipt} is already {payment.status}")
        )  # fmt: skip
        return
    business_date = values["business_date"]
    now = session.now()
    payment_store.reverse(
        conn, payment, reason=f"{code} {description}", business_date=business_date,
        operator_id=session.operator.id, now=now,
    )  # fmt: skip
    report.returns += 1
    report.returned_cents += payment.amount_cents
    if not known:
        report.exceptions.append(
            BatchException(item.line, "unknown return code", item.amount_cents, item.reference,
                       f"{where}: code not known; receipt {payment.receipt} reversed, check it")
        )  # fmt: skip
    if payment.account_id is None:
        return
    fee = int(values["returned_payment_fee_cents"])
    fee_codes = {c.strip() for c in values["returned_payment_fee_codes"].split(",")}
    if fee > 0 and code in fee_codes:
        store.add_fee_item(
            conn, account_id=payment.account_id, document=f"RTN{payment.receipt[1:]}", cents=fee,
            business_date=business_date, memo=f"returned payment fee ({code})",
            operator_id=session.operator.id, now=now,
        )  # fmt: skip
    store.raise_flag(
        conn, payment.account_id, "returned_payment",
        f"{code} {description} on receipt {payment.receipt}", business_date, session.operator.id,
    )  # fmt: skip
    session.audit(
        conn, "import payments", "payment.return", account_id=payment.account_id,
        subject=payment.receipt, detail={"code": code, "batch": batch_id, "fee": fee},
    )  # fmt: skip


_CHANGES = {
    "C01": ("dfi_account",),
    "C02": ("routing",),
    "C03": ("routing", "dfi_account"),
    "C05": ("account_type",),
    "C06": ("dfi_account", "account_type"),
    "C07": ("routing", "dfi_account", "account_type"),
}


def _change(
    session: Session, conn: sqlite3.Connection, item: BankItem, report: BatchReport
) -> None:
    """A notification of change corrects the customer's bank data; no money moves."""
    code = item.change_code or "C??"
    payment = payment_store.by_trace(conn, item.original_trace or "")
    account_id = payment.account_id if payment else None
    if account_id is None and item.account_hint:
        account_id = matching.accounts_by_number(conn, [item.account_hint]).get(item.account_hint)
    columns = _CHANGES.get(code)
    if account_id is None or columns is None:
        why = "no account for it" if account_id is None else "change code not applied"
        report.exceptions.append(
            BatchException(item.line, "change unmatched", 0, item.reference,
                       f"{code} {CHANGE_CODES.get(code, 'UNKNOWN').lower()}: {why}"
                       f" (trace {item.original_trace}, data {last4(item.change_data or '')})")
        )  # fmt: skip
        return
    # The reader checked the corrected data against its change code (NACHA's layout).
    fixed = item.correction
    values = {
        column: value
        for column, value in (
            ("routing", fixed.routing if fixed else None),
            ("dfi_account", fixed.dfi_account if fixed else None),
            ("account_type", fixed.account_type if fixed else None),
        )
        if column in columns and value
    }
    store.correct_bank_data(conn, account_id, values, session.now())
    report.changes += 1
    # The full number is stored where the business needs it; the log keeps its last four.
    logged = {k: last4(v) if k == "dfi_account" else v for k, v in values.items()}
    session.audit(
        conn, "import payments", "bank_data.change", account_id=account_id,
        subject=code, detail={"changes": logged, "trace": item.original_trace},
    )  # fmt: skip


@dataclass(frozen=True)
class BatchLine:
    """One batch in the BTCH list."""

    id: int
    business_date: str
    format: str
    file_name: str
    items: int
    control_cents: int
    posted_cents: int
    unapplied_cents: int
    exceptions: int


def recent(session: Session, before_id: int | None = None, limit: int = 12) -> list[BatchLine]:
    """Batches newest first, a page at a time."""
    with session.store.read() as conn:
        rows = store.page(conn, before_id or 2**62, limit)
    return [
        BatchLine(
            id=row[0], business_date=row[1], format=row[2] or "", file_name=row[3] or "",
            items=row[4], control_cents=row[5], posted_cents=row[6], unapplied_cents=row[7],
            exceptions=row[8],
        )
        for row in rows
    ]  # fmt: skip


@dataclass(frozen=True)
class DepositLine:
    """Deposit reconciliation of one batch: bank amount against what was posted and held."""

    batch_id: int
    file_name: str
    bank_cents: int
    posted_cents: int
    unapplied_cents: int
    reversed_cents: int

    @property
    def variance_cents(self) -> int:
        return self.bank_cents - self.posted_cents - self.unapplied_cents


def deposits(session: Session, day: date) -> list[DepositLine]:
    """Per batch of business date `day`: bank amount, posted, unapplied, reversed, variance."""
    with session.store.read() as conn:
        return [DepositLine(*row) for row in store.deposit_totals(conn, day.isoformat())]
