"""What a bank file itself declares, read here independently of ar-tui's readers.

Used only for files ar-tui accepted: a file that passed its own checks has these records
where this reading expects them.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from ar_tui.domain.ach_codes import TRANSACTION_CODES

SUMMARY = re.compile(
    r"^BATCH (?P<batch>\d+) (?P<format>[A-Z0-9]+) (?P<name>.*): (?P<items>\d+) ITEMS,"
    r" FILE TOTAL (?P<declared>-?\d+\.\d\d), RECEIPTS (?P<receipts>-?\d+\.\d\d);"
    r" (?P<word>POSTED|WOULD POST) (?P<posted>-?\d+\.\d\d) \((?P<matched>\d+) MATCHED\),"
    r" UNAPPLIED (?P<unapplied>-?\d+\.\d\d) \((?P<unmatched>\d+) UNMATCHED\),"
    r" RETURNS (?P<returns>\d+), CHANGES (?P<changes>\d+), REJECTED (?P<rejected>\d+)$"
)
DRY_SUMMARY = re.compile(SUMMARY.pattern.replace(r"^BATCH (?P<batch>\d+)", r"^DRY RUN"))


def cents(text: str) -> int:
    return int(Decimal(text) * 100)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _lines(text: str) -> list[str]:
    return [
        line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()
    ]


def bai2_declared(data: bytes) -> tuple[int, int]:
    """(the 99 trailer's file total, the credits of amount > 0 among the 16 details)."""
    lines = _lines(_text(data))
    trailer = next(line for line in lines if line.startswith("99"))
    total_field = trailer[3:].split("/", 1)[0].split(",")[0].strip()
    declared = int(total_field.lstrip("+") or "0") if total_field.lstrip("+-") else 0
    receipts = 0
    for line in lines:
        if line[:2] == "16":
            fields = line[3:].split(",")
            code, amount = int(fields[0]), fields[1].strip()
            value = int(amount.lstrip("+") or "0") if amount.lstrip("+-") else 0
            if 100 <= code < 400 and value > 0:
                receipts += value
    return declared, receipts


def ach_declared(data: bytes) -> tuple[int, int]:
    """(the 9 file control's debits + credits, the debit entries of amount > 0)."""
    lines = [line.ljust(94) for line in _lines(_text(data))]
    control = next(line for line in lines if line[0] == "9" and line.strip("9 "))
    declared = int(control[31:43]) + int(control[43:55])
    receipts = 0
    for line in (line for line in lines if line[0] == "6"):
        info = TRANSACTION_CODES[line[1:3]]
        amount = int(line[29:39])
        # An entry with an addenda 98 or 99 has a return or change code (else it is refused).
        if info.purpose == "entry" and info.side == "debit" and amount > 0:
            receipts += amount
    return declared, receipts


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def camt_declared(data: bytes) -> tuple[int, int]:
    """(every entry's amount, credit and debit, the booked non-reversal credits)."""
    root = ElementTree.fromstring(data)
    declared = receipts = 0
    for entry in root.iter():
        if _local(entry.tag) != "Ntry":
            continue
        children = {_local(c.tag): c for c in entry}
        amount = int(Decimal(children["Amt"].text.strip()) * 100)
        declared += amount
        status_el = children.get("Sts")
        status = ""
        if status_el is not None:
            code = next((c for c in status_el if _local(c.tag) == "Cd"), None)
            status = ((code.text if code is not None else status_el.text) or "").strip()
        reversal = children.get("RvslInd")
        reversed_ = reversal is not None and (reversal.text or "").strip().lower() == "true"
        side = (children["CdtDbtInd"].text or "").strip()
        if side == "CRDT" and status in ("", "BOOK") and not reversed_:
            receipts += amount
    return declared, receipts


def money(text: str) -> int | None:
    """An amount as a person writes one (`1234.5`, `1,234.50`, `$1,234.50`), or None."""
    body = text.strip()
    negative = body.startswith("-")
    body = body.removeprefix("-").removeprefix("$").replace(",", "")
    if not re.fullmatch(r"[0-9]+(\.[0-9]{1,2})?", body, re.ASCII):
        return None
    try:
        value = int(Decimal(body) * 100)
    except InvalidOperation:
        return None
    return -value if negative else value


def csv_declared(data: bytes) -> tuple[int, int] | None:
    """A remittance CSV declares no total: its receipts are the sum of its amounts."""
    rows = list(csv.DictReader(io.StringIO(_text(data).lstrip("\ufeff"), newline="")))
    total = 0
    for row in rows:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        key = next(k for k in row if k and k.strip().lower() == "amount")
        value = money(row[key] or "")
        if value is None:
            return None
        total += value
    return total, total


def declared(fmt: str, data: bytes) -> tuple[int, int] | None:
    """(file total, receipts) the file declares, or None where it cannot be read here."""
    return {
        "bai2": bai2_declared,
        "ach": ach_declared,
        "camt": camt_declared,
        "csv": csv_declared,
    }[fmt](data)
