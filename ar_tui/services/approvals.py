"""Approvals: a second person, with the role and the limit, says yes or no to a request."""

from __future__ import annotations

from typing import Any

from ar_tui.domain.errors import ArError, NotFound
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.permissions import APPROVAL_LIMITS
from ar_tui.services import disputes, limits, locks, payments, referrals, writeoffs
from ar_tui.services.arrangements import refuse_if_bankrupt
from ar_tui.services.session import Session
from ar_tui.store import arrangements as store
from ar_tui.store import payments as payment_store
from ar_tui.store import settings
from ar_tui.store import writeoffs as writeoff_store
from ar_tui.store.arrangements import ApprovalRow

# What approving does to the request's subject, by kind.
APPROVED_STATUS = {
    "plan": "active",
    "settlement": "approved",
    "writeoff": "posted",
    "dispute_credit": "resolved_valid",
    "referral": "placed",
    "reversal": "reversed",
    "transfer": "transferred",
}
# Approving these collects nothing, so the automatic stay does not hold them back.
NOT_COLLECTION = ("writeoff", "dispute_credit", "reversal", "transfer")


def pending(session: Session, after_id: int = 0, limit: int = 50) -> list[ApprovalRow]:
    """Requests waiting for a decision, oldest first."""
    with session.store.read() as conn:
        return store.pending_approvals(conn, after_id, limit)


def decide(
    session: Session,
    approval_id: int,
    *,
    approve: bool = True,
    note: str = "",
    source: str = "approve",
) -> ApprovalRow:
    """Approve (or reject) request `approval_id`; returns it as it was before the decision.

    Only a supervisor or an administrator decides, never on their own request, and an
    approval spends the approver's own daily limit of its kind (a rejection spends nothing).
    """
    session.require("approval.decide", subject=str(approval_id))
    with session.write() as conn:
        request = store.approval(conn, approval_id)
        if request is None:
            raise NotFound("AR0840E", f"APPROVAL {approval_id} NOT FOUND", "approval")
        if request.status != "pending":
            raise ArError(
                "AR0841E", f"APPROVAL {approval_id} IS ALREADY {request.status.upper()}", "approval"
            )
        if request.requested_by == session.operator.id:
            raise ArError("AR0842E", "YOU MAY NOT DECIDE YOUR OWN REQUEST", "approval")
        if request.kind not in APPROVED_STATUS:
            raise ArError("AR0843E", f"REQUESTS OF KIND {request.kind.upper()} CANNOT BE DECIDED")
        if request.account_id is not None:
            locks.guard_in(session, conn, request.account_id, "approval.decide")
        kind = APPROVAL_LIMITS.get(request.kind)
        if (
            approve
            and kind
            and not limits.spend_in(
                session, conn, kind, request.amount_cents, "approval.decide", str(approval_id)
            )
        ):
            error = ArError(
                "AR0844E",
                f"{cents_to_str(request.amount_cents)} IS OVER YOUR"
                f" {limits.over_text(session, conn, kind).upper()} TODAY",
                "approval",
            )
            session.refused("approval.decide", error, account_id=request.account_id,
                            subject=str(approval_id))  # fmt: skip
            raise error
        if approve and request.account_id is not None and request.kind not in NOT_COLLECTION:
            refuse_if_bankrupt(conn, request.account_id, request.kind.upper())
        day = settings.get(conn, "business_date")
        status = APPROVED_STATUS[request.kind] if approve else "rejected"
        if request.kind == "dispute_credit":
            disputes.decide_credit_in(
                session, conn, request.subject_id, request.amount_cents, approve
            )
        elif request.kind == "referral":
            referrals.decide_in(session, conn, request.subject_id, approve)
        elif request.kind == "writeoff":
            if approve:
                writeoffs.approve_in(session, conn, request.subject_id)
            else:
                writeoff_store.set_status(conn, request.subject_id, "rejected", None, day)
        elif request.kind in ("reversal", "transfer"):
            if approve:
                _carry_out_payment(session, conn, request)
        else:
            store.set_subject_status(
                conn, request.kind, request.subject_id, status,
                session.operator.id if approve else None, day,
            )  # fmt: skip
        if approve and request.kind == "plan" and request.account_id is not None:
            store.set_status_if_active(conn, request.account_id, "plan", session.now())
        store.decide(
            conn, approval_id, "approved" if approve else "rejected", session.operator.id,
            session.now(), note.strip(),
        )  # fmt: skip
        session.audit(
            conn, source, "approval.approve" if approve else "approval.reject",
            account_id=request.account_id, subject=str(approval_id),
            detail={"kind": request.kind, "subject": request.subject_id,
                    "amount": cents_to_str(request.amount_cents), "note": note.strip()},
        )  # fmt: skip
    return request


def _carry_out_payment(session: Session, conn: Any, request: ApprovalRow) -> None:
    """An approved reversal or transfer is done in the approver's name."""
    payment = payment_store.by_id(conn, request.subject_id)
    if payment is None or payment.status != "posted":
        raise ArError("AR0845E", f"THE PAYMENT OF APPROVAL {request.id} IS NO LONGER POSTED")
    # The account the money leaves is changed too, whatever account the request names.
    if payment.account_id is not None:
        locks.guard_in(session, conn, payment.account_id, "approval.decide")
    if request.kind == "reversal":
        payments.reverse_in(session, conn, payment, str(request.detail["reason"]), "approve")
    else:
        target = int(request.detail["target_account_id"])
        locks.guard_in(session, conn, target, "approval.decide")
        payments.transfer_in(session, conn, payment, target, "approve")
