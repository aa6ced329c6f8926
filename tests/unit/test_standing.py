"""Promises, plans and settlements at the end of a business day: kept, missed, broken, paid."""

from __future__ import annotations

from datetime import date

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.domain.plans import plan_standing, schedule
from ar_tui.domain.promises import promise_standing, settlement_standing
from ar_tui.domain.settlements import offer_cents

D = date(2026, 12, 1)


@pytest.mark.parametrize(
    ("paid", "as_of", "expected"),
    [
        (10_000, date(2026, 11, 28), "kept"),  # covered before the date
        (10_000, D, "kept"),  # covered on the date
        (9_999, date(2026, 11, 30), "pending"),  # a cent short, the day has not come
        (9_999, D, "broken"),  # a cent short when the promised day ends
        (0, date(2026, 12, 2), "broken"),
        (15_000, D, "kept"),  # more than promised
    ],
)
def test_promise_standing(paid: int, as_of: date, expected: str) -> None:
    assert promise_standing(10_000, paid, D, as_of) == expected


def test_settlement_standing_names() -> None:
    assert settlement_standing(5_000, 5_000, D, D) == "paid"
    assert settlement_standing(5_000, 4_999, D, D) == "failed"
    assert settlement_standing(5_000, 0, D, date(2026, 11, 30)) == "pending"


MADE = date(2026, 11, 1)
# 100.00 down, then three monthly installments of 100.00 from 11/15.
PLAN = schedule(40_000, 10_000, 3, "monthly", date(2026, 11, 15))


@pytest.mark.parametrize(
    ("paid", "as_of", "grace", "statuses", "plan"),
    [
        (10_000, date(2026, 11, 14), 5, ["due", "due", "due"], "active"),
        # First installment unpaid at the end of its day: missed, inside the grace days.
        (10_000, date(2026, 11, 15), 5, ["missed", "due", "due"], "active"),
        (10_000, date(2026, 11, 20), 5, ["missed", "due", "due"], "active"),
        # One day beyond five grace days: broken.
        (10_000, date(2026, 11, 21), 5, ["missed", "due", "due"], "broken"),
        (10_000, date(2026, 11, 16), 0, ["missed", "due", "due"], "broken"),
        # Paid in order: the down payment first, then installment 1, part of 2.
        (25_000, date(2026, 11, 20), 5, ["paid", "due", "due"], "active"),
        (40_000, date(2026, 11, 20), 5, ["paid", "paid", "paid"], "completed"),
        # No down payment more than the grace days after the plan was made: broken.
        (0, date(2026, 11, 7), 5, ["due", "due", "due"], "broken"),
        (0, date(2026, 11, 6), 5, ["due", "due", "due"], "active"),
    ],
)
def test_plan_standing(paid: int, as_of: date, grace: int, statuses: list[str], plan: str) -> None:
    states, standing = plan_standing(paid, 10_000, MADE, PLAN, as_of, grace)
    assert [s.status for s in states] == statuses
    assert standing == plan


def test_plan_payments_fill_installments_in_order() -> None:
    states, _ = plan_standing(25_000, 10_000, MADE, PLAN, date(2026, 11, 20), 5)
    assert [s.paid_cents for s in states] == [10_000, 5_000, 0]


@pytest.mark.parametrize(
    ("text", "balance", "expected"),
    [
        ("600.00", 100_000, 60_000),
        ("60%", 100_000, 60_000),
        ("33.33%", 1_000, 333),  # 333.3 cents: rounds down
        ("50%", 1_001, 501),  # 500.5 cents: half rounds up
        ("100%", 1_234, 1_234),
    ],
)
def test_offers(text: str, balance: int, expected: int) -> None:
    assert offer_cents(text, balance) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("0%", "AR0831E"),
        ("101%", "AR0831E"),
        ("abc%", "AR0830E"),
        ("nan%", "AR0831E"),
        ("12.345%", "AR0834E"),
        ("0.00", "AR0832E"),
        ("1000.01", "AR0833E"),
    ],
)
def test_bad_offers(text: str, code: str) -> None:
    with pytest.raises(ArError) as caught:
        offer_cents(text, 100_000)
    assert caught.value.code == code
    # a malformed offer is a usage error (2); one over the balance is refused by a rule (3)
    assert caught.value.exit_code == (3 if code == "AR0833E" else 2)
