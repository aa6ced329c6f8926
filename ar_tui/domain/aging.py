"""Aging: which bucket an open amount falls in, by days past due at the business date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

BUCKETS = ("current", "1_30", "31_60", "61_90", "91_120", "over_120")
BUCKET_LABELS = {
    "current": "CURRENT",
    "1_30": "1-30",
    "31_60": "31-60",
    "61_90": "61-90",
    "91_120": "91-120",
    "over_120": "OVER 120",
}


def days_past_due(due: date, as_of: date) -> int:
    """Days after the due date; zero or less means not yet past due."""
    return (as_of - due).days


def bucket_for(days: int) -> str:
    """The bucket name for a number of days past due."""
    if days <= 0:
        return "current"
    if days <= 30:
        return "1_30"
    if days <= 60:
        return "31_60"
    if days <= 90:
        return "61_90"
    if days <= 120:
        return "91_120"
    return "over_120"


@dataclass(frozen=True, slots=True, kw_only=True)
class Aging:
    """Open amounts in cents per bucket; `total` is always the sum of the buckets."""

    current: int = 0
    d1_30: int = 0
    d31_60: int = 0
    d61_90: int = 0
    d91_120: int = 0
    over_120: int = 0

    @property
    def total(self) -> int:
        return sum(self.as_dict().values())

    def as_dict(self) -> dict[str, int]:
        """Bucket name (as in BUCKETS) to cents, in bucket order."""
        return {
            "current": self.current,
            "1_30": self.d1_30,
            "31_60": self.d31_60,
            "61_90": self.d61_90,
            "91_120": self.d91_120,
            "over_120": self.over_120,
        }


_FIELD = {
    "current": "current",
    "1_30": "d1_30",
    "31_60": "d31_60",
    "61_90": "d61_90",
    "91_120": "d91_120",
    "over_120": "over_120",
}


def age(open_amounts: Iterable[tuple[date, int]], as_of: date) -> Aging:
    """Spread (due date, open cents) pairs into the six buckets at `as_of`."""
    sums = dict.fromkeys(BUCKETS, 0)
    for due, cents in open_amounts:
        sums[bucket_for(days_past_due(due, as_of))] += cents
    return Aging(**{_FIELD[name]: cents for name, cents in sums.items()})
