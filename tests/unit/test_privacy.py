"""What of a customer's data a screen or a log shows; CSV cells a spreadsheet would run."""

from __future__ import annotations

import io

import pytest

from ar_tui.domain.privacy import last4, shown_phone
from ar_tui.formats.safe_csv import SafeWriter, neutralise
from ar_tui.services.files import safe_name


@pytest.mark.parametrize(
    ("number", "shown"),
    [
        ("123456789012", "****9012"),
        ("12345678", "****5678"),
        ("1234567", "****567"),
        ("12345", "****45"),
        ("1234", "****34"),
        ("123", "****3"),
        ("12", "****2"),
        ("1", "****"),
        ("", "****"),
        ("1234-5678 90", "****7890"),
    ],
)
def test_a_bank_account_shows_its_last_four_at_most_half(number: str, shown: str) -> None:
    assert last4(number) == shown


def test_phones_follow_the_setting() -> None:
    assert shown_phone("(312) 555-0142", "full") == "(312) 555-0142"
    assert shown_phone("(312) 555-0142", "last4") == "****0142"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("-12.50", "-12.50"),
        ("-12", "-12"),
        ("12.50", "12.50"),
        ("SMITH, JULIA", "SMITH, JULIA"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (1250, "1250"),
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_written_as_text(cell: object, written: str) -> None:
    assert neutralise(cell) == written


def test_the_safe_writer_neutralises_every_cell() -> None:
    out = io.StringIO()
    SafeWriter(out).writerow(["=1", "ok", -5])
    assert out.getvalue() == "'=1,ok,-5\r\n"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("lockbox.bai2", "lockbox.bai2"),
        ("../../etc/passwd", "passwd"),
        ("/srv/ar/ar.db", "ar.db"),
        ("bad\x1bname.csv", "badname.csv"),
        ("   ", "stdin"),
        ("", "stdin"),
        ("x" * 150, "x" * 100),
    ],
)
def test_a_handed_file_name_is_a_plain_base_name(given: str, kept: str) -> None:
    assert safe_name(given) == kept
