"""What PROM, PLAN and SETL share: the account's line, fields above a list, Enter twice."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, ClassVar

from textual.widgets import Static

from ar_tui.domain.banking_days import is_banking_day
from ar_tui.domain.display import format_date, format_money
from ar_tui.domain.models import AccountView
from ar_tui.screens.account_base import AccountScreen
from ar_tui.services import accounts
from ar_tui.widgets.fields import Field


class ArrangementScreen(AccountScreen):
    """An agreement with the customer on one account; a change is locked to its worker."""

    PF_KEYS: ClassVar[tuple[str, ...]] = (
        "help", "exit", "menu", "refresh", "next_account", "notes", "cancel",
    )  # fmt: skip

    def __init__(self, account_number: str) -> None:
        super().__init__(account_number)
        # What Enter showed last: the same request again confirms it.
        self.shown: tuple[Any, ...] | None = None

    def due(self, day: date) -> str:
        """A date the customer pays by, marked `*` when it is not a banking day (the nightly
        cycle honours it through the next banking day)."""
        header = self.ar_app.header
        mark = "" if is_banking_day(day, header.banking_calendar) else "*"
        return format_date(day, header.locale) + mark

    def money(self, cents: int) -> str:
        header = self.ar_app.header
        return format_money(cents, header.locale, header.currency)

    async def account_line(self) -> AccountView:
        """Read the account and show who it is, what is owed and its status."""
        view = await self.call(accounts.view, self.ar_app.session, self.account_number)
        a = view.account
        self.query_one("#account-line", Static).update(
            f" ACCOUNT {a.account_number}  {a.name[:24]:<24}  BALANCE"
            f" {self.money(view.balance_cents):>13}  {a.collection_status.upper()[:10]}"
        )
        return view

    def done(self, message: str, fields: Iterable[str]) -> None:
        """Enter did its work: clear the fields, say so, show the account again, and put the
        cursor back on the first field for the next one."""
        self.shown = None
        for name in fields:
            self.query_one(f"#{name}", Field).value = ""
        self.say(message)
        self.refresh_data()
        self.query_one(f"#{self.FIRST_FIELD}", Field).focus()

    async def pf_cancel(self) -> None:
        """Forget what Enter showed and show the account's own state again."""
        self.shown = None
        await super().pf_cancel()
        self.refresh_data()
