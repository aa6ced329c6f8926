"""Work-queue priority: which account a collector should work next, and why.

Points, each capped so no one factor drowns the others:
  balance            4 points per square root of whole dollars owed, at most 400
  days past due      2 points a day on the oldest open item, at most 300
  broken promises    150 each, at most 300
  missed payments    100 per missed plan installment, at most 300
  follow-up due      200 when the follow-up date has come
  last contact       +100 never contacted, +80 after 14 days, +40 after 7, -100 within 2 days
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from math import isqrt


@dataclass(frozen=True)
class PriorityInputs:
    balance_cents: int
    days_past_due: int
    broken_promises: int = 0
    missed_installments: int = 0
    follow_up_due: bool = False
    days_since_contact: int | None = None


def inputs_at(
    today: date,
    balance_cents: int,
    oldest_due: str | None,
    broken_promises: int,
    missed_installments: int,
    follow_up: str | None,
    last_contact_day: str | None,
) -> PriorityInputs:
    """The formula's inputs at `today`, from the stored facts (ISO dates, None: none)."""
    return PriorityInputs(
        balance_cents=balance_cents,
        days_past_due=(today - date.fromisoformat(oldest_due)).days if oldest_due else 0,
        broken_promises=broken_promises,
        missed_installments=missed_installments,
        follow_up_due=bool(follow_up) and str(follow_up) <= today.isoformat(),
        days_since_contact=(
            (today - date.fromisoformat(last_contact_day)).days if last_contact_day else None
        ),
    )


def explain(inputs: PriorityInputs) -> list[tuple[str, int]]:
    """Each factor and its points, in the order of the formula above."""
    dollars = max(0, inputs.balance_cents) // 100
    contact = inputs.days_since_contact
    if contact is None:
        recency = 100
    elif contact >= 14:
        recency = 80
    elif contact >= 7:
        recency = 40
    elif contact < 2:
        recency = -100
    else:
        recency = 0
    return [
        ("balance", min(400, 4 * isqrt(dollars))),
        ("days past due", min(300, 2 * max(0, inputs.days_past_due))),
        ("broken promises", min(300, 150 * inputs.broken_promises)),
        ("missed installments", min(300, 100 * inputs.missed_installments)),
        ("follow-up due", 200 if inputs.follow_up_due else 0),
        ("last contact", recency),
    ]


def priority(inputs: PriorityInputs) -> int:
    """The account's place in the queue: higher first, never below zero."""
    if inputs.balance_cents <= 0:
        return 0
    return max(0, sum(points for _, points in explain(inputs)))
