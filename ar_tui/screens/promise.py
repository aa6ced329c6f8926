"""PROM: record a promise to pay (amount, date, channel); the account's promises, newest first."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.domain.display import format_amount, format_date
from ar_tui.domain.errors import UsageError
from ar_tui.domain.money import parse_money
from ar_tui.screens.arrangement_base import ArrangementScreen
from ar_tui.services import arrangements
from ar_tui.services.arrangements import PromiseLine
from ar_tui.widgets.fields import DATE, Field
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("MADE", 10, False),
    ("AMOUNT", 13, True),
    ("PROMISED", 11, False),
    ("CHANNEL", 8, False),
    ("STATUS", 9, False),
    ("KEPT", 13, True),
)


class PromiseScreen(ArrangementScreen):
    """Type the amount and the date (and the channel) and press Enter."""

    CODE = "PROM"
    TITLE = "PROMISE TO PAY"
    FIRST_FIELD = "amount"
    HELP = (
        "PROM records a promise to pay: AMOUNT (no more than the balance), DATE (from\n"
        "the business date to 30 days out, setting promise_max_days) and CHANNEL (CALL,\n"
        "EMAIL, LETTER, TEXT, INBOUND; blank: CALL). A new promise replaces one still\n"
        "pending. The nightly cycle marks a promise KEPT when payments received from\n"
        "the day it was made to its date cover it, BROKEN otherwise; a broken promise\n"
        "raises the account's priority. No promise can be made during a bankruptcy.\n"
        "A date marked * is not a banking day: the promise is kept if paid by the next."
    )

    #: The channel of the contact this promise was made in (NOTE with outcome PROMISE).
    prefill_channel = ""

    def compose_body(self) -> ComposeResult:
        yield Static(id="account-line")
        with Horizontal(classes="row"):
            yield Label(" AMOUNT ===> ", classes="label")
            yield Field(12, field_name="amount", restrict=r"[0-9$,.]*")
            yield Label(" DATE ===> ", classes="label")
            yield Field(10, field_name="date", restrict=DATE)
            yield Label(" CHANNEL ===> ", classes="label")
            yield Field(
                7, field_name="channel", restrict=r"[A-Za-z]*", value=self.prefill_channel.upper()
            )
        yield Static(" PROMISES, NEWEST FIRST", classes="hint")
        yield PageTable(COLUMNS, id="promise-list")

    def refresh_data(self) -> None:
        async def job() -> None:
            view = await self.account_line()
            lines = await self.call(arrangements.promises_of, self.ar_app.session, view.account.id)
            limit = max(5, self.app.size.height - 10)
            self.query_one(PageTable).show_page(
                ((line, self.cells(line)) for line in lines[:limit]), None
            )

        self.load(job)

    def cells(self, line: PromiseLine) -> tuple[str, ...]:
        locale = self.ar_app.header.locale
        return (
            format_date(line.made, locale),
            format_amount(line.amount_cents, locale),
            self.due(line.promised),
            line.channel.upper(),
            line.status.upper(),
            format_amount(line.kept_cents, locale) if line.status == "kept" else "",
        )

    async def process(self) -> None:
        self.require_lock()
        text = self.value_of("amount")
        if not text:
            raise UsageError("AR0401E", "AMOUNT IS REQUIRED", "amount")
        amount = parse_money(text)
        promised = self.day_in("date")
        await self.call(
            arrangements.make_promise, self.ar_app.session, self.account_number, amount,
            promised, self.value_of("channel") or "call", "PROM",
        )  # fmt: skip
        self.done(
            f"AR0814I PROMISE OF {self.money(amount)} BY {self.due(promised)} RECORDED",
            ("amount", "date", "channel"),
        )
