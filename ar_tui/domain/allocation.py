"""How a payment is applied to open items: oldest due first, or to chosen items first."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from typing import NamedTuple


class OpenItem(NamedTuple):
    """What allocation needs of an item: its id, due date and open cents.

    `allocate` takes any (id, due date, open cents) tuples, so a bank file's hundreds
    of thousands of items can go in as the rows the database returned.
    """

    id: int
    due_date: date
    open_cents: int


# (id, due date, open cents), as OpenItem and as a database row.
ItemTuple = tuple[int, date, int]

# Oldest due first, ties by id: the order a payment pays items it was not told to.
_DUE_ORDER = itemgetter(1, 0)


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
    items: Sequence[ItemTuple],
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
    order: list[ItemTuple] = []
    seen: set[int] = set()
    if preferred:
        by_id = {item[0]: item for item in items}
        for item_id in preferred:
            if item_id in by_id and item_id not in seen:
                order.append(by_id[item_id])
                seen.add(item_id)
    if spill or not seen:
        rest = [item for item in items if item[0] not in seen] if seen else items
        order += sorted(rest, key=_DUE_ORDER)
    left = amount_cents
    applied = []
    for item_id, _due, open_cents in order:
        if left == 0:
            break
        if open_cents <= 0:
            continue
        cents = min(left, open_cents)
        applied.append((item_id, cents))
        left -= cents
    return Allocation(applied=tuple(applied), unapplied_cents=left)
