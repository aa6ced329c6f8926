"""The bank-file readers on the real samples in ../shared/external and on our own fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from ar_tui.formats import detect
from ar_tui.formats.model import FileRefused

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL = ROOT.parent / "shared" / "external"
FIXTURES = ROOT / "tests" / "fixtures" / "bank"

# file, format, items, receipts in cents (the money received), declared total in cents
WELL_FORMED = [
    ("moov-io-bai2/sample1.txt", "bai2", 17, 320000, 1280000),
    ("ministryofjustice-bai2/citi_example.bai2", "bai2", 1, 1, 20001),
    ("ministryofjustice-bai2/nwb_example.bai2", "bai2", 5, 89, 143764),
    ("ministryofjustice-bai2/svb_us_example.bai2", "bai2", 2, 1395996, 282030196),
    ("venturehacks-bai2/eod.bai2", "bai2", 1, 8325982, 8325982),
    ("moov-io-ach/return-WEB.ach", "ach", 2, 0, 16919),
    ("moov-io-ach/cor-example.ach", "ach", 1, 0, 0),
    ("moov-io-ach/ppd-debit.ach", "ach", 1, 100000000, 100000000),
    ("moov-io-ach/ccd-debit.ach", "ach", 2, 500125, 500125),
    ("moov-io-ach/ctx-debit.ach", "ach", 1, 100000000, 100000000),
    ("moov-io-ach/iat-mixedCreditDebit.ach", "ach", 2, 100000, 200000),
    ("genkgo-camt/camt053.v2.minimal.xml", "camt", 1, 885, 885),
    ("genkgo-camt/camt053.v8.xml", "camt", 1, 885, 885),
    ("genkgo-camt/camt054.v2.xml", "camt", 1, 0, 20000000),
]

MUST_REJECT = [
    ("moov-io-bai2/errors/sample-parseError.txt", "LINE 1", "RECORD CODE '00'"),
    ("venturehacks-bai2/invalid_checksum_eod.bai2", "LINE 15", "CONTROL TOTAL 8325983"),
    ("dnsbty-bai2/test.bai", "LINE 7", "RECORD COUNT"),
    ("dnsbty-bai2/test3.bai", "LINE 3", "WITHOUT A 99 TRAILER"),
    ("moov-io-ach/20110729A-invalid.ach", "LINE 1", "93 CHARACTERS"),
    ("genkgo-camt/camt053.v2.wrong.xml", "", "NOT FOLLOWED BY ANY STATEMENT"),
    ("viafintech-camt_parser/general/invalid_namespace.xml", "", "DOCUMENT IS EMPTY"),
]


@pytest.mark.parametrize(("name", "fmt", "items", "receipts", "declared"), WELL_FORMED)
def test_real_samples_read_with_matching_totals(
    name: str, fmt: str, items: int, receipts: int, declared: int
) -> None:
    bank = detect.read(EXTERNAL / name)
    assert bank.format == fmt
    assert len(bank.items) == items
    assert bank.receipts_cents == receipts
    assert bank.declared_total_cents == declared
    if fmt != "bai2":  # a BAI2 total also counts the summary amounts of its 03 records
        assert sum(i.amount_cents for i in bank.items) == declared


@pytest.mark.parametrize(("name", "line", "reason"), MUST_REJECT)
def test_real_must_reject_samples_are_refused_with_the_line(
    name: str, line: str, reason: str
) -> None:
    with pytest.raises(FileRefused) as caught:
        detect.read(EXTERNAL / name)
    text = caught.value.text
    assert text.startswith("AR0601E") and reason in text and "NOTHING POSTED" in text
    if line:
        assert f" {line}:" in text


def test_ach_returns_and_changes_carry_their_codes() -> None:
    returns = detect.read(EXTERNAL / "moov-io-ach/return-WEB.ach").items
    assert [(i.kind, i.return_code, i.original_trace) for i in returns] == [
        ("return", "R01", "091400600000001"),
        ("return", "R03", "091400600000003"),
    ]
    (change,) = detect.read(EXTERNAL / "moov-io-ach/cor-example.ach").items
    assert (change.kind, change.change_code, change.change_data) == ("change", "C01", "1918171614")


def test_right_trimmed_ach_lines_are_padded() -> None:
    lengths = {
        len(line) for line in (EXTERNAL / "moov-io-ach/ppd-debit.ach").read_text().splitlines()
    }
    assert min(lengths) < 94
    assert detect.read(EXTERNAL / "moov-io-ach/ppd-debit.ach").items[0].amount_cents == 100000000


def test_lockbox_88_continuations_carry_invoice_numbers() -> None:
    bank = detect.read(FIXTURES / "lockbox-invoices.bai2")
    first = bank.items[0]
    assert first.method == "lockbox"
    assert "INVOICE INV10002396" in " ".join(first.texts)
    assert bank.items[1].account_hint == "1000234"


def test_csv_with_bad_rows_is_refused_naming_the_first_line() -> None:
    with pytest.raises(
        FileRefused, match=r"LINE 3: AMOUNT HAS MORE THAN TWO DECIMALS \(AND 2 MORE"
    ):
        detect.read(FIXTURES / "remittance-bad-rows.csv")


def test_format_can_be_forced_and_unknown_content_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(FileRefused, match="NOT A BAI2, ACH"):
        detect.read(path)
    with pytest.raises(FileRefused):
        detect.read(EXTERNAL / "moov-io-ach/ppd-debit.ach", "bai2")
