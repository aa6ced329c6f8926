"""Rules for a payment before it is posted: amount, method, dates; receipt numbers."""

from __future__ import annotations

from datetime import date

from ar_tui.domain.errors import ArError, UsageError

METHODS = ("check", "ach", "card", "wire", "agency", "lockbox", "cash")
METHOD_ALIASES = {
    "chk": "check",
    "cheque": "check",
    "eft": "ach",
    "cc": "card",
    "credit_card": "card",
    "agency_remittance": "agency",
    "remittance": "agency",
}
REVERSAL_REASONS = {
    "nsf": "INSUFFICIENT FUNDS",
    "stop_payment": "STOP PAYMENT",
    "posted_in_error": "POSTED IN ERROR",
    "ach_return": "ACH RETURN",
    "chargeback": "CARD CHARGEBACK",
    "duplicate": "DUPLICATE POSTING",
    "transfer": "TRANSFERRED TO ANOTHER ACCOUNT",
}


def check_method(text: str) -> str:
    method = text.strip().lower().replace(" ", "_")
    method = METHOD_ALIASES.get(method, method)
    if method not in METHODS:
        raise UsageError(
            "AR0410E",
            f"METHOD {text.strip().upper()!r} IS NOT ONE OF {', '.join(METHODS)}",
            "method",
        )
    return method


def check_amount(cents: int, max_cents: int) -> int:
    if cents <= 0:
        raise UsageError("AR0412E", "AMOUNT MUST BE GREATER THAN ZERO", "amount")
    if cents > max_cents:
        raise ArError(
            "AR0413E",
            f"AMOUNT IS OVER THE MAXIMUM OF {max_cents // 100:,}.{max_cents % 100:02d} PER PAYMENT",
            "amount",
        )
    return cents


def check_received_date(received: date, business_date: date) -> date:
    """A payment is received on a real date no later than the business date."""
    if received > business_date:
        raise ArError(
            "AR0414E",
            f"RECEIVED DATE {received.isoformat()} IS AFTER THE BUSINESS DATE"
            f" {business_date.isoformat()}: A FUTURE-DATED PAYMENT CANNOT BE POSTED",
            "received",
        )
    if (business_date - received).days > 3650:
        raise ArError("AR0415E", "RECEIVED DATE IS MORE THAN TEN YEARS AGO", "received")
    return received


def check_reversal_reason(text: str) -> str:
    reason = text.strip().lower().replace(" ", "_")
    code = reason[1:]
    if reason not in REVERSAL_REASONS and not (
        reason.startswith("r") and code.isascii() and code.isdigit()
    ):
        raise UsageError(
            "AR0430E",
            f"REASON {text.strip().upper()!r} IS NOT ONE OF {', '.join(REVERSAL_REASONS)}"
            " OR AN ACH RETURN CODE",
            "reason",
        )
    return reason


def receipt_number(payment_id: int) -> str:
    """Receipts are numbered by the payment's id, so they are unique and never reused."""
    return f"R{payment_id:08d}"
