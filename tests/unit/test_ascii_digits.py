"""Only ASCII digits are digits, in every identifier and amount a person or a file gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.domain.money import parse_money
from ar_tui.domain.payments import check_reversal_reason
from ar_tui.domain.search import candidate_kinds, is_account_number, phone_key
from ar_tui.formats.safe_csv import neutralise
from ar_tui.screens.commands import parse
from ar_tui.services import admin, receivables
from ar_tui.services.session import open_session
from tests.conftest import TEST_LOGIN, fixed_clock

# 1000002 written in other scripts: superscripts, circled, fullwidth, Arabic-Indic,
# Devanagari, and a mathematical bold digit.
LOOK_ALIKES = ["¹⁰⁰⁰⁰⁰²", "①⓪⓪⓪⓪⓪②", "１０００００２", "١٠٠٠٠٠٢", "१००००००२", "𝟏𝟎𝟎𝟎𝟎𝟎𝟐", "100000٢"]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_a_look_alike_is_not_an_account_number(text: str) -> None:
    assert not is_account_number(text)
    assert "number" not in candidate_kinds(text)


def test_ascii_account_numbers_at_the_edges() -> None:
    assert is_account_number("1") and is_account_number("123456789012")
    assert not is_account_number("1234567890123") and not is_account_number("")
    assert not is_account_number("1000002\n")


@pytest.mark.parametrize("text", ["١٢.٥٠", "１２.５０", "¹²", "12.5٠", "۱۲", "12,٥٠٠.00"])
def test_a_look_alike_amount_is_not_a_number(text: str) -> None:
    with pytest.raises(ArError) as caught:
        parse_money(text)
    assert caught.value.code == "AR0402E"


def test_ascii_amounts_still_parse() -> None:
    assert parse_money("1,234.50") == 123450 and parse_money("$12") == 1200
    assert parse_money("12.50") == 1250 and parse_money(".5") == 50


def test_phones_keep_only_ascii_digits() -> None:
    assert phone_key("(312) ٥٥٥-0142") == "3120142"


def test_a_reversal_code_in_other_digits_is_refused() -> None:
    assert check_reversal_reason("R01") == "r01"
    with pytest.raises(ArError):
        check_reversal_reason("R٠١")


def test_commands_and_numbers_on_the_command_line() -> None:
    transactions = {"ACIQ", "MENU"}
    assert parse("PF3", transactions).kind == "pf"  # type: ignore[union-attr]
    with pytest.raises(ArError):
        parse("PF٣", transactions)
    with pytest.raises(ArError):
        parse("٢", transactions)


def test_plain_numbers_are_not_neutralised_but_look_alikes_are_text() -> None:
    assert neutralise("-12.50") == "-12.50"
    assert neutralise("-١٢") == "'-١٢"


@pytest.mark.parametrize("value", ["١٢", "¹²", "12 ", "12"])
def test_a_whole_number_setting_takes_only_ascii_digits(fresh_db: Path, value: str) -> None:
    session = open_session(fresh_db, TEST_LOGIN, clock=fixed_clock)
    if value.strip() == "12":
        assert admin.set_setting(session, "promise_max_days", value) == "12"
        return
    with pytest.raises(ArError) as caught:
        admin.set_setting(session, "promise_max_days", value)
    assert caught.value.code == "AR0031E"


def test_an_extract_with_a_look_alike_account_creates_no_account(
    demo_db: Path, tmp_path: Path
) -> None:
    extract = tmp_path / "extract.csv"
    extract.write_text(
        "account_number,account_name,customer_type,bill_type,line_of_business,state,"
        "document_number,item_type,due_date,amount\n"
        "١٠٠٠٠٠٢,LOOK ALIKE,consumer,direct,Personal Lines,OH,L-1,premium,2026-11-01,10.00\n",
        encoding="utf-8",
    )
    session = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    with pytest.raises(receivables.ImportRefused) as caught:
        receivables.import_receivables(session, extract)
    assert "account_number '١٠٠٠٠٠٢' must be 1 to 12 digits" in caught.value.report.errors[0]
    conn = session.store.connection()
    assert conn.execute("SELECT count(*) FROM accounts WHERE name = 'LOOK ALIKE'").fetchone() == (
        0,
    )
