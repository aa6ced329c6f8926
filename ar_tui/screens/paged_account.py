"""An account screen whose body is a list read one page at a time (ITEM, HIST)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.widgets import Static

from ar_tui.domain.models import Page
from ar_tui.screens.account_base import AccountScreen
from ar_tui.widgets.pagetable import Column, PageTable


class PagedAccountScreen(AccountScreen):
    """Subclasses give the columns, the service that reads a page, and the cells of a row."""

    COLUMNS: ClassVar[Sequence[Column]] = ()
    PF_KEYS: ClassVar[tuple[str, ...]] = (
        "help", "exit", "menu", "refresh", "next_account", "backward", "forward", "notes",
        "prev_screen", "next_screen", "cancel",
    )  # fmt: skip
    NOUN: ClassVar[str] = "ROWS"

    def compose_body(self) -> ComposeResult:
        yield Static(id="account-line")
        yield PageTable(self.COLUMNS, id="rows")
        yield Static(id="totals")

    def page_size(self) -> int:
        return max(5, self.app.size.height - 9)

    async def read_page(self, key: tuple | None, limit: int) -> Page[Any]:
        raise NotImplementedError

    def cells(self, row: Any) -> Sequence[str]:
        raise NotImplementedError

    async def header_text(self) -> tuple[str, str]:
        """(account line above the list, totals line below it)."""
        raise NotImplementedError

    def refresh_data(self) -> None:
        self.show(self.query_one(PageTable).current_start())

    def show(self, key: tuple | None) -> None:
        table = self.query_one(PageTable)

        async def job() -> None:
            page = await self.read_page(key, self.page_size())
            account_line, totals = await self.header_text()
            self.query_one("#account-line", Static).update(account_line)
            self.query_one("#totals", Static).update(totals)
            table.show_page(((row, self.cells(row)) for row in page.rows), page.next_key)
            if not page.rows:
                self.say(f"AR0320I NO {self.NOUN}")
            elif not self.message or self.message.startswith("AR032"):
                more = "; PF8 FOR MORE" if page.has_more else ""
                self.say(f"AR0321I PAGE {table.page_number}{more}")
            table.focus()

        self.load(job)

    async def pf_forward(self) -> None:
        self.turn_page(self.query_one(PageTable), True, self.show, self.NOUN)

    async def pf_backward(self) -> None:
        self.turn_page(self.query_one(PageTable), False, self.show, self.NOUN)
