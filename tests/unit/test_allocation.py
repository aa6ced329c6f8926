"""Allocation: oldest due first, chosen items first, never more than is open."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ar_tui.domain.allocation import OpenItem, allocate

ITEMS = [
    OpenItem(3, date(2026, 3, 1), 300),
    OpenItem(1, date(2026, 1, 1), 100),
    OpenItem(2, date(2026, 2, 1), 200),
]


def test_oldest_due_first() -> None:
    plan = allocate(250, ITEMS)
    assert plan.applied == ((1, 100), (2, 150))
    assert plan.unapplied_cents == 0


def test_overpayment_leaves_credit_and_short_pay_leaves_items_open() -> None:
    assert allocate(700, ITEMS).unapplied_cents == 100
    assert allocate(50, ITEMS).applied == ((1, 50),)


def test_marked_items_first_and_only_when_not_spilling() -> None:
    assert allocate(350, ITEMS, [3]).applied == ((3, 300), (1, 50))
    plan = allocate(350, ITEMS, [3], spill=False)
    assert plan.applied == ((3, 300),) and plan.unapplied_cents == 50


def test_refuses_non_positive() -> None:
    with pytest.raises(ValueError):
        allocate(0, ITEMS)


@given(
    st.integers(min_value=1, max_value=10**7),
    st.lists(st.tuples(st.dates(), st.integers(min_value=-500, max_value=10**6)), max_size=12),
)
def test_every_cent_is_applied_or_unapplied(amount: int, raw: list[tuple[date, int]]) -> None:
    items = [OpenItem(n, due, cents) for n, (due, cents) in enumerate(raw)]
    plan = allocate(amount, items)
    assert plan.applied_cents + plan.unapplied_cents == amount
    open_by_id = {i.id: i.open_cents for i in items}
    for item_id, cents in plan.applied:
        assert 0 < cents <= open_by_id[item_id]
