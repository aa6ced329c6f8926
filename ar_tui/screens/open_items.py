"""ITEM: an account's open items — installments, audit premium, deductibles, fees."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ar_tui.domain.aging import days_past_due
from ar_tui.domain.display import format_amount, format_date, format_money
from ar_tui.domain.models import Item, Page
from ar_tui.screens.paged_account import PagedAccountScreen
from ar_tui.services import accounts

TYPE_CODES = {"premium": "PREM", "audit": "AUDIT", "deductible": "DEDUCT", "fee": "FEE"}


class OpenItems(PagedAccountScreen):
    """Open items oldest due first."""

    CODE = "ITEM"
    TITLE = "OPEN ITEMS"
    NOUN = "OPEN ITEMS"
    COLUMNS = (
        ("DOCUMENT", 11, False),
        ("TYPE", 6, False),
        ("POLICY", 10, False),
        ("BILLED", 10, False),
        ("DUE", 10, False),
        ("DAYS", 4, True),
        ("AMOUNT", 10, True),
        ("OPEN", 10, True),
    )
    HELP = (
        "ITEM lists the account's open items, oldest due first: premium installments,\n"
        "audit premium, deductible recoverables and fees, with days past due at the\n"
        "business date. PF7/PF8 page; PF10 back to ACIQ, PF11 on to HIST."
    )

    async def read_page(self, key: tuple | None, limit: int) -> Page[Any]:
        return await self.call(
            accounts.open_items, self.ar_app.session, self.account_number, key, limit
        )

    def cells(self, row: Item) -> Sequence[str]:
        header = self.ar_app.header
        days = max(0, days_past_due(row.due_date, header.business_day))
        return (
            row.document_number,
            TYPE_CODES.get(row.item_type, row.item_type.upper()),
            (row.policy_number or "")[:10],
            format_date(row.bill_date, header.locale),
            format_date(row.due_date, header.locale),
            str(days),
            format_amount(row.amount_cents, header.locale),
            format_amount(row.open_cents, header.locale),
        )

    async def header_text(self) -> tuple[str, str]:
        found = await self.call(accounts.view, self.ar_app.session, self.account_number)
        header = self.ar_app.header
        return (
            f" ACCOUNT {found.account.account_number}  {found.account.name[:40]}",
            f" OPEN ITEMS {found.open_item_count}   TOTAL OPEN"
            f" {format_money(found.open_items_cents, header.locale, header.currency)}"
            f"   BALANCE {format_money(found.balance_cents, header.locale, header.currency)}",
        )
