"""Validation of receivables extract rows."""

from __future__ import annotations

from datetime import date

from ar_tui.domain.receivables import ReceivableRow, missing_columns, parse_row

ZONES = {"America/Chicago", "America/New_York"}
GOOD = {
    "account_number": "2000001",
    "account_name": "ACME ROOFING LLC",
    "customer_type": "Commercial",
    "bill_type": "direct",
    "line_of_business": "Small Commercial",
    "agency_code": "ag-0001",
    "state": "il",
    "time_zone": "",
    "phone": "(312) 555-0100",
    "email": "ap@acme.example",
    "address": "1 MAIN ST",
    "policy_number": "bop 123",
    "document_number": "INV-1",
    "item_type": "premium",
    "bill_date": "2026-10-01",
    "due_date": "2026-10-21",
    "amount": "$1,234.56",
}


def test_a_good_row_is_normalized() -> None:
    row = parse_row(GOOD, ZONES)
    assert isinstance(row, ReceivableRow)
    assert row.amount_cents == 123456
    assert row.time_zone == "America/Chicago"  # from the state
    assert row.customer_type == "commercial"
    assert row.agency_code == "AG0001"
    assert row.policy_number == "BOP123"
    assert row.due_date == date(2026, 10, 21)


def test_every_fault_is_named() -> None:
    bad = {
        **GOOD,
        "account_number": "12A",
        "customer_type": "person",
        "item_type": "gift",
        "due_date": "10/21/2026",
        "amount": "12.345",
        "time_zone": "Mars/Base",
    }
    errors = parse_row(bad, ZONES)
    assert isinstance(errors, list)
    text = " | ".join(errors)
    for word in ("account_number", "customer_type", "item_type", "due_date", "amount", "time_zone"):
        assert word in text


def test_required_fields_and_columns() -> None:
    errors = parse_row({**GOOD, "account_name": " "}, ZONES)
    assert errors == ["account_name is empty"]
    assert missing_columns(["account_number", "amount"]) == [
        "account_name",
        "customer_type",
        "bill_type",
        "line_of_business",
        "state",
        "document_number",
        "item_type",
        "due_date",
    ]


def test_bill_date_after_due_date_is_refused() -> None:
    errors = parse_row({**GOOD, "bill_date": "2026-11-01"}, ZONES)
    assert errors == ["bill_date is after due_date"]
