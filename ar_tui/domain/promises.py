"""Promises to pay and settlements: kept, broken, or still waiting at the end of a business day."""

from __future__ import annotations

from datetime import date


def promise_standing(amount_cents: int, paid_cents: int, promised: date, as_of: date) -> str:
    """`kept` once payments made since the promise cover it, `broken` when its day ends first.

    Only payments received from the day of the promise to its date count.
    """
    if paid_cents >= amount_cents:
        return "kept"
    if promised <= as_of:
        return "broken"
    return "pending"


def settlement_standing(offer_cents: int, paid_cents: int, due: date, as_of: date) -> str:
    """`paid` once payments since the offer cover it, `failed` when its due day ends first."""
    standing = promise_standing(offer_cents, paid_cents, due, as_of)
    return {"kept": "paid", "broken": "failed"}.get(standing, standing)
