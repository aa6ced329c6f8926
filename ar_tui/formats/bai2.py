"""BAI2 cash-management files: lockbox and detail records with their 88 continuations.

Every type code must be one the BAI2 code lists define, every amount, count and date
ASCII digits; the file's declared total is its 99 trailer's, checked against its records.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ar_tui.formats.model import (
    MAX_AMOUNT_CENTS,
    BankFile,
    BankItem,
    FileRefused,
    digits,
    physical_lines,
)

# Type codes, from the BAI Cash Management Balance Reporting Specifications version 2 and
# the codes added to its list since (as ministryofjustice/bai2 lists them): 001-099 are
# status codes (balances, float) that belong in an 03 record only; 100-399 credits and
# 400-699 debits, summary or detail; 900-999 are customer-defined. Of 700-899 only the
# codes below are defined.
STATUS = range(0, 100)
CREDITS = range(100, 400)
DEBITS = range(400, 700)
CUSTOMER_DEFINED = range(900, 1000)
STATUS_700 = frozenset({701, 703, 705, 707, 709})  # loan balances and amounts due
CREDITS_700 = frozenset({706, 708, 720, 721, 722, 723, 724, 725, 726, 727, 728, 827, 829})
DEBITS_700 = frozenset({760, 828})
NON_MONETARY = frozenset({890})

# Detail type codes by kind of receipt.
LOCKBOX = frozenset({115, 116, 118, 121, 122})
WIRES = frozenset({191, 195, 196, 198, 199, 201, 206, 208})
ACH = frozenset({142, 143, 145, 147, 165, 166, 167, 168, 169})

# At most this many digits in an amount: 13 of whole units and 2 of cents.
AMOUNT_DIGITS = len(str(MAX_AMOUNT_CENTS - 1))


def type_kind(code: int) -> str | None:
    """What a BAI2 type code is: status, credit, debit, non-monetary or customer (-defined);
    None for a code the lists do not define."""
    if code in STATUS or code in STATUS_700:
        return "status"
    if code in CREDITS or code in CREDITS_700:
        return "credit"
    if code in DEBITS or code in DEBITS_700:
        return "debit"
    if code in NON_MONETARY:
        return "non-monetary"
    if code in CUSTOMER_DEFINED:
        return "customer"
    return None


def method_for(type_code: int) -> str:
    if type_code in LOCKBOX:
        return "lockbox"
    if type_code in WIRES:
        return "wire"
    if type_code in ACH:
        return "ach"
    return "check"


@dataclass
class _Record:
    """A record and, for a 16, the text its 88 continuations add (joined when read)."""

    line: int
    code: str
    fields: list[str]
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The continuation texts joined by one space, as if each were appended in turn
        to the text so far with `f"{text} {part}".strip()`."""
        return " ".join(p.rstrip() for p in self.parts if p.strip()).lstrip()


@dataclass
class _Account:
    line: int
    number: str
    currency: str
    total: int = 0
    records: int = 1
    details: list[_Record] = field(default_factory=list)


def _amount(text: str, name: str, line: int, what: str) -> int:
    body = text.strip()
    sign = -1 if body.startswith("-") else 1
    if body[:1] in ("+", "-"):
        body = body[1:]
    if not body:
        return 0
    if not digits(body):
        raise FileRefused(name, line, f"{what} {text!r} is not a number")
    significant = body.lstrip("0")
    if len(significant) > AMOUNT_DIGITS:
        raise FileRefused(
            name, line,
            f"{what} of {len(significant)} digits: more than {AMOUNT_DIGITS - 2} digits"
            " of whole units",
        )  # fmt: skip
    return sign * int(significant or "0")


def _count(text: str, name: str, line: int, what: str) -> int | None:
    """A count of a trailer or funds type; None when left blank."""
    body = text.strip()
    if not body:
        return None
    if not digits(body) or len(body) > 9:
        raise FileRefused(name, line, f"{what} {text!r} is not a number")
    return int(body)


def _date(text: str, name: str, line: int) -> date:
    body = text.strip()
    try:
        if len(body) != 6 or not digits(body):
            raise ValueError
        return date(2000 + int(body[:2]), int(body[2:4]), int(body[4:6]))
    except ValueError:
        raise FileRefused(name, line, f"date {text!r} is not a date YYMMDD") from None


def _type_code(text: str, name: str, line: int, record: str) -> int:
    """A type code (3 digits) the BAI2 lists define; status codes only in an 03 record."""
    body = text.strip()
    if len(body) != 3 or not digits(body):
        raise FileRefused(name, line, f"type code {text!r} is not 3 digits")
    code = int(body)
    kind = type_kind(code)
    if kind is None:
        raise FileRefused(name, line, f"type code {body} is not a BAI2 type code")
    if kind == "status" and record != "03":
        raise FileRefused(name, line, f"status type code {body} belongs in an 03 record")
    return code


def _records(text: str, name: str) -> list[_Record]:
    """Physical lines to records; an 88 continues the text of the record before it.

    Linear in the lines: the record an 88 continues is remembered, not searched for, and
    a 16's continuation texts are joined once, when read.
    """
    records: list[_Record] = []
    prior: _Record | None = None  # the last record that is not an 88
    for number, raw in enumerate(physical_lines(text), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        code = line[:2]
        if code not in {"01", "02", "03", "16", "49", "88", "98", "99"}:
            raise FileRefused(name, number, f"record code {code!r} is not a BAI2 record")
        if code == "88":
            if prior is None:
                raise FileRefused(name, number, "88 continuation with nothing to continue")
            body = line[3:].removesuffix("/")
            if prior.code == "16":
                prior.parts.append(body)
            else:
                prior.fields += body.split(",")
            records.append(_Record(number, "88", []))
            continue
        body = line[3:]
        # A slash ends a record; only a 16's free text may hold slashes of its own.
        body = body.removesuffix("/") if code == "16" else body.split("/", 1)[0]
        prior = _Record(number, code, body.split(","))
        records.append(prior)
    if not records:
        raise FileRefused(name, None, "the file is empty")
    return records


def _funds_extra(fields: list[str], index: int, name: str, line: int) -> int:
    """How many fields follow a funds type code at `index` (S: 3, V: 2, D: 1 + 2 per pair)."""
    funds = fields[index].strip().upper() if index < len(fields) else ""
    if funds == "S":
        return 3
    if funds == "V":
        return 2
    if funds == "D":
        text = fields[index + 1] if index + 1 < len(fields) else ""
        count = _count(text, name, line, "distributed availability count") or 0
        if index + 2 + 2 * count > len(fields):
            raise FileRefused(name, line, f"distributed availability count {count} of no fields")
        return 1 + 2 * count
    return 0


def _detail(record: _Record, name: str) -> tuple[int, int, str, str, str]:
    """(type code, amount, bank reference, customer reference, text) of a 16 record."""
    fields = record.fields
    if len(fields) < 2 or not fields[0].strip():
        raise FileRefused(name, record.line, "16 record without a type code")
    type_code = _type_code(fields[0], name, record.line, "16")
    amount = _amount(fields[1], name, record.line, "amount")
    index = 3 + _funds_extra(fields, 2, name, record.line)
    bank_ref = fields[index].strip() if len(fields) > index else ""
    customer_ref = fields[index + 1].strip() if len(fields) > index + 1 else ""
    text = ",".join(fields[index + 2 :]).strip().removesuffix("/").strip()
    continued = record.text
    if continued:
        text = f"{text} {continued}".strip()
    return type_code, amount, bank_ref, customer_ref, text


def _summary_total(fields: list[str], name: str, line: int) -> int:
    """Sum of the amounts in an 03 record's summary groups (type, amount, count, funds...)."""
    total = 0
    index = 0
    while index + 1 < len(fields):
        if not fields[index].strip():
            index += 1
            continue
        _type_code(fields[index], name, line, "03")
        total += _amount(fields[index + 1], name, line, "summary amount")
        index += 4 + _funds_extra(fields, index + 3, name, line)
    return total


def parse(text: str, name: str) -> BankFile:
    """Read and check a BAI2 file; any disagreement refuses the whole file."""
    records = _records(text, name)
    if records[0].code != "01":
        raise FileRefused(name, records[0].line, "a BAI2 file starts with an 01 file header")
    if len(records[0].fields) > 2:
        _date(records[0].fields[2], name, records[0].line)
    items: list[BankItem] = []
    group_totals: list[int] = []
    group: dict | None = None
    account: _Account | None = None
    file_records = 1
    seen: dict[str, int] = {}
    declared = None
    for record in records[1:]:
        if declared is not None:
            raise FileRefused(name, record.line, "records after the 99 file trailer")
        file_records += 1
        if group is not None:
            group["records"] += 1
        if account is not None:
            account.records += 1
        code = record.code
        if code == "02":
            if group is not None:
                raise FileRefused(name, record.line, "02 group header inside an open group")
            fields = record.fields
            as_of = _date(fields[3] if len(fields) > 3 else "", name, record.line)
            currency = (fields[5].strip() if len(fields) > 5 else "") or "USD"
            group = {"line": record.line, "as_of": as_of, "currency": currency, "total": 0,
                     "accounts": 0, "records": 1}  # fmt: skip
        elif code == "03":
            if group is None or account is not None:
                raise FileRefused(name, record.line, "03 account record outside a group")
            fields = record.fields
            account = _Account(
                line=record.line,
                number=fields[0].strip() if fields else "",
                currency=(fields[1].strip() if len(fields) > 1 else "") or group["currency"],
            )
            account.details.append(record)
        elif code == "16":
            if account is None:
                raise FileRefused(name, record.line, "16 detail record outside an account")
            account.details.append(record)
        elif code == "49":
            if account is None or group is None:
                raise FileRefused(name, record.line, "49 account trailer without an account")
            _close_account(account, record, group, items, seen, name)
            group["total"] += account.total
            group["accounts"] += 1
            account = None
        elif code == "98":
            if group is None or account is not None:
                raise FileRefused(name, record.line, "98 group trailer without a closed group")
            _check_trailer(
                record, name, group["total"], group["accounts"], group["records"], "group"
            )
            group_totals.append(group["total"])
            group = None
        elif code == "99":
            if group is not None:
                raise FileRefused(name, record.line, "99 file trailer inside an open group")
            declared = _check_trailer(
                record, name, sum(group_totals), len(group_totals), file_records, "file"
            )
        elif code == "01":
            raise FileRefused(name, record.line, "a second 01 file header")
    if declared is None:
        raise FileRefused(name, records[-1].line, "the file ends without a 99 trailer (truncated?)")
    return BankFile(
        format="bai2",
        items=tuple(items),
        declared_total_cents=declared,
        record_count=file_records,
        currency=items[0].currency if items else "USD",
    )


def _note(type_code: int, kind: str | None, amount: int) -> str:
    """Why a detail is shown but not posted ("" for a receipt)."""
    if type_code in CREDITS:
        return "" if amount > 0 else f"credit type {type_code} of no amount"
    if kind == "debit":
        return f"debit type {type_code}: not a receipt"
    if kind == "credit":
        return f"credit type {type_code} (loan or foreign clearing): not read as a receipt"
    if kind == "customer":
        return f"customer-defined type {type_code}: not read as a receipt"
    return f"type {type_code}: non-monetary information"


def _close_account(
    account: _Account,
    trailer: _Record,
    group: dict,
    items: list[BankItem],
    seen: dict[str, int],
    name: str,
) -> None:
    for record in account.details:
        if record.code == "03":
            account.total += _summary_total(record.fields[2:], name, record.line)
            continue
        type_code, amount, bank_ref, customer_ref, text = _detail(record, name)
        account.total += amount
        base = (
            f"bai2:{account.number}:{group['as_of']}:{type_code}:{amount}:{bank_ref}:{customer_ref}"
        )
        seen[base] = seen.get(base, 0) + 1
        note = _note(type_code, type_kind(type_code), amount)
        items.append(
            BankItem(
                line=record.line,
                kind="payment" if type_code in CREDITS and amount > 0 else "other",
                key=f"{base}:{seen[base]}",
                amount_cents=amount,
                received_date=group["as_of"],
                method=method_for(type_code),
                reference=customer_ref or bank_ref,
                currency=account.currency,
                # The customer reference is where a lockbox puts the payer's account number.
                account_hint=customer_ref if digits(customer_ref) else None,
                texts=tuple(t for t in (customer_ref, text) if t),
                note=note,
            )
        )
    fields = trailer.fields
    total = _amount(fields[0] if fields else "", name, trailer.line, "account control total")
    if total != account.total:
        raise FileRefused(
            name, trailer.line,
            f"account {account.number} control total {total}"
            f" does not match its records ({account.total})",
        )  # fmt: skip
    text = fields[1] if len(fields) > 1 else ""
    count = _count(text, name, trailer.line, "account record count")
    if count is not None and count != account.records:
        raise FileRefused(
            name, trailer.line,
            f"account {account.number} record count {count}"
            f" does not match its {account.records} records",
        )  # fmt: skip


def _check_trailer(
    record: _Record, name: str, total: int, children: int, records: int, level: str
) -> int:
    """Check a 98 or 99 trailer against its records; its declared control total."""
    fields = record.fields
    declared = _amount(fields[0] if fields else "", name, record.line, f"{level} control total")
    if declared != total:
        raise FileRefused(
            name,
            record.line,
            f"{level} control total {declared} does not match its records ({total})",
        )
    what = "accounts" if level == "group" else "groups"
    said = _count(fields[1] if len(fields) > 1 else "", name, record.line, f"{level} {what}")
    if said is not None and said != children:
        raise FileRefused(
            name, record.line, f"{level} trailer says {said} {what}, the file has {children}"
        )
    count = _count(fields[2] if len(fields) > 2 else "", name, record.line, f"{level} records")
    if count is not None and count != records:
        raise FileRefused(
            name,
            record.line,
            f"{level} record count {count} does not match its {records} records",
        )
    return declared
