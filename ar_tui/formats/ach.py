"""NACHA ACH files (94-character records): entries, returns (R codes) and notifications of change.

The file is read as one the company originated to collect premiums: a debit entry
is money collected from a customer (a payment); a credit entry is money sent out
and is shown, never posted; a return (addenda 99) undoes the payment it names by
its trace number; a notification of change (addenda 98) corrects bank data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ar_tui.formats.model import BankFile, BankItem, FileRefused

RECORD = 94
DEBITS = frozenset({"27", "37", "47", "55"})
CREDITS = frozenset({"22", "32", "42", "52"})
PRENOTES = frozenset(
    {"23", "28", "33", "38", "43", "48", "53", "24", "29", "34", "39", "44", "49", "54"}
)
RETURN_OF_DEBIT = frozenset({"26", "36", "46", "56"})
RETURN_OF_CREDIT = frozenset({"21", "31", "41", "51"})


def _date(text: str) -> date | None:
    if len(text) != 6 or not text.isdigit():
        return None
    try:
        return date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def _number(text: str, name: str, line: int, what: str) -> int:
    if not text.strip().isdigit():
        raise FileRefused(name, line, f"{what} {text.strip()!r} is not a number")
    return int(text)


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
    for number, raw in enumerate(text.splitlines(), start=1):
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
    return BankFile(
        format="ach",
        items=tuple(items),
        declared_total_cents=file_debits + file_credits,
        record_count=len(lines),
        file_date=created,
    )


def _check(name: str, line: int, what: str, text: str, actual: int) -> None:
    declared = _number(text, name, line, what)
    if declared != actual:
        raise FileRefused(name, line, f"{what} {declared} does not match the entries ({actual})")


def _batch(
    lines: list[tuple[int, str]], index: int, name: str, created: date, items: list[BankItem]
) -> tuple[int, tuple[int, int, int, int]]:
    number, header = lines[index]
    sec = header[50:53]
    effective = _date(header[69:75]) or created
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
    entry_hash = sum(_number(e.record[3:11], name, e.line, "receiving DFI") for e in entries)
    debits = credits = 0
    for entry in entries:
        code = entry.record[1:3]
        amount = _number(entry.record[29:39], name, entry.line, "amount")
        # The second digit of a transaction code says the side: 1-4 credit, 5-9 debit.
        if code[1] in "56789":
            debits += amount
        else:
            credits += amount
        items.append(_item(entry, code, amount, name))
    control_line, control = lines[index]
    if control[1:4] != header[1:4]:
        raise FileRefused(name, control_line, "batch control service class differs from its header")
    _check(name, control_line, "entry and addenda count", control[4:10], count)
    _check(name, control_line, "entry hash", control[10:20], entry_hash % 10**10)
    _check(name, control_line, "total debit amount", control[20:32], debits)
    _check(name, control_line, "total credit amount", control[32:44], credits)
    return index + 1, (count, entry_hash, debits, credits)


def _item(entry: _Entry, code: str, amount: int, name: str) -> BankItem:
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
        if kind == "99":
            return BankItem(
                kind="return",
                key=f"ach-return:{trace}",
                return_code=addenda[3:6].strip(),
                original_trace=addenda[6:21].strip(),
                note="return of a credit" if code in RETURN_OF_CREDIT else "",
                **base,  # type: ignore[arg-type]
            )
        if kind == "98":
            return BankItem(
                kind="change",
                key=f"ach-change:{trace}",
                change_code=addenda[3:6].strip(),
                original_trace=addenda[6:21].strip(),
                change_data=addenda[35:64].strip(),
                **base,  # type: ignore[arg-type]
            )
        if kind not in {"05", "10", "11", "12", "13", "14", "15", "16", "17", "18"}:
            raise FileRefused(name, line, f"addenda type {kind!r} is not known")
    if code in DEBITS and amount > 0:
        return BankItem(kind="payment", key=f"ach:{trace}", **base)  # type: ignore[arg-type]
    note = (
        "prenote (no money)"
        if code in PRENOTES
        else f"credit entry (transaction code {code}): money sent, not received"
    )
    return BankItem(kind="other", key=f"ach:{trace}", note=note, **base)  # type: ignore[arg-type]
