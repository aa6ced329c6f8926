"""WOFF: write off (charge off) a balance with a reason; the write-offs and recoveries."""

from __future__ import annotations

from textwrap import wrap

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.domain.display import format_amount, format_date
from ar_tui.domain.errors import UsageError
from ar_tui.domain.money import parse_money
from ar_tui.domain.writeoffs import REASONS
from ar_tui.screens.arrangement_base import ArrangementScreen
from ar_tui.services import writeoffs
from ar_tui.widgets.fields import Field
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("REQUESTED", 10, False),
    ("AMOUNT", 13, True),
    ("REASON", 22, False),
    ("STATUS", 9, False),
    ("POSTED", 10, False),
)


class WriteOffScreen(ArrangementScreen):
    """AMOUNT and REASON; Enter shows whether it is within your limit, Enter again posts."""

    CODE = "WOFF"
    TITLE = "WRITE-OFF AND RECOVERY"
    FIRST_FIELD = "amount"
    HELP = (
        "WOFF writes off (charges off) part or all of the balance, oldest items first,\n"
        "one ledger entry per item. REASON is one of UNCOLLECTIBLE, SMALL_BALANCE,\n"
        "SETTLEMENT, BANKRUPTCY_DISCHARGE, DECEASED, STATUTE_OF_LIMITATIONS, OTHER.\n"
        "Enter shows the write-off and whether it is within your approval limit;\n"
        "Enter again posts it, or asks a supervisor's approval (`ar-tui approve`).\n"
        "When the whole balance is written off the account is charged off, and a\n"
        "payment after that is a recovery: RECOVERIES shows what came in since."
    )

    def compose_body(self) -> ComposeResult:
        yield Static(id="account-line")
        with Horizontal(classes="row"):
            yield Label(" AMOUNT ===> ", classes="label")
            yield Field(12, field_name="amount", restrict=r"[0-9$,.]*")
            yield Label(" REASON ===> ", classes="label")
            yield Field(22, field_name="reason", restrict=r"[A-Za-z_ ]*")
        for line in wrap(" ".join(REASONS).upper(), 77):
            yield Static(f" {line}", classes="hint")
        yield Static(id="writeoff-summary")
        yield Static(id="recoveries")
        yield Static(" WRITE-OFFS, NEWEST FIRST", classes="hint")
        yield PageTable(COLUMNS, id="writeoff-list")

    def refresh_data(self) -> None:
        async def job() -> None:
            view = await self.account_line()
            session = self.ar_app.session
            rows = await self.call(writeoffs.writeoffs_of, session, view.account.id)
            count, cents = await self.call(writeoffs.recoveries, session, view.account.id)
            self.query_one("#recoveries", Static).update(
                f" RECOVERIES: {count} PAYMENTS, {self.money(cents)} SINCE THE CHARGE-OFF"
                if count
                else " RECOVERIES: NONE"
            )
            locale = self.ar_app.header.locale
            self.query_one(PageTable).show_page(
                (
                    (w, (format_date(w.requested, locale), format_amount(w.amount_cents, locale),
                         w.reason.upper(), w.status.upper(), format_date(w.posted, locale)))
                    for w in rows[: max(5, self.app.size.height - 15)]
                ),
                None,
            )  # fmt: skip

        self.load(job)

    async def pf_cancel(self) -> None:
        self.query_one("#writeoff-summary", Static).update("")
        await super().pf_cancel()

    async def process(self) -> None:
        self.require_lock()
        text = self.value_of("amount")
        if not text:
            raise UsageError("AR0864E", "THE AMOUNT IS REQUIRED", "amount")
        amount = parse_money(text)
        reason = self.value_of("reason")
        if not reason:
            raise UsageError("AR0865E", "THE REASON IS REQUIRED", "reason")
        request = (amount, reason.strip().lower())
        session = self.ar_app.session
        summary = self.query_one("#writeoff-summary", Static)
        if request == self.shown:
            result = await self.call(
                writeoffs.write_off, session, self.account_number, amount, reason, "WOFF"
            )
            summary.update("")
            if result.approval_id:
                said = f"AR0866I WRITE-OFF WAITS FOR APPROVAL {result.approval_id}"
            else:
                said = f"AR0867I WRITE-OFF {result.writeoff_id} POSTED"
            self.done(said, ("amount", "reason"))
            return
        shown = await self.call(writeoffs.preview, session, self.account_number, amount, reason)
        self.shown = request
        limit = "WITHIN YOUR LIMIT" if shown.within_limit else "NEEDS APPROVAL"
        whole = " (ALL: CHARGED OFF)" if amount == shown.balance_cents else ""
        money = f"{self.money(amount)} OF {self.money(shown.balance_cents)}"
        summary.update(f" WRITE OFF {money}{whole}, {limit}"[:78])
        self.say("AR0868I PRESS ENTER TO WRITE THIS OFF, PF12 TO CANCEL")
