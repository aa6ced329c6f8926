"""Money as integer cents: parsing what people type, and plain text for files and JSON."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ar_tui.domain.errors import UsageError

# A hundred billion dollars: beyond anything one receivable can be, and far below
# what SQLite's 64-bit integers hold, so sums of many amounts cannot overflow.
MAX_CENTS = 100_000_000_000_00

# What bank files nearly always hold: digits, a point, two decimals. Only ASCII digits are
# digits: `\d` would take superscripts, fullwidth and Arabic-Indic digits, and int() too.
_PLAIN = re.compile(r"[0-9]{1,13}\.[0-9][0-9]")
_AMOUNT = re.compile(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?|-?[0-9]+(\.[0-9]*)?|-?\.[0-9]+")


def parse_money(text: str, *, allow_negative: bool = False, max_cents: int = MAX_CENTS) -> int:
    """Turn `1234.5`, `1,234.50` or `$1,234.50` into cents (123450).

    Refuses letters, more than two decimals, misplaced commas and absurd sizes with
    an `ArError` whose message says which.
    """
    if _PLAIN.fullmatch(text):
        cents = int(text.replace(".", ""))
        if cents <= max_cents:
            return cents
    cleaned = text.strip().replace(" ", "")
    if not cleaned:
        raise UsageError("AR0401E", "AMOUNT IS REQUIRED", "amount")
    negative = cleaned.startswith("-")
    body = cleaned[1:] if negative else cleaned
    if body.startswith("$"):
        body = body[1:]
    candidate = ("-" if negative else "") + body
    if not _AMOUNT.fullmatch(candidate):
        raise UsageError("AR0402E", f"AMOUNT {text.strip()!r} IS NOT A NUMBER", "amount")
    whole, _, fraction = body.replace(",", "").partition(".")
    if len(fraction) > 2:
        raise UsageError("AR0403E", "AMOUNT HAS MORE THAN TWO DECIMALS", "amount")
    cents = int(whole or "0") * 100 + int((fraction + "00")[:2])
    if abs(cents) > max_cents:
        raise UsageError(
            "AR0404E", f"AMOUNT IS LARGER THAN THE MAXIMUM {cents_to_str(max_cents)}", "amount"
        )
    if negative and cents:
        if not allow_negative:
            raise UsageError("AR0405E", "AMOUNT MUST NOT BE NEGATIVE", "amount")
        cents = -cents
    return cents


def decimal_to_cents(value: Decimal) -> int:
    """Exact conversion of a Decimal with at most two places to cents."""
    try:
        quantized = value.quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise UsageError("AR0402E", f"AMOUNT {value} IS NOT A NUMBER", "amount") from exc
    if quantized != value:
        raise UsageError("AR0403E", "AMOUNT HAS MORE THAN TWO DECIMALS", "amount")
    return int(quantized * 100)


def cents_to_decimal(cents: int) -> Decimal:
    """Cents as a Decimal with two places, for the edges (JSON, files)."""
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def cents_to_str(cents: int) -> str:
    """Plain two-decimal text without grouping: `-1234.50`. Used in JSON and CSV."""
    sign = "-" if cents < 0 else ""
    whole, fraction = divmod(abs(cents), 100)
    return f"{sign}{whole}.{fraction:02d}"
