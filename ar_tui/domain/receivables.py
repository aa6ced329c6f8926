"""Validation of one row of a receivables extract; returns the row or the reasons it is bad."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import NamedTuple

from ar_tui.domain.errors import ArError
from ar_tui.domain.geography import STATE_TIME_ZONES
from ar_tui.domain.models import ITEM_TYPES
from ar_tui.domain.money import parse_money
from ar_tui.domain.search import code_key, is_account_number, phone_key

COLUMNS = (
    "account_number",
    "account_name",
    "customer_type",
    "bill_type",
    "line_of_business",
    "agency_code",
    "state",
    "time_zone",
    "phone",
    "email",
    "address",
    "policy_number",
    "document_number",
    "item_type",
    "bill_date",
    "due_date",
    "amount",
)
REQUIRED = (
    "account_number",
    "account_name",
    "customer_type",
    "bill_type",
    "line_of_business",
    "state",
    "document_number",
    "item_type",
    "due_date",
    "amount",
)


class ReceivableRow(NamedTuple):
    """A valid row: account fields (repeated per item) and one open item.

    A NamedTuple rather than a model: an extract has a million of them, and each was
    checked field by field before it is built.
    """

    account_number: str
    account_name: str
    customer_type: str
    bill_type: str
    line_of_business: str
    agency_code: str | None
    state: str
    time_zone: str
    phone: str | None
    email: str | None
    address: str | None
    policy_number: str | None
    document_number: str
    item_type: str
    bill_date: date | None
    due_date: date
    amount_cents: int


def missing_columns(header: list[str]) -> list[str]:
    """Required columns the header lacks."""
    present = {name.strip().lower() for name in header}
    return [name for name in REQUIRED if name not in present]


def _date(value: str, name: str, errors: list[str]) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(f"{name} {value!r} is not a date YYYY-MM-DD")
        return None


def parse_row(raw: dict[str, str], zones: Collection[str]) -> ReceivableRow | list[str]:
    """Check one CSV row against the known IANA `zones`; a list of reasons when it is bad.

    The keys are the header's column names, lower case; values are stripped here.
    """
    row = {key: value.strip() if value else "" for key, value in raw.items()}
    errors = [f"{name} is empty" for name in REQUIRED if not row.get(name)]
    if errors:
        return errors
    number = row["account_number"]
    if not is_account_number(number):
        errors.append(f"account_number {number!r} must be 1 to 12 digits")
    if row["customer_type"].lower() not in ("consumer", "commercial"):
        errors.append(f"customer_type {row['customer_type']!r} is not consumer or commercial")
    if row["bill_type"].lower() not in ("direct", "agency"):
        errors.append(f"bill_type {row['bill_type']!r} is not direct or agency")
    if row["item_type"].lower() not in ITEM_TYPES:
        errors.append(f"item_type {row['item_type']!r} is not one of {', '.join(ITEM_TYPES)}")
    state = row["state"].upper()
    zone = row.get("time_zone", "")
    if state not in STATE_TIME_ZONES and not zone:
        errors.append(f"state {row['state']!r} is not a US state code and no time_zone is given")
    if zone and zone not in zones:
        errors.append(f"time_zone {zone!r} is not an IANA time zone")
    due = _date(row["due_date"], "due_date", errors)
    bill = _date(row["bill_date"], "bill_date", errors) if row.get("bill_date") else None
    if bill and due and bill > due:
        errors.append("bill_date is after due_date")
    phone = row.get("phone") or None
    if phone and not 10 <= len(phone_key(phone)) <= 15:
        errors.append(f"phone {phone!r} does not have 10 to 15 digits")
    email = row.get("email") or None
    if email and ("@" not in email or " " in email):
        errors.append(f"email {email!r} is not an address")
    cents = 0
    try:
        cents = parse_money(row["amount"], allow_negative=True)
    except ArError as exc:
        errors.append(f"amount {row['amount']!r}: {exc.message.lower()}")
    if len(row["account_name"]) > 120:
        errors.append("account_name is longer than 120 characters")
    if errors or due is None:
        return errors
    return ReceivableRow(
        account_number=number,
        account_name=row["account_name"],
        customer_type=row["customer_type"].lower(),
        bill_type=row["bill_type"].lower(),
        line_of_business=row["line_of_business"],
        agency_code=code_key(row["agency_code"]) if row.get("agency_code") else None,
        state=state,
        time_zone=zone or STATE_TIME_ZONES[state],
        phone=phone,
        email=email,
        address=row.get("address") or None,
        policy_number=code_key(row["policy_number"]) if row.get("policy_number") else None,
        document_number=row["document_number"],
        item_type=row["item_type"].lower(),
        bill_date=bill,
        due_date=due,
        amount_cents=cents,
    )
