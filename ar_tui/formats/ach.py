"""NACHA ACH files (94-character records): entries, returns (R codes) and notifications of change.

The file is read as one the company originated to collect premiums: a debit entry
is money collected from a customer (a payment); a credit entry is money sent out
and is shown, never posted; a return (addenda 99) undoes the payment it names by
its trace number; a notification of change (addenda 98) corrects bank data.

Every field the reader takes is checked before it is used: a transaction code is one
of NACHA's (its side, debit or credit, comes from that list, not from its second digit),
a routing number passes its check digit, numbers and dates are ASCII digits, and the
corrected data of a notification of change fits its change code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ar_tui.domain.ach_codes import (
    TRANSACTION_CODES,
    TransactionCode,
    forward_code,
    valid_dfi_account,
    valid_routing,
)
from ar_tui.formats.model import (
    BankFile,
    BankItem,
    Correction,
    FileRefused,
    digits,
    physical_lines,
)

RECORD = 94
# Addenda that only carry text: 05 payment related information, 10 to 18 the IAT addenda.
TEXT_ADDENDA = frozenset({"05", "10", "11", "12", "13", "14", "15", "16", "17", "18"})
_RETURN_CODE = re.compile(r"R[0-9]{2}", re.ASCII)
_CHANGE_CODE = re.compile(r"C[0-9]{2}", re.ASCII)


def _date(text: str) -> date | None:
    if len(text) != 6 or not digits(text):
        return None
    try:
        return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def _number(text: str, name: str, line: int, what: str) -> int:
    body = text.strip()
    if not digits(body):
        raise FileRefused(name, line, f"{what} {body!r} is not a number")
    return int(body)


@dataclass
class _Entry:
    line: int
    record: str
    sec: str
    effective: date
    addenda: list[tuple[int, str]] = field(default_factory=list)


def _lines(text: str, name: str) -> list[tuple[int, str]]:
    """Records padded to 94 characters; a short line that still ends in a space is malformed."""
    lines = []
    for number, raw in enumerate(physical_lines(text), start=1):
        if not raw.strip():
            continue
        if len(raw) > RECORD:
            raise FileRefused(name, number, f"record is {len(raw)} characters, not {RECORD}")
        if len(raw) < RECORD and raw.endswith(" "):
            raise FileRefused(name, number, f"record is {len(raw)} characters, not {RECORD}")
        lines.append((number, raw.ljust(RECORD)))
    if not lines:
        raise FileRefused(name, None, "the file is empty")
    return lines


def _routing_or_id(text: str, name: str, line: int, what: str) -> None:
    """An immediate destination or origin: a routing number (a blank or a 0, then nine
    digits), whose check digit must be right, or else an identifier the bank assigned."""
    if text[:1] in (" ", "0") and digits(text[1:]):
        if not valid_routing(text[1:]):
            raise FileRefused(
                name, line, f"{what} routing number {text[1:]!r} fails its check digit"
            )
    elif not (text.isascii() and text.isprintable()):
        raise FileRefused(name, line, f"{what} {text.strip()!r} is not an ASCII identifier")


def parse(text: str, name: str) -> BankFile:
    """Read and check an ACH file: every count, hash and total in its controls must agree."""
    lines = _lines(text, name)
    number, header = lines[0]
    if header[0] != "1":
        raise FileRefused(name, number, "an ACH file starts with a 1 file header")
    if header[34:37] != "094":
        raise FileRefused(name, number, f"record size {header[34:37]!r} is not 094")
    created = _date(header[23:29])
    if created is None:
        raise FileRefused(name, number, f"file creation date {header[23:29]!r} is not YYMMDD")
    _routing_or_id(header[3:13], name, number, "immediate destination")
    _routing_or_id(header[13:23], name, number, "immediate origin")
    items: list[BankItem] = []
    batches = entries_and_addenda = 0
    file_hash = file_debits = file_credits = 0
    index = 1
    closed = False
    while index < len(lines):
        number, record = lines[index]
        kind = record[0]
        if kind == "5":
            index, counts = _batch(lines, index, name, created, items)
            batches += 1
            entries_and_addenda += counts[0]
            file_hash += counts[1]
            file_debits += counts[2]
            file_credits += counts[3]
            continue
        if kind == "9":
            if record.strip("9 ") == "" and closed:
                index += 1
                continue
            if closed:
                raise FileRefused(name, number, "a second 9 file control")
            _check(name, number, "batch count", record[1:7], batches)
            _check(name, number, "entry and addenda count", record[13:21], entries_and_addenda)
            _check(name, number, "entry hash", record[21:31], file_hash % 10**10)
            _check(name, number, "total debit amount", record[31:43], file_debits)
            _check(name, number, "total credit amount", record[43:55], file_credits)
            blocks = -(-len(lines) // 10)
            _check(name, number, "block count", record[7:13], blocks)
            closed = True
            index += 1
            continue
        raise FileRefused(
            name, number, f"record type {kind!r} where a batch or file control belongs"
        )
    if not closed:
        raise FileRefused(name, lines[-1][0], "the file ends without a 9 file control (truncated?)")
    _unique_traces(items, name)
    return BankFile(
        format="ach",
        items=tuple(items),
        declared_total_cents=file_debits + file_credits,
        record_count=len(lines),
        file_date=created,
    )


def _unique_traces(items: list[BankItem], name: str) -> None:
    """An entry's trace number is unique in its file (NACHA): a repeat is a broken file,
    not a second payment."""
    seen: dict[str, int] = {}
    for item in items:
        earlier = seen.setdefault(item.key, item.line or 0)
        if earlier != (item.line or 0):
            raise FileRefused(
                name,
                item.line,
                f"trace number {item.reference} repeats the entry on line {earlier}",
            )


def _check(name: str, line: int, what: str, text: str, actual: int) -> None:
    declared = _number(text, name, line, what)
    if declared != actual:
        raise FileRefused(name, line, f"{what} {declared} does not match the entries ({actual})")


def _effective(text: str, name: str, line: int, created: date) -> date:
    """The batch's effective entry date; a return or change batch may leave it blank or zero."""
    if text.strip(" 0") == "":
        return created
    found = _date(text)
    if found is None:
        raise FileRefused(name, line, f"effective entry date {text!r} is not YYMMDD")
    return found


def _batch(
    lines: list[tuple[int, str]], index: int, name: str, created: date, items: list[BankItem]
) -> tuple[int, tuple[int, int, int, int]]:
    number, header = lines[index]
    sec = header[50:53]
    effective = _effective(header[69:75], name, number, created)
    odfi = header[79:87]
    if not digits(odfi):
        raise FileRefused(name, number, f"originating DFI {odfi!r} is not 8 digits")
    batch_number = header[87:94]
    entries: list[_Entry] = []
    count = 0
    index += 1
    while index < len(lines):
        number, record = lines[index]
        if record[0] == "6":
            entries.append(_Entry(number, record, sec, effective))
            count += 1
        elif record[0] == "7":
            if not entries:
                raise FileRefused(name, number, "addenda record before any entry")
            entries[-1].addenda.append((number, record))
            count += 1
        elif record[0] == "8":
            break
        else:
            raise FileRefused(
                name, number, f"record type {record[0]!r} inside batch {batch_number}"
            )
        index += 1
    else:
        raise FileRefused(name, lines[-1][0], f"batch {batch_number} has no 8 batch control")
    debits = credits = 0
    for entry in entries:
        code, info, amount = _entry_fields(entry, name)
        if info.side == "debit":
            debits += amount
        else:
            credits += amount
        items.append(_item(entry, code, info, amount, name))
    entry_hash = sum(int(e.record[3:11]) for e in entries)  # checked digits, by _entry_fields
    control_line, control = lines[index]
    if control[1:4] != header[1:4]:
        raise FileRefused(name, control_line, "batch control service class differs from its header")
    _check(name, control_line, "entry and addenda count", control[4:10], count)
    _check(name, control_line, "entry hash", control[10:20], entry_hash % 10**10)
    _check(name, control_line, "total debit amount", control[20:32], debits)
    _check(name, control_line, "total credit amount", control[32:44], credits)
    return index + 1, (count, entry_hash, debits, credits)


def _entry_fields(entry: _Entry, name: str) -> tuple[str, TransactionCode, int]:
    """The transaction code, what it means, and the amount of an entry; its routing and
    trace number checked."""
    record, line = entry.record, entry.line
    code = record[1:3]
    info = TRANSACTION_CODES.get(code)
    if info is None:
        raise FileRefused(name, line, f"transaction code {code!r} is not a NACHA transaction code")
    routing = record[3:12]
    if not (len(routing) == 9 and digits(routing)):
        raise FileRefused(name, line, f"receiving DFI routing number {routing!r} is not 9 digits")
    if not valid_routing(routing):
        raise FileRefused(
            name, line, f"receiving DFI routing number {routing!r} fails its check digit"
        )
    amount = _number(record[29:39], name, line, "amount")
    if not digits(record[79:94]):
        raise FileRefused(name, line, f"trace number {record[79:94].strip()!r} is not 15 digits")
    if amount and info.purpose in ("prenote", "zero dollar"):
        raise FileRefused(
            name, line, f"a {info.purpose} entry (transaction code {code}) with an amount {amount}"
        )
    return code, info, amount


def _item(entry: _Entry, code: str, info: TransactionCode, amount: int, name: str) -> BankItem:
    record = entry.record
    trace = record[79:94].strip()
    iat = entry.sec == "IAT"
    individual_id = "" if iat else record[39:54].strip()
    payer = "" if iat else record[54:76].strip()
    remittance = tuple(
        r[3:83].strip() for _, r in entry.addenda if r[1:3] == "05" and r[3:83].strip()
    )
    base = dict(
        line=entry.line,
        amount_cents=amount,
        received_date=entry.effective,
        method="ach",
        reference=trace,
        payer=payer,
        account_hint=individual_id or None,
        texts=remittance,
    )
    for line, addenda in entry.addenda:
        kind = addenda[1:3]
        if kind not in {"98", "99"}:
            if kind not in TEXT_ADDENDA:
                raise FileRefused(name, line, f"addenda type {kind!r} is not known")
            continue
        if info.purpose != "return":
            what = "return" if kind == "99" else "notification of change"
            raise FileRefused(
                name, line,
                f"a {what} (addenda {kind}) of an entry with transaction code {code},"
                " which is not a return or change code",
            )  # fmt: skip
        original = addenda[6:21]
        if not digits(original):
            raise FileRefused(
                name, line, f"original entry trace number {original.strip()!r} is not 15 digits"
            )
        if kind == "99":
            return_code = addenda[3:6]
            if not _RETURN_CODE.fullmatch(return_code):
                raise FileRefused(
                    name, line, f"return reason code {return_code.strip()!r} is not R and 2 digits"
                )
            return BankItem(
                kind="return",
                key=f"ach-return:{trace}",
                return_code=return_code,
                original_trace=original,
                note="return of a credit" if info.side == "credit" else "",
                **base,  # type: ignore[arg-type]
            )
        change_code = addenda[3:6]
        if not _CHANGE_CODE.fullmatch(change_code):
            raise FileRefused(
                name, line, f"change code {change_code.strip()!r} is not C and 2 digits"
            )
        if amount:
            raise FileRefused(
                name, entry.line, f"a notification of change moves no money: amount {amount}"
            )
        correction, data = _correction(change_code, addenda[35:64], name, line)
        return BankItem(
            kind="change",
            key=f"ach-change:{trace}",
            change_code=change_code,
            original_trace=original,
            change_data=data,
            correction=correction,
            **base,  # type: ignore[arg-type]
        )
    if info.purpose == "return":
        raise FileRefused(
            name, entry.line,
            f"transaction code {code} is a return or change code, but the entry has no"
            " addenda 99 or 98",
        )  # fmt: skip
    if info.purpose == "entry" and info.side == "debit" and amount > 0:
        return BankItem(kind="payment", key=f"ach:{trace}", **base)  # type: ignore[arg-type]
    if info.purpose == "prenote":
        note = "prenote (no money)"
    elif info.purpose == "zero dollar":
        note = "zero-dollar entry (remittance data, no money)"
    elif info.side == "debit":
        note = f"debit entry (transaction code {code}) of no amount: nothing received"
    else:
        note = f"credit entry (transaction code {code}): money sent, not received"
    return BankItem(kind="other", key=f"ach:{trace}", note=note, **base)  # type: ignore[arg-type]


def _correction(code: str, raw: str, name: str, line: int) -> tuple[Correction | None, str]:
    """The corrected data (positions 36-64 of an addenda 98) checked for its change code.

    The layouts are NACHA's (C03: routing, 3 blanks, account; C06: account, 3 blanks,
    code; C07: routing, account, code), read by their fields so that writers who align
    them otherwise are read too. Returns the fields and the data as one string of them.
    """
    text = raw.strip()

    def refuse(why: str) -> FileRefused:
        return FileRefused(name, line, f"{code} corrected data {text!r}: {why}")

    if not text:
        raise refuse("blank")

    def routing(value: str) -> str:
        if not (len(value) == 9 and digits(value)):
            raise refuse(f"routing number {value!r} is not 9 digits")
        if not valid_routing(value):
            raise refuse(f"routing number {value!r} fails its check digit")
        return value

    def account(value: str) -> str:
        if not valid_dfi_account(value):
            raise refuse(f"account number {value!r} is not 1 to 17 ASCII letters or digits")
        return value

    def transaction(value: str) -> str:
        if not forward_code(value):
            raise refuse(f"transaction code {value!r} is not a NACHA code of an entry")
        return value

    def one(values: list[str], what: str) -> str:
        if len(values) != 1:
            raise refuse(f"not one {what}")
        return values[0]

    def two(values: list[str]) -> tuple[str, str]:
        if len(values) != 2:
            raise refuse("not an account number and a transaction code")
        return values[0], values[1]

    bank = acct = tx = None
    if code == "C01":
        acct = account(one(text.split(), "account number"))
    elif code == "C02":
        bank = routing(one(text.split(), "routing number"))
    elif code == "C03":
        bank = routing(raw[:9])
        acct = account(one(raw[9:].split(), "account number after the routing number"))
    elif code == "C05":
        tx = transaction(one(text.split(), "transaction code"))
    elif code == "C06":
        first, second = two(text.split())
        acct, tx = account(first), transaction(second)
    elif code == "C07":
        bank = routing(raw[:9])
        rest = raw[9:].split()
        if len(rest) == 1:  # NACHA's layout: a 17-character account, the code right after
            rest = [raw[9:26].strip(), raw[26:28].strip(), *raw[28:].split()]
        first, second = two(rest)
        acct, tx = account(first), transaction(second)
    else:
        return None, text
    account_type = TRANSACTION_CODES[tx].account if tx else None
    correction = Correction(bank, acct, tx, account_type)
    return correction, " ".join(v for v in (bank, acct, tx) if v)
