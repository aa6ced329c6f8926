"""Settlement offers: a discount on the balance, within the operator's approval limit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ar_tui.domain.errors import ArError
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.settlements import offer_cents
from ar_tui.services import limits, locks
from ar_tui.services.arrangements import refuse_if_not_ours
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import accounts as account_queries
from ar_tui.store import arrangements as store
from ar_tui.store import settings


@dataclass(frozen=True)
class Offer:
    """A settlement as it would be, or as recorded (`settlement_id` 0: not recorded)."""

    balance_cents: int
    offer_cents: int
    due_date: date
    needs_approval: bool
    settlement_id: int = 0
    approval_id: int = 0

    @property
    def discount_cents(self) -> int:
        return self.balance_cents - self.offer_cents

    @property
    def status(self) -> str:
        return "proposed" if self.needs_approval else "approved"


def _offer(session: Session, conn: Any, account_id: int, text: str, due: date) -> Offer:
    """Check an offer against the balance, the dates and the operator's limit."""
    values = settings.get_all(conn)
    today = date.fromisoformat(values["business_date"])
    refuse_if_not_ours(conn, account_id, "SETTLEMENT")
    balance = account_queries.owed(conn, account_id)
    if balance <= 0:
        raise ArError("AR0835E", "THE ACCOUNT HAS NO BALANCE TO SETTLE", "account")
    cents = offer_cents(text, balance)
    latest = today + timedelta(days=int(values["settlement_max_days"]))
    if not today <= due <= latest:
        raise ArError(
            "AR0836E",
            f"THE DUE DATE MUST BE FROM {today.isoformat()} TO {latest.isoformat()}",
            "due",
        )
    over_limit = balance - cents > limits.remaining_in(session, conn, "settlement_discount")
    return Offer(balance, cents, due, over_limit)


def preview_settlement(session: Session, number: str, offer: str, due: date) -> Offer:
    """What the offer would settle for and whether it needs approval, without recording it."""
    account_id = account_id_for(session, number)
    session.require("settlement.offer", account_id=account_id, subject=number.strip())
    with session.store.read() as conn:
        locks.guard_in(session, conn, account_id, "settlement.offer")
        return _offer(session, conn, account_id, offer, due)


def offer_settlement(
    session: Session, number: str, offer: str, due: date, source: str = "SETL"
) -> Offer:
    """Record a settlement offer; a discount beyond what is left of the operator's daily
    discount limit waits for approval (within it, it spends the limit)."""
    account_id = account_id_for(session, number)
    session.require("settlement.offer", account_id=account_id, subject=number.strip())
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "settlement.offer")
        checked = _offer(session, conn, account_id, offer, due)
        if store.open_settlement(conn, account_id):
            raise ArError("AR0837E", "THE ACCOUNT ALREADY HAS A SETTLEMENT IN FORCE", "account")
        over = limits.over_text(session, conn, "settlement_discount")
        if not checked.needs_approval:
            limits.spend_in(
                session, conn, "settlement_discount", checked.discount_cents,
                "settlement.offer", number.strip(),
            )  # fmt: skip
        today = settings.get(conn, "business_date")
        settlement_id = store.add_settlement(
            conn, account_id=account_id, balance_cents=checked.balance_cents,
            offer_cents=checked.offer_cents, due_date=due.isoformat(), status=checked.status,
            operator_id=session.operator.id,
            approved_by=None if checked.needs_approval else session.operator.id, day=today,
        )  # fmt: skip
        approval_id = 0
        if checked.needs_approval:
            approval_id = store.request_approval(
                conn, kind="settlement", subject_id=settlement_id, account_id=account_id,
                amount_cents=checked.discount_cents, operator_id=session.operator.id,
                now=session.now(),
                note=f"discount {cents_to_str(checked.discount_cents)} is over {over}",
            )  # fmt: skip
        session.audit(
            conn, source, "settlement.offer", account_id=account_id, subject=str(settlement_id),
            detail={"balance": cents_to_str(checked.balance_cents),
                    "offer": cents_to_str(checked.offer_cents), "due": due.isoformat(),
                    "status": checked.status},
        )  # fmt: skip
    return Offer(
        checked.balance_cents, checked.offer_cents, due, checked.needs_approval,
        settlement_id, approval_id,
    )  # fmt: skip


@dataclass(frozen=True)
class SettlementLine:
    settlement_id: int
    balance_cents: int
    offer_cents: int
    due: date
    status: str
    made: date


def settlements_of(session: Session, account_id: int) -> list[SettlementLine]:
    """The account's settlement offers, newest first."""
    with session.store.read() as conn:
        rows = store.settlements_of(conn, account_id)
    return [
        SettlementLine(sid, balance, offer, date.fromisoformat(due), status,
                       date.fromisoformat(made))
        for sid, balance, offer, due, status, made in rows
    ]  # fmt: skip


def as_json(session: Session, account_id: int) -> list[dict[str, Any]]:
    """`settlements` for `account show --format json`."""
    return [
        {
            "id": line.settlement_id,
            "balance": cents_to_str(line.balance_cents),
            "offer": cents_to_str(line.offer_cents),
            "due_date": line.due.isoformat(),
            "status": line.status,
            "made": line.made.isoformat(),
        }
        for line in settlements_of(session, account_id)
    ]
