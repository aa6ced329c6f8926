"""Aging buckets by days past due; the buckets always add up to the open balance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ar_tui.domain.aging import BUCKETS, age, bucket_for

AS_OF = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (-30, "current"),
        (0, "current"),
        (1, "1_30"),
        (30, "1_30"),
        (31, "31_60"),
        (60, "31_60"),
        (61, "61_90"),
        (90, "61_90"),
        (91, "91_120"),
        (120, "91_120"),
        (121, "over_120"),
        (3650, "over_120"),
    ],
)
def test_bucket_boundaries(days: int, bucket: str) -> None:
    assert bucket_for(days) == bucket


def test_items_land_in_their_buckets() -> None:
    aging = age([(AS_OF, 100), (AS_OF - timedelta(45), 250), (AS_OF - timedelta(200), 7)], AS_OF)
    assert aging.as_dict() == {
        "current": 100,
        "1_30": 0,
        "31_60": 250,
        "61_90": 0,
        "91_120": 0,
        "over_120": 7,
    }


items = st.lists(
    st.tuples(
        st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
        st.integers(min_value=-(10**9), max_value=10**9),
    ),
    max_size=60,
)


@given(items, st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
def test_buckets_sum_to_the_open_balance(pairs: list[tuple[date, int]], as_of: date) -> None:
    aging = age(pairs, as_of)
    assert aging.total == sum(cents for _, cents in pairs)
    assert list(aging.as_dict()) == list(BUCKETS)


@given(items, st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
def test_time_only_moves_money_into_older_buckets(
    pairs: list[tuple[date, int]], as_of: date
) -> None:
    """A day later, nothing is younger than it was: the current bucket never grows from aging."""
    positive = [(due, abs(cents)) for due, cents in pairs]
    today, tomorrow = age(positive, as_of), age(positive, as_of + timedelta(days=1))
    assert tomorrow.current <= today.current
    assert tomorrow.over_120 >= today.over_120
