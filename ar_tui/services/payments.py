"""Posting one payment, reversing, applying unapplied cash and transferring between accounts."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, timedelta

from ar_tui.domain.allocation import Allocation, OpenItem, allocate
from ar_tui.domain.errors import ArError, NotFound, UsageError
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.payments import (
    check_amount,
    check_method,
    check_received_date,
    check_reversal_reason,
)
from ar_tui.domain.referrals import commission_cents
from ar_tui.services import limits, locks, workable
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import accounts as account_queries
from ar_tui.store import arrangements, cases, matching, settings
from ar_tui.store import payments as store
from ar_tui.store.payments import NewPayment, PaymentRow

MAX_REFERENCE = 40


@dataclass(frozen=True)
class PaymentResult:
    """What a posting did, for the message line and the command's output."""

    receipt: str
    account_number: str | None
    amount_cents: int
    applied: tuple[tuple[str, int], ...] = ()
    unapplied_cents: int = 0
    recovered_cents: int = 0
    category: str = "payment"
    review_flag: str | None = None
    approval_id: int = 0  # a transfer over the limit: waiting for this request


@dataclass(frozen=True)
class Preview:
    """How a payment would be applied: (item id, document, cents) and the credit left over."""

    applied: tuple[tuple[int, str, int], ...]
    unapplied_cents: int
    notes: tuple[str, ...] = field(default=())


def _special(conn: sqlite3.Connection, account_id: int) -> tuple[str, str | None]:
    """(category, review flag) for a payment to this account."""
    status, bankrupt = matching.account_states(conn, [account_id])[account_id]
    if bankrupt:
        return "voluntary_bankruptcy", "voluntary payment during bankruptcy: review"
    if status == "charged_off":
        return "recovery", None
    return "payment", None


def _checked(
    session: Session, amount_cents: int, method: str, reference: str, received: date | None
) -> tuple[int, str, str, date]:
    values = session.settings()
    business_date = date.fromisoformat(values["business_date"])
    cents = check_amount(amount_cents, int(values["max_payment_cents"]))
    method = check_method(method)
    reference = reference.strip()
    if len(reference) > MAX_REFERENCE:
        raise UsageError(
            "AR0416E", f"REFERENCE IS LONGER THAN {MAX_REFERENCE} CHARACTERS", "reference"
        )
    if method in ("check", "ach", "wire") and not reference:
        raise UsageError("AR0417E", f"A {method.upper()} PAYMENT NEEDS A REFERENCE", "reference")
    received = check_received_date(received or business_date, business_date)
    if (business_date - received).days > 3650:
        raise ArError("AR0415E", "RECEIVED DATE IS MORE THAN TEN YEARS AGO", "received")
    return cents, method, reference, received


DUPLICATE_DAYS = 30  # setting duplicate_payment_days: 0 turns the warning off


def duplicate_of(
    session: Session,
    number: str,
    amount_cents: int,
    method: str,
    reference: str,
    received: date | None = None,
) -> tuple[str, str] | None:
    """(receipt, received date) of a payment this one repeats: the same account, amount and
    reference (blank: method) received within `duplicate_payment_days` before it."""
    account_id = account_id_for(session, number)
    conn = session.store.connection()
    return _duplicate(conn, account_id, amount_cents, method, reference, received)


def _duplicate(
    conn: sqlite3.Connection,
    account_id: int,
    amount_cents: int,
    method: str,
    reference: str,
    received: date | None,
) -> tuple[str, str] | None:
    values = settings.get_all(conn)
    days = int(values.get("duplicate_payment_days", DUPLICATE_DAYS))
    if days <= 0:
        return None
    day = received or date.fromisoformat(values["business_date"])
    since = (day - timedelta(days=days)).isoformat()
    return store.same_as(
        conn, account_id, amount_cents, method.strip().lower(), reference.strip(), since
    )


def check_payment(
    session: Session, amount_cents: int, method: str, reference: str, received: date | None
) -> None:
    """Every check a posting makes of its fields, without posting (for a screen's preview)."""
    session.require("payment.post")
    _checked(session, amount_cents, method, reference, received)


def _documents_to_items(
    conn: sqlite3.Connection, account_id: int, documents: tuple[str, ...]
) -> tuple[int, ...]:
    if not documents:
        return ()
    found = matching.items_by_document(conn, [d.strip().upper() for d in documents])
    ids = []
    for document in documents:
        hits = [
            item for acct, item in found.get(document.strip().upper(), []) if acct == account_id
        ]
        if not hits:
            raise NotFound(
                "AR0418E", f"DOCUMENT {document} IS NOT AN ITEM OF THIS ACCOUNT", "items"
            )
        ids.append(hits[0])
    return tuple(ids)


def preview(
    session: Session, number: str, amount_cents: int, marked_item_ids: tuple[int, ...] = ()
) -> Preview:
    """How `amount_cents` would be applied now, without posting anything."""
    with session.store.read() as conn:
        account_id = account_id_for(session, number)
        items = account_queries.all_open_items(conn, account_id)
        plan: Allocation = allocate(
            amount_cents,
            [OpenItem(i.id, i.due_date, i.open_cents) for i in items],
            marked_item_ids,
            spill=not marked_item_ids,
        )
        category, flag = _special(conn, account_id)
    documents = {i.id: i.document_number for i in items}
    notes = []
    if flag:
        notes.append(flag)
    if category == "recovery":
        notes.append("account is charged off: this payment is a recovery")
    return Preview(
        applied=tuple((item_id, documents[item_id], cents) for item_id, cents in plan.applied),
        unapplied_cents=plan.unapplied_cents,
        notes=tuple(notes),
    )


def post_payment(
    session: Session,
    number: str,
    amount_cents: int,
    method: str,
    reference: str,
    received: date | None = None,
    *,
    marked_item_ids: tuple[int, ...] = (),
    documents: tuple[str, ...] = (),
    source: str = "PAYP",
    duplicate_ok: bool = False,
) -> PaymentResult:
    """Post one payment to account `number`: oldest due first, or to the marked items.

    A payment that repeats one already posted (`duplicate_of`) is refused unless the person
    posting it said it is meant (`duplicate_ok`: PAYP's Enter on the warning, `--duplicate`).
    """
    account_id = account_id_for(session, number)
    session.require("payment.post", account_id=account_id, subject=number.strip())
    cents, method, reference, received = _checked(
        session, amount_cents, method, reference, received
    )
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "payment.post")
        repeated = _duplicate(conn, account_id, cents, method, reference, received)
        if repeated and not duplicate_ok:
            receipt, day = repeated
            raise ArError(
                "AR0443E",
                f"{cents_to_str(cents)} WITH REFERENCE {reference.upper() or method.upper()!r}"
                f" WAS POSTED TO {number.strip()} ON {day} ({receipt}): A DUPLICATE?",
                "reference",
            )
        preferred = marked_item_ids or _documents_to_items(conn, account_id, documents)
        category, flag = _special(conn, account_id)
        (posted,) = store.post(
            conn,
            [
                NewPayment(
                    amount_cents=cents,
                    method=method,
                    reference=reference,
                    received_date=received.isoformat(),
                    account_id=account_id,
                    preferred_items=preferred,
                    spill=not preferred,
                    category=category,
                    review_flag=flag,
                )
            ],
            batch_id=None,
            business_date=settings.get(conn, "business_date"),
            operator_id=session.operator.id,
            now=session.now(),
        )
        commission = None
        if method == "agency":
            commission = _agency_commission(conn, account_id, posted.payment_id, cents)
        session.audit(
            conn,
            source,
            "payment.post",
            account_id=account_id,
            subject=posted.receipt,
            detail={"amount": cents_to_str(cents), "method": method, "reference": reference,
                    "received": received.isoformat(), "category": category,
                    "commission": commission},
        )  # fmt: skip
        documents_by_id = _document_numbers(conn, [item for item, _ in posted.applied])
    return PaymentResult(
        receipt=posted.receipt,
        account_number=number.strip(),
        amount_cents=cents,
        applied=tuple((documents_by_id[item], c) for item, c in posted.applied),
        unapplied_cents=posted.unapplied_cents,
        recovered_cents=posted.recovered_cents,
        category=category,
        review_flag=flag,
    )


def _agency_commission(
    conn: sqlite3.Connection, account_id: int, payment_id: int, cents: int
) -> str | None:
    """An agency's remittance on an account it holds: record the commission it keeps."""
    placed = cases.referral_in_force(conn, account_id)
    if placed is None or placed.status == "proposed":
        return None
    commission = commission_cents(cents, placed.commission_rate_bp)
    cases.add_referral_payment(
        conn, referral_id=placed.id, payment_id=payment_id, amount_cents=cents,
        rate_bp=placed.commission_rate_bp, commission_cents=commission,
        day=settings.get(conn, "business_date"),
    )  # fmt: skip
    return cents_to_str(commission)


def _document_numbers(conn: sqlite3.Connection, item_ids: list[int]) -> dict[int, str]:
    if not item_ids:
        return {}
    marks = ",".join("?" * len(item_ids))
    return dict(
        conn.execute(f"SELECT id, document_number FROM items WHERE id IN ({marks})", item_ids)
    )


def _payment(conn: sqlite3.Connection, receipt: str) -> PaymentRow:
    payment = store.by_receipt(conn, receipt.strip().upper())
    if payment is None:
        raise NotFound("AR0420E", f"RECEIPT {receipt.strip().upper()} NOT FOUND", "receipt")
    return payment


@dataclass(frozen=True)
class Reversal:
    """A reversal done (the items it reopened), or waiting for approval (its request)."""

    receipt: str
    reopened: tuple[int, ...] = ()
    approval_id: int = 0


def _posted(conn: sqlite3.Connection, receipt: str) -> PaymentRow:
    payment = _payment(conn, receipt)
    if payment.status != "posted":
        raise ArError("AR0421E", f"RECEIPT {payment.receipt} IS ALREADY {payment.status.upper()}")
    return payment


def _refuse_twice(conn: sqlite3.Connection, payment: PaymentRow) -> None:
    for kind in ("reversal", "transfer"):
        waiting = arrangements.pending_request(conn, kind, payment.id)
        if waiting:
            raise ArError(
                "AR0427E", f"RECEIPT {payment.receipt} ALREADY WAITS FOR APPROVAL {waiting}"
            )


def _guard_payment(
    session: Session, conn: sqlite3.Connection, payment: PaymentRow, action: str
) -> None:
    if payment.account_id is not None:
        locks.guard_in(session, conn, payment.account_id, action)


def reverse_in(
    session: Session, conn: sqlite3.Connection, payment: PaymentRow, reason: str, source: str
) -> tuple[int, ...]:
    """Reverse a posted payment inside the caller's transaction; audited."""
    reopened = store.reverse(
        conn,
        payment,
        reason=reason,
        business_date=settings.get(conn, "business_date"),
        operator_id=session.operator.id,
        now=session.now(),
    )
    session.audit(
        conn, source, "payment.reverse", account_id=payment.account_id,
        subject=payment.receipt,
        detail={"reason": reason, "amount": cents_to_str(payment.amount_cents),
                "reopened_items": reopened},
    )  # fmt: skip
    return tuple(reopened)


def preview_reversal(session: Session, receipt: str, reason: str) -> tuple[PaymentRow, bool]:
    """Every check a reversal makes, without reversing: the payment and whether it is within
    today's limit (else it will wait for approval). For RECN's first Enter."""
    session.require("payment.reverse", subject=receipt.strip().upper())
    check_reversal_reason(reason)
    with session.store.read() as conn:
        payment = _reversible(session, conn, receipt)
        within = payment.amount_cents <= limits.remaining_in(session, conn, "reversal")
    return payment, within


def _reversible(session: Session, conn: sqlite3.Connection, receipt: str) -> PaymentRow:
    """The posted payment `receipt`, not already waiting for approval, on an account no other
    session holds."""
    payment = _posted(conn, receipt)
    _refuse_twice(conn, payment)
    _guard_payment(session, conn, payment, "payment.reverse")
    return payment


def reverse_payment(
    session: Session, receipt: str, reason: str, source: str = "payment reverse"
) -> Reversal:
    """Reverse a posted payment (NSF, stop payment, in error ...): new entries, never edits.

    Billing operations and supervisors only; within what is left of their daily reversal
    limit it is done at once, above it it waits for a supervisor's approval.
    """
    session.require("payment.reverse", subject=receipt.strip().upper())
    reason = check_reversal_reason(reason)
    with session.write() as conn:
        payment = _reversible(session, conn, receipt)
        if limits.spend_in(
            session, conn, "reversal", payment.amount_cents, "payment.reverse", payment.receipt
        ):
            return Reversal(payment.receipt, reverse_in(session, conn, payment, reason, source))
        approval_id = arrangements.request_approval(
            conn, kind="reversal", subject_id=payment.id, account_id=payment.account_id,
            amount_cents=payment.amount_cents, operator_id=session.operator.id,
            now=session.now(), detail={"reason": reason},
            note=f"reverse {payment.receipt} {cents_to_str(payment.amount_cents)} ({reason}):"
                 f" over {limits.over_text(session, conn, 'reversal')}",
        )  # fmt: skip
        session.audit(
            conn, source, "payment.reverse_request", account_id=payment.account_id,
            subject=payment.receipt,
            detail={"reason": reason, "amount": cents_to_str(payment.amount_cents),
                    "approval": approval_id},
        )  # fmt: skip
    return Reversal(payment.receipt, approval_id=approval_id)


def apply_unapplied(
    session: Session,
    receipt: str,
    number: str,
    documents: tuple[str, ...] = (),
    amount_cents: int | None = None,
    source: str = "RECN",
) -> list[tuple[int, int]]:
    """Apply a payment's unapplied cash to an account: to the named documents, else oldest first."""
    account_id = account_id_for(session, number)
    session.require("payment.apply", account_id=account_id, subject=receipt.strip().upper())
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "payment.apply")
        payment = _payment(conn, receipt)
        if payment.status != "posted" or payment.unapplied_cents <= 0:
            raise ArError("AR0422E", f"RECEIPT {payment.receipt} HAS NO UNAPPLIED CASH", "receipt")
        if payment.account_id not in (None, account_id):
            raise ArError(
                "AR0423E",
                f"RECEIPT {payment.receipt} IS ON ANOTHER ACCOUNT: USE TRANSFER", "account",
            )  # fmt: skip
        cents = payment.unapplied_cents if amount_cents is None else amount_cents
        if not 0 < cents <= payment.unapplied_cents:
            raise UsageError(
                "AR0424E",
                f"AMOUNT MUST BE BETWEEN 0.01 AND {cents_to_str(payment.unapplied_cents)}",
                "amount",
            )  # fmt: skip
        preferred = _documents_to_items(conn, account_id, documents)
        applied = store.apply_unapplied(
            conn, payment, account_id, cents, preferred,
            business_date=settings.get(conn, "business_date"),
            operator_id=session.operator.id, now=session.now(),
        )  # fmt: skip
        if not applied and payment.account_id is not None:
            raise ArError("AR0425E", "THE ACCOUNT HAS NO OPEN ITEMS TO APPLY CASH TO", "account")
        session.audit(
            conn, source, "payment.apply", account_id=account_id, subject=payment.receipt,
            detail={"applied": [(i, cents_to_str(c)) for i, c in applied]},
        )  # fmt: skip
    return applied


def transfer_in(
    session: Session, conn: sqlite3.Connection, payment: PaymentRow, target: int, source: str
) -> PaymentResult:
    """Reverse a payment where it is and post it again on account `target`, in the caller's
    transaction; audited."""
    business_date = settings.get(conn, "business_date")
    store.reverse(
        conn, payment, reason="transfer", business_date=business_date,
        operator_id=session.operator.id, now=session.now(),
    )  # fmt: skip
    category, flag = _special(conn, target)
    (posted,) = store.post(
        conn,
        [
            NewPayment(
                amount_cents=payment.amount_cents, method=payment.method,
                reference=payment.reference, received_date=payment.received_date,
                account_id=target, payer=payment.payer, category=category,
                review_flag=flag, transferred_from=payment.id,
            )
        ],
        batch_id=payment.batch_id, business_date=business_date,
        operator_id=session.operator.id, now=session.now(),
    )  # fmt: skip
    session.audit(
        conn, source, "payment.transfer", account_id=target, subject=posted.receipt,
        detail={"from_receipt": payment.receipt, "from_account_id": payment.account_id,
                "amount": cents_to_str(payment.amount_cents)},
    )  # fmt: skip
    if payment.account_id is not None:  # the account it left owes more again
        workable.reconsider(
            conn, payment.account_id, date.fromisoformat(business_date), session.clock()
        )
    number = conn.execute("SELECT account_number FROM accounts WHERE id = ?", (target,)).fetchone()
    return PaymentResult(
        receipt=posted.receipt,
        account_number=number[0],
        amount_cents=payment.amount_cents,
        unapplied_cents=posted.unapplied_cents,
        category=category,
        review_flag=flag,
    )


def _transferable(
    session: Session, conn: sqlite3.Connection, receipt: str, target: int
) -> PaymentRow:
    payment = _posted(conn, receipt)
    if payment.account_id == target:
        raise ArError("AR0426E", "THE PAYMENT IS ALREADY ON THAT ACCOUNT", "account")
    _refuse_twice(conn, payment)
    _guard_payment(session, conn, payment, "payment.transfer")
    locks.guard_in(session, conn, target, "payment.transfer")
    return payment


def preview_transfer(session: Session, receipt: str, number: str) -> tuple[PaymentRow, bool]:
    """Every check a transfer makes, without moving anything: the payment and whether it is
    within today's limit. For RECN's first Enter."""
    target = account_id_for(session, number)
    session.require("payment.transfer", account_id=target, subject=receipt.strip().upper())
    with session.store.read() as conn:
        payment = _transferable(session, conn, receipt, target)
        within = payment.amount_cents <= limits.remaining_in(session, conn, "reversal")
    return payment, within


def transfer_payment(
    session: Session, receipt: str, number: str, source: str = "RECN"
) -> PaymentResult:
    """Move a misapplied payment: reverse it where it is and post it again on `number`.

    Within what is left of the operator's daily reversal limit it is done at once; above it
    it waits for approval (the result then has no receipt and names the request).
    """
    target = account_id_for(session, number)
    session.require("payment.transfer", account_id=target, subject=receipt.strip().upper())
    with session.write() as conn:
        payment = _transferable(session, conn, receipt, target)
        if limits.spend_in(
            session, conn, "reversal", payment.amount_cents, "payment.transfer", payment.receipt
        ):
            return transfer_in(session, conn, payment, target, source)
        approval_id = arrangements.request_approval(
            conn, kind="transfer", subject_id=payment.id, account_id=target,
            amount_cents=payment.amount_cents, operator_id=session.operator.id,
            now=session.now(), detail={"target_account_id": target},
            note=f"transfer {payment.receipt} {cents_to_str(payment.amount_cents)} to"
                 f" {number.strip()}: over {limits.over_text(session, conn, 'reversal')}",
        )  # fmt: skip
        session.audit(
            conn, source, "payment.transfer_request", account_id=target,
            subject=payment.receipt,
            detail={"amount": cents_to_str(payment.amount_cents), "approval": approval_id},
        )  # fmt: skip
    return PaymentResult(
        receipt="", account_number=number.strip(), amount_cents=payment.amount_cents,
        approval_id=approval_id,
    )  # fmt: skip


@dataclass(frozen=True)
class QueueLine:
    """One payment in the unapplied cash queue."""

    receipt: str
    received_date: str
    method: str
    reference: str
    account_number: str | None
    amount_cents: int
    unapplied_cents: int
    reason: str
    payer: str
    id: int


def unapplied_queue(session: Session, after_id: int = 0, limit: int = 12) -> list[QueueLine]:
    """Unapplied cash oldest first: cash that matched no account, and credits on accounts."""
    with session.store.read() as conn:
        rows = store.unapplied_page(conn, after_id, limit)
        numbers = dict(
            conn.execute(
                "SELECT id, account_number FROM accounts WHERE id IN"
                f" ({','.join(str(r.account_id) for r in rows if r.account_id) or '0'})"
            ).fetchall()
        )
    return [
        QueueLine(
            receipt=r.receipt,
            received_date=r.received_date,
            method=r.method,
            reference=r.reference,
            account_number=numbers.get(r.account_id) if r.account_id else None,
            amount_cents=r.amount_cents,
            unapplied_cents=r.unapplied_cents,
            reason=r.unapplied_reason or ("credit on account" if r.account_id else ""),
            payer=r.payer,
            id=r.id,
        )
        for r in rows
    ]
