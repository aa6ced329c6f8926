"""Dates typed on screens: the locale's order only, a four-digit year, a real day (issue 13)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from ar_tui.domain.dates import date_order, date_style, parse_clock, parse_day, parse_until
from ar_tui.domain.display import format_next_call, screen_dates
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


# --- times of day and postponements ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14:00", time(14, 0)), ("9:30", time(9, 30)), ("0000", time(0, 0)),
     ("23:59", time(23, 59)), (" 1400 ", time(14, 0))],
)  # fmt: skip
def test_a_time_of_day_is_read_on_the_24_hour_clock(text: str, expected: time) -> None:
    assert parse_clock(text) == expected


@pytest.mark.parametrize("text", ["24:00", "23:60", "2pm", "14", "14:0", "", "1:2:3", "-1:00"])
def test_a_time_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse_clock(text, "until")
    assert refused.value.code == "AR0452E" and refused.value.field == "until"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("14:00", (None, time(14, 0))),
     ("11/27/2026", (date(2026, 11, 27), None)),
     ("11/27/2026 14:00", (date(2026, 11, 27), time(14, 0))),
     ("2026-11-27 0930", (date(2026, 11, 27), time(9, 30)))],
)  # fmt: skip
def test_until_is_a_time_a_day_or_both(text: str, expected: tuple) -> None:
    assert parse_until(text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "AR0453E"), ("14:00 15:00", "AR0452E"), ("11/27/2026 14:00 x", "AR0452E"),
     ("13/01/2026", "AR0451E"), ("11/27/2026 25:00", "AR0452E")],
)  # fmt: skip
def test_until_refuses_what_is_not_a_day_and_a_time(text: str, code: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse_until(text)
    assert refused.value.code == code and refused.value.field == "until"


CST = ZoneInfo("America/Chicago")
LOCAL_NOON = datetime(2026, 11, 25, 12, 0, tzinfo=CST)


@pytest.mark.parametrize(
    ("allowed", "shown"),
    [(None, "NOW"), (date.max, "NOT ALLOWED"), (date(2026, 12, 2), "12/02/2026"),
     (datetime(2026, 11, 25, 14, 0, tzinfo=UTC), "08:00 CST"),
     (datetime(2026, 11, 26, 14, 0, tzinfo=UTC), "08:00 11/26/2026")],
)  # fmt: skip
def test_the_next_call_as_a_screen_says_it(allowed: object, shown: str) -> None:
    assert format_next_call(allowed, LOCAL_NOON, "en_US") == shown  # type: ignore[arg-type]
