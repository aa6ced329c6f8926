"""Plan schedules: they always add up to the total, the last installment absorbs rounding."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ar_tui.domain.errors import UsageError
from ar_tui.domain.plans import FREQUENCIES, PlanPolicy, due_dates, outside_policy, schedule


@given(
    st.integers(min_value=100, max_value=10**10),
    st.data(),
    st.integers(min_value=1, max_value=60),
    st.sampled_from(FREQUENCIES),
    st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31)),
)
def test_installments_add_up_to_the_total(
    total: int, data: st.DataObject, count: int, frequency: str, first: date
) -> None:
    down = data.draw(st.integers(min_value=0, max_value=total - count))
    plan = schedule(total, down, count, frequency, first)
    assert down + sum(i.amount_cents for i in plan) == total
    assert len(plan) == count
    amounts = [i.amount_cents for i in plan]
    assert all(a == amounts[0] for a in amounts[:-1])  # equal parts ...
    assert 0 <= amounts[-1] - amounts[0] < count  # ... the last absorbs the rounding
    dues = [i.due_date for i in plan]
    assert dues == sorted(dues) and dues[0] == first and len(set(dues)) == count


def test_the_last_installment_absorbs_rounding() -> None:
    plan = schedule(100_00, 0, 3, "monthly", date(2026, 12, 1))
    assert [i.amount_cents for i in plan] == [3333, 3333, 3334]


def test_monthly_dates_keep_the_day_clamped_to_short_months() -> None:
    assert due_dates(date(2026, 1, 31), 4, "monthly") == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert due_dates(date(2026, 12, 1), 2, "biweekly") == [date(2026, 12, 1), date(2026, 12, 15)]


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((0, 0, 3, "monthly"), "AR0801E"),
        ((100, 100, 3, "monthly"), "AR0802E"),
        ((100, 0, 0, "monthly"), "AR0803E"),
        ((100, 0, 3, "daily"), "AR0804E"),
        ((2, 0, 3, "monthly"), "AR0805E"),
    ],
)
def test_impossible_plans_are_refused(args: tuple, code: str) -> None:
    with pytest.raises(UsageError) as caught:
        schedule(*args, date(2026, 12, 1))
    assert caught.value.code == code


def test_company_policy_limits() -> None:
    policy = PlanPolicy(longest_term_months=6, smallest_installment_cents=5_000,
                        smallest_down_payment_bp=1_000)  # fmt: skip
    within = schedule(120_000, 12_000, 6, "monthly", date(2026, 12, 1))
    assert outside_policy(120_000, 12_000, within, policy) == []
    long = schedule(120_000, 12_000, 12, "monthly", date(2026, 12, 1))
    assert outside_policy(120_000, 12_000, long, policy) == ["term of 11 months is over 6"]
    small = schedule(120_000, 0, 30, "weekly", date(2026, 12, 1))
    assert outside_policy(120_000, 0, small, policy) == [
        "an installment is below the smallest allowed",
        "the down payment is below the smallest allowed",
    ]
