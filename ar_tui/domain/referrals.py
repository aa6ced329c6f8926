"""Referral to an outside agency or counsel: who is eligible, the statuses, the commission."""

from __future__ import annotations

from dataclasses import dataclass

from ar_tui.domain.money import cents_to_str
from ar_tui.domain.states import StateMachine

# proposed: a collector's referral waiting for a supervisor. placed: with the agency.
# suit_authorized and judgment: counsel only. recalled: taken back.
REFERRAL = StateMachine(
    "THE REFERRAL",
    {
        "proposed": ("placed", "rejected"),
        "placed": ("suit_authorized", "recalled"),
        "suit_authorized": ("judgment", "recalled"),
        "judgment": ("recalled",),
    },
    "AR0892E",
)
IN_FORCE = ("placed", "suit_authorized", "judgment")


@dataclass(frozen=True)
class Standing:
    """What eligibility looks at, read from the account."""

    bankrupt: bool
    open_disputes: int
    collectible_cents: int
    minimum_cents: int
    call_attempts: int
    attempts_needed: int
    already_referred: bool


@dataclass(frozen=True)
class Eligibility:
    """Why an account may not be referred: `blocking` no one may override, `overridable` a
    supervisor may."""

    blocking: tuple[str, ...]
    overridable: tuple[str, ...]

    @property
    def eligible(self) -> bool:
        return not self.blocking and not self.overridable


def eligibility(s: Standing) -> Eligibility:
    """The referral rules; the law's (stay, dispute) cannot be overridden, the policy's can."""
    blocking = []
    if s.already_referred:
        blocking.append("already referred")
    if s.bankrupt:
        blocking.append("bankruptcy: the automatic stay")
    if s.open_disputes:
        blocking.append("open dispute")
    overridable = []
    if s.collectible_cents <= s.minimum_cents:
        overridable.append("balance not above the referral minimum")
    if s.call_attempts < s.attempts_needed:
        overridable.append(f"{s.call_attempts} of {s.attempts_needed} contact attempts made")
    return Eligibility(tuple(blocking), tuple(overridable))


def rate_text(rate_bp: int) -> str:
    """A commission rate in basis points as people read it: 3333 -> `33.33%`."""
    return f"{cents_to_str(rate_bp)}%"  # hundredths of a percent print like cents


def commission_cents(amount_cents: int, rate_bp: int) -> int:
    """The agency's commission on a payment it collected, rounded half up to the cent."""
    return (amount_cents * rate_bp + 5_000) // 10_000
