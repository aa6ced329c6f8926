"""Installment plans: the schedule (to the cent) and the company's limits on a plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dateutil.relativedelta import relativedelta

from ar_tui.domain.errors import UsageError

Frequency = Literal["weekly", "biweekly", "monthly"]
FREQUENCIES: tuple[Frequency, ...] = ("weekly", "biweekly", "monthly")


@dataclass(frozen=True)
class PlanPolicy:
    """Company policy: beyond these a plan needs a supervisor's approval."""

    longest_term_months: int = 12
    smallest_installment_cents: int = 2_500
    smallest_down_payment_bp: int = 1_000  # 10% of the total


@dataclass(frozen=True)
class Installment:
    seq: int
    due_date: date
    amount_cents: int


def due_dates(first_due: date, count: int, frequency: str) -> list[date]:
    """`count` due dates from `first_due`; monthly ones keep the day, clamped to short months."""
    if frequency == "weekly":
        return [first_due + timedelta(weeks=n) for n in range(count)]
    if frequency == "biweekly":
        return [first_due + timedelta(weeks=2 * n) for n in range(count)]
    return [first_due + relativedelta(months=n) for n in range(count)]


def schedule(
    total_cents: int, down_cents: int, count: int, frequency: str, first_due: date
) -> list[Installment]:
    """The installments after the down payment; equal parts, the last absorbs the rounding."""
    if total_cents <= 0:
        raise UsageError("AR0801E", "THE PLAN TOTAL MUST BE GREATER THAN ZERO", "total")
    if not 0 <= down_cents < total_cents:
        raise UsageError("AR0802E", "THE DOWN PAYMENT MUST BE LESS THAN THE TOTAL", "down")
    if not 1 <= count <= 120:
        raise UsageError("AR0803E", "THE NUMBER OF INSTALLMENTS MUST BE 1 TO 120", "count")
    if frequency not in FREQUENCIES:
        raise UsageError(
            "AR0804E", f"FREQUENCY {frequency!r} IS NOT ONE OF {', '.join(FREQUENCIES)}", "every"
        )
    rest = total_cents - down_cents
    each = rest // count
    if each == 0:
        raise UsageError("AR0805E", "EACH INSTALLMENT WOULD BE LESS THAN ONE CENT", "count")
    amounts = [each] * (count - 1) + [rest - each * (count - 1)]
    return [
        Installment(seq, due, cents)
        for seq, (due, cents) in enumerate(
            zip(due_dates(first_due, count, frequency), amounts, strict=True), 1
        )
    ]


def outside_policy(
    total_cents: int, down_cents: int, installments: list[Installment], policy: PlanPolicy
) -> list[str]:
    """The company limits this plan goes beyond (an empty list: within policy)."""
    reasons = []
    if installments:
        last = installments[-1].due_date
        first = installments[0].due_date
        months = (last.year - first.year) * 12 + last.month - first.month
        if months > policy.longest_term_months:
            reasons.append(f"term of {months} months is over {policy.longest_term_months}")
        smallest = min(i.amount_cents for i in installments)
        if smallest < policy.smallest_installment_cents:
            reasons.append("an installment is below the smallest allowed")
    if down_cents * 10_000 < total_cents * policy.smallest_down_payment_bp:
        reasons.append("the down payment is below the smallest allowed")
    return reasons


@dataclass(frozen=True)
class InstallmentState:
    seq: int
    paid_cents: int
    status: str  # due, paid or missed


def plan_standing(
    paid_cents: int,
    down_cents: int,
    made: date,
    installments: list[Installment],
    as_of: date,
    grace_days: int,
) -> tuple[list[InstallmentState], str]:
    """Where a plan stands at the end of business day `as_of`, given what was paid since it began.

    Payments go to the down payment (due the day the plan is made) and then to the
    installments in order. An installment not paid in full by the end of its due day
    is missed; one still short more than `grace_days` after it was due breaks the plan.
    Returns each installment's state and the plan's: active, broken or completed.
    """
    left = max(0, paid_cents - down_cents)
    grace = timedelta(days=grace_days)
    broken = paid_cents < down_cents and as_of > made + grace
    states = []
    for installment in installments:
        paid = min(left, installment.amount_cents)
        left -= paid
        if paid == installment.amount_cents:
            status = "paid"
        elif installment.due_date <= as_of:
            status = "missed"
            broken = broken or as_of > installment.due_date + grace
        else:
            status = "due"
        states.append(InstallmentState(installment.seq, paid, status))
    if broken:
        return states, "broken"
    if paid_cents >= down_cents and all(s.status == "paid" for s in states):
        return states, "completed"
    return states, "active"
