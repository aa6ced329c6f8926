"""The bank-file readers on our own fixtures and on the real samples in ../shared/external.

Our fixtures (tests/fixtures/bank/, built by tests/bankfiles.py) cover every case the
real samples exercise, so these tests pass in any clone. The real samples are third-party
files kept beside the project, not in it: their tests skip when that folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ar_tui.domain.errors import UsageError
from ar_tui.formats import detect
from ar_tui.formats.model import BankFile, FileRefused
from tests.bankfiles import fixtures
from tests.external import external

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "bank"
HAND_WRITTEN = {"remittance.csv", "remittance-bad-rows.csv"}


# file, format, items, receipts in cents (the money received), declared total in cents
OURS = [
    ("lockbox-invoices.bai2", "bai2", 5, 64440, 65440),
    # like moov-io-bai2/sample1.txt: 2 accounts, 03 summary continued by 88, debits, CAD
    ("bai2-summary-continued.bai2", "bai2", 7, 43000, 111000),
    # like ministryofjustice-bai2/svb_us_example.bai2: 2 groups, 3 accounts, 99 without /
    ("bai2-two-groups.bai2", "bai2", 4, 96600, 8408200),
    # like ministryofjustice-bai2/citi_example.bai2: a 16 and seven 88s without /
    ("bai2-88-without-slash.bai2", "bai2", 1, 20000, 120000),
    # like ministryofjustice-bai2/nwb_example.bai2: time 16:05:12, as-of 2400, text in 88s
    ("bai2-as-of-2400.bai2", "bai2", 4, 1100, 206300),
    # like venturehacks-bai2/eod.bai2: CRLF, a wire (195) with ten 88s of remittance
    ("bai2-wire-remittance.bai2", "bai2", 1, 100000, 100000),
    ("autopay.ach", "ach", 3, 44934, 44934),
    # like moov-io-ach/return-WEB.ach: returns R01 (and R77, R03) with the original traces
    ("autopay-returns.ach", "ach", 3, 0, 35435),
    ("ach-returns-two-batches.ach", "ach", 2, 0, 16750),
    # like moov-io-ach/cor-example.ach: notification of change C01, no money
    ("autopay-change.ach", "ach", 1, 0, 0),
    # like moov-io-ach/ppd-debit.ach: right-trimmed records
    ("ach-trimmed-lines.ach", "ach", 1, 48125, 48125),
    # like moov-io-ach/ccd-debit.ach: corporate debits and a $1.25 fee
    ("ach-ccd.ach", "ach", 2, 350125, 350125),
    # like moov-io-ach/ctx-debit.ach: CTX with two type-05 addenda
    ("ach-ctx-addenda.ach", "ach", 1, 23200, 23200),
    # like moov-io-ach/iat-mixedCreditDebit.ach: IAT debit and credit, addenda 10 to 18
    ("ach-iat.ach", "ach", 2, 64000, 79000),
    ("ach-mixed.ach", "ach", 3, 23335, 28335),
    # like genkgo-camt/camt053.v2.minimal.xml and camt053.v8.xml: one EUR credit
    ("camt053-v2.xml", "camt", 1, 4250, 4250),
    ("camt053-v8.xml", "camt", 1, 4250, 4250),
    # like genkgo-camt/camt054.v2.xml: one entry, three details, structured remittance
    ("camt054-v2.xml", "camt", 3, 50400, 50400),
    ("camt054-v2-no-detail-amounts.xml", "camt", 1, 0, 75000),
    ("remittance.csv", "csv", 3, 114100, 114100),
]

# file, the line named ("" for XML), the reason the reader gives
OURS_REFUSED = [
    ("bai2-record-00.bai2", "LINE 1", "RECORD CODE '00' IS NOT A BAI2 RECORD"),
    ("bai2-bad-date.bai2", "LINE 1", "DATE '261131' IS NOT A DATE YYMMDD"),
    ("bai2-bad-total.bai2", "LINE 15", "CONTROL TOTAL 100001 DOES NOT MATCH ITS RECORDS (100000)"),
    ("bai2-bad-counts.bai2", "LINE 7", "RECORD COUNT 2 DOES NOT MATCH ITS 4 RECORDS"),
    ("bai2-truncated.bai2", "LINE 3", "THE FILE ENDS WITHOUT A 99 TRAILER"),
    ("ach-header-93.ach", "LINE 1", "RECORD IS 93 CHARACTERS, NOT 94"),
    ("camt-no-statement.xml", "", "THE GROUP HEADER IS NOT FOLLOWED BY ANY STATEMENT"),
    ("camt-empty.xml", "", "THE DOCUMENT IS EMPTY"),
    ("remittance-bad-rows.csv", "LINE 3", "AMOUNT HAS MORE THAN TWO DECIMALS"),
]

# the real samples: file, format, items, receipts in cents, declared total in cents
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


def check_totals(bank: BankFile, fmt: str, items: int, receipts: int, declared: int) -> None:
    assert bank.format == fmt
    assert len(bank.items) == items
    assert bank.receipts_cents == receipts
    assert bank.declared_total_cents == declared
    if fmt != "bai2":  # a BAI2 total also counts the summary amounts of its 03 records
        assert sum(i.amount_cents for i in bank.items) == declared


def check_refused(path: Path, line: str, reason: str) -> None:
    with pytest.raises(FileRefused) as caught:
        detect.read(path)
    text = caught.value.text
    assert text.startswith("AR0601E") and reason in text and "NOTHING POSTED" in text
    if line:
        assert f" {line}:" in text
    else:
        assert " LINE " not in text


# ------------------------------------------------------------------ our own fixtures


@pytest.mark.parametrize(("name", "fmt", "items", "receipts", "declared"), OURS)
def test_our_fixtures_read_with_matching_totals(
    name: str, fmt: str, items: int, receipts: int, declared: int
) -> None:
    check_totals(detect.read(FIXTURES / name), fmt, items, receipts, declared)


@pytest.mark.parametrize(("name", "line", "reason"), OURS_REFUSED)
def test_our_must_reject_fixtures_are_refused_with_the_line(
    name: str, line: str, reason: str
) -> None:
    check_refused(FIXTURES / name, line, reason)


def test_every_fixture_is_tested_and_is_what_the_builders_write() -> None:
    on_disk = {p.name for p in FIXTURES.iterdir() if p.is_file()}
    tested = {row[0] for row in OURS} | {row[0] for row in OURS_REFUSED}
    assert on_disk == tested
    built = fixtures()
    assert set(built) == on_disk - HAND_WRITTEN
    for name, build in built.items():
        # newlines aside (a checkout may convert them), a fixture is what its builder writes
        written = (FIXTURES / name).read_bytes().replace(b"\r\n", b"\n")
        assert written == build().encode().replace(b"\r\n", b"\n"), name


def test_our_ach_returns_and_changes_carry_their_codes() -> None:
    returns = detect.read(FIXTURES / "autopay-returns.ach").items
    assert [(i.kind, i.return_code, i.original_trace) for i in returns] == [
        ("return", "R01", "091000010000101"),
        ("return", "R77", "091000010000102"),
        ("return", "R03", "091000010000999"),
    ]
    two = detect.read(FIXTURES / "ach-returns-two-batches.ach").items
    assert [(i.kind, i.return_code, i.original_trace, i.note) for i in two] == [
        ("return", "R01", "091000010000111", ""),
        ("return", "R03", "091000010000112", "return of a credit"),
    ]
    (change,) = detect.read(FIXTURES / "autopay-change.ach").items
    assert (change.kind, change.change_code, change.change_data, change.original_trace) == (
        "change", "C01", "5566778899", "091000010000101",
    )  # fmt: skip
    assert change.amount_cents == 0


def test_our_right_trimmed_ach_lines_are_padded() -> None:
    path = FIXTURES / "ach-trimmed-lines.ach"
    lengths = {len(line) for line in path.read_text().splitlines()}
    assert min(lengths) < 94 and max(lengths) == 94
    (item,) = detect.read(path).items
    assert (item.kind, item.amount_cents, item.account_hint) == ("payment", 48125, "1000645")


def test_wire_88_remittance_and_88s_without_slash_join_the_detail_text() -> None:
    (wire,) = detect.read(FIXTURES / "bai2-wire-remittance.bai2").items
    assert wire.method == "wire"
    assert "FED NO: 20261124B6B7HU3R000412FT01 SENDER BNK:=" in " ".join(wire.texts)
    assert " ".join(wire.texts).endswith("OBI:=INVOICE INV10002394")
    (transfer,) = detect.read(FIXTURES / "bai2-88-without-slash.bai2").items
    assert transfer.reference == "FP26112300042"  # the customer reference, after V's fields
    assert transfer.texts[-1].startswith("FR:FASTER PAYMENT INCOMING ENDT:20261123")
    assert transfer.texts[-1].endswith("BO:00998877 SMITH J")


def test_bai2_debits_are_shown_not_received() -> None:
    bank = detect.read(FIXTURES / "bai2-summary-continued.bai2")
    assert bank.currency == "CAD"
    debits = [i for i in bank.items if i.kind == "other"]
    assert [i.amount_cents for i in debits] == [4000, 500, 5000, 3000]
    assert all(i.note == "debit type 409: not a receipt" for i in debits)
    (credit,) = [
        i for i in detect.read(FIXTURES / "bai2-as-of-2400.bai2").items if i.kind == "payment"
    ]
    assert credit.texts == ("TFR IN REFUND OF OVERPAYMENT POLICY PA3000897",)


def test_ctx_and_iat_addenda_are_read() -> None:
    (ctx,) = detect.read(FIXTURES / "ach-ctx-addenda.ach").items
    assert ctx.texts == ("RMR*IV*INV10002394*116.00\\", "RMR*IV*INV10002395*116.00\\")
    debit, credit = detect.read(FIXTURES / "ach-iat.ach").items
    assert (debit.kind, debit.amount_cents) == ("payment", 64000)
    assert (credit.kind, credit.amount_cents) == ("other", 15000)
    assert credit.note.startswith("credit entry (transaction code 22)")


def test_camt054_details_split_an_entry_only_when_their_amounts_add_up() -> None:
    split = detect.read(FIXTURES / "camt054-v2.xml").items
    assert [(i.amount_cents, i.reference, i.document_hints) for i in split] == [
        (11600, "SMITH/INV10002394", ("INV10002394",)),
        (30000, "THOMAS/1000234", ("PA3000897", "1000234")),
        (8800, "NOTPROVIDED", ("RF471000645",)),
    ]
    assert [i.payer for i in split] == ["SMITH JULIA", "THOMAS DONNA", "RIVERA CARLOS"]
    (whole,) = detect.read(FIXTURES / "camt054-v2-no-detail-amounts.xml").items
    assert (whole.kind, whole.amount_cents, whole.reference) == ("other", 75000, "ARTUI-NTF-0002")
    assert whole.document_hints == ("REF-0001", "REF-0002", "REF-0003", "REF-0004")


def test_camt053_v2_and_v8_read_the_same() -> None:
    v2 = detect.read(FIXTURES / "camt053-v2.xml").items
    v8 = detect.read(FIXTURES / "camt053-v8.xml").items
    assert v2 == v8
    assert (v2[0].currency, v2[0].amount_cents, v2[0].document_hints) == (
        "EUR",
        4250,
        ("4200117734",),
    )


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
    ach = FIXTURES / "ach-trimmed-lines.ach"
    assert detect.read(ach, "ach").format == "ach"
    with pytest.raises(FileRefused, match="LINE 1: RECORD CODE '10' IS NOT A BAI2 RECORD"):
        detect.read(ach, "bai2")
    with pytest.raises(FileRefused, match="NOT WELL-FORMED XML"):
        detect.read(ach, "camt")
    with pytest.raises(UsageError, match="FORMAT 'mt940' IS NOT ONE OF"):
        detect.read(ach, "mt940")


# ------------------------------------------------------------------ the real samples


@pytest.mark.parametrize(("name", "fmt", "items", "receipts", "declared"), WELL_FORMED)
def test_real_samples_read_with_matching_totals(
    name: str, fmt: str, items: int, receipts: int, declared: int
) -> None:
    check_totals(detect.read(external(name)), fmt, items, receipts, declared)


@pytest.mark.parametrize(("name", "line", "reason"), MUST_REJECT)
def test_real_must_reject_samples_are_refused_with_the_line(
    name: str, line: str, reason: str
) -> None:
    check_refused(external(name), line, reason)


def test_ach_returns_and_changes_carry_their_codes() -> None:
    returns = detect.read(external("moov-io-ach/return-WEB.ach")).items
    assert [(i.kind, i.return_code, i.original_trace) for i in returns] == [
        ("return", "R01", "091400600000001"),
        ("return", "R03", "091400600000003"),
    ]
    (change,) = detect.read(external("moov-io-ach/cor-example.ach")).items
    assert (change.kind, change.change_code, change.change_data) == ("change", "C01", "1918171614")


def test_right_trimmed_ach_lines_are_padded() -> None:
    path = external("moov-io-ach/ppd-debit.ach")
    lengths = {len(line) for line in path.read_text().splitlines()}
    assert min(lengths) < 94
    assert detect.read(path).items[0].amount_cents == 100000000


def test_real_ach_sample_forced_to_bai2_is_refused() -> None:
    with pytest.raises(FileRefused):
        detect.read(external("moov-io-ach/ppd-debit.ach"), "bai2")


def test_an_unknown_xml_encoding_is_refused_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "statement.xml"
    path.write_bytes(b'<?xml version="1.0" encoding="UTF-9"?>\n<Document/>\n')
    with pytest.raises(FileRefused, match="NOT WELL-FORMED XML"):
        detect.read(path)


def test_a_short_csv_row_is_refused_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "remit.csv"
    path.write_text("received_date,reference,amount,account_number\n2026-11-20,R1\n")
    with pytest.raises(FileRefused, match="LINE 2: AMOUNT IS REQUIRED"):
        detect.read(path)


def test_mutated_fixtures_are_read_or_refused_never_a_crash(tmp_path: Path) -> None:
    """Bytes changed, cut and inserted the way transfers and hand edits damage files, and
    digits that are digits only to `str.isdigit()` (superscript, circled, fullwidth,
    Arabic-Indic) put in place of ours: each file is read or refused with a message,
    never an exception of another kind."""
    import contextlib
    import random

    from ar_tui.domain.errors import ArError

    sources = sorted(p for p in FIXTURES.iterdir() if p.is_file())
    rng = random.Random(7)
    unicode_digits = "¹²³①１٢"
    for n in range(2000):
        source = rng.choice(sources)
        data = bytearray(source.read_bytes())
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(max(1, len(data)))
            roll = rng.random()
            if roll < 0.3 and data:
                data[at] = rng.choice(b"0123456789,/-.<>&;'\"\n \x00\xff+=AZaz")
            elif roll < 0.45 and data:
                # one of our ASCII digits becomes another kind of digit: one character still
                digit = next((i for i in range(at, len(data)) if 48 <= data[i] <= 57), None)
                if digit is not None:
                    data[digit : digit + 1] = rng.choice(unicode_digits).encode()
            elif roll < 0.7:
                del data[at : at + rng.randint(1, 20)]
            else:
                data[at:at] = "".join(
                    rng.choice("0123456789,/\n-" + unicode_digits) for _ in range(rng.randint(1, 6))
                ).encode()
        path = tmp_path / f"mutant{n % 7}{source.suffix}"
        path.write_bytes(bytes(data))
        with contextlib.suppress(ArError):  # refused with a message: fine
            detect.read(path)
