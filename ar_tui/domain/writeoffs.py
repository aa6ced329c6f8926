"""Write-off (charge-off) reasons."""

from __future__ import annotations

from ar_tui.domain.errors import UsageError

REASONS = (
    "uncollectible",
    "small_balance",
    "settlement",
    "bankruptcy_discharge",
    "deceased",
    "statute_of_limitations",
    "other",
)


def check_reason(text: str) -> str:
    reason = text.strip().lower().replace(" ", "_")
    if reason not in REASONS:
        raise UsageError(
            "AR0860E", f"REASON {text.strip().upper()!r} IS NOT ONE OF {', '.join(REASONS)}",
            "reason",
        )  # fmt: skip
    return reason
