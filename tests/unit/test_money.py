"""Money parsing and formatting: integer cents in, exact text out, bad input refused."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ar_tui.domain.display import format_amount, format_money
from ar_tui.domain.errors import ArError
from ar_tui.domain.money import MAX_CENTS, cents_to_str, decimal_to_cents, parse_money


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1234.5", 123450),
        ("1,234.50", 123450),
        ("$1,234.50", 123450),
        ("  $1,234.50 ", 123450),
        ("0.01", 1),
        ("12", 1200),
        (".5", 50),
        ("1,000,000", 100_000_000),
    ],
)
def test_accepts_what_people_type(text: str, cents: int) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "AR0401E"),
        ("12.345", "AR0403E"),
        ("12a", "AR0402E"),
        ("abc", "AR0402E"),
        ("1,23.00", "AR0402E"),
        ("1.2.3", "AR0402E"),
        ("$$5", "AR0402E"),
        ("99999999999999999999", "AR0404E"),
        ("1000000000000.01", "AR0404E"),  # the plain digits-point-cents shape, over the top
        ("-5.00", "AR0405E"),
    ],
)
def test_refuses_bad_amounts_with_a_message(text: str, code: str) -> None:
    with pytest.raises(ArError) as caught:
        parse_money(text)
    assert caught.value.code == code
    assert caught.value.field == "amount"


def test_negative_only_where_allowed() -> None:
    assert parse_money("-12.30", allow_negative=True) == -1230


def test_configured_maximum() -> None:
    with pytest.raises(ArError, match="MAXIMUM"):
        parse_money("1000.01", max_cents=100_000)


@given(st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS))
def test_plain_text_round_trips(cents: int) -> None:
    assert parse_money(cents_to_str(cents), allow_negative=True) == cents


@given(st.integers(min_value=0, max_value=MAX_CENTS))
def test_babel_formatting_round_trips_in_en_us(cents: int) -> None:
    assert parse_money(format_money(cents)) == cents


def test_decimal_edges_are_exact() -> None:
    assert decimal_to_cents(Decimal("10.10")) == 1010
    with pytest.raises(ArError):
        decimal_to_cents(Decimal("10.101"))


def test_formatting_follows_locale_and_currency() -> None:
    assert format_money(123450) == "$1,234.50"
    assert format_money(123450, "de_DE", "EUR") == "1.234,50\xa0€"
    assert format_amount(-123450) == "-1,234.50"
