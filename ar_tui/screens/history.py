"""HIST: an account's transaction history from the ledger, newest first, with running balance."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ar_tui.domain.display import format_amount, format_date
from ar_tui.domain.models import LedgerEntry, Page
from ar_tui.screens.paged_account import PagedAccountScreen
from ar_tui.services import accounts


class History(PagedAccountScreen):
    """Every ledger entry of the account, newest first."""

    CODE = "HIST"
    TITLE = "TRANSACTION HISTORY"
    NOUN = "ENTRIES"
    COLUMNS = (
        ("DATE", 10, False),
        ("TYPE", 10, False),
        ("DOCUMENT", 11, False),
        ("AMOUNT", 12, True),
        ("BALANCE", 12, True),
        ("MEMO", 17, False),
    )
    HELP = (
        "HIST lists every ledger entry of the account, newest first: charges, fees,\n"
        "payments, adjustments, reversals and write-offs, each with the balance after\n"
        "it. Nothing in the ledger is ever changed: a mistake shows as a reversal.\n"
        "PF7/PF8 page; PF10 back to ITEM, PF11 on to ACIQ."
    )

    async def read_page(self, key: tuple | None, limit: int) -> Page[Any]:
        return await self.call(
            accounts.history, self.ar_app.session, self.account_number, key, limit
        )

    def cells(self, row: LedgerEntry) -> Sequence[str]:
        locale = self.ar_app.header.locale
        return (
            format_date(row.business_date, locale),
            row.entry_type.upper()[:10],
            row.document_number or "",
            format_amount(row.amount_cents, locale),
            format_amount(row.balance_after_cents, locale),
            row.memo.upper(),
        )

    async def header_text(self) -> tuple[str, str]:
        found = await self.call(accounts.view, self.ar_app.session, self.account_number)
        return (f" ACCOUNT {found.account.account_number}  {found.account.name[:40]}", "")
