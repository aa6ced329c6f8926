"""Builders for small, correct bank files (controls computed), used to write the test fixtures.

`fixtures()` holds every file of tests/fixtures/bank/ that is built here, by name, with
what it exercises; `python -m tests.bankfiles` writes them again. The content is ours
(names, accounts, amounts, references): the real bank samples in ../shared/external
were only read to learn which cases a reader must handle.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stdnum.us import rtn

# --------------------------------------------------------------------------- BAI2


@dataclass(frozen=True)
class Detail:
    """A BAI2 16 record and the text of its 88 continuations.

    `funds` is the funds type with the fields it brings ("Z", "V,261123," for value-dated,
    "" for none); `bank_ref` None numbers the record in its account (B00001...); `text`
    is the free text that ends the 16, which a bank may leave without a final `/`.
    """

    type_code: int
    cents: int
    customer_ref: str = ""
    continuations: Sequence[str] = ()
    funds: str = "Z"
    bank_ref: str | None = None
    text: str = ""
    slash: bool = True


@dataclass(frozen=True)
class Summary:
    """One summary or status group of an 03 record: type code, amount, item count, funds."""

    type_code: str
    cents: int | None = None
    count: str = ""
    funds: str = ""


@dataclass(frozen=True)
class Account:
    """A BAI2 account: its 03 summary (first line on the 03, each further line on an 88)."""

    number: str
    details: Sequence[Detail] = ()
    currency: str = "USD"
    summary: Sequence[Sequence[Summary]] = ((Summary("010", 0),),)


@dataclass(frozen=True)
class Group:
    """A BAI2 group (02 ... 98) of one as-of date."""

    as_of: str
    accounts: Sequence[Account]
    as_of_time: str = "0800"
    currency: str = "USD"


def bai2_file(
    groups: Sequence[Group],
    created: str,
    created_time: str = "0800",
    *,
    signed: bool = False,
    final_slash: bool = True,
) -> str:
    """A BAI2 file with every 49/98/99 total and record count computed from its records.

    A control total counts every amount of its records, 03 summary amounts included.
    `signed` writes amounts zero-padded, trailer totals with a leading `+`.
    """

    def amount(cents: int | None, total: bool = False) -> str:
        if cents is None:
            return ""
        if not signed:
            return str(cents)
        return f"+{cents:017d}" if total else f"{cents:015d}"

    def summary(groups: Sequence[Summary]) -> str:
        return ",".join(f"{s.type_code},{amount(s.cents)},{s.count},{s.funds}" for s in groups)

    records = [f"01,BANK,AR-TUI,{created},{created_time},1,,,2/"]
    file_total = 0
    for group in groups:
        lines = [f"02,AR-TUI,BANK,1,{group.as_of},{group.as_of_time},{group.currency},2/"]
        group_total = 0
        for account in group.accounts:
            body: list[str] = []
            first, *rest = account.summary or ((),)
            body.append(f"03,{account.number},{account.currency},{summary(first)}/")
            body += [f"88,{summary(line)}/" for line in rest]
            total = sum(s.cents or 0 for line in account.summary for s in line)
            for detail in account.details:
                bank_ref = f"B{len(body):05d}" if detail.bank_ref is None else detail.bank_ref
                fields = [detail.type_code, amount(detail.cents), detail.funds, bank_ref,
                          detail.customer_ref, detail.text]  # fmt: skip
                body.append("16," + ",".join(map(str, fields)) + ("/" if detail.slash else ""))
                body += [f"88,{text}" for text in detail.continuations]
                total += detail.cents
            body.append(f"49,{amount(total, True)},{len(body) + 1}/")
            lines += body
            group_total += total
        lines.append(f"98,{amount(group_total, True)},{len(group.accounts)},{len(lines) + 1}/")
        records += lines
        file_total += group_total
    records.append(
        f"99,{amount(file_total, True)},{len(groups)},{len(records) + 1}"
        + ("/" if final_slash else "")
    )
    return "\n".join(records) + "\n"


def bai2(as_of: str, details: Sequence[Detail], account: str = "4400112233") -> str:
    """A one-group, one-account BAI2 file with its 49/98/99 totals and record counts."""
    return bai2_file([Group(as_of, [Account(account, details)])], as_of)


# --------------------------------------------------------------------------- ACH

ROUTING = "09100001"


@dataclass(frozen=True)
class Entry:
    """An ACH entry: code 27 is a debit we collect; an addenda 99 makes it a return.

    `addenda` are (type, content) pairs: "05" payment-related text (CCD, CTX, PPD),
    "10" to "18" the IAT addenda; the builder adds the sequence numbers.
    `account` is the receiver's DFI account (17 characters; 35 for an IAT entry).
    `dfi` is the receiving DFI's 8-digit routing; `check_digit` None writes the right one.
    """

    code: str
    cents: int
    individual_id: str
    name: str
    trace: str
    return_code: str | None = None
    original_trace: str | None = None
    change_code: str | None = None
    change_data: str = ""
    addenda: Sequence[tuple[str, str]] = ()
    dfi: str = ROUTING
    account: str = "12345678901234567"
    check_digit: str | None = None

    @property
    def routing(self) -> str:
        """The receiving DFI's routing number: its 8 digits and the check digit."""
        digit = rtn.calc_check_digit(self.dfi) if self.check_digit is None else self.check_digit
        return self.dfi + digit


@dataclass(frozen=True)
class Batch:
    """An ACH batch: `service_class` 200 mixed, 220 credits only, 225 debits only."""

    entries: Sequence[Entry]
    sec: str = "PPD"
    service_class: str = "200"
    company: str = "AR-TUI INSURANCE"
    description: str = "PREMIUM"
    # IAT only: foreign exchange indicator and reference, destination country, currencies
    iat: str = "FF3               US"
    currencies: str = "USDUSD"


def _entry_rows(entry: Entry, sec: str) -> list[str]:
    extra = [*entry.addenda]
    indicator = "1" if entry.return_code or entry.change_code or extra else "0"
    amount = f"{entry.cents:010d}"
    if sec == "IAT":
        row = (
            "6" + entry.code + entry.routing + f"{len(extra):04d}" + " " * 13 + amount
            + entry.account.ljust(35) + "  " + "  " + indicator + entry.trace
        )  # fmt: skip
    elif sec == "CTX":
        row = (
            "6" + entry.code + entry.routing + entry.account.ljust(17) + amount
            + entry.individual_id.ljust(15) + f"{len(extra):04d}" + entry.name.ljust(16)
            + "  " + "  " + indicator + entry.trace
        )  # fmt: skip
    else:
        row = (
            "6" + entry.code + entry.routing + entry.account.ljust(17) + amount
            + entry.individual_id.ljust(15) + entry.name.ljust(22) + "  " + indicator + entry.trace
        )  # fmt: skip
    rows = [row]
    if entry.return_code:
        rows.append(
            "799" + entry.return_code + (entry.original_trace or "").ljust(15) + " " * 6
            + entry.dfi + " " * 44 + entry.trace
        )  # fmt: skip
    if entry.change_code:
        rows.append(
            "798" + entry.change_code + (entry.original_trace or "").ljust(15) + " " * 6
            + entry.dfi + entry.change_data.ljust(29) + " " * 15 + entry.trace
        )  # fmt: skip
    sequence: dict[str, int] = {}
    for kind, content in extra:
        if kind in {"05", "17", "18"}:  # these carry an addenda sequence number
            sequence[kind] = sequence.get(kind, 0) + 1
            rows.append("7" + kind + content.ljust(80) + f"{sequence[kind]:04d}" + entry.trace[-7:])
        else:
            rows.append("7" + kind + content.ljust(84) + entry.trace[-7:])
    return rows


def ach_file(
    effective: str, batches: Sequence[Batch], first_batch: int = 1, trim: bool = False
) -> str:
    """An ACH file of batches; entry hashes, totals, counts and blocks computed.

    `trim` right-trims every record, as some banks send them (a reader pads them back).
    """
    rows = [
        "101 0910000191234567891" + effective + "0800A094101" + "BANK".ljust(23) + "AR-TUI".ljust(23) + " " * 8,
    ]  # fmt: skip
    file_count = file_hash = file_debit = file_credit = 0
    for number, batch in enumerate(batches, start=first_batch):
        if batch.sec == "IAT":
            rows.append(
                "5" + batch.service_class + " " * 16 + batch.iat + "1234567890" + "IAT"
                + batch.description.ljust(10) + batch.currencies + effective + "   1" + ROUTING
                + f"{number:07d}"
            )  # fmt: skip
        else:
            rows.append(
                "5" + batch.service_class + batch.company.ljust(16) + " " * 20 + "1234567890"
                + batch.sec + batch.description.ljust(10) + effective + effective + "   1"
                + ROUTING + f"{number:07d}"
            )  # fmt: skip
        count = debit = credit = entry_hash = 0
        for entry in batch.entries:
            entry_rows = _entry_rows(entry, batch.sec)
            rows += entry_rows
            count += len(entry_rows)
            entry_hash += int(entry.dfi) if entry.dfi.isascii() and entry.dfi.isdigit() else 0
            if entry.code[1] in "56789":
                debit += entry.cents
            else:
                credit += entry.cents
        rows.append(
            "8" + batch.service_class + f"{count:06d}" + f"{entry_hash % 10**10:010d}"
            + f"{debit:012d}" + f"{credit:012d}" + "1234567890" + " " * 25 + ROUTING
            + f"{number:07d}"
        )  # fmt: skip
        file_count += count
        file_hash += entry_hash
        file_debit += debit
        file_credit += credit
    blocks = -(-(len(rows) + 1) // 10)
    rows.append(
        "9" + f"{len(batches):06d}" + f"{blocks:06d}" + f"{file_count:08d}"
        + f"{file_hash % 10**10:010d}" + f"{file_debit:012d}" + f"{file_credit:012d}" + " " * 39
    )  # fmt: skip
    while len(rows) % 10:
        rows.append("9" * 94)
    for row in rows:
        assert len(row) == 94, (len(row), row)
    if trim:
        rows = [row.rstrip() for row in rows]
    return "\n".join(rows) + "\n"


def ach(effective: str, entries: Sequence[Entry], batch: int = 1) -> str:
    """An ACH file with one PPD batch; entry hash, totals, counts and blocks computed."""
    return ach_file(effective, [Batch(entries)], first_batch=batch)


# --------------------------------------------------------------------------- camt


@dataclass(frozen=True)
class TxDetail:
    """A camt transaction detail: its references, remittance and (optionally) its amount."""

    end_to_end: str
    debtor: str = ""
    creditor_refs: Sequence[str] = ()
    unstructured: Sequence[str] = ()
    cents: int | None = None


@dataclass(frozen=True)
class CamtEntry:
    """A camt Ntry: amount, side, booking date (a date, or a date and time)."""

    cents: int
    currency: str = "USD"
    side: str = "CRDT"
    booked: str = "2026-11-24"
    servicer_ref: str = ""
    details: Sequence[TxDetail] = field(default_factory=tuple)


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def camt(
    message: str,
    version: str,
    entries: Sequence[CamtEntry],
    *,
    account: str = "US64SVBKUS6S3300958879",
    iban: bool = True,
    summary: bool = False,
    created: str = "2026-11-24T18:05:00+00:00",
) -> str:
    """A camt.053 statement or camt.054 notification with one statement of `entries`."""
    root, report = {"053": ("BkToCstmrStmt", "Stmt"), "054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn")}[
        message
    ]
    account_id = f"<IBAN>{account}</IBAN>" if iban else f"<Othr><Id>{account}</Id></Othr>"
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.{message}.001.{version}">',
        f"  <{root}>",
        "    <GrpHdr>",
        f"      <MsgId>ARTUI-{message}-{version}-0001</MsgId>",
        f"      <CreDtTm>{created}</CreDtTm>",
        "    </GrpHdr>",
        f"    <{report}>",
        f"      <Id>ARTUI-{message}-{version}-STMT-1</Id>",
        f"      <CreDtTm>{created}</CreDtTm>",
        f"      <Acct><Id>{account_id}</Id><Ccy>{entries[0].currency if entries else 'USD'}</Ccy></Acct>",
    ]
    if summary:
        credits = sum(e.cents for e in entries if e.side == "CRDT")
        debits = sum(e.cents for e in entries if e.side == "DBIT")
        out += [
            "      <TxsSummry>",
            f"        <TtlNtries><NbOfNtries>{len(entries)}</NbOfNtries></TtlNtries>",
            f"        <TtlCdtNtries><Sum>{_money(credits)}</Sum></TtlCdtNtries>",
            f"        <TtlDbtNtries><Sum>{_money(debits)}</Sum></TtlDbtNtries>",
            "      </TxsSummry>",
        ]
    for entry in entries:
        booked = "DtTm" if "T" in entry.booked else "Dt"
        out += [
            "      <Ntry>",
            f'        <Amt Ccy="{entry.currency}">{_money(entry.cents)}</Amt>',
            f"        <CdtDbtInd>{entry.side}</CdtDbtInd>",
            "        <Sts>BOOK</Sts>",
            f"        <BookgDt><{booked}>{entry.booked}</{booked}></BookgDt>",
            f"        <ValDt><Dt>{entry.booked[:10]}</Dt></ValDt>",
        ]
        if entry.servicer_ref:
            out.append(f"        <AcctSvcrRef>{entry.servicer_ref}</AcctSvcrRef>")
        if entry.details:
            out.append("        <NtryDtls>")
            for detail in entry.details:
                out += ["          <TxDtls>", "            <Refs>",
                        f"              <EndToEndId>{detail.end_to_end}</EndToEndId>",
                        "            </Refs>"]  # fmt: skip
                if detail.cents is not None:
                    out.append(
                        "            <AmtDtls><TxAmt>"
                        f'<Amt Ccy="{entry.currency}">{_money(detail.cents)}</Amt>'
                        "</TxAmt></AmtDtls>"
                    )
                if detail.debtor:
                    out.append(
                        f"            <RltdPties><Dbtr><Nm>{detail.debtor}</Nm></Dbtr></RltdPties>"
                    )
                out.append("            <RmtInf>")
                out += [f"              <Ustrd>{text}</Ustrd>" for text in detail.unstructured]
                for ref in detail.creditor_refs:
                    out += [
                        "              <Strd><CdtrRefInf>",
                        "                <Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp>",
                        f"                <Ref>{ref}</Ref>",
                        "              </CdtrRefInf></Strd>",
                    ]
                out += ["            </RmtInf>", "          </TxDtls>"]
            out.append("        </NtryDtls>")
        out.append("      </Ntry>")
    out += [f"    </{report}>", f"  </{root}>", "</Document>"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- the fixtures


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _retotal(text: str, codes: Sequence[str], delta: int) -> str:
    """`text` with the control total of its `codes` trailers moved by `delta` cents."""
    out = []
    for line in text.split("\n"):
        code, _, rest = line.partition(",")
        if code in codes:
            total, _, tail = rest.partition(",")
            line = f"{code},{int(total) + delta},{tail}"
        out.append(line)
    return "\n".join(out)


def _bai2_summary_continued() -> str:
    """One CAD group, two accounts; each 03 summary continued by an 88 (100/400 totals,
    value-dated), credits 108 and debits 409 with value-dated funds; signed, zero-padded
    amounts and a group without an as-of time."""
    value = "V,261122,"
    first = Account(
        "7700123456",
        currency="CAD",
        summary=[
            (Summary("040", 0), Summary("045", 0)),
            (Summary("100", 31000, "00002", value), Summary("400", 9500, "00003", value)),
        ],
        details=[
            Detail(409, 4000, funds=value, bank_ref="", text="RETURNED ITEM       "),
            Detail(108, 25000, funds=value, bank_ref="", text="TFR 7700 0098123    "),
            Detail(409, 500, funds=value, bank_ref="", text="RETURNED ITEM FEE   "),
            Detail(108, 6000, funds=value, bank_ref="", text="BRANCH DEPOSIT 0412 "),
            Detail(409, 5000, funds=value, bank_ref="", text="SERVICE CHARGES     "),
        ],
    )
    second = Account(
        "7700654321",
        currency="CAD",
        summary=[
            (Summary("040", 0), Summary("045", 0)),
            (Summary("100", 12000, "00001", value), Summary("400", 3000, "00001", value)),
        ],
        details=[
            Detail(108, 12000, funds=value, bank_ref="", text="BRANCH DEPOSIT 0415 "),
            Detail(409, 3000, funds=value, bank_ref="", text="CHEQUE 000117       "),
        ],
    )
    group = Group("261123", [first, second], as_of_time="", currency="CAD")
    return bai2_file([group], "261124", "0829", signed=True)


def _bai2_two_groups() -> str:
    """Two groups (two as-of days), three accounts; each 03 summary continued by two 88s;
    ACH credits with their text in 88s; the final 99 has no `/`."""
    first_day = Group(
        "261123",
        [
            Account(
                "4400112233",
                summary=[
                    (Summary("010", 1250000), Summary("015", 1310000)),
                    (Summary("040", 1200000), Summary("045", 1310000)),
                    (Summary("100", 60000, "2"), Summary("400", 0, "0")),
                ],
                details=[
                    Detail(142, 45000, "1000234", ("AUTOPAY ACH CREDIT",), funds=""),
                    Detail(142, 15000, "", ("AUTOPAY ACH CREDIT POLICY PA3000897",), funds=""),
                ],
            ),
            Account(
                "4400998877",
                summary=[(Summary("010", 500000),), (Summary("100", 11600, "1"),)],
                details=[Detail(165, 11600, "", ("PREAUTHORIZED ACH INV10002394",), funds="")],
            ),
        ],
    )
    second_day = Group(
        "261124",
        [
            Account(
                "4400112233",
                summary=[
                    (Summary("010", 1310000), Summary("015", 1335000)),
                    (Summary("100", 25000, "1"),),
                ],
                details=[Detail(142, 25000, "", ("AUTOPAY ACH CREDIT 1000645",), funds="")],
            )
        ],
    )
    return bai2_file([first_day, second_day], "261124", "0754", final_slash=False)


def _bai2_88_without_slash() -> str:
    """One value-dated incoming transfer (16 type 191) followed by seven 88 lines, none
    ending in `/`."""
    detail = Detail(
        191,
        20000,
        "FP26112300042",
        (
            "FR:FASTER PAYMENT INCOMING",
            "ENDT:20261123",
            "TRID:FP26112300042",
            "PY:FP26112300042 SMITH JULIA INV10002394",
            "BI:44001122",
            "OB:SMITH JULIA 12 ELM ROAD",
            "BO:00998877 SMITH J",
        ),
        funds="V,261123,",
        bank_ref="7020011223",
    )
    account = Account(
        "5500443322", [detail], summary=[(Summary("010", 50000), Summary("015", 50000))]
    )
    return bai2_file([Group("261123", [account], as_of_time="2340")], "261124", "0713")


def _bai2_as_of_2400() -> str:
    """File creation time with seconds (16:05:12), as-of time 2400, a group without a
    currency, an account number with a space, detail text only in 88s (one text over two
    88s), debits 699 and one credit 399."""
    account = Account(
        "4400 556677",
        summary=[
            (
                Summary("010", 52000),
                Summary("015", 48100),
                Summary("045", 48100),
                Summary("040", 48100),
                Summary("072", 0),
            ),
            (
                Summary("074", 0),
                Summary("075", 0),
                Summary("400", 3900, "3"),
                Summary("100", 1100, "1"),
            ),
        ],
        details=[
            Detail(
                699,
                2500,
                continuations=("TFR OUT 4400556677 TO PAYROLL ACCOUNT",),
                funds="",
                bank_ref="",
            ),
            Detail(
                699, 900, continuations=("TFR OUT CARD SETTLEMENT FEES",), funds="", bank_ref=""
            ),
            Detail(
                699, 500, continuations=("TFR OUT BANK CHARGES NOVEMBER",), funds="", bank_ref=""
            ),
            Detail(
                399,
                1100,
                continuations=("TFR IN REFUND OF OVERPAYMENT", "POLICY PA3000897"),
                funds="",
                bank_ref="",
            ),
        ],
    )
    group = Group("261123", [account], as_of_time="2400", currency="")
    return bai2_file([group], "261124", "16:05:12")


def _bai2_wire_remittance() -> str:
    """CRLF lines; an 03 with an empty summary; an incoming wire (16 type 195) whose text
    ends the record without `/`, then ten 88s of wire remittance (OBI:=INVOICE ...)."""
    wire = Detail(
        195,
        100000,
        "",
        (
            "SENDER BNK:=FIRST TRUST OF OHIO",
            "SENDER ID:=041000124",
            "ORG:=SMITH JULIA",
            "ORG ADDRESS:=88 MAPLE AVE, DAYTON, OH 45402",
            "BNF ID:=4400112233",
            "BNF NAME:=AR-TUI INSURANCE",
            "BNF ADDRESS:=1 PARK PLAZA, COLUMBUS, OH 43215",
            "REC FI:=BANK",
            "REC ID:=091000019",
            "OBI:=INVOICE INV10002394",
        ),
        funds="",
        bank_ref="",
        text="FED NO: 20261124B6B7HU3R000412FT01",
        slash=False,
    )
    account = Account("4400112233", [wire], summary=[(Summary(""),)])
    return bai2_file([Group("261124", [account], as_of_time="1720")], "261124", "1720")


def _bai2_bad_counts() -> str:
    """A blank first line; the 49 total is right but its record count is not; the 98 and
    99 totals and counts disagree too (the 99 ends in `/ `)."""
    debit = Detail(
        495, 1000, "PAY-77120", ("CREF: 5b0c2e7a-INV10002394, BREF: 771200418812",),
        funds="", bank_ref="W7712004",
        text="TO: PAYEE ACCOUNT, ACCOUNT: XXXXX-8821, CLIENT REF: PAY-77120",
    )  # fmt: skip
    text = bai2_file(
        [Group("261124", [Account("123456", [debit], summary=[(Summary("010", 10000),)])],
               as_of_time="2300", currency="")],
        "261124", "2300",
    )  # fmt: skip
    lines = text.split("\n")
    lines = [
        "49,11000,2/" if line.startswith("49,") else
        "98,12000,2,5/" if line.startswith("98,") else
        "99,22000,2,10/ " if line.startswith("99,") else line
        for line in lines
    ]  # fmt: skip
    return "\n" + "\n".join(lines)


def _ach_autopay() -> str:
    """Three PPD premium debits (two of known accounts, one of nobody)."""
    return ach("261124", [
        Entry("27", 23335, "1000234", "THOMAS DONNA", "091000010000101"),
        Entry("27", 11600, "1000477", "SMITH JULIA", "091000010000102"),
        Entry("27", 9999, "9999999", "NOBODY", "091000010000103"),
    ])  # fmt: skip


def _ach_autopay_returns() -> str:
    """Returns (addenda 99 with the original traces) of autopay.ach: R01, an unknown R77,
    and an R03 of a trace never posted."""
    return ach("261125", [
        Entry("26", 23335, "1000234", "THOMAS DONNA", "091000010000201", "R01", "091000010000101"),
        Entry("26", 11600, "1000477", "SMITH JULIA", "091000010000202", "R77", "091000010000102"),
        Entry("26", 500, "1000001", "X", "091000010000203", "R03", "091000010000999"),
    ], batch=2)  # fmt: skip


def _ach_autopay_change() -> str:
    """A notification of change (addenda 98, C01: the account number) of autopay.ach."""
    return ach("261125", [
        Entry("26", 0, "1000234", "THOMAS DONNA", "091000010000301", change_code="C01",
              original_trace="091000010000101", change_data="5566778899"),
    ], batch=3)  # fmt: skip


def _ach_returns_two_batches() -> str:
    """A return file of two batches: R01 of a debit (26), R03 of a credit (21)."""
    return ach_file("261125", [
        Batch([Entry("26", 12550, "1000234", "THOMAS DONNA", "091000010000401", "R01",
                     "091000010000111")], sec="WEB", description="TRANSFER"),
        Batch([Entry("21", 4200, "1000477", "SMITH JULIA", "091000010000402", "R03",
                     "091000010000112")], sec="WEB", description="TRANSFER"),
    ])  # fmt: skip


def _ach_trimmed_lines() -> str:
    """A PPD debit whose records are right-trimmed (69, 55 characters...)."""
    batch = Batch([Entry("27", 48125, "1000645", "RIVERA CARLOS", "091000010000501")],
                  service_class="225")  # fmt: skip
    return ach_file("261124", [batch], trim=True)


def _ach_ccd() -> str:
    """Corporate (CCD) debits of one company: a premium of $3,500.00 and a $1.25 fee."""
    entries = [
        Entry("27", 350000, "1000234", "THOMAS DONNA CONSULT", "091000010000601"),
        Entry("27", 125, "1000234", "THOMAS DONNA CONSULT", "091000010000602"),
    ]
    return ach_file("261124", [Batch(entries, sec="CCD", service_class="225",
                                     description="PREMIUM")])  # fmt: skip


def _ach_ctx() -> str:
    """A CTX debit with two type-05 addenda of EDI remittance."""
    entry = Entry(
        "27", 23200, "1000477", "SMITH JULIA CO", "091000010000701",
        addenda=[("05", "RMR*IV*INV10002394*116.00\\"), ("05", "RMR*IV*INV10002395*116.00\\")],
    )  # fmt: skip
    return ach_file("261124", [Batch([entry], sec="CTX", service_class="225")])


def _iat_addenda(name: str, cents: int, receiver_id: str) -> list[tuple[str, str]]:
    return [
        ("10", f"ANN{cents:018d}{'':22}{name:35}"),
        ("11", f"{'AR-TUI INSURANCE':35}{'1 PARK PLAZA':35}"),
        ("12", "COLUMBUS*OH\\".ljust(35) + "US*43215\\".ljust(35)),
        ("13", f"{'BANK':35}01{'091000019':34}{'US':3}"),
        ("14", f"{'ROYAL TRUST OF CANADA':35}01{'000312345':34}{'CA':3}"),
        ("15", f"{receiver_id:15}{'40 HARBOUR STREET':35}"),
        ("16", "TORONTO*ON\\".ljust(35) + "CA*M5J2N8\\".ljust(35)),
        ("17", "PREMIUM POLICY PA3000897 NOVEMBER 2026"),
        ("18", f"{'BANQUE DU NORD':35}01{'30004000031234567890':34}{'FR':3}"),
    ]


def _ach_iat() -> str:
    """An IAT batch (CAD to USD) of a debit and a credit, each with addenda 10 to 18."""
    entries = [
        Entry("27", 64000, "", "", "091000010000801", account="CA000312345004411",
              addenda=_iat_addenda("MAPLE LEAF TRADING LTD", 64000, "1000234")),
        Entry("22", 15000, "", "", "091000010000802", account="CA000312345004411",
              addenda=_iat_addenda("MAPLE LEAF TRADING LTD", 15000, "1000234")),
    ]  # fmt: skip
    return ach_file("261124", [Batch(entries, sec="IAT", description="TRADEPAYMT",
                                     currencies="CADUSD")])  # fmt: skip


def _ach_mixed() -> str:
    """A mixed batch (service class 200): a debit, a credit (a refund) and a prenote."""
    return ach("261124", [
        Entry("27", 23335, "1000234", "THOMAS DONNA", "091000010000901"),
        Entry("22", 5000, "1000477", "SMITH JULIA", "091000010000902"),
        Entry("28", 0, "1000645", "RIVERA CARLOS", "091000010000903"),
    ], batch=9)  # fmt: skip


def _ach_header_93() -> str:
    """The CCD file with a 93-character file header (ends in a space) and a wrong batch
    count in its file control."""
    lines = _ach_ccd().split("\n")
    lines[0] = lines[0][:93]
    control = next(i for i, line in enumerate(lines) if line.startswith("9000001"))
    lines[control] = "9000002" + lines[control][7:]
    return "\n".join(lines)


def _camt053_entry() -> CamtEntry:
    return CamtEntry(4250, "EUR", booked="2026-11-23", details=[
        TxDetail("NOTPROVIDED", "VAN DAM TRANSPORT BV", creditor_refs=["4200117734"]),
    ])  # fmt: skip


def _camt053_v2() -> str:
    """camt.053.001.02, IBAN account, one 42.50 EUR credit with a structured reference."""
    return camt("053", "02", [_camt053_entry()], account="NL02ARTU0123456789")


def _camt053_v8() -> str:
    """The same statement in camt.053.001.08: account by Othr/Id, with a TxsSummry."""
    return camt("053", "08", [_camt053_entry()], account="NL02ARTU0123456789", iban=False,
                summary=True)  # fmt: skip


def _camt054_v2() -> str:
    """camt.054.001.02: one credit entry of three transaction details, each with its amount
    and structured remittance (the second with two references): it splits in three."""
    entry = CamtEntry(50400, servicer_ref="ARTUI-NTF-0001", booked="2026-11-24T13:15:00+00:00",
                      details=[
        TxDetail("SMITH/INV10002394", "SMITH JULIA", ["INV10002394"], ["PREMIUM NOVEMBER"], 11600),
        TxDetail("THOMAS/1000234", "THOMAS DONNA", ["PA3000897", "1000234"], (), 30000),
        TxDetail("NOTPROVIDED", "RIVERA CARLOS", ["RF471000645"], ["ACCOUNT 1000645"], 8800),
    ])  # fmt: skip
    return camt("054", "02", [entry], account="4400112233", iban=False)


def _camt054_without_detail_amounts() -> str:
    """camt.054.001.02: one debit entry of three details that carry no amounts: one item."""
    entry = CamtEntry(75000, side="DBIT", servicer_ref="ARTUI-NTF-0002",
                      booked="2026-11-24T09:40:00+00:00", details=[
        TxDetail("ARTUI/REFUND/1", "", ["REF-0001"], ["REFUND 1 OF 3"]),
        TxDetail("ARTUI/REFUND/2", "", ["REF-0002"]),
        TxDetail("ARTUI/REFUND/3", "", ["REF-0003", "REF-0004"], ["REFUND 3 OF 3"]),
    ])  # fmt: skip
    return camt("054", "02", [entry], account="4400112233", iban=False)


CAMT_NO_STATEMENT = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr>
      <MsgId>ARTUI-053-02-0002</MsgId>
      <CreDtTm>2026-11-24T18:05:00+00:00</CreDtTm>
    </GrpHdr>
  </BkToCstmrStmt>
</Document>
"""

CAMT_EMPTY = """<?xml version='1.0' encoding='UTF-8' ?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.03">

</Document>
"""


def fixtures() -> dict[str, Callable[[], str]]:
    """Every file of tests/fixtures/bank/ built here (the CSV files are written by hand)."""
    wire = _bai2_wire_remittance
    return {
        # well formed
        "lockbox-invoices.bai2": lambda: bai2(
            "261124",
            [
                Detail(115, 11600, "", ("REMITTANCE FOLLOWS", "INVOICE INV10002396")),
                Detail(115, 30000, "1000234", ("CHECK 20331 SMITH",)),
                Detail(115, 17840, "", ("POLICY PA3000897", "CHECK 771")),
                Detail(115, 5000, "", ("NO REFERENCE GIVEN",)),
                Detail(475, 1000, "", ("CHECK PAID 1201",)),
            ],
        ),
        "bai2-summary-continued.bai2": _bai2_summary_continued,
        "bai2-two-groups.bai2": _bai2_two_groups,
        "bai2-88-without-slash.bai2": _bai2_88_without_slash,
        "bai2-as-of-2400.bai2": _bai2_as_of_2400,
        "bai2-wire-remittance.bai2": lambda: _crlf(wire()),
        "autopay.ach": _ach_autopay,
        "autopay-returns.ach": _ach_autopay_returns,
        "autopay-change.ach": _ach_autopay_change,
        "ach-returns-two-batches.ach": _ach_returns_two_batches,
        "ach-trimmed-lines.ach": _ach_trimmed_lines,
        "ach-ccd.ach": _ach_ccd,
        "ach-ctx-addenda.ach": _ach_ctx,
        "ach-iat.ach": _ach_iat,
        "ach-mixed.ach": _ach_mixed,
        "camt053-v2.xml": _camt053_v2,
        "camt053-v8.xml": _camt053_v8,
        "camt054-v2.xml": _camt054_v2,
        "camt054-v2-no-detail-amounts.xml": _camt054_without_detail_amounts,
        # must reject
        "bai2-record-00.bai2": lambda: (
            "00,BANK,AR-TUI,11/24/26,08/00,1,,,2/\n" + wire().split("\n", 1)[1]
        ),
        "bai2-bad-date.bai2": lambda: wire().replace(
            "01,BANK,AR-TUI,261124,", "01,BANK,AR-TUI,261131,", 1
        ),
        "bai2-bad-total.bai2": lambda: _retotal(wire(), ("49", "98", "99"), 1),
        "bai2-bad-counts.bai2": _bai2_bad_counts,
        "bai2-truncated.bai2": lambda: "\n".join(_bai2_summary_continued().split("\n")[:3]),
        "ach-header-93.ach": _ach_header_93,
        "camt-no-statement.xml": lambda: CAMT_NO_STATEMENT,
        "camt-empty.xml": lambda: CAMT_EMPTY,
    }


def main(folder: Path) -> None:
    for name, build in fixtures().items():
        (folder / name).write_bytes(build().encode())
        print(folder / name)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent / "fixtures" / "bank")
