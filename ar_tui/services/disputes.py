"""Disputes: open one on a balance or on items, route it, research it, and resolve it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from ar_tui.domain.disputes import ACTIVE, DISPUTE, check_department, check_reason
from ar_tui.domain.errors import ArError, NotFound, UsageError
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.states import History, history_json
from ar_tui.services import limits, locks
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import accounts, arrangements, settings, standing
from ar_tui.store import disputes as store
from ar_tui.store.disputes import DisputeRow
from ar_tui.store.writeoffs import take_off_items


def _items(conn: sqlite3.Connection, account_id: int, documents: list[str]) -> list[tuple]:
    """(item id, open cents) of the named documents, which must be open on the account."""
    found = []
    for document in documents:
        row = conn.execute(
            "SELECT id, open_cents FROM items WHERE account_id = ? AND document_number = ?",
            (account_id, document.strip().upper()),
        ).fetchone()
        if row is None:
            raise NotFound(
                "AR0418E", f"DOCUMENT {document.strip().upper()} IS NOT AN ITEM OF THIS ACCOUNT",
                "items",
            )  # fmt: skip
        if row[1] <= 0:
            raise ArError(
                "AR0873E", f"DOCUMENT {document.strip().upper()} IS NOT OPEN ON THE ACCOUNT",
                "items",
            )  # fmt: skip
        found.append(row)
    return found


def open_dispute(
    session: Session,
    number: str,
    amount_cents: int | None,
    reason: str,
    department: str,
    documents: list[str] | None = None,
    note: str = "",
    source: str = "DISP",
) -> int:
    """Open a dispute for chosen items (default: the whole undisputed balance).

    `amount_cents` None disputes all of what was chosen. The amount leaves the collectible
    balance while the dispute is open; a consumer's account leaves collection altogether
    until verification is sent.
    """
    reason = check_reason(reason)
    department = check_department(department)
    account_id = account_id_for(session, number)
    session.require("dispute.open", account_id=account_id, subject=number.strip())
    if amount_cents is not None and amount_cents <= 0:
        raise UsageError("AR0412E", "AMOUNT MUST BE GREATER THAN ZERO", "amount")
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "dispute.open")
        day = settings.get(conn, "business_date")
        items = _items(conn, account_id, documents or [])
        undisputed = standing.collectible(conn, account_id)
        limit = min(sum(cents for _, cents in items), undisputed) if items else undisputed
        if limit <= 0:
            raise ArError("AR0874E", "NOTHING UNDISPUTED IS OWED ON THIS ACCOUNT", "amount")
        amount = limit if amount_cents is None else amount_cents
        if amount > limit:
            raise ArError(
                "AR0875E", f"THE AMOUNT IS MORE THAN THE {cents_to_str(limit)} THAT CAN BE"
                " DISPUTED", "amount",
            )  # fmt: skip
        shares, left = [], amount
        for item_id, open_cents in items:
            share = min(left, open_cents)
            if share:
                shares.append((item_id, share))
            left -= share
        dispute_id = store.insert(
            conn, account_id=account_id, amount_cents=amount, reason=reason,
            department=department, items=shares, operator_id=session.operator.id, day=day,
        )  # fmt: skip
        store.add_event(
            conn, dispute_id, "open", day, session.operator.id,
            note.strip() or f"routed to {department}", session.now(),
        )  # fmt: skip
        status = standing.restore(conn, account_id, session.now())
        session.audit(
            conn, source, "dispute.open", account_id=account_id, subject=str(dispute_id),
            detail={"amount": cents_to_str(amount), "reason": reason, "department": department,
                    "items": [d.strip().upper() for d in documents or []], "status": status},
        )  # fmt: skip
    return dispute_id


def _active(conn: sqlite3.Connection, dispute_id: int) -> DisputeRow:
    found = store.get(conn, dispute_id)
    if found is None:
        raise NotFound("AR0876E", f"DISPUTE {dispute_id} NOT FOUND", "dispute")
    return found


def _worked(session: Session, conn: sqlite3.Connection, dispute_id: int, action: str) -> DisputeRow:
    """The dispute, once the role and the account's lock allow `action` on it."""
    dispute = _active(conn, dispute_id)
    locks.guard_in(session, conn, dispute.account_id, action)
    return dispute


def move_dispute(
    session: Session, dispute_id: int, status: str, note: str = "", source: str = "DISP"
) -> DisputeRow:
    """Move a dispute to research (`in_research`); resolving has its own function."""
    status = status.strip().lower().replace(" ", "_").replace("-", "_")
    if status.startswith("resolved") or status == "credit_pending":
        raise UsageError(
            "AR0877E", "RESOLVE A DISPUTE WITH `dispute resolve` (VALID OR INVALID)", "status"
        )
    session.require("dispute.work", subject=str(dispute_id))
    with session.write() as conn:
        dispute = _worked(session, conn, dispute_id, "dispute.work")
        DISPUTE.check(dispute.status, status)
        day = settings.get(conn, "business_date")
        store.set_status(conn, dispute_id, status, day)
        store.add_event(conn, dispute_id, status, day, session.operator.id, note, session.now())
        session.audit(
            conn, source, "dispute.move", account_id=dispute.account_id, subject=str(dispute_id),
            detail={"from": dispute.status, "to": status, "note": note},
        )  # fmt: skip
    return dispute


def record_verification(
    session: Session,
    dispute_id: int,
    sent: date | None = None,
    note: str = "",
    source: str = "DISP",
) -> DisputeRow:
    """Verification of the debt was sent to the customer: collection of it may resume."""
    session.require("dispute.work", subject=str(dispute_id))
    with session.write() as conn:
        dispute = _worked(session, conn, dispute_id, "dispute.work")
        today = date.fromisoformat(settings.get(conn, "business_date"))
        day = sent or today
        if dispute.status not in ACTIVE:
            raise ArError("AR0878E", f"DISPUTE {dispute_id} IS {dispute.status.upper()}", "dispute")
        if day > today:
            raise ArError("AR0879E", "THE VERIFICATION DATE IS AFTER THE BUSINESS DATE", "date")
        store.set_verification_sent(conn, dispute_id, day.isoformat())
        store.add_event(
            conn, dispute_id, dispute.status, today.isoformat(), session.operator.id,
            f"verification sent {day.isoformat()} {note}".strip(), session.now(),
        )  # fmt: skip
        standing.restore(conn, dispute.account_id, session.now())
        session.audit(
            conn, source, "dispute.verification", account_id=dispute.account_id,
            subject=str(dispute_id), detail={"sent": day.isoformat()},
        )  # fmt: skip
    return dispute


@dataclass(frozen=True)
class Resolution:
    status: str  # resolved_valid, resolved_invalid, or credit_pending
    credit_cents: int
    approval_id: int = 0


def _post_credit(
    session: Session, conn: sqlite3.Connection, dispute: DisputeRow, cents: int
) -> int:
    """The credit adjustment a valid dispute earns, on its items first."""
    return take_off_items(
        conn, account_id=dispute.account_id, amount_cents=cents, entry_type="adjustment",
        memo=f"dispute {dispute.id} credit: {dispute.reason}", closed_status="credited",
        operator_id=session.operator.id, business_date=settings.get(conn, "business_date"),
        now=session.now(), item_ids=store.item_ids(conn, dispute.id),
    )  # fmt: skip


def resolve_dispute(
    session: Session,
    dispute_id: int,
    valid: bool,
    note: str = "",
    credit_cents: int | None = None,
    source: str = "DISP",
) -> Resolution:
    """Resolve a dispute. Invalid: collection resumes. Valid: a credit adjustment (default
    the disputed amount), which beyond what is left of the operator's daily credit limit
    waits for approval."""
    if credit_cents is not None and credit_cents < 0:
        raise UsageError("AR0412E", "THE CREDIT CANNOT BE NEGATIVE", "credit")
    session.require("dispute.resolve", subject=str(dispute_id))
    with session.write() as conn:
        dispute = _worked(session, conn, dispute_id, "dispute.resolve")
        day = settings.get(conn, "business_date")
        credit = 0
        approval_id = 0
        if not valid:
            status = "resolved_invalid"
        else:
            credit = dispute.amount_cents if credit_cents is None else credit_cents
            owed = accounts.owed(conn, dispute.account_id)
            if credit > min(dispute.amount_cents, owed):
                raise ArError(
                    "AR0869E", f"THE CREDIT IS MORE THAN THE"
                    f" {cents_to_str(min(dispute.amount_cents, owed))} IN DISPUTE", "credit",
                )  # fmt: skip
            over = limits.over_text(session, conn, "credit")
            within = limits.spend_in(
                session, conn, "credit", credit, "dispute.resolve", str(dispute_id)
            )
            status = "resolved_valid" if within else "credit_pending"
        DISPUTE.check(dispute.status, status)
        if status == "resolved_valid" and credit:
            _post_credit(session, conn, dispute, credit)
        if status == "credit_pending":
            approval_id = arrangements.request_approval(
                conn, kind="dispute_credit", subject_id=dispute_id,
                account_id=dispute.account_id, amount_cents=credit,
                operator_id=session.operator.id, now=session.now(),
                note=f"dispute credit {cents_to_str(credit)} is over {over}",
            )  # fmt: skip
        store.set_status(conn, dispute_id, status, day)
        text = f"credit {cents_to_str(credit)} {note}".strip() if valid else note
        store.add_event(conn, dispute_id, status, day, session.operator.id, text, session.now())
        standing.restore(conn, dispute.account_id, session.now())
        session.audit(
            conn, source, "dispute.resolve", account_id=dispute.account_id,
            subject=str(dispute_id),
            detail={"status": status, "credit": cents_to_str(credit), "note": note},
        )  # fmt: skip
    return Resolution(status, credit, approval_id)


def decide_credit_in(
    session: Session, conn: sqlite3.Connection, dispute_id: int, cents: int, approve: bool
) -> None:
    """A supervisor's decision on a dispute's credit: posted, or the dispute back to research."""
    dispute = _active(conn, dispute_id)
    day = settings.get(conn, "business_date")
    status = "resolved_valid" if approve else "in_research"
    DISPUTE.check(dispute.status, status)
    if approve:
        _post_credit(session, conn, dispute, cents)
    store.set_status(conn, dispute_id, status, day)
    store.add_event(
        conn, dispute_id, status, day, session.operator.id,
        f"credit {cents_to_str(cents)} {'approved' if approve else 'rejected'}", session.now(),
    )  # fmt: skip
    standing.restore(conn, dispute.account_id, session.now())


@dataclass(frozen=True)
class DisputeLine:
    """A dispute as the DISP list shows it: its age counts while it is open."""

    dispute: DisputeRow
    age_days: int
    history: History


def disputes_of(session: Session, number: str) -> list[DisputeLine]:
    """The account's disputes, open ones first, each with its age and history."""
    account_id = account_id_for(session, number)
    with session.store.read() as conn:
        today = date.fromisoformat(settings.get(conn, "business_date"))
        lines = []
        for row in store.of_account(conn, account_id):
            end = date.fromisoformat(row.resolved_date) if row.resolved_date else today
            lines.append(
                DisputeLine(
                    row, (end - date.fromisoformat(row.opened_date)).days,
                    tuple(store.events(conn, row.id)),
                )
            )  # fmt: skip
    return lines


def as_json(session: Session, number: str) -> list[dict[str, object]]:
    """`disputes` for `account show --format json`."""
    return [
        {
            "id": line.dispute.id,
            "amount": cents_to_str(line.dispute.amount_cents),
            "reason": line.dispute.reason,
            "department": line.dispute.department,
            "status": line.dispute.status,
            "opened": line.dispute.opened_date,
            "verification_sent": line.dispute.verification_sent_date,
            "resolved": line.dispute.resolved_date,
            "age_days": line.age_days,
            "items": list(line.dispute.items),
            "history": history_json(line.history),
        }
        for line in disputes_of(session, number)
    ]
