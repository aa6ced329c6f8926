"""Disputes: reasons, the departments that answer them, and the statuses a dispute moves through.

While a dispute is open its amount is not collectible. On a consumer account (FDCPA
section 809(b)) collection of the disputed debt waits until verification is sent.
"""

from __future__ import annotations

from ar_tui.domain.errors import UsageError
from ar_tui.domain.states import StateMachine

REASONS = (
    "billing_error",
    "payment_not_applied",
    "premium_audit",
    "cancellation",
    "coverage",
    "duplicate_charge",
    "not_my_account",
    "other",
)

DEPARTMENTS = ("Billing Operations", "Underwriting", "Premium Audit", "Claims", "Agency Bill")

# credit_pending: resolved valid, its credit over the resolver's limit waits for approval;
# the amount stays out of collection until the credit posts.
DISPUTE = StateMachine(
    "THE DISPUTE",
    {
        "open": ("in_research", "resolved_valid", "resolved_invalid", "credit_pending"),
        "in_research": ("resolved_valid", "resolved_invalid", "credit_pending"),
        "credit_pending": ("resolved_valid", "in_research"),
    },
    "AR0872E",
)
ACTIVE = DISPUTE.active()


def _key(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


def check_reason(text: str) -> str:
    reason = _key(text)
    if reason not in REASONS:
        raise UsageError(
            "AR0870E", f"REASON {text.strip().upper()!r} IS NOT ONE OF {', '.join(REASONS)}",
            "reason",
        )  # fmt: skip
    return reason


def check_department(text: str) -> str:
    """The department's name as stored, from its name in any case or with underscores."""
    for name in DEPARTMENTS:
        if _key(name) == _key(text):
            return name
    raise UsageError(
        "AR0871E",
        f"DEPARTMENT {text.strip().upper()!r} IS NOT ONE OF {', '.join(DEPARTMENTS).upper()}",
        "department",
    )


def holds_all_collection(customer_type: str, verification_sent: bool) -> bool:
    """A consumer's dispute stops all collection until verification has been sent."""
    return customer_type == "consumer" and not verification_sent
