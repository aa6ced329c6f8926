"""BAI2 cash-management files: lockbox and detail records with their 88 continuations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ar_tui.formats.model import BankFile, BankItem, FileRefused

# Detail type codes by kind of receipt; 100-399 are credits, 400-699 debits.
LOCKBOX = frozenset({115, 116, 118, 121, 122})
WIRES = frozenset({191, 195, 196, 198, 199, 201, 206, 208})
ACH = frozenset({142, 143, 145, 147, 165, 166, 167, 168, 169})


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
    line: int
    code: str
    fields: list[str]
    text: str = ""


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
    body = body.lstrip("+-")
    if not body:
        return 0
    if not body.isdigit():
        raise FileRefused(name, line, f"{what} {text!r} is not a number")
    return sign * int(body)


def _date(text: str, name: str, line: int) -> date:
    body = text.strip()
    try:
        if len(body) != 6 or not body.isdigit():
            raise ValueError
        return date(2000 + int(body[:2]), int(body[2:4]), int(body[4:6]))
    except ValueError:
        raise FileRefused(name, line, f"date {text!r} is not a date YYMMDD") from None


def _records(text: str, name: str) -> list[_Record]:
    """Physical lines to records; an 88 continues the text of the record before it."""
    records: list[_Record] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        code = line[:2]
        if code not in {"01", "02", "03", "16", "49", "88", "98", "99"}:
            raise FileRefused(name, number, f"record code {code!r} is not a BAI2 record")
        if code == "88":
            if not records:
                raise FileRefused(name, number, "88 continuation with nothing to continue")
            body = line[3:].removesuffix("/")
            prior = next(r for r in reversed(records) if r.code != "88")
            if prior.code == "16":
                prior.text = f"{prior.text} {body}".strip()
            else:
                prior.fields += body.split(",")
            records.append(_Record(number, "88", []))
            continue
        body = line[3:]
        # A slash ends a record; only a 16's free text may hold slashes of its own.
        body = body.removesuffix("/") if code == "16" else body.split("/", 1)[0]
        records.append(_Record(number, code, body.split(",")))
    if not records:
        raise FileRefused(name, None, "the file is empty")
    return records


def _funds_extra(fields: list[str], index: int) -> int:
    """How many fields follow a funds type code at `index` (S: 3, V: 2, D: 1 + 2 per pair)."""
    funds = fields[index].strip().upper() if index < len(fields) else ""
    if funds == "S":
        return 3
    if funds == "V":
        return 2
    if funds == "D":
        count = fields[index + 1].strip() if index + 1 < len(fields) else ""
        return 1 + 2 * (int(count) if count.isdigit() else 0)
    return 0


def _detail(record: _Record, name: str) -> tuple[int, int, str, str, str]:
    """(type code, amount, bank reference, customer reference, text) of a 16 record."""
    fields = record.fields
    if len(fields) < 2 or not fields[0].strip().isdigit():
        raise FileRefused(name, record.line, "16 record without a type code")
    type_code = int(fields[0])
    amount = _amount(fields[1], name, record.line, "amount")
    index = 3 + _funds_extra(fields, 2)
    bank_ref = fields[index].strip() if len(fields) > index else ""
    customer_ref = fields[index + 1].strip() if len(fields) > index + 1 else ""
    text = ",".join(fields[index + 2 :]).strip().removesuffix("/").strip()
    if record.text:
        text = f"{text} {record.text}".strip()
    return type_code, amount, bank_ref, customer_ref, text


def _summary_total(fields: list[str], name: str, line: int) -> int:
    """Sum of the amounts in an 03 record's summary groups (type, amount, count, funds...)."""
    total = 0
    index = 0
    while index + 1 < len(fields):
        type_code = fields[index].strip()
        if not type_code:
            index += 1
            continue
        total += _amount(fields[index + 1], name, line, "summary amount")
        index += 4 + _funds_extra(fields, index + 3)
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
    closed = False
    for record in records[1:]:
        if closed:
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
            _check_trailer(record, name, sum(group_totals), len(group_totals), file_records, "file")
            closed = True
        elif code == "01":
            raise FileRefused(name, record.line, "a second 01 file header")
    if not closed:
        raise FileRefused(name, records[-1].line, "the file ends without a 99 trailer (truncated?)")
    return BankFile(
        format="bai2",
        items=tuple(items),
        declared_total_cents=sum(group_totals),
        record_count=file_records,
        currency=items[0].currency if items else "USD",
    )


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
        credit = 100 <= type_code < 400
        items.append(
            BankItem(
                line=record.line,
                kind="payment" if credit and amount > 0 else "other",
                key=f"{base}:{seen[base]}",
                amount_cents=amount,
                received_date=group["as_of"],
                method=method_for(type_code),
                reference=customer_ref or bank_ref,
                currency=account.currency,
                # The customer reference is where a lockbox puts the payer's account number.
                account_hint=customer_ref if customer_ref.isdigit() else None,
                texts=tuple(t for t in (customer_ref, text) if t),
                note="" if credit else f"debit type {type_code}: not a receipt",
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
    count = int(fields[1]) if len(fields) > 1 and fields[1].strip().isdigit() else None
    if count is not None and count != account.records:
        raise FileRefused(
            name, trailer.line,
            f"account {account.number} record count {count}"
            f" does not match its {account.records} records",
        )  # fmt: skip


def _check_trailer(
    record: _Record, name: str, total: int, children: int, records: int, level: str
) -> None:
    fields = record.fields
    declared = _amount(fields[0] if fields else "", name, record.line, f"{level} control total")
    if declared != total:
        raise FileRefused(
            name,
            record.line,
            f"{level} control total {declared} does not match its records ({total})",
        )
    if len(fields) > 1 and fields[1].strip().isdigit() and int(fields[1]) != children:
        what = "accounts" if level == "group" else "groups"
        raise FileRefused(
            name, record.line, f"{level} trailer says {fields[1]} {what}, the file has {children}"
        )
    if len(fields) > 2 and fields[2].strip().isdigit() and int(fields[2]) != records:
        raise FileRefused(
            name,
            record.line,
            f"{level} record count {fields[2]} does not match its {records} records",
        )
