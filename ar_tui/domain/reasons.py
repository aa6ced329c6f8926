"""Why a person did something, in their own words: required, on one line, of bounded length."""

from __future__ import annotations

from ar_tui.domain.errors import UsageError


def stated_reason(text: str, limit: int, action: str, codes: tuple[str, str]) -> str:
    """`text` on one line (runs of spaces, tabs or newlines as one space); refused with the
    first code when nothing is left, with the second when longer than `limit` characters."""
    reason = " ".join(text.split())
    if not reason:
        raise UsageError(codes[0], f"A {action} NEEDS A REASON", "reason")
    if len(reason) > limit:
        raise UsageError(codes[1], f"THE REASON IS LONGER THAN {limit} CHARACTERS", "reason")
    return reason
