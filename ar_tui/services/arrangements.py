"""Promises to pay and installment plans: what a customer agrees to, within the rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ar_tui.domain.contact_rules import CHANNELS
from ar_tui.domain.errors import ArError, UsageError
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.plans import Installment, PlanPolicy, outside_policy, schedule
from ar_tui.services import locks
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import arrangements as store
from ar_tui.store import cases, disputes, settings, standing

PROMISE_DAYS = 30  # default longest time to the promised date


def _policy(values: dict[str, str]) -> PlanPolicy:
    return PlanPolicy(
        longest_term_months=int(values.get("plan_longest_term_months", "12")),
        smallest_installment_cents=int(values.get("plan_smallest_installment_cents", "2500")),
        smallest_down_payment_bp=int(values.get("plan_smallest_down_payment_bp", "1000")),
    )


def refuse_if_bankrupt(conn: Any, account_id: int, what: str) -> None:
    """The automatic stay: nothing new may be agreed with a customer in bankruptcy."""
    if store.bankrupt(conn, account_id):
        raise ArError("AR0810E", f"AUTOMATIC STAY: NO {what} WHILE IN BANKRUPTCY", "account")


def refuse_if_not_ours(conn: Any, account_id: int, what: str) -> None:
    """No arrangement to pay while collection is stopped: a bankruptcy's stay, a consumer's
    dispute awaiting verification, or a referral (the agency or counsel collects now)."""
    refuse_if_bankrupt(conn, account_id, what)
    if disputes.holding(conn, account_id):
        raise ArError("AR0815E", f"OPEN DISPUTE: NO {what} UNTIL VERIFICATION IS SENT", "account")
    placed = cases.referral_in_force(conn, account_id)
    if placed is not None and placed.status != "proposed":
        raise ArError(
            "AR0816E", f"REFERRED TO {placed.agency_code}: NO {what} WHILE IT IS PLACED", "account"
        )


def refuse_conflicting(conn: Any, account_id: int, making: str) -> None:
    """One arrangement at a time, unless the setting `several_arrangements` is yes: while a
    settlement is in force no plan and no promise is taken beside it (its due date is the
    promise). A promise within a plan is one of the plan's steps, and a settlement offered
    on a plan ends the plan once paid; an open dispute holds a settlement back by its own
    rule (no settlement until verification is sent)."""
    if settings.get_all(conn).get("several_arrangements", "no") == "yes":
        return
    settlement = store.open_settlement(conn, account_id)
    if settlement and making in ("plan", "promise"):
        raise ArError(
            "AR0826E",
            f"SETTLEMENT {settlement} IS IN FORCE ON THE ACCOUNT: NO {making.upper()} BESIDE IT",
            "account",
        )


def _refuse_over_balance(
    conn: Any, account_id: int, cents: int, code: str, what: str, field: str
) -> None:
    """A promise or a plan covers at most what the customer owes and does not dispute."""
    owed = standing.collectible(conn, account_id)
    if cents > owed:
        raise ArError(code, f"{what} IS MORE THAN THE BALANCE {cents_to_str(owed)}", field)


def make_promise(
    session: Session,
    number: str,
    amount_cents: int,
    promised: date,
    channel: str = "call",
    source: str = "PROM",
) -> int:
    """Record a promise to pay; it replaces a promise still pending."""
    account_id = account_id_for(session, number)
    session.require("promise.make", account_id=account_id, subject=number.strip())
    channel = channel.strip().lower() or "call"
    if channel not in CHANNELS:
        raise UsageError(
            "AR0813E",
            f"CHANNEL {channel.upper()!r} IS NOT ONE OF {', '.join(CHANNELS).upper()}",
            "channel",
        )
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "promise.make")
        values = settings.get_all(conn)
        today = date.fromisoformat(values["business_date"])
        refuse_if_not_ours(conn, account_id, "PROMISE")
        refuse_conflicting(conn, account_id, "promise")
        if amount_cents <= 0:
            raise UsageError("AR0412E", "AMOUNT MUST BE GREATER THAN ZERO", "amount")
        _refuse_over_balance(conn, account_id, amount_cents, "AR0811E", "THE PROMISE", "amount")
        latest = today + timedelta(days=int(values.get("promise_max_days", PROMISE_DAYS)))
        if not today <= promised <= latest:
            raise ArError(
                "AR0812E",
                f"THE PROMISED DATE MUST BE FROM {today.isoformat()} TO {latest.isoformat()}",
                "date",
            )
        replaced = store.replace_pending_promises(conn, account_id, today.isoformat())
        promise_id = store.add_promise(
            conn, account_id=account_id, amount_cents=amount_cents,
            promised_date=promised.isoformat(), channel=channel,
            operator_id=session.operator.id, day=today.isoformat(),
        )  # fmt: skip
        # A plan in force stays the account's status; the promise is one step within it.
        store.set_status_if_active(
            conn, account_id, "promise", session.now(), over=("active", "promise")
        )
        session.audit(
            conn, source, "promise.make", account_id=account_id, subject=str(promise_id),
            detail={"amount": cents_to_str(amount_cents), "date": promised.isoformat(),
                    "replaced": replaced},
        )  # fmt: skip
    return promise_id


@dataclass(frozen=True)
class PlanResult:
    plan_id: int
    status: str
    installments: tuple[Installment, ...]
    outside_policy: tuple[str, ...]


def _check_plan(
    conn: Any,
    account_id: int,
    total_cents: int,
    down_cents: int,
    count: int,
    every: str,
    first: date,
) -> tuple[list[Installment], list[str]]:
    """Everything a plan must meet; returns its schedule and the policy limits it goes beyond."""
    installments = schedule(total_cents, down_cents, count, every, first)
    values = settings.get_all(conn)
    today = date.fromisoformat(values["business_date"])
    refuse_if_not_ours(conn, account_id, "PLAN")
    if first < today:
        raise ArError("AR0822E", "THE FIRST DUE DATE IS BEFORE THE BUSINESS DATE", "first")
    if store.active_plan(conn, account_id):
        raise ArError("AR0821E", "THE ACCOUNT ALREADY HAS A PLAN IN FORCE", "account")
    refuse_conflicting(conn, account_id, "plan")
    _refuse_over_balance(conn, account_id, total_cents, "AR0823E", "THE PLAN TOTAL", "total")
    return installments, outside_policy(total_cents, down_cents, installments, _policy(values))


def preview_plan(
    session: Session,
    number: str,
    total_cents: int,
    down_cents: int,
    count: int,
    every: str,
    first: date,
) -> PlanResult:
    """The schedule a plan would have and the limits it goes beyond, without recording it."""
    account_id = account_id_for(session, number)
    session.require("plan.create", account_id=account_id, subject=number.strip())
    with session.store.read() as conn:
        locks.guard_in(session, conn, account_id, "plan.create")
        installments, reasons = _check_plan(
            conn, account_id, total_cents, down_cents, count, every, first
        )
    status = "pending_approval" if reasons else "active"
    return PlanResult(0, status, tuple(installments), tuple(reasons))


def create_plan(
    session: Session,
    number: str,
    total_cents: int,
    down_cents: int,
    count: int,
    every: str,
    first: date,
    source: str = "PLAN",
) -> PlanResult:
    """Set up an installment plan; outside company policy it waits for a supervisor's approval."""
    account_id = account_id_for(session, number)
    session.require("plan.create", account_id=account_id, subject=number.strip())
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "plan.create")
        installments, reasons = _check_plan(
            conn, account_id, total_cents, down_cents, count, every, first
        )
        today = settings.business_date(conn)
        status = "pending_approval" if reasons else "active"
        plan_id = store.add_plan(
            conn, account_id=account_id, total_cents=total_cents, down_cents=down_cents,
            frequency=every, installments=installments, status=status,
            operator_id=session.operator.id, day=today.isoformat(),
        )  # fmt: skip
        if reasons:
            store.request_approval(
                conn, kind="plan", subject_id=plan_id, account_id=account_id,
                amount_cents=total_cents, operator_id=session.operator.id, now=session.now(),
                note="; ".join(reasons),
            )  # fmt: skip
        else:
            store.set_status_if_active(conn, account_id, "plan", session.now())
        session.audit(
            conn, source, "plan.create", account_id=account_id, subject=str(plan_id),
            detail={"total": cents_to_str(total_cents), "down": cents_to_str(down_cents),
                    "count": count, "every": every, "status": status,
                    "outside_policy": reasons},
        )  # fmt: skip
    return PlanResult(plan_id, status, tuple(installments), tuple(reasons))


@dataclass(frozen=True)
class PromiseLine:
    amount_cents: int
    promised: date
    channel: str
    status: str
    kept_cents: int
    made: date


@dataclass(frozen=True)
class InstallmentLine:
    seq: int
    due: date
    amount_cents: int
    paid_cents: int
    status: str


@dataclass(frozen=True)
class PlanView:
    total_cents: int
    down_cents: int
    count: int
    frequency: str
    status: str
    installments: tuple[InstallmentLine, ...]


def promises_of(session: Session, account_id: int) -> list[PromiseLine]:
    """The account's promises, newest first (the last twenty)."""
    with session.store.read() as conn:
        rows = store.promises_of(conn, account_id)
    return [
        PromiseLine(
            amount, date.fromisoformat(day), channel, status, kept, date.fromisoformat(made)
        )
        for amount, day, channel, status, kept, made in rows
    ]


def plan_of(session: Session, account_id: int) -> PlanView | None:
    """The account's newest plan and its installments, or None."""
    with session.store.read() as conn:
        plan = store.plan_of(conn, account_id)
    if plan is None:
        return None
    _id, total, down, count, frequency, status, installments = plan
    return PlanView(
        total, down, count, frequency, status,
        tuple(
            InstallmentLine(seq, date.fromisoformat(due), amount, paid, state)
            for seq, due, amount, paid, state in installments
        ),
    )  # fmt: skip


def as_json(session: Session, account_id: int) -> dict[str, Any]:
    """`promises` and `plan` for `account show --format json`."""
    plan = plan_of(session, account_id)
    return {
        "promises": [
            {
                "amount": cents_to_str(p.amount_cents),
                "date": p.promised.isoformat(),
                "channel": p.channel,
                "status": p.status,
                "kept": cents_to_str(p.kept_cents),
                "made": p.made.isoformat(),
            }
            for p in promises_of(session, account_id)
        ],
        "plan": None
        if plan is None
        else {
            "total": cents_to_str(plan.total_cents),
            "down_payment": cents_to_str(plan.down_cents),
            "count": plan.count,
            "frequency": plan.frequency,
            "status": plan.status,
            "installments": [
                {
                    "seq": i.seq,
                    "due_date": i.due.isoformat(),
                    "amount": cents_to_str(i.amount_cents),
                    "paid": cents_to_str(i.paid_cents),
                    "status": i.status,
                }
                for i in plan.installments
            ],
        },
    }
