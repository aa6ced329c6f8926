"""The rules of issue 12 ("Every cent right") for the BAI2, ACH and CSV readers, at their edges.

Every file here is one the project writes itself, with the builders of tests/bankfiles.py
or as a few literal lines. A refused file is a FileRefused naming the line, never an
exception of another kind.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType

import pytest
from stdnum.us import rtn

from ar_tui.domain.ach_codes import TRANSACTION_CODES
from ar_tui.formats import ach, bai2, detect, remittance_csv
from ar_tui.formats.model import BankFile, Correction, FileRefused
from tests.bankfiles import Account, Detail, Entry, Group, Summary, bai2_file, fixtures
from tests.bankfiles import ach as ach_text
from tests.bankfiles import bai2 as bai2_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank"
# superscript two, circled one, fullwidth one, Arabic-Indic two: digits to str.isdigit()
UNICODE_DIGITS = ["²", "①", "１", "٢"]
DEBIT = Entry("27", 23335, "1000234", "THOMAS DONNA", "091000010000101")


def refusal(parse: Callable[[str, str], BankFile], text: str) -> str:
    """The message of the refusal of `text`; fails the test when the file is read."""
    with pytest.raises(FileRefused) as caught:
        parse(text, "test.file")
    message = caught.value.text
    assert message.startswith("AR0601E test.file") and message.endswith("; NOTHING POSTED")
    return message


def edit(text: str, line: int, column: int, new: str) -> str:
    """`text` with the characters from `column` (0-based) of line `line` replaced by `new`."""
    lines = text.split("\n")
    row = lines[line - 1]
    lines[line - 1] = row[:column] + new + row[column + len(new) :]
    return "\n".join(lines)


def replace_on(text: str, line: int, old: str, new: str) -> str:
    """`text` with the first `old` on line `line` replaced by `new`."""
    lines = text.split("\n")
    assert old in lines[line - 1], (old, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def one_entry(entry: Entry = DEBIT) -> str:
    """A one-entry ACH file: 1 header, 2 batch header, 3 entry (4 addenda), then controls."""
    return ach_text("261124", [entry])


def noc(code: str, data: str, cents: int = 0) -> str:
    """A notification of change of autopay.ach's first debit: its addenda 98 is line 4."""
    return ach_text("261125", [
        Entry("26", cents, "1000234", "THOMAS DONNA", "091000010000301", change_code=code,
              original_trace="091000010000101", change_data=data),
    ], batch=3)  # fmt: skip


def ret(code: str = "R01", original: str = "091000010000101", entry: str = "26") -> str:
    """A return of autopay.ach's first debit: its addenda 99 is line 4."""
    return ach_text("261125", [
        Entry(entry, 23335, "1000234", "THOMAS DONNA", "091000010000201", code, original),
    ], batch=2)  # fmt: skip


# ------------------------------------------------------------------ ACH transaction codes


@pytest.mark.parametrize("code", [" 7", "99", "2x", "20", "25", "35", "57", "81", "2²", "２７"])
def test_an_ach_code_outside_the_nacha_list_refuses_the_file_naming_its_line(code: str) -> None:
    text = one_entry(Entry(code, 23335, "1000234", "THOMAS DONNA", "091000010000101"))
    message = refusal(ach.parse, text)
    assert f"LINE 3: TRANSACTION CODE {code.upper()!r} IS NOT A NACHA TRANSACTION CODE" in message


def test_receipts_beside_a_bad_code_are_never_listed_as_money_sent() -> None:
    # The file: $233.35 of receipts behind a code whose second digit says debit.
    good = Entry("27", 23335, "1000234", "THOMAS DONNA", "091000010000101")
    bad = Entry(" 7", 23335, "1000477", "SMITH JULIA", "091000010000102")
    message = refusal(ach.parse, ach_text("261124", [good, bad]))
    assert "LINE 4: TRANSACTION CODE ' 7'" in message


@pytest.mark.parametrize("code", sorted(TRANSACTION_CODES))
def test_every_nacha_code_is_read_on_its_side(code: str) -> None:
    info = TRANSACTION_CODES[code]
    if info.purpose == "return":
        entry = Entry(code, 500, "1000234", "X", "091000010000201", "R01", "091000010000101")
    else:
        cents = 500 if info.purpose == "entry" else 0
        entry = Entry(code, cents, "1000234", "X", "091000010000201")
    (item,) = ach.parse(one_entry(entry), "codes.ach").items
    if info.purpose == "return":
        assert item.kind == "return"
    elif info.purpose == "entry" and info.side == "debit":
        assert (item.kind, item.amount_cents) == ("payment", 500)
    elif info.purpose == "entry":
        assert item.kind == "other" and item.note.startswith(
            f"credit entry (transaction code {code})"
        )
    else:
        assert item.kind == "other" and "no money" in item.note


def test_the_nacha_code_list_is_the_entry_codes() -> None:
    assert sorted(TRANSACTION_CODES) == [
        "21", "22", "23", "24", "26", "27", "28", "29",
        "31", "32", "33", "34", "36", "37", "38", "39",
        "41", "42", "43", "44", "46", "47", "48", "49",
        "51", "52", "53", "54", "55", "56",
    ]  # fmt: skip
    # the side is the list's, and agrees with the second digit for every code in it
    assert all(
        (info.side == "debit") == (code[1] in "56789") for code, info in TRANSACTION_CODES.items()
    )


def test_a_return_or_change_code_needs_its_addenda_and_an_addenda_99_needs_one() -> None:
    plain = one_entry(Entry("26", 500, "1000234", "X", "091000010000201"))
    assert "LINE 3: TRANSACTION CODE 26 IS A RETURN OR CHANGE CODE" in refusal(ach.parse, plain)
    message = refusal(ach.parse, ret(entry="27"))
    assert "LINE 4: A RETURN (ADDENDA 99) OF AN ENTRY WITH TRANSACTION CODE 27" in message
    assert ach.parse(ret(entry="26"), "r.ach").items[0].kind == "return"


@pytest.mark.parametrize("code", ["23", "24", "28", "29"])
def test_a_prenote_or_zero_dollar_entry_with_an_amount_is_refused(code: str) -> None:
    assert ach.parse(one_entry(Entry(code, 0, "1", "X", "091000010000201")), "p.ach")
    text = one_entry(Entry(code, 1, "1", "X", "091000010000201"))
    assert "LINE 3: A " in refusal(ach.parse, text) and "WITH AN AMOUNT 1" in refusal(
        ach.parse, text
    )


def test_a_debit_of_no_amount_is_shown_as_nothing_received() -> None:
    (item,) = ach.parse(one_entry(Entry("27", 0, "1", "X", "091000010000201")), "z.ach").items
    assert item.kind == "other" and "nothing received" in item.note


# ------------------------------------------------------------------ ACH routing numbers


def test_our_builders_write_valid_routing_numbers() -> None:
    assert Entry("27", 1, "", "", "").routing == "091000019"
    for name in fixtures():
        if name.endswith(".ach"):
            for line in (FIXTURES / name).read_text().splitlines():
                if line.startswith("6"):
                    assert rtn.is_valid(line[3:12]), (name, line)


@pytest.mark.parametrize("digit", "0123456789")
def test_the_rdfi_routing_check_digit_is_verified(digit: str) -> None:
    text = one_entry(Entry("27", 23335, "1000234", "X", "091000010000101", check_digit=digit))
    if digit == "9":  # 09100001 -> 9
        assert ach.parse(text, "ok.ach").items[0].kind == "payment"
    else:
        message = refusal(ach.parse, text)
        assert (
            f"LINE 3: RECEIVING DFI ROUTING NUMBER '09100001{digit}' FAILS ITS CHECK DIGIT"
            in message
        )


def test_an_rdfi_routing_that_is_not_9_digits_is_refused() -> None:
    text = edit(one_entry(), 3, 8, "x")
    assert "LINE 3: RECEIVING DFI ROUTING NUMBER '09100X019' IS NOT 9 DIGITS" in refusal(
        ach.parse, text
    )


@pytest.mark.parametrize(
    ("column", "field", "ok"),
    [
        (3, " 091000019", True),  # a routing number after a blank
        (3, "0091000019", True),  # ... or after a 0
        (3, " 091000011", False),
        (3, "0091000011", False),
        (13, "1234567891", True),  # a company identifier, not a routing number
        (13, " 121042882", True),
        (13, "0121042882", True),
        (13, " 121042880", False),
        (13, "12345678①1", False),
    ],
)
def test_immediate_destination_and_origin_routing_numbers_are_verified(
    column: int, field: str, ok: bool
) -> None:
    text = edit(one_entry(), 1, column, field)
    if ok:
        assert ach.parse(text, "ok.ach").items
    else:
        what = "DESTINATION" if column == 3 else "ORIGIN"
        assert f"LINE 1: IMMEDIATE {what}" in refusal(ach.parse, text)


@pytest.mark.parametrize("odfi", ["0910000x", "0910 001", "        ", "０9100001"])
def test_the_odfi_of_a_batch_header_is_8_ascii_digits(odfi: str) -> None:
    text = edit(one_entry(), 2, 79, odfi)
    assert f"LINE 2: ORIGINATING DFI {odfi!r} IS NOT 8 DIGITS".upper() in refusal(ach.parse, text)


# ------------------------------------------------------------------ ACH notifications of change

NOC_ACCEPTED = [
    ("C01", "5566778899", Correction(dfi_account="5566778899"), "5566778899"),
    ("C01", "A" * 17, Correction(dfi_account="A" * 17), "A" * 17),
    ("C02", "121042882", Correction(routing="121042882"), "121042882"),
    (
        "C03",
        "121042882   5566778899",
        Correction("121042882", "5566778899"),
        "121042882 5566778899",
    ),
    (
        "C03",
        "121042882" + " " * 3 + "1" * 17,
        Correction("121042882", "1" * 17),
        "121042882 " + "1" * 17,
    ),
    ("C05", "32", Correction(transaction_code="32", account_type="savings"), "32"),
    ("C05", "27", Correction(transaction_code="27", account_type="checking"), "27"),
    (
        "C06",
        "5566778899".ljust(17) + "   37",
        Correction(None, "5566778899", "37", "savings"),
        "5566778899 37",
    ),
    ("C06", "5566778899 22", Correction(None, "5566778899", "22", "checking"), "5566778899 22"),
    # NACHA's C07 layout: routing, a 17-character account and the code with no blank between
    (
        "C07",
        "121042882" + "12345678901234567" + "37",
        Correction("121042882", "12345678901234567", "37", "savings"),
        "121042882 12345678901234567 37",
    ),
    (
        "C07",
        "121042882" + "5566778899".ljust(17) + "32",
        Correction("121042882", "5566778899", "32", "savings"),
        "121042882 5566778899 32",
    ),
    (
        "C07",
        "121042882 5566778899 32",
        Correction("121042882", "5566778899", "32", "savings"),
        "121042882 5566778899 32",
    ),
    ("C09", "NEW ID 77", None, "NEW ID 77"),  # not a bank-data change: checked by the service
]


@pytest.mark.parametrize(("code", "data", "correction", "change_data"), NOC_ACCEPTED)
def test_a_good_notification_of_change_carries_its_checked_correction(
    code: str, data: str, correction: Correction | None, change_data: str
) -> None:
    (item,) = ach.parse(noc(code, data), "noc.ach").items
    assert (item.kind, item.change_code, item.amount_cents) == ("change", code, 0)
    assert item.correction == correction
    assert item.change_data == change_data


NOC_REFUSED = [
    ("C01", "", "BLANK"),
    ("C01", "1" * 18, "IS NOT 1 TO 17 ASCII LETTERS OR DIGITS"),
    ("C01", "5566-7788", "IS NOT 1 TO 17 ASCII LETTERS OR DIGITS"),
    ("C01", "5566 7788", "NOT ONE ACCOUNT NUMBER"),
    ("C01", "55667788９９", "IS NOT 1 TO 17 ASCII LETTERS OR DIGITS"),
    ("C02", "121042880", "FAILS ITS CHECK DIGIT"),
    ("C02", "12104288", "IS NOT 9 DIGITS"),
    ("C02", "1210428820", "IS NOT 9 DIGITS"),
    ("C02", "12104288²", "IS NOT 9 DIGITS"),
    ("C02", "121042882 121042882", "NOT ONE ROUTING NUMBER"),
    ("C03", "121042880   5566778899", "FAILS ITS CHECK DIGIT"),
    ("C03", "121042882", "NOT ONE ACCOUNT NUMBER"),
    ("C03", "121042882   5566 778899", "NOT ONE ACCOUNT NUMBER"),
    ("C05", "99", "IS NOT A NACHA CODE OF AN ENTRY"),
    ("C05", "26", "IS NOT A NACHA CODE OF AN ENTRY"),  # a return code
    ("C05", "3", "IS NOT A NACHA CODE OF AN ENTRY"),
    ("C05", "3٢", "IS NOT A NACHA CODE OF AN ENTRY"),
    ("C06", "5566778899", "NOT AN ACCOUNT NUMBER AND A TRANSACTION CODE"),
    ("C06", "5566778899   99", "IS NOT A NACHA CODE OF AN ENTRY"),
    ("C06", "1" * 18 + "   22", "IS NOT 1 TO 17 ASCII LETTERS OR DIGITS"),
    ("C07", "121042880 5566778899 32", "FAILS ITS CHECK DIGIT"),
    ("C07", "121042882 5566778899 2x", "IS NOT A NACHA CODE OF AN ENTRY"),
    ("C07", "121042882 5566778899", "IS NOT A NACHA CODE OF AN ENTRY"),
    ("C07", "121042882", "NOT AN ACCOUNT NUMBER AND A TRANSACTION CODE"),
]


@pytest.mark.parametrize(("code", "data", "reason"), NOC_REFUSED)
def test_bad_corrected_data_refuses_the_file_naming_its_addenda(
    code: str, data: str, reason: str
) -> None:
    message = refusal(ach.parse, noc(code, data))
    assert f"LINE 4: {code} CORRECTED DATA" in message and reason in message


@pytest.mark.parametrize("code", ["X01", "C1", "C¹1", "c01"])
def test_a_change_code_is_c_and_two_digits(code: str) -> None:
    assert "LINE 4: CHANGE CODE" in refusal(ach.parse, noc(code.ljust(3), "5566778899"))


def test_a_notification_of_change_moves_no_money() -> None:
    message = refusal(ach.parse, noc("C01", "5566778899", cents=1))
    assert "LINE 3: A NOTIFICATION OF CHANGE MOVES NO MONEY" in message


@pytest.mark.parametrize("code", ["R0①", "X01", "R1 ", "   "])
def test_a_return_reason_code_is_r_and_two_digits(code: str) -> None:
    assert "LINE 4: RETURN REASON CODE" in refusal(ach.parse, ret(code))
    assert ach.parse(ret("R77"), "r.ach").items[0].return_code == "R77"  # unknown: described


@pytest.mark.parametrize("char", UNICODE_DIGITS)
def test_an_original_trace_is_ascii_digits(char: str) -> None:
    message = refusal(ach.parse, ret(original="09100001000010" + char))
    assert "LINE 4: ORIGINAL ENTRY TRACE NUMBER" in message
    message = refusal(ach.parse, edit(noc("C01", "5566778899"), 4, 7, char))
    assert "LINE 4: ORIGINAL ENTRY TRACE NUMBER" in message


# ------------------------------------------------------------------ ACH: only ASCII digits

# (what, line, column) of a digit of one_entry() that the reader takes
ACH_FIELDS = [
    ("file creation date", 1, 27),
    ("immediate destination", 1, 6),
    ("effective entry date", 2, 73),
    ("originating dfi", 2, 80),
    ("transaction code", 3, 2),
    ("receiving dfi routing number", 3, 5),
    ("receiving dfi routing number", 3, 11),  # the check digit
    ("amount", 3, 35),
    ("trace number", 3, 90),
    ("entry and addenda count", 4, 9),
    ("entry hash", 4, 15),
    ("total debit amount", 4, 27),
    ("batch count", 5, 6),
    ("block count", 5, 12),
    ("total debit amount", 5, 40),
]


@pytest.mark.parametrize("char", UNICODE_DIGITS)
@pytest.mark.parametrize(("what", "line", "column"), ACH_FIELDS)
def test_a_unicode_digit_in_an_ach_number_date_or_id_is_refused(
    what: str, line: int, column: int, char: str
) -> None:
    text = one_entry()
    assert text.split("\n")[line - 1][column].isdigit()
    message = refusal(ach.parse, edit(text, line, column, char))
    assert f"LINE {line}: {what.upper()}" in message


def _sweep(parse: Callable[[str, str], BankFile], text: str) -> int:
    """Every ASCII digit of `text` replaced in turn by each Unicode digit: the file is refused,
    or read with the same money, dates and kinds (the digit was in a text). The number read."""
    original = parse(text, "x")

    def money(bank: BankFile) -> list[tuple[object, ...]]:
        return [(i.kind, i.amount_cents, i.received_date, i.line) for i in bank.items]

    read = 0
    for at, char in enumerate(text):
        if not ("0" <= char <= "9"):
            continue
        for digit in UNICODE_DIGITS:
            try:
                bank = parse(text[:at] + digit + text[at + 1 :], "x")
            except FileRefused:
                continue
            read += 1
            assert money(bank) == money(original), (at, digit)
            assert bank.declared_total_cents == original.declared_total_cents
    return read


def test_no_unicode_digit_anywhere_changes_the_money_of_an_ach_file() -> None:
    text = ach_text("261125", [DEBIT, Entry("26", 500, "1000477", "SMITH", "091000010000201",
                                            "R01", "091000010000102")])  # fmt: skip
    assert _sweep(ach.parse, text) > 0  # some digits are in texts (company id, individual id)


def test_no_unicode_digit_anywhere_changes_the_money_of_a_bai2_file() -> None:
    assert _sweep(bai2.parse, (FIXTURES / "lockbox-invoices.bai2").read_text()) > 0


# ------------------------------------------------------------------ BAI2 type codes


def small_bai2(type_code: object, cents: int = 11600, customer_ref: str = "1000234") -> str:
    """One group, one account (03 on line 3), one 16 (line 4) and its 88, the trailers."""
    return bai2_text("261124", [Detail(type_code, cents, customer_ref, ("INVOICE",))])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("code", "kind", "note"),
    [
        (100, "payment", ""),
        (115, "payment", ""),
        (399, "payment", ""),
        (400, "other", "debit type 400: not a receipt"),
        (699, "other", "debit type 699: not a receipt"),
        (760, "other", "debit type 760: not a receipt"),
        (721, "other", "credit type 721 (loan or foreign clearing): not read as a receipt"),
        (890, "other", "type 890: non-monetary information"),
        (900, "other", "customer-defined type 900: not read as a receipt"),
        (999, "other", "customer-defined type 999: not read as a receipt"),
    ],
)
def test_a_known_bai2_type_code_is_read(code: int, kind: str, note: str) -> None:
    (item,) = bai2.parse(small_bai2(code), "ok.bai2").items
    assert (item.kind, item.note) == (kind, note)


@pytest.mark.parametrize("code", ["700", "777", "800", "899", "702"])
def test_an_unknown_bai2_type_code_refuses_the_file_naming_its_line(code: str) -> None:
    message = refusal(bai2.parse, small_bai2(code))
    assert f"LINE 4: TYPE CODE {code} IS NOT A BAI2 TYPE CODE" in message


@pytest.mark.parametrize("code", ["010", "099", "000", "701"])
def test_a_status_type_code_belongs_in_an_03_record_only(code: str) -> None:
    message = refusal(bai2.parse, small_bai2(code))
    assert f"LINE 4: STATUS TYPE CODE {code} BELONGS IN AN 03 RECORD" in message
    account = Account("4400112233", summary=[(Summary(code, 100),)])
    assert bai2.parse(bai2_file([Group("261124", [account])], "261124"), "ok.bai2")


@pytest.mark.parametrize("code", ["15", "1150", "1x5", "", "11 5", "1١5", "1１5"])
def test_a_bai2_type_code_is_3_ascii_digits(code: str) -> None:
    message = refusal(bai2.parse, small_bai2(code))
    assert "LINE 4: " in message and ("TYPE CODE" in message)


@pytest.mark.parametrize("code", ["777", "7", "0١0"])
def test_an_unknown_summary_type_code_refuses_the_03(code: str) -> None:
    account = Account("4400112233", summary=[(Summary("010", 100), Summary(code, 100))])
    message = refusal(bai2.parse, bai2_file([Group("261124", [account])], "261124"))
    assert "LINE 3: TYPE CODE" in message


# ------------------------------------------------------------------ BAI2 totals and amounts


def test_the_declared_total_is_the_99_trailers() -> None:
    account = Account(
        "4400112233",
        summary=[(Summary("010", 500000), Summary("100", 11600, "1"))],
        details=[Detail(115, 11600, "1000234"), Detail(475, 1000)],
    )
    text = bai2_file([Group("261124", [account])], "261124")
    bank = bai2.parse(text, "t.bai2")
    trailer = text.strip().split("\n")[-1]
    assert trailer.startswith("99,524200,")
    assert bank.declared_total_cents == 524200  # the 99's total, beside ...
    assert bank.receipts_cents == 11600  # ... what was read as receipts


@pytest.mark.parametrize(
    ("cents", "ok"),
    [
        (10**15 - 1, True),  # 13 digits of whole units and 2 of cents
        (10**15, False),  # 14 digits of whole units
        (10**19, False),
        (99_999_999_999_999_999_999, False),  # 20 digits: beyond the store's 2**63
    ],
)
def test_a_bai2_amount_has_at_most_13_digits_of_whole_units(cents: int, ok: bool) -> None:
    text = small_bai2(115, cents)
    if ok:
        assert bai2.parse(text, "ok.bai2").items[0].amount_cents == cents
    else:
        message = refusal(bai2.parse, text)
        assert "LINE 4: AMOUNT OF" in message and "MORE THAN 13 DIGITS OF WHOLE UNITS" in message


def test_leading_zeros_do_not_count_and_a_huge_amount_is_refused_not_a_crash() -> None:
    padded = replace_on(small_bai2(115, 5), 4, ",5,", "," + "0" * 40 + "5,")
    assert bai2.parse(padded, "ok.bai2").items[0].amount_cents == 5
    huge = replace_on(small_bai2(115, 5), 4, ",5,", "," + "9" * 5000 + ",")  # int() refuses 4301
    assert "LINE 4: AMOUNT OF 5000 DIGITS" in refusal(bai2.parse, huge)
    counts = replace_on(small_bai2(115, 5), 6, ",4/", "," + "9" * 5000 + "/")
    assert "LINE 6: ACCOUNT RECORD COUNT" in refusal(bai2.parse, counts)


def test_a_bai2_amount_has_one_sign_at_most() -> None:
    assert "LINE 4: AMOUNT" in refusal(
        bai2.parse, replace_on(small_bai2(115, 5), 4, ",5,", ",+-5,")
    )


# (what the refusal says, line, the text on it, its replacement with {d} for the digit)
BAI2_FIELDS = [
    ("DATE", 1, ",261124,", ",2611{d}4,"),  # file creation date
    ("DATE", 2, ",261124,", ",26{d}124,"),  # as-of date
    ("TYPE CODE", 3, ",010,", ",0{d}0,"),  # a summary type code
    ("SUMMARY AMOUNT", 3, ",010,0,", ",010,{d},"),
    ("TYPE CODE", 4, "16,115,", "16,1{d}5,"),
    ("AMOUNT", 4, ",11600,", ",116{d}0,"),
    ("ACCOUNT CONTROL TOTAL", 6, "49,11600,", "49,1{d}600,"),
    ("ACCOUNT RECORD COUNT", 6, ",4/", ",{d}/"),
    ("GROUP CONTROL TOTAL", 7, "98,11600,", "98,11{d}00,"),
    ("GROUP ACCOUNTS", 7, ",1,6/", ",{d},6/"),
    ("GROUP RECORDS", 7, ",6/", ",{d}/"),
    ("FILE CONTROL TOTAL", 8, "99,11600,", "99,1160{d},"),
    ("FILE GROUPS", 8, ",1,8/", ",{d},8/"),
    ("FILE RECORDS", 8, ",8/", ",{d}/"),
]


@pytest.mark.parametrize("char", UNICODE_DIGITS)
@pytest.mark.parametrize(("what", "line", "old", "new"), BAI2_FIELDS)
def test_a_unicode_digit_in_a_bai2_number_date_or_code_is_refused(
    what: str, line: int, old: str, new: str, char: str
) -> None:
    text = replace_on(small_bai2(115), line, old, new.format(d=char))
    message = refusal(bai2.parse, text)
    assert f"LINE {line}: " in message and what in message


@pytest.mark.parametrize("char", UNICODE_DIGITS)
def test_a_unicode_digit_in_a_customer_reference_is_no_account_number(char: str) -> None:
    (item,) = bai2.parse(small_bai2(115, customer_ref=f"1000{char}34"), "ok.bai2").items
    assert item.account_hint is None and item.kind == "payment"
    (plain,) = bai2.parse(small_bai2(115), "ok.bai2").items
    assert plain.account_hint == "1000234"


@pytest.mark.parametrize("count", ["x", "²", "99"])
def test_a_distributed_availability_count_is_checked(count: str) -> None:
    text = bai2_text("261124", [Detail(115, 11600, "1000234", funds=f"D,{count},0,11600")])
    assert "LINE 4: DISTRIBUTED AVAILABILITY COUNT" in refusal(bai2.parse, text)
    good = bai2_text("261124", [Detail(115, 11600, "1000234", funds="D,1,0,11600")])
    assert bai2.parse(good, "ok.bai2").items[0].reference == "1000234"


# ------------------------------------------------------------------ BAI2 88 continuations


def continued(count: int) -> str:
    texts = tuple(f"INVOICE INV{n:08d}" for n in range(count))
    return bai2_text("261124", [Detail(115, 11600, "1000234", texts)])


def test_one_16_with_20000_continuations_parses_quickly_and_whole() -> None:
    text = continued(20_000)
    started = time.process_time()
    bank = bai2.parse(text, "long.bai2")
    elapsed = time.process_time() - started
    (item,) = bank.items
    joined = item.texts[-1]
    assert joined.startswith("INVOICE INV00000000 INVOICE INV00000001")
    assert joined.endswith("INVOICE INV00019999") and joined.count("INVOICE") == 20_000
    assert bank.record_count == 20_000 + 7  # 01 02 03 16 (88s) 49 98 99
    assert elapsed < 3.0  # quadratic, this took 4.5 s here; linear, 0.06 s


def _lines_run(text: str) -> int:
    """How many lines of bai2.py run while `text` is parsed (a loop's every turn counts)."""
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def calls(frame: FrameType, event: str, arg: object) -> Callable[..., object] | None:
        return local if frame.f_code.co_filename == bai2.__file__ else None

    before = sys.gettrace()
    sys.settrace(calls)
    try:
        bai2.parse(text, "lines.bai2")
    finally:
        sys.settrace(before)
    return count


def test_continuation_work_is_linear_in_the_continuations() -> None:
    # Counted, not timed, so a busy machine cannot fail it: doubling the 88s at most
    # doubles the work (a backwards scan for the record continued would quadruple it).
    small, large = _lines_run(continued(1_000)), _lines_run(continued(2_000))
    assert large < 2.2 * small


# ------------------------------------------------------------------ CSV remittance

CSV_HEADER = "received_date,amount,reference,account_number\n"


def test_a_csv_cut_short_is_refused_naming_its_last_line() -> None:
    rows = CSV_HEADER + "2026-11-24,10.00,R1,1000234\n2026-11-24,187.5"
    message = refusal(remittance_csv.parse, rows)
    assert "LINE 3: THE LAST LINE HAS NO END OF LINE: THE FILE WAS CUT SHORT" in message


def test_the_same_csv_with_its_final_newline_is_read() -> None:
    bank = remittance_csv.parse(
        CSV_HEADER + "2026-11-24,10.00,R1,1000234\n2026-11-24,187.51\n", "x"
    )
    assert [i.amount_cents for i in bank.items] == [1000, 18751]


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        (CSV_HEADER.replace("\n", "\r\n") + "2026-11-24,187.51\r\n", True),
        (CSV_HEADER.replace("\n", "\r\n") + "2026-11-24,187.5", False),
        (CSV_HEADER.replace("\n", "\r") + "2026-11-24,187.51\r", True),
        (CSV_HEADER.rstrip("\n"), False),  # a header cut short
        ("\ufeff" + CSV_HEADER + "2026-11-24,187.51\n", True),
        ("\ufeff" + CSV_HEADER + "2026-11-24,187.51", False),
    ],
)
def test_crlf_cr_and_bom_csv_files_end_in_an_end_of_line(text: str, ok: bool) -> None:
    if ok:
        assert remittance_csv.parse(text, "x").items[0].amount_cents == 18751
    else:
        assert "CUT SHORT" in refusal(remittance_csv.parse, text)


def test_a_csv_ending_inside_a_quoted_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.csv"
    path.write_text('received_date,amount,memo\n2026-11-24,10.00,"paid in\n')
    with pytest.raises(FileRefused, match=r"LINE 2: THE FILE ENDS INSIDE A QUOTED FIELD"):
        detect.read(path)


def test_a_short_row_without_its_received_date_is_refused_naming_its_line(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("amount,reference,received_date\n10.00,R1\n")
    with pytest.raises(FileRefused, match=r"LINE 2: RECEIVED_DATE IS REQUIRED"):
        detect.read(path)
    path.write_text("amount,reference,received_date\n10.00\n")
    with pytest.raises(FileRefused, match=r"LINE 2: RECEIVED_DATE IS REQUIRED"):
        detect.read(path)


@pytest.mark.parametrize(
    "written", ["20261124", "2026-W47-2", "２０２６-11-24", "2026-11-2٤", "2026-11-24 "]
)
def test_a_csv_date_is_ascii_yyyy_mm_dd(written: str) -> None:
    text = f"{CSV_HEADER}{written},10.00,R1,1000234\n"
    if written.strip() == "2026-11-24":  # fields are stripped
        assert remittance_csv.parse(text, "x").items
    else:
        assert "LINE 2: RECEIVED_DATE" in refusal(remittance_csv.parse, text)


@pytest.mark.parametrize(
    "amount", ["１０.００", "1٠.00", "1²", "99999999999999999999", "99999999999999999999.00"]
)
def test_a_csv_amount_of_unicode_digits_or_20_digits_is_refused(amount: str) -> None:
    message = refusal(remittance_csv.parse, f"{CSV_HEADER}2026-11-24,{amount},R1,1000234\n")
    assert "LINE 2: AMOUNT" in message


@pytest.mark.parametrize("column", ["account_number", "document_number", "policy_number"])
def test_csv_identifiers_are_ascii(column: str) -> None:
    text = f"received_date,amount,{column}\n2026-11-24,10.00,１０００２３４\n"
    assert f"LINE 2: {column.upper()}" in refusal(remittance_csv.parse, text)
    assert remittance_csv.parse(
        f"received_date,amount,{column}\n2026-11-24,10.00,AB-1000234\n", "x"
    )


def test_a_bad_quote_in_the_csv_header_is_refused_not_a_crash() -> None:
    message = refusal(remittance_csv.parse, '"received_date"x,amount\n2026-11-24,10.00\n')
    assert "LINE 1: ',' EXPECTED AFTER '\"'" in message
