"""Dates typed on screens: the locale's order only, a four-digit year, a real day (issue 13)."""

from __future__ import annotations

from datetime import date

import pytest

from ar_tui.domain.dates import date_order, date_style, parse_day
from ar_tui.domain.display import screen_dates
from ar_tui.domain.errors import UsageError


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("11/25/2026", date(2026, 11, 25)),
        ("1/2/2026", date(2026, 1, 2)),
        ("01/02/2026", date(2026, 1, 2)),
        ("12/31/2026", date(2026, 12, 31)),
        ("01/01/1900", date(1900, 1, 1)),
        ("02/29/2028", date(2028, 2, 29)),
        ("2026-11-25", date(2026, 11, 25)),
        (" 11.25.2026 ", date(2026, 11, 25)),
        ("11-25-2026", date(2026, 11, 25)),
    ],
)
def test_dates_in_the_locale_order_are_read(typed: str, day: date) -> None:
    assert parse_day(typed, "en_US") == day


@pytest.mark.parametrize(
    "typed",
    [
        "13/01/2026",  # month 13: never read as 13 January
        "00/10/2026",
        "12/32/2026",
        "11/31/2026",
        "02/29/2026",  # not a leap year
        "12/31/1899",  # before 1900
        "1/2/26",  # a two-digit year: the century is a guess
        "11/25/02026",
        "111/25/2026",
        "11/25",
        "11/25/2026/1",
        "2026-13-01",
        "2026-02-30",
        "٠١/٠٢/٢٠٢٦",  # Arabic-Indic digits are not digits here
        "11/25/２０２６",
        "tomorrow",
    ],
)
def test_impossible_or_ambiguous_dates_are_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse_day(typed, "en_US", "received")
    assert refused.value.code == "AR0451E"
    assert refused.value.field == "received"
    assert refused.value.message == f"{typed.strip()!r} IS NOT A DATE (MM/DD/YYYY)"


def test_a_blank_date_is_required() -> None:
    with pytest.raises(UsageError) as refused:
        parse_day("  ", "en_US", "due")
    assert (refused.value.code, refused.value.field) == ("AR0450E", "due")


def test_other_locales_read_their_own_order() -> None:
    assert (date_order("en_US"), date_order("de_DE"), date_order("ja_JP")) == ("MDY", "DMY", "YMD")
    assert date_style("de_DE") == "DD.MM.YYYY"
    assert parse_day("25.11.2026", "de_DE") == date(2026, 11, 25)
    assert parse_day("2026/11/25", "ja_JP") == date(2026, 11, 25)
    with pytest.raises(UsageError):
        parse_day("11.25.2026", "de_DE")  # month 25


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("FROM 2026-11-25 TO 2026-12-25", "FROM 11/25/2026 TO 12/25/2026"),
        ("(2026-11-25)", "(11/25/2026)"),
        ("FILE lockbox-2026-11-25.bai2", "FILE lockbox-2026-11-25.bai2"),
        ("FILE 2026-11-25.bai2", "FILE 2026-11-25.bai2"),
        ("A/2026-11-25", "A/2026-11-25"),
        ("2026-02-30 IS NO DAY", "2026-02-30 IS NO DAY"),
        ("NO DATES HERE", "NO DATES HERE"),
    ],
)
def test_messages_show_iso_dates_the_screen_way(said: str, shown: str) -> None:
    assert screen_dates(said, "en_US") == shown


def test_messages_in_another_locale() -> None:
    assert screen_dates("BY 2026-11-25.", "de_DE") == "BY 25.11.2026."
