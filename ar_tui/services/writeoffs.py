"""Write-offs (charge-offs): posted within the operator's approval limit, else approved first."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date

from ar_tui.domain.errors import ArError, UsageError
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.writeoffs import check_reason
from ar_tui.services import limits, locks
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import accounts as account_queries
from ar_tui.store import arrangements, settings, standing
from ar_tui.store import writeoffs as store


@dataclass(frozen=True)
class WriteOff:
    writeoff_id: int
    status: str  # posted, or pending (waiting for approval)
    amount_cents: int
    approval_id: int = 0


def post_in(
    session: Session,
    conn: sqlite3.Connection,
    account_id: int,
    amount_cents: int,
    reason: str,
) -> int:
    """Write off up to `amount_cents` now, inside the caller's transaction; returns the cents.

    All of the balance written off charges the account off: a later payment is a recovery.
    """
    day = settings.get(conn, "business_date")
    cents = store.write_off_items(
        conn, account_id=account_id, amount_cents=amount_cents, reason=reason,
        operator_id=session.operator.id, business_date=day, now=session.now(),
    )  # fmt: skip
    if cents:
        standing.restore(conn, account_id, session.now())
    return cents


def write_off(
    session: Session, number: str, amount_cents: int, reason: str, source: str = "WOFF"
) -> WriteOff:
    """Write off `amount_cents` of account `number` (oldest items first) with a reason.

    Within what is left of the operator's daily write-off limit it is posted at once;
    above it, it waits for a supervisor's approval and posts when approved.
    """
    reason = check_reason(reason)
    account_id = account_id_for(session, number)
    session.require("writeoff.request", account_id=account_id, subject=number.strip())
    if amount_cents <= 0:
        raise UsageError("AR0861E", "THE AMOUNT MUST BE MORE THAN ZERO", "amount")
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "writeoff.request")
        balance = account_queries.owed(conn, account_id)
        if amount_cents > balance:
            raise ArError(
                "AR0862E", f"THE AMOUNT IS MORE THAN THE BALANCE {cents_to_str(balance)}",
                "amount",
            )  # fmt: skip
        return request_in(session, conn, account_id, amount_cents, reason, source)


def request_in(
    session: Session,
    conn: sqlite3.Connection,
    account_id: int,
    amount_cents: int,
    reason: str,
    source: str,
) -> WriteOff:
    """Record a write-off inside the caller's transaction: posted within what is left of the
    operator's daily write-off limit (which it spends), else waiting for approval."""
    day = settings.get(conn, "business_date")
    over = limits.over_text(session, conn, "writeoff")
    within = limits.spend_in(session, conn, "writeoff", amount_cents, source, reason)
    writeoff_id = store.insert(
        conn, account_id=account_id, amount_cents=amount_cents, reason=reason,
        status="posted" if within else "pending", requested_by=session.operator.id,
        approved_by=session.operator.id if within else None, day=day,
    )  # fmt: skip
    approval_id = 0
    if within:
        post_in(session, conn, account_id, amount_cents, reason)
    else:
        approval_id = arrangements.request_approval(
            conn, kind="writeoff", subject_id=writeoff_id, account_id=account_id,
            amount_cents=amount_cents, operator_id=session.operator.id, now=session.now(),
            note=f"write-off {cents_to_str(amount_cents)} ({reason}) is over {over}",
        )  # fmt: skip
    session.audit(
        conn, source, "writeoff.request" if approval_id else "writeoff.post",
        account_id=account_id, subject=str(writeoff_id),
        detail={"amount": cents_to_str(amount_cents), "reason": reason},
    )  # fmt: skip
    return WriteOff(writeoff_id, "posted" if within else "pending", amount_cents, approval_id)


def approve_in(session: Session, conn: sqlite3.Connection, writeoff_id: int) -> int:
    """Post a write-off that was waiting for approval (what is still open, at most)."""
    found = store.get(conn, writeoff_id)
    if found is None or found[3] != "pending":
        raise ArError("AR0863E", f"WRITE-OFF {writeoff_id} IS NOT WAITING FOR APPROVAL")
    account_id, amount, reason, _status = found
    day = settings.get(conn, "business_date")
    # Posted first, so the account's derived status sees the write-off.
    store.set_status(conn, writeoff_id, "posted", session.operator.id, day)
    cents = post_in(session, conn, account_id, amount, reason)
    if cents != amount:
        store.set_status(conn, writeoff_id, "posted", None, day, cents)
    return cents


@dataclass(frozen=True)
class WriteOffLine:
    writeoff_id: int
    amount_cents: int
    reason: str
    status: str
    requested: date
    posted: date | None


def writeoffs_of(session: Session, account_id: int) -> list[WriteOffLine]:
    """The account's write-offs, newest first."""
    with session.store.read() as conn:
        rows = store.of_account(conn, account_id)
    return [
        WriteOffLine(
            wid, amount, reason, status, date.fromisoformat(requested),
            date.fromisoformat(posted) if posted else None,
        )
        for wid, amount, reason, status, requested, posted in rows
    ]  # fmt: skip


def as_json(session: Session, account_id: int) -> list[dict[str, object]]:
    """`writeoffs` for `account show --format json`, newest first."""
    return [
        {"id": w.writeoff_id, "amount": cents_to_str(w.amount_cents), "reason": w.reason,
         "status": w.status, "requested": w.requested.isoformat(),
         "posted": w.posted.isoformat() if w.posted else None}
        for w in writeoffs_of(session, account_id)
    ]  # fmt: skip


@dataclass(frozen=True)
class WriteOffPreview:
    amount_cents: int
    balance_cents: int
    within_limit: bool


def preview(session: Session, number: str, amount_cents: int, reason: str) -> WriteOffPreview:
    """Every check `write_off` makes, without writing anything (for WOFF's first Enter)."""
    check_reason(reason)
    account_id = account_id_for(session, number)
    session.require("writeoff.request", account_id=account_id, subject=number.strip())
    if amount_cents <= 0:
        raise UsageError("AR0861E", "THE AMOUNT MUST BE MORE THAN ZERO", "amount")
    with session.store.read() as conn:
        locks.guard_in(session, conn, account_id, "writeoff.request")
        balance = account_queries.owed(conn, account_id)
        left = limits.remaining_in(session, conn, "writeoff")
    if amount_cents > balance:
        raise ArError(
            "AR0862E", f"THE AMOUNT IS MORE THAN THE BALANCE {cents_to_str(balance)}", "amount"
        )
    return WriteOffPreview(amount_cents, balance, amount_cents <= left)


def recoveries(session: Session, account_id: int) -> tuple[int, int]:
    """(payments, cents) received after a charge-off and not reversed: the recoveries."""
    with session.store.read() as conn:
        return store.recoveries(conn, account_id)
