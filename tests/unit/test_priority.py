"""The work-queue priority formula."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ar_tui.domain.priority import PriorityInputs, explain, priority


def test_each_factor_raises_priority() -> None:
    base = PriorityInputs(balance_cents=50_000, days_past_due=10, days_since_contact=5)
    assert priority(PriorityInputs(100_000, 10, days_since_contact=5)) > priority(base)
    assert priority(PriorityInputs(50_000, 40, days_since_contact=5)) > priority(base)
    assert priority(PriorityInputs(50_000, 10, broken_promises=1, days_since_contact=5)) > priority(
        base
    )
    assert priority(
        PriorityInputs(50_000, 10, missed_installments=1, days_since_contact=5)
    ) > priority(base)
    assert priority(
        PriorityInputs(50_000, 10, follow_up_due=True, days_since_contact=5)
    ) > priority(base)
    assert priority(PriorityInputs(50_000, 10, days_since_contact=None)) > priority(base)
    assert priority(PriorityInputs(50_000, 10, days_since_contact=1)) < priority(base)


def test_the_explanation_adds_up_and_nothing_owed_is_zero() -> None:
    inputs = PriorityInputs(1_000_000, 200, 3, 5, True, None)
    parts = dict(explain(inputs))
    assert parts == {
        "balance": 400,
        "days past due": 300,
        "broken promises": 300,
        "missed installments": 300,
        "follow-up due": 200,
        "last contact": 100,
    }
    assert priority(inputs) == 1600
    assert priority(PriorityInputs(0, 400, 5)) == 0


@given(
    st.integers(min_value=-(10**9), max_value=10**12),
    st.integers(min_value=-400, max_value=4000),
    st.integers(min_value=0, max_value=20),
    st.integers(min_value=0, max_value=20),
    st.booleans(),
    st.one_of(st.none(), st.integers(min_value=0, max_value=1000)),
)
def test_priority_is_bounded(balance, days, broken, missed, follow, contact) -> None:  # type: ignore[no-untyped-def]
    value = priority(PriorityInputs(balance, days, broken, missed, follow, contact))
    assert 0 <= value <= 1600
