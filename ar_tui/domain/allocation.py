"""How a payment is applied to open items: oldest due first, or to chosen items first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class OpenItem:
    """What allocation needs of an item: its id, due date and open cents."""

    id: int
    due_date: date
    open_cents: int


@dataclass(frozen=True, slots=True)
class Allocation:
    """The plan for one payment: (item id, cents) in order, and what is left unapplied."""

    applied: tuple[tuple[int, int], ...]
    unapplied_cents: int

    @property
    def applied_cents(self) -> int:
        return sum(cents for _, cents in self.applied)


def allocate(
    amount_cents: int,
    items: Sequence[OpenItem],
    preferred: Iterable[int] = (),
    *,
    spill: bool = True,
) -> Allocation:
    """Apply `amount_cents` to `items`.

    Items named in `preferred` are paid first, in the order given; then, if `spill`,
    the rest goes to the other items oldest due first (ties by id). Items with
    nothing open (or a credit) take nothing. What is left over is unapplied credit.
    """
    if amount_cents <= 0:
        raise ValueError("a payment is a positive amount")
    by_id = {item.id: item for item in items}
    order: list[OpenItem] = []
    seen: set[int] = set()
    for item_id in preferred:
        if item_id in by_id and item_id not in seen:
            order.append(by_id[item_id])
            seen.add(item_id)
    if spill or not seen:
        order += sorted(
            (item for item in items if item.id not in seen), key=lambda i: (i.due_date, i.id)
        )
    left = amount_cents
    applied = []
    for item in order:
        if left == 0:
            break
        if item.open_cents <= 0:
            continue
        cents = min(left, item.open_cents)
        applied.append((item.id, cents))
        left -= cents
    return Allocation(applied=tuple(applied), unapplied_cents=left)
