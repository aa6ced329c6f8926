"""camt.053/054: only booked money posts, reversals are listed, balances roll forward, and no
amount, count or date of another form is taken (or crashes the reader)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ar_tui.formats import camt
from ar_tui.formats.model import FileRefused


def entry(amount: str = "42.50", side: str = "CRDT", status: str = "<Sts>BOOK</Sts>",
          extra: str = "") -> str:  # fmt: skip
    return (
        f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{side}</CdtDbtInd>{status}{extra}'
        "<BookgDt><Dt>2026-11-23</Dt></BookgDt><AcctSvcrRef>REF1</AcctSvcrRef></Ntry>"
    )


def balance(code: str, amount: str, side: str = "CRDT", currency: str = "EUR") -> str:
    return (
        f"<Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp>"
        f'<Amt Ccy="{currency}">{amount}</Amt><CdtDbtInd>{side}</CdtDbtInd></Bal>'
    )


def statement(*parts: str, created: str = "2026-11-24T18:05:00+00:00",
              version: str = "02") -> bytes:  # fmt: skip
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.{version}">'
        f"<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId><CreDtTm>{created}</CreDtTm></GrpHdr>"
        "<Stmt><Id>S1</Id><Acct><Id><IBAN>NL02ARTU0123456789</IBAN></Id></Acct>"
        + "".join(parts)
        + "</Stmt></BkToCstmrStmt></Document>"
    ).encode()


def read(data: bytes) -> camt.BankFile:
    return camt.parse(data, "statement.xml")


def refused(data: bytes) -> str:
    with pytest.raises(FileRefused) as caught:
        read(data)
    return caught.value.text


def test_a_booked_credit_is_a_payment() -> None:
    (item,) = read(statement(entry())).items
    assert (item.kind, item.amount_cents, item.currency) == ("payment", 4250, "EUR")


@pytest.mark.parametrize(
    ("status", "why"),
    [
        ("<Sts>PDNG</Sts>", "pending entry (PDNG)"),
        ("<Sts>INFO</Sts>", "information only entry (INFO)"),
        ("<Sts><Cd>PDNG</Cd></Sts>", "pending entry (PDNG)"),
        ("<Sts><Cd>FUTR</Cd></Sts>", "future entry (FUTR)"),
    ],
)
def test_an_entry_not_booked_is_listed_not_posted(status: str, why: str) -> None:
    (item,) = read(statement(entry(status=status))).items
    assert item.kind == "other" and item.note.startswith(why)


def test_a_booked_status_as_a_code_and_no_status_are_money() -> None:
    for status in ("<Sts><Cd>BOOK</Cd></Sts>", ""):
        assert read(statement(entry(status=status))).items[0].kind == "payment"


def test_an_unknown_status_refuses_the_file() -> None:
    assert "ENTRY STATUS 'BOOKED' IS NOT KNOWN" in refused(
        statement(entry(status="<Sts>BOOKED</Sts>"))
    )


def test_a_reversed_credit_is_the_return_of_a_receipt_and_is_not_posted() -> None:
    (item,) = read(statement(entry(extra="<RvslInd>true</RvslInd>"))).items
    assert item.kind == "other" and item.note.startswith("reversal of an earlier entry")
    assert read(statement(entry(extra="<RvslInd>false</RvslInd>"))).items[0].kind == "payment"
    assert "REVERSAL INDICATOR 'YES'" in refused(statement(entry(extra="<RvslInd>yes</RvslInd>")))


def test_balances_roll_forward_to_the_cent() -> None:
    good = statement(
        balance("OPBD", "100.00"), balance("CLBD", "132.50"),
        entry("42.50"), entry("10.00", side="DBIT"), entry("5.00", status="<Sts>PDNG</Sts>"),
    )  # fmt: skip
    assert len(read(good).items) == 3  # pending money is not in the balance
    off_by_one = statement(balance("OPBD", "100.00"), balance("CLBD", "132.51"),
                           entry("42.50"), entry("10.00", side="DBIT"))  # fmt: skip
    assert "DOES NOT ROLL FORWARD: OPENING 10000 + ENTRIES 3250 IS NOT THE CLOSING" in refused(
        off_by_one
    )
    overdrawn = statement(balance("OPBD", "5.00", side="DBIT"), balance("CLBD", "37.50"),
                          entry("42.50"))  # fmt: skip
    assert len(read(overdrawn).items) == 1


def test_a_statement_that_mixes_currencies_is_not_added_up() -> None:
    mixed = statement(balance("OPBD", "100.00", currency="USD"), balance("CLBD", "1.00"),
                      entry("42.50"))  # fmt: skip
    assert len(read(mixed).items) == 1


@pytest.mark.parametrize(
    "amount",
    [
        "Infinity",
        "NaN",
        "1E+30",
        "-5.00",
        "+5.00",
        "١٢.٥٠",
        "１２.５０",
        "¹²",
        "12,50",
        " ",
        "0x10",
        "12.345",
        "12345678901234.00",
    ],
)
def test_an_amount_of_another_form_is_refused_with_a_reason(amount: str) -> None:
    assert "NOTHING POSTED" in refused(statement(entry(amount)))


def test_the_largest_amount_taken_is_thirteen_whole_digits() -> None:
    assert read(statement(entry("9999999999999.99"))).items[0].amount_cents == 999999999999999
    assert "TOO LARGE" in refused(statement(entry("10000000000000.00")))


@pytest.mark.parametrize("count", ["one", "٣", "-1", "1.0"])
def test_an_entry_count_that_is_not_ascii_digits_is_refused(count: str) -> None:
    summary = f"<TxsSummry><TtlNtries><NbOfNtries>{count}</NbOfNtries></TtlNtries></TxsSummry>"
    assert "ENTRY COUNT" in refused(statement(summary, entry()))


def test_a_bad_creation_date_is_refused_not_a_crash() -> None:
    no_dates = entry().replace("<BookgDt><Dt>2026-11-23</Dt></BookgDt>", "")
    assert "GROUP HEADER DATE 'YESTERDAY'" in refused(statement(no_dates, created="yesterday"))
    assert read(statement(no_dates)).items[0].received_date.isoformat() == "2026-11-24"


def test_the_project_fixtures_still_read(tmp_path: Path) -> None:
    fixtures = Path(__file__).resolve().parents[1] / "fixtures" / "bank"
    for name in ("camt053-v2.xml", "camt053-v8.xml", "camt054-v2.xml"):
        assert read((fixtures / name).read_bytes()).items
