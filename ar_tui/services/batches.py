"""Bank files in: read, match, post as one batch (all or nothing), returns and changes applied."""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ar_tui.domain.ach_codes import CHANGE_CODES, describe_return
from ar_tui.domain.errors import ArError, NotFound
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.privacy import last4
from ar_tui.formats import detect
from ar_tui.formats.model import BankFile, BankItem, FileRefused
from ar_tui.services.files import handed
from ar_tui.services.matching import Match, match_items
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
    status: str = "posted"
    """posted, failed (cut short before any of it posted), or dry run."""
    resumed_from: int | None = None
    """For a batch a crash cut short: the item its resumption began at."""
    resumed: list[BatchReport] = field(default_factory=list)
    """The batches cut short that were finished before this file posted."""

    @property
    def rejected(self) -> int:
        return len(self.exceptions)

    def add(self, chunk: BatchReport) -> None:
        """Count what one chunk did."""
        self.posted_cents += chunk.posted_cents
        self.unapplied_cents += chunk.unapplied_cents
        self.matched += chunk.matched
        self.unmatched += chunk.unmatched
        self.returns += chunk.returns
        self.returned_cents += chunk.returned_cents
        self.changes += chunk.changes
        self.exceptions += chunk.exceptions

    def line(self) -> str:
        """The one-line summary the command prints and the screen shows."""
        if self.status == "failed":
            return (
                f"BATCH {self.batch_id} {self.file_name}: CUT SHORT BEFORE ANY OF IT POSTED;"
                " MARKED FAILED, NOTHING POSTED: IMPORT THE FILE AGAIN"
            )
        word = "WOULD POST" if self.dry_run else "POSTED"
        batch = f"BATCH {self.batch_id}" if self.batch_id else "DRY RUN"
        if self.resumed_from is not None:
            batch += f" RESUMED AT ITEM {self.resumed_from + 1}"
        return (
            f"{batch} {self.format.upper()} {self.file_name}: {self.items} ITEMS,"
            f" FILE TOTAL {cents_to_str(self.declared_total_cents)},"
            f" RECEIPTS {cents_to_str(self.control_total_cents)}; {word}"
            f" {cents_to_str(self.posted_cents)} ({self.matched} MATCHED),"
            f" UNAPPLIED {cents_to_str(self.unapplied_cents)} ({self.unmatched} UNMATCHED),"
            f" RETURNS {self.returns}, CHANGES {self.changes}, REJECTED {self.rejected}"
        )


class _DryRun(Exception):
    """Raised inside a chunk's transaction to roll a dry run back."""


CHUNK_SECONDS = 0.05
"""The time a chunk aims to hold the one writer; each chunk is sized from the last one's."""
FIRST_CHUNK_ITEMS = 200
MIN_CHUNK_ITEMS = 20
MAX_CHUNK_ITEMS = 5000
CHECKPOINT_EVERY = 4
"""Chunks between two checkpoints of the log into the database (no save runs them)."""
FILE_PART_BYTES = 4 * 2**20
"""A batch keeps its file (to finish it after a crash) in parts this size, one per commit."""


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

    The file is read, checked and matched outside the write lock, then posted in chunks
    of about `CHUNK_SECONDS` each, so collectors' saves go in between. The batch is
    `posting` until its last chunk commits; one cut short by a crash is finished from
    the file it keeps (`resume`, and by the next import or nightly cycle).

    `expect_sha256` is the checksum a dry run reported: a file changed since it was checked
    is refused, so what posts is what was shown. `already_handed`: the caller made the file
    a private copy of what the person handed it (their stdin), so no check of theirs applies.
    """
    session.require("batch.import", subject=Path(path).name)
    with handed(Path(path), None if already_handed else session.invoker) as path:
        data = detect.read_bytes(path, fmt)
        name = path.name
    bank = detect.parse(data, name, fmt)
    sha256 = hashlib.sha256(data).hexdigest()
    if expect_sha256 is not None and sha256 != expect_sha256:
        raise ArError(
            "AR0614E", f"{name} CHANGED SINCE IT WAS CHECKED: ENTER CHECKS IT AGAIN", "file"
        )
    values = session.settings()
    business_date = date.fromisoformat(values["business_date"])
    for item in bank.items:
        if item.received_date > business_date:
            raise FileRefused(
                name, item.line,
                f"item dated {item.received_date.isoformat()} is after the business date"
                f" {business_date.isoformat()}",
            )  # fmt: skip
    report = _new_report(bank, name, sha256, dry_run=dry_run)
    with session.store.only_import():
        # A batch a crash cut short is finished first (a dry run changes nothing, not that).
        report.resumed = [] if dry_run else resume_cut_short(session)
        with session.store.read() as conn:
            _refuse_posted_again(conn, sha256, name)
            plan = _plan(conn, bank)
        if dry_run:
            _dry_run(session, bank, plan, name, sha256, values, report)
        else:
            report.batch_id = _start(session, bank, plan, data, name, sha256, values)
            _post_chunks(session, report.batch_id, bank, plan, 0, values, report)
    report.exceptions.sort(key=lambda e: e.line or 0)
    return report


def _new_report(bank: BankFile, name: str, sha256: str, *, dry_run: bool) -> BatchReport:
    return BatchReport(
        batch_id=None,
        file_name=name,
        format=bank.format,
        items=len(bank.items),
        control_total_cents=bank.receipts_cents,
        declared_total_cents=bank.declared_total_cents,
        dry_run=dry_run,
        sha256=sha256,
        status="dry run" if dry_run else "posted",
    )


def _refuse_posted_again(conn: sqlite3.Connection, sha256: str, name: str) -> None:
    earlier = store.posted_with_sha(conn, sha256)
    if earlier:
        number, day, status = earlier
        done = "WAS ALREADY POSTED" if status == "posted" else "IS ALREADY POSTING"
        raise ArError("AR0610E", f"{name} {done} AS BATCH {number} ON {day}: NOTHING POSTED AGAIN")


@dataclass(frozen=True)
class _Plan:
    """What is decided before the write lock, by index of an item in the file: the account
    each receipt pays, the items the file holds twice, and the order they post in."""

    matches: dict[int, Match]
    repeats: dict[int, int]
    """index -> the line where the same bank item came earlier in the file."""
    order: list[int]
    """The items in posting order: receipts by the account they pay (file order within
    one), then returns, changes and the rest. Chunks in this order each touch their own
    stretch of the accounts' pages, so a page is written to the log about once per import,
    not once per chunk; a batch keeps the order, and `posted_through` counts along it."""


def _plan(conn: sqlite3.Connection, bank: BankFile, order: list[int] | None = None,
          start: int = 0) -> _Plan:  # fmt: skip
    """The plan, read outside the write lock (what is open on an account is read again when
    its chunk posts). Resuming, `order` is the batch's, and only what follows `start` is
    matched again."""
    wanted = set(order[start:]) if order is not None else range(len(bank.items))
    receipts = [(n, bank.items[n]) for n in sorted(wanted) if bank.items[n].kind == "payment"]
    found = match_items(conn, [item for _, item in receipts])
    matches = {n: match for (n, _), match in zip(receipts, found, strict=True)}
    first: dict[str, BankItem] = {}
    repeats = {}
    for index, item in enumerate(bank.items):
        earlier = first.setdefault(item.key, item)
        if earlier is not item:
            repeats[index] = earlier.line or 0
    if order is None:
        last = 2**62

        def posting(index: int) -> tuple[int, int]:
            match = matches.get(index)
            return (match.account_id or last - 1) if match else last, index

        order = sorted(range(len(bank.items)), key=posting)
    return _Plan(matches, repeats, order)


def _start(
    session: Session,
    bank: BankFile,
    plan: _Plan,
    data: bytes,
    name: str,
    sha256: str,
    values: dict[str, str],
) -> int:
    """The batch row, `posting`, with its posting order, and the file it keeps, a part per
    commit."""
    parts = [data[at : at + FILE_PART_BYTES] for at in range(0, len(data), FILE_PART_BYTES)]
    with session.store.write() as conn:
        _refuse_posted_again(conn, sha256, name)
        batch_id = _insert_batch(
            session, conn, bank, name, sha256, values, file_bytes=len(data), item_order=plan.order
        )
        store.add_file_part(conn, batch_id, 0, parts[0])
    for number, part in enumerate(parts[1:], start=1):
        session.store.make_way()
        with session.store.write() as conn:
            store.add_file_part(conn, batch_id, number, part)
    return batch_id


def _insert_batch(
    session: Session,
    conn: sqlite3.Connection,
    bank: BankFile,
    name: str,
    sha256: str,
    values: dict[str, str],
    file_bytes: int = 0,
    item_order: Sequence[int] = (),
) -> int:
    """The batch row of `bank`, posting on the business date, with its file's size and
    posting order (a dry run keeps neither)."""
    return store.insert(
        conn, source="bank file", format=bank.format, file_name=name, sha256=sha256,
        business_date=values["business_date"], item_count=len(bank.items),
        control_total_cents=bank.receipts_cents, operator_id=session.operator.id,
        now=session.now(), file_bytes=file_bytes, item_order=item_order,
    )  # fmt: skip


def _next_size(size: int, held_seconds: float) -> int:
    """The next chunk's items: as many as fit `CHUNK_SECONDS` at the last chunk's pace."""
    wanted = int(size * CHUNK_SECONDS / max(held_seconds, 1e-4))
    return max(MIN_CHUNK_ITEMS, min(MAX_CHUNK_ITEMS, wanted, size * 2))


def _post_chunks(
    session: Session,
    batch_id: int,
    bank: BankFile,
    plan: _Plan,
    start: int,
    values: dict[str, str],
    report: BatchReport,
) -> None:
    """Post the file's items from `start` on, a chunk per commit, until the batch is posted."""
    total = len(bank.items)
    size = FIRST_CHUNK_ITEMS
    position = start
    with session.store.large_cache():
        for chunks in itertools.count(1):
            end = min(position + size, total)
            tally = BatchReport(None, report.file_name, bank.format, 0, 0)
            with session.store.write() as conn:
                began = time.perf_counter()
                _chunk(session, conn, batch_id, bank, plan, position, end, values, tally)
            held = time.perf_counter() - began
            report.add(tally)
            position = end
            if position >= total or chunks % CHECKPOINT_EVERY == 0:
                session.store.checkpoint()  # outside the lock: saves go on meanwhile
            if position >= total:
                return
            size = _next_size(size, held)
            session.store.make_way()


def _chunk(
    session: Session,
    conn: sqlite3.Connection,
    batch_id: int,
    bank: BankFile,
    plan: _Plan,
    start: int,
    end: int,
    values: dict[str, str],
    tally: BatchReport,
) -> None:
    """Items `start` to `end` of the file, and the batch's totals moved on with them."""
    at = store.progress(conn, batch_id)
    if at is None or at.status != "posting" or at.posted_through != start:
        raise ArError(
            "AR0617E", f"BATCH {batch_id} WAS MOVED ON BY ANOTHER SESSION: NOTHING POSTED TWICE"
        )
    chunk = [(index, bank.items[index]) for index in plan.order[start:end]]
    _post_items(session, conn, batch_id, chunk, plan, values, tally)
    summary = _merged(at.summary, tally)
    moved_on = store.advance(
        conn, batch_id, start=start, through=end, posted_cents=tally.posted_cents,
        unapplied_cents=tally.unapplied_cents, exception_count=len(tally.exceptions),
        summary=summary,
    )  # fmt: skip
    if not moved_on:  # read above in this transaction: only a defect gets here
        raise ArError("AR0617E", f"BATCH {batch_id} DID NOT MOVE ON: NOTHING OF THIS CHUNK POSTED")
    if end < len(bank.items):
        return
    store.complete(conn, batch_id, session.now())
    session.audit(
        conn, "import payments", "batch.post", subject=at.file_name,
        detail={"batch": batch_id, "sha256": at.sha256, "format": bank.format,
                "items": len(bank.items), "control": cents_to_str(bank.receipts_cents),
                "posted": cents_to_str(at.posted_cents + tally.posted_cents),
                "unapplied": cents_to_str(at.unapplied_cents + tally.unapplied_cents),
                "exceptions": at.exception_count + len(tally.exceptions)},
    )  # fmt: skip


def _merged(summary: dict, tally: BatchReport) -> dict:
    """The batch's summary counts with a chunk's added."""
    kinds = Counter(summary.get("exceptions", {}))
    kinds.update(e.kind for e in tally.exceptions)
    return {
        "matched": summary.get("matched", 0) + tally.matched,
        "unmatched": summary.get("unmatched", 0) + tally.unmatched,
        "returns": summary.get("returns", 0) + tally.returns,
        "returned_cents": summary.get("returned_cents", 0) + tally.returned_cents,
        "changes": summary.get("changes", 0) + tally.changes,
        "exceptions": dict(kinds),
    }


def _dry_run(
    session: Session,
    bank: BankFile,
    plan: _Plan,
    name: str,
    sha256: str,
    values: dict[str, str],
    report: BatchReport,
) -> None:
    """Post every chunk and roll each back. A chunk holds whole accounts, so two payments
    to one account see each other as they will when the file posts."""
    order = [(index, bank.items[index]) for index in plan.order]
    size = FIRST_CHUNK_ITEMS
    position = 0
    with session.store.large_cache():
        while position < len(order):
            end = min(position + size, len(order))
            while end < len(order) and _account(order[end], plan) == _account(order[end - 1], plan):
                end += 1
            tally = BatchReport(None, name, bank.format, 0, 0)
            try:
                with session.store.write() as conn:
                    began = time.perf_counter()
                    batch_id = _insert_batch(session, conn, bank, name, sha256, values)
                    _post_items(session, conn, batch_id, order[position:end], plan, values, tally)
                    raise _DryRun
            except _DryRun:
                pass
            report.add(tally)
            size = _next_size(size, time.perf_counter() - began)
            position = end
            session.store.make_way()


def _account(pair: tuple[int, BankItem], plan: _Plan) -> int | None:
    found = plan.matches.get(pair[0])
    return found.account_id if found and found.account_id else None


def _post_items(
    session: Session,
    conn: sqlite3.Connection,
    batch_id: int,
    chunk: list[tuple[int, BankItem]],
    plan: _Plan,
    values: dict[str, str],
    tally: BatchReport,
) -> None:
    """Post a chunk's receipts, then its returns and changes; what is refused is listed."""
    now = session.now()
    operator = session.operator.id
    already = payment_store.by_bank_keys(conn, [item.key for _, item in chunk])
    exceptions = tally.exceptions
    fresh: list[tuple[int, BankItem]] = []
    for index, item in chunk:
        if index in plan.repeats:
            exceptions.append(
                BatchException(item.line, "duplicate", item.amount_cents, item.reference,
                           f"the same bank item as line {plan.repeats[index]} of this file"
                           if plan.repeats[index] else "the same bank item twice in this file")
            )  # fmt: skip
        elif item.key in already:
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
            fresh.append((index, item))
    receipts = [(index, item) for index, item in fresh if item.kind == "payment"]
    _post_receipts(conn, receipts, plan, batch_id, values, operator, now, tally)
    for _, item in fresh:
        if item.kind == "return":
            _return(session, conn, item, batch_id, values, tally)
        elif item.kind == "change":
            _change(session, conn, item, tally)
    store.add_exceptions(
        conn, batch_id,
        [(e.line, e.kind, e.amount_cents, e.reference, e.reason, None) for e in exceptions],
    )  # fmt: skip


def resume(session: Session, batch_id: int) -> BatchReport:
    """Finish posting a batch a crash cut short (`ar-tui batch resume ID`)."""
    session.require("batch.resume", subject=f"batch {batch_id}")
    with session.store.only_import():
        return _resume(session, batch_id)


def resume_cut_short(session: Session) -> list[BatchReport]:
    """Finish every batch left `posting`; the caller holds `only_import`, so no one else
    is posting them: they were cut short."""
    with session.store.read() as conn:
        waiting = store.posting(conn)
    return [_resume(session, batch_id) for batch_id in waiting]


def _resume(session: Session, batch_id: int) -> BatchReport:
    with session.store.read() as conn:
        at = store.progress(conn, batch_id)
        content = store.file_content(conn, batch_id)
    if at is None:
        raise NotFound("AR0618E", f"BATCH {batch_id} NOT FOUND", "batch")
    if at.status != "posting":
        raise ArError(
            "AR0619E", f"BATCH {batch_id} IS {at.status.upper()}, NOT POSTING: NOTHING TO RESUME"
        )
    if content is None or hashlib.sha256(content).hexdigest() != at.sha256:
        if at.posted_through:
            raise ArError(
                "AR0620E", f"BATCH {batch_id} CANNOT BE FINISHED: ITS COPY OF THE FILE IS DAMAGED"
            )
        # Cut short while its file was being kept: nothing of it posted, so it never was.
        with session.store.write() as conn:
            store.abandon(conn, batch_id)
            session.audit(
                conn, "batch resume", "batch.resume", subject=at.file_name,
                detail={"batch": batch_id, "outcome": "failed: the file was not all kept"},
            )  # fmt: skip
        failed = BatchReport(batch_id, at.file_name, at.format, at.item_count, 0)
        failed.status = "failed"
        return failed
    bank = detect.parse(content, at.file_name, at.format or "auto")
    report = _new_report(bank, at.file_name, at.sha256, dry_run=False)
    report.batch_id = batch_id
    report.resumed_from = at.posted_through
    with session.store.write() as conn:
        session.audit(
            conn, "batch resume", "batch.resume", subject=at.file_name,
            detail={"batch": batch_id, "from_item": at.posted_through, "items": len(bank.items)},
        )  # fmt: skip
    with session.store.read() as conn:
        order = store.item_order(conn, batch_id)
        plan = _plan(conn, bank, order or list(range(len(bank.items))), at.posted_through)
    values = {**session.settings(), "business_date": at.business_date}
    _post_chunks(session, batch_id, bank, plan, at.posted_through, values, report)
    with session.store.read() as conn:
        done = store.progress(conn, batch_id)
        listed = store.exceptions(conn, batch_id, limit=2**31)
    assert done is not None
    summary = done.summary
    report.posted_cents, report.unapplied_cents = done.posted_cents, done.unapplied_cents
    report.matched, report.unmatched = summary["matched"], summary["unmatched"]
    report.returns, report.returned_cents = summary["returns"], summary["returned_cents"]
    report.changes = summary["changes"]
    report.exceptions = [BatchException(*row) for row in listed]
    return report


def _post_receipts(
    conn: sqlite3.Connection,
    receipts: list[tuple[int, BankItem]],
    plan: _Plan,
    batch_id: int,
    values: dict[str, str],
    operator: int,
    now: str,
    report: BatchReport,
) -> None:
    if not receipts:
        return
    matches = [plan.matches[index] for index, _ in receipts]
    # Read now, in the chunk's transaction: a bankruptcy filed since the file was matched counts.
    states = matching.account_states(conn, (m.account_id for m in matches if m.account_id))
    currency = values["currency"]
    max_cents = int(values["max_payment_cents"])
    payments = []
    for (_, item), found in zip(receipts, matches, strict=True):
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
    status: str = "posted"


def recent(session: Session, before_id: int | None = None, limit: int = 12) -> list[BatchLine]:
    """Batches newest first, a page at a time."""
    with session.store.read() as conn:
        rows = store.page(conn, before_id or 2**62, limit)
    return [
        BatchLine(
            id=row[0], business_date=row[1], format=row[2] or "", file_name=row[3] or "",
            items=row[4], control_cents=row[5], posted_cents=row[6], unapplied_cents=row[7],
            exceptions=row[8], status=row[9],
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
