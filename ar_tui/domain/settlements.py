"""Settlement offers: an amount or a percentage of the balance, and the discount it gives."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ar_tui.domain.errors import ArError, UsageError
from ar_tui.domain.money import cents_to_str, parse_money


def offer_cents(text: str, balance_cents: int) -> int:
    """`1500.00` or `60%` of the balance, in cents (half a cent rounds up).

    The offer must be more than zero and no more than the balance.
    """
    cleaned = text.strip()
    if cleaned.endswith("%"):
        try:
            percent = Decimal(cleaned[:-1].strip())
        except InvalidOperation:
            raise UsageError(
                "AR0830E", f"PERCENTAGE {cleaned!r} IS NOT A NUMBER", "offer"
            ) from None
        if not percent.is_finite() or not 0 < percent <= 100:
            raise UsageError(
                "AR0831E", "THE PERCENTAGE MUST BE MORE THAN 0 AND AT MOST 100", "offer"
            )
        if percent != percent.quantize(Decimal("0.01")):
            raise UsageError("AR0834E", "THE PERCENTAGE HAS MORE THAN TWO DECIMALS", "offer")
        cents = int((Decimal(balance_cents) * percent / 100).quantize(0, ROUND_HALF_UP))
    else:
        cents = parse_money(cleaned)
    if cents <= 0:
        raise UsageError("AR0832E", "THE OFFER MUST BE MORE THAN ZERO", "offer")
    if cents > balance_cents:  # a rule, not a typing mistake: exit 3 like a promise's
        raise ArError(
            "AR0833E", f"THE OFFER IS MORE THAN THE BALANCE {cents_to_str(balance_cents)}", "offer"
        )
    return cents
