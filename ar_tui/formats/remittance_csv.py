"""CSV remittance files: one payment a row, with a header naming the columns.

Columns: received_date (YYYY-MM-DD), amount, and optionally method, reference,
account_number, document_number (several separated by `;`), policy_number, payer, memo.

Every line ends with an end of line: a file whose last line has none was cut short (a
transfer that stopped mid-row, `187.5` for `187.51`) and is refused, as is one that ends
inside a quoted field. Dates, amounts and the account, document and policy numbers are
ASCII: `str.isdigit()` and `date.fromisoformat()` take more than a bank file may hold.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from ar_tui.domain.errors import ArError
from ar_tui.domain.money import parse_money
from ar_tui.domain.payments import check_method
from ar_tui.formats.model import BankFile, BankItem, FileRefused, physical_lines

COLUMNS = (
    "received_date",
    "amount",
    "method",
    "reference",
    "account_number",
    "document_number",
    "policy_number",
    "payer",
    "memo",
)
REQUIRED = ("received_date", "amount")
IDENTIFIERS = ("account_number", "document_number", "policy_number")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def looks_like(text: str) -> bool:
    first = text.lstrip("\ufeff").split("\n", 1)[0].lower()
    return all(name in first for name in REQUIRED)


def parse(text: str, name: str) -> BankFile:
    """Every row must be good, or the whole file is refused with the first bad line."""
    text = text.lstrip("\ufeff")
    if text and not text.endswith(("\n", "\r")):
        last = len(physical_lines(text))
        raise FileRefused(name, last, "the last line has no end of line: the file was cut short")
    # newline="": lines end in LF, CR LF or CR, and the csv module reads quoted ones whole.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    items: list[BankItem] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    methods: dict[str, str] = {}
    strip = str.strip
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise FileRefused(name, 1, f"missing columns {', '.join(missing)}")
        width = len(header)
        for fields in reader:
            line = reader.line_num
            if not fields:
                continue
            if len(fields) > width:
                errors.append(f"line {line}: more fields than the header has columns")
                continue
            # A short row's missing fields are empty: `amount is required`, never a KeyError.
            fields += [""] * (width - len(fields))
            row = dict(zip(header, map(strip, fields), strict=True))
            try:
                item = _item(row, line, seen, methods)
            except ArError as exc:
                errors.append(f"line {line}: {exc.message.lower()}")
                continue
            items.append(item)
    except csv.Error as exc:
        reason = str(exc)
        if reason == "unexpected end of data":
            reason = "the file ends inside a quoted field: it was cut short"
        raise FileRefused(name, reader.line_num, reason) from None
    if errors:
        more = f" (and {len(errors) - 1} more bad rows)" if len(errors) > 1 else ""
        first_line = int(errors[0].split(":")[0].removeprefix("line "))
        raise FileRefused(name, first_line, errors[0].split(": ", 1)[1] + more)
    if not items:
        raise FileRefused(name, None, "no payment rows")
    return BankFile(
        format="csv",
        items=tuple(items),
        declared_total_cents=sum(i.amount_cents for i in items),
        record_count=len(items),
    )


def _item(
    row: dict[str, str], line: int, seen: dict[str, int], methods: dict[str, str]
) -> BankItem:
    """One row as a bank item; `seen` numbers repeated rows, `methods` remembers checked ones."""
    written = row.get("received_date", "")
    if not written:
        raise ArError("AR0602E", "received_date is required")
    try:
        if not _DATE.fullmatch(written):
            raise ValueError
        received = date.fromisoformat(written)
    except ValueError:
        raise ArError("AR0602E", f"received_date {written!r} is not YYYY-MM-DD") from None
    amount = row.get("amount", "")
    if not amount.isascii():
        raise ArError("AR0402E", f"amount {amount!r} is not a number")
    for column in IDENTIFIERS:
        value = row.get(column, "")
        if not (value.isascii() and value.isprintable()):
            raise ArError("AR0602E", f"{column} {value!r} is not printable ASCII")
    cents = parse_money(amount)
    if cents <= 0:
        raise ArError("AR0412E", "amount must be greater than zero")
    named = row.get("method") or "check"
    method = methods.get(named)
    if method is None:
        method = methods[named] = check_method(named)
    account = row.get("account_number", "")
    listed = row.get("document_number", "")
    documents = tuple(d.strip() for d in listed.split(";") if d.strip()) if listed else ()
    base = f"csv:{row.get('reference', '')}:{received}:{cents}:{account}:{';'.join(documents)}"
    seen[base] = seen.get(base, 0) + 1
    return BankItem(
        line=line,
        kind="payment",
        key=f"{base}:{seen[base]}",
        amount_cents=cents,
        received_date=received,
        method=method,
        reference=row.get("reference", ""),
        payer=row.get("payer", ""),
        account_hint=account or None,
        document_hints=documents,
        policy_hint=row.get("policy_number") or None,
        texts=tuple(t for t in (row.get("memo", ""),) if t),
    )
