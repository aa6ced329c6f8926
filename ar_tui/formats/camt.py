"""ISO 20022 bank-to-customer statements and notifications: camt.053 and camt.054 (any version)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree

from ar_tui.formats.model import BankFile, BankItem, FileRefused


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element, *path: str) -> Element | None:
    """The first descendant along `path`, ignoring namespaces."""
    current: Element | None = element
    for name in path:
        if current is None:
            return None
        current = next((c for c in current if _local(c.tag) == name), None)
    return current


def _children(element: Element, name: str) -> list[Element]:
    return [c for c in element if _local(c.tag) == name]


def _text(element: Element, *path: str) -> str:
    found = _child(element, *path)
    return (found.text or "").strip() if found is not None else ""


def _all_text(element: Element, name: str) -> list[str]:
    return [(e.text or "").strip() for e in element.iter() if _local(e.tag) == name and e.text]


# An ISO 20022 amount as banks write it: ASCII digits, a point, up to five decimals. Not
# `Infinity`, `1E+30`, or digits of another script, which Decimal() would all take.
_AMOUNT = re.compile(r"[0-9]{1,18}(\.[0-9]{1,5})?")
MAX_WHOLE_DIGITS = 13  # a hundred billion: beyond any one receipt, far inside SQLite's integers
# Entry statuses: only a booked entry is money; the others are listed, never posted.
BOOKED, NOT_MONEY = "BOOK", {"PDNG": "pending", "INFO": "information only", "FUTR": "future"}


def _cents(element: Element | None, name: str, where: str) -> tuple[int, str]:
    if element is None or not (element.text or "").strip():
        raise FileRefused(name, None, f"{where}: amount is missing")
    text = (element.text or "").strip()
    if not _AMOUNT.fullmatch(text):
        raise FileRefused(name, None, f"{where}: amount {text!r} is not a number")
    value = Decimal(text)
    if value != value.quantize(Decimal("0.01")):
        raise FileRefused(name, None, f"{where}: amount {value} has more than two decimals")
    if len(text.split(".")[0].lstrip("0")) > MAX_WHOLE_DIGITS:
        raise FileRefused(name, None, f"{where}: amount {text} is too large to be a payment")
    return int(value * 100), element.get("Ccy", "")


def _status(entry: Element, name: str, where: str) -> str:
    """BOOK, PDNG, INFO or FUTR (as text, or as a code in camt.053.001.08 and later); an
    entry without a status is booked, as the oldest versions write it."""
    status = _text(entry, "Sts", "Cd") or _text(entry, "Sts") or BOOKED
    if status != BOOKED and status not in NOT_MONEY:
        raise FileRefused(name, None, f"{where}: entry status {status!r} is not known")
    return status


def _day(entry: Element) -> date | None:
    for path in (("BookgDt", "Dt"), ("BookgDt", "DtTm"), ("ValDt", "Dt"), ("ValDt", "DtTm")):
        text = _text(entry, *path)
        if text:
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                return None
    return None


def parse(data: bytes, name: str) -> BankFile:
    """Read a camt.053 statement or camt.054 notification; its declared summaries must agree."""
    try:
        root = ElementTree.fromstring(data)
    except (ParseError, ValueError, LookupError) as exc:  # LookupError: an unknown encoding
        raise FileRefused(name, None, f"not well-formed XML ({exc})") from None
    if _local(root.tag) != "Document":
        raise FileRefused(name, None, "the root element is not an ISO 20022 Document")
    message = next(iter(root), None)
    if message is None:
        raise FileRefused(name, None, "the document is empty")
    kind = _local(message.tag)
    reports = {
        "BkToCstmrStmt": "Stmt",
        "BkToCstmrDbtCdtNtfctn": "Ntfctn",
        "BkToCstmrAcctRpt": "Rpt",
    }
    if kind not in reports:
        raise FileRefused(name, None, f"{kind} is not a camt.053/054 message")
    statements = _children(message, reports[kind])
    if not statements:
        raise FileRefused(name, None, "the group header is not followed by any statement")
    items: list[BankItem] = []
    declared = 0
    created = _created(message, name)
    for number, statement in enumerate(statements, start=1):
        account = _text(statement, "Acct", "Id", "IBAN") or _text(
            statement, "Acct", "Id", "Othr", "Id"
        )
        entries = _children(statement, "Ntry")
        totals = [0, 0]  # credit, debit
        booked: list[tuple[str, int, str]] = []  # (side, cents, currency) of booked entries
        for index, entry in enumerate(entries, start=1):
            where = f"statement {number} entry {index}"
            amount, currency = _cents(_child(entry, "Amt"), name, where)
            side = _text(entry, "CdtDbtInd")
            if side not in ("CRDT", "DBIT"):
                raise FileRefused(name, None, f"{where}: credit/debit indicator {side!r}")
            status = _status(entry, name, where)
            totals[side == "DBIT"] += amount
            if status == BOOKED:
                booked.append((side, amount, currency))
            day = _day(entry) or created
            if day is None:
                raise FileRefused(name, None, f"{where}: no booking or value date")
            found = _entry_items(entry, side, amount, currency, day, account, index, name)
            items.extend(_not_money(found, status, _reversal(entry, name, where)))
        _check_summary(statement, name, number, len(entries), totals)
        _check_balances(statement, name, number, booked)
        declared += totals[0] + totals[1]
    return BankFile(
        format="camt",
        items=tuple(items),
        declared_total_cents=declared,
        record_count=sum(len(_children(s, "Ntry")) for s in statements),
        currency=items[0].currency if items else "",
    )


def _created(message: Element, name: str) -> date | None:
    created = _text(message, "GrpHdr", "CreDtTm")
    if not created:
        return None
    try:
        return date.fromisoformat(created[:10])
    except ValueError:
        raise FileRefused(name, None, f"group header date {created!r} is not a date") from None


def _reversal(entry: Element, name: str, where: str) -> bool:
    flag = _text(entry, "RvslInd").lower()
    if flag not in ("", "true", "false"):
        raise FileRefused(name, None, f"{where}: reversal indicator {flag!r} is not true or false")
    return flag == "true"


def _not_money(items: list[BankItem], status: str, reversal: bool) -> list[BankItem]:
    """What an entry that is not booked money becomes: listed, with the reason, never posted.
    A reversal's credit/debit indicator is the original entry's: a reversed credit is an
    earlier receipt the bank takes back, which a person reverses on RECN."""
    if status == BOOKED and not reversal:
        return items
    why = (
        f"{NOT_MONEY[status]} entry ({status}): not booked money"
        if status != BOOKED
        else "reversal of an earlier entry: review it and reverse the receipt on RECN"
    )
    return [item._replace(kind="other", note=why) for item in items]


def _balance(statement: Element, code: str, name: str, number: int) -> tuple[int, str] | None:
    """A balance of type `code` (OPBD, CLBD) as signed cents and its currency, or None."""
    for element in _children(statement, "Bal"):
        kind = _text(element, "Tp", "CdOrPrtry", "Cd")
        if kind != code:
            continue
        cents, currency = _cents(_child(element, "Amt"), name, f"statement {number} {code}")
        side = _text(element, "CdtDbtInd") or "CRDT"
        return (cents if side == "CRDT" else -cents), currency
    return None


def _check_balances(
    statement: Element, name: str, number: int, booked: list[tuple[str, int, str]]
) -> None:
    """Opening booked balance + booked credits - booked debits = closing booked balance,
    wherever the statement's amounts are all in one currency (a statement that mixes them
    cannot be added up this way, and is not)."""
    opening = _balance(statement, "OPBD", name, number)
    closing = _balance(statement, "CLBD", name, number)
    if opening is None or closing is None:
        return
    currencies = {opening[1], closing[1]} | {currency for _, _, currency in booked}
    if len(currencies - {""}) > 1:
        return
    moved = sum(cents if side == "CRDT" else -cents for side, cents, _ in booked)
    if opening[0] + moved != closing[0]:
        raise FileRefused(
            name, None,
            f"statement {number} does not roll forward: opening {opening[0]} + entries {moved}"
            f" is not the closing balance {closing[0]}",
        )  # fmt: skip


def _check_summary(
    statement: Element, name: str, number: int, count: int, totals: list[int]
) -> None:
    summary = _child(statement, "TxsSummry")
    if summary is None:
        return
    declared_count = _text(summary, "TtlNtries", "NbOfNtries")
    if declared_count and not (declared_count.isascii() and declared_count.isdigit()):
        raise FileRefused(
            name, None, f"statement {number} entry count {declared_count!r} is not a number"
        )
    if declared_count and int(declared_count) != count:
        raise FileRefused(
            name, None, f"statement {number} declares {declared_count} entries but has {count}"
        )
    for path, actual in (
        (("TtlCdtNtries", "Sum"), totals[0]),
        (("TtlDbtNtries", "Sum"), totals[1]),
    ):
        found = _child(summary, *path)
        if found is not None and found.text:
            cents, _ = _cents(found, name, f"statement {number} summary")
            if cents != actual:
                raise FileRefused(
                    name, None,
                    f"statement {number} {path[0]} sum {cents}"
                    f" does not match the entries ({actual})",
                )  # fmt: skip


def _entry_items(
    entry: Element,
    side: str,
    amount: int,
    currency: str,
    day: date,
    account: str,
    index: int,
    name: str,
) -> list[BankItem]:
    reference = _text(entry, "AcctSvcrRef") or _text(entry, "NtryRef")
    details = [d for n in _children(entry, "NtryDtls") for d in _children(n, "TxDtls")]
    base_key = f"camt:{account}:{reference or day.isoformat()}:{amount}:{index}"

    def item(key: str, cents: int, element: Element, ref: str) -> BankItem:
        texts = tuple(
            _all_text(element, "Ustrd")
            + _all_text(element, "Ref")
            + _all_text(element, "EndToEndId")
        )
        parties = _child(element, "RltdPties")
        names = _all_text(parties, "Nm") if parties is not None else []
        payer = next(iter(names), "")
        return BankItem(
            line=index,
            kind="payment" if side == "CRDT" else "other",
            key=key,
            amount_cents=cents,
            received_date=day,
            method="wire",
            reference=ref,
            currency=currency,
            payer=payer,
            document_hints=tuple(_all_text(element, "Ref")),
            texts=tuple(t for t in texts if t and t != "NOTPROVIDED"),
            note="" if side == "CRDT" else "debit entry: not a receipt",
        )

    split: list[BankItem] = []
    for number, detail in enumerate(details, start=1):
        found = _child(detail, "AmtDtls", "TxAmt", "Amt")
        if found is None:
            found = _child(detail, "Amt")
        if found is None:
            split = []
            break
        cents, _ = _cents(found, name, f"entry {index} detail {number}")
        ref = (
            _text(detail, "Refs", "EndToEndId") or _text(detail, "Refs", "AcctSvcrRef") or reference
        )
        split.append(item(f"{base_key}:{number}", cents, detail, ref))
    if split and sum(i.amount_cents for i in split) == amount:
        return split
    return [item(base_key, amount, entry, reference)]
