"""FIND: account search by number, name, policy, phone or agency code."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Label, Static

from ar_tui.domain.display import format_amount
from ar_tui.domain.models import AccountSummary
from ar_tui.screens.base import ArScreen
from ar_tui.services import accounts
from ar_tui.widgets.fields import Field
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("ACCOUNT", 12, False),
    ("NAME", 32, False),
    ("TYPE", 4, False),
    ("ST", 2, False),
    ("STATUS", 10, False),
    ("BALANCE", 13, True),
)


class FindScreen(ArScreen):
    """Type a search, press Enter, pick a line with the cursor keys and press Enter for ACIQ."""

    CODE = "FIND"
    TITLE = "ACCOUNT SEARCH"
    FIRST_FIELD = "search"
    PF_KEYS: ClassVar[tuple[str, ...]] = (
        "help", "exit", "menu", "refresh", "next_account", "backward", "forward", "cancel",
    )  # fmt: skip
    HELP = (
        "SEARCH takes an account number, a policy number, a phone number, an agency\n"
        "code, or the start of a name (SMITH, JO finds SMITH, JOHN). Leave BY blank and\n"
        "the search tries each kind in that order; or set BY to NUMBER, NAME, POLICY,\n"
        "PHONE or AGENCY. Enter searches; the cursor keys pick an account and Enter\n"
        "opens it in ACIQ. PF7/PF8 page through the matches."
    )

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self.initial_query = query
        self.kind: str | None = None

    def history_argument(self) -> str:
        """PF3 back to FIND searches again for what was last searched for here."""
        return self.value_of("search")

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(" SEARCH ===> ", classes="label")
            yield Field(32, field_name="search", value=self.initial_query, max_length=60)
            yield Label("  BY ===> ", classes="label")
            yield Field(7, field_name="by")
        yield Static(
            " NAME, ACCOUNT, POLICY, PHONE OR AGENCY.  BY: NAME NUMBER POLICY PHONE AGENCY",
            classes="hint",
        )
        yield PageTable(COLUMNS, id="results", shows_detail=False)

    def on_mount(self) -> None:
        super().on_mount()
        if self.initial_query:
            self.search()

    def page_size(self) -> int:
        return max(5, self.app.size.height - 9)

    def refresh_data(self) -> None:
        if self.query_one("#search", Field).value.strip() and self.kind:
            self.search(self.query_one(PageTable).current_start(), keep_pages=True)

    async def process(self) -> None:
        self.search()

    def search(self, after: tuple | None = None, keep_pages: bool = False) -> None:
        text = self.query_one("#search", Field).value
        by = self.query_one("#by", Field).value.strip() or None
        table = self.query_one(PageTable)
        if not keep_pages:
            table.reset()
            self.kind = None

        async def job() -> None:
            kind, page = await self.call(
                accounts.search,
                self.ar_app.session,
                text,
                by or self.kind,
                after,
                self.page_size(),
            )
            self.kind = kind
            locale = self.ar_app.header.locale
            table.show_page(((row, _cells(row, locale)) for row in page.rows), page.next_key)
            if not page.rows:
                self.say(f"AR0304W NO ACCOUNT MATCHES {text.strip().upper()!r}")
                self.query_one("#search", Field).focus()
                return
            more = "; PF8 FOR MORE" if page.has_more else ""
            self.say(
                f"AR0305I PAGE {table.page_number}: {len(page.rows)} ACCOUNTS BY"
                f" {kind.upper()}{more}; ENTER OPENS ONE"
            )
            table.focus()

        self.load(job)

    async def pf_forward(self) -> None:
        self.turn_page(self.query_one(PageTable), True, self._page, "ACCOUNTS")

    async def pf_backward(self) -> None:
        self.turn_page(self.query_one(PageTable), False, self._page, "ACCOUNTS")

    def _page(self, key: tuple | None) -> None:
        self.search(key, keep_pages=True)

    @on(DataTable.RowSelected, "#results")
    async def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.command_field().value.strip():
            await self.ar_app.enter(self)
            return
        summary = self.query_one(PageTable).selected_value()
        if summary is not None:
            await self.ar_app.navigate("ACIQ", summary.account_number)


def _cells(row: AccountSummary, locale: str) -> tuple[str, ...]:
    return (
        row.account_number,
        row.name,
        "CONS" if row.customer_type == "consumer" else "COMM",
        row.state,
        row.collection_status.upper()[:10],
        format_amount(row.balance_cents, locale),
    )
