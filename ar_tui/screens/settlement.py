"""SETL: offer to settle for less (an amount or a percentage), within the approval limit."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.domain.display import format_amount, format_date
from ar_tui.domain.errors import UsageError
from ar_tui.screens.arrangement_base import ArrangementScreen
from ar_tui.services import settlements
from ar_tui.services.settlements import Offer, SettlementLine
from ar_tui.widgets.fields import DATE, Field
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("MADE", 10, False),
    ("BALANCE", 13, True),
    ("OFFER", 13, True),
    ("DUE", 11, False),
    ("STATUS", 9, False),
)


class SettlementScreen(ArrangementScreen):
    """OFFER (1500.00 or 60%) and DUE; Enter shows the discount, Enter again records it."""

    CODE = "SETL"
    TITLE = "SETTLEMENT OFFER"
    FIRST_FIELD = "offer"
    FIELD_FOR: ClassVar[dict[str, str]] = {"amount": "offer"}
    HELP = (
        "SETL offers to settle the account for less than the balance. OFFER is an\n"
        "amount (1500.00) or a percentage of the balance (60%); DUE is the date it must\n"
        "be paid by (within 30 days, setting settlement_max_days). Enter shows the\n"
        "offer and the discount; Enter again records it. A discount above your\n"
        "approval limit waits for a supervisor (`ar-tui approve`). When payments since\n"
        "the offer reach it by the due date, the nightly cycle writes off the rest of\n"
        "the balance with reason SETTLEMENT; unpaid at the due date, the offer fails.\n"
        "A DUE marked * is not a banking day: paid by the next banking day is in time."
    )

    def compose_body(self) -> ComposeResult:
        yield Static(id="account-line")
        with Horizontal(classes="row"):
            yield Label(" OFFER ===> ", classes="label")
            yield Field(
                12,
                field_name="offer",
                restrict=r"[0-9$,.%]*",
                accepts="AN AMOUNT OR A PERCENT ONLY (NO SIGN)",
            )
            yield Label(" DUE ===> ", classes="label")
            yield Field(10, field_name="due", restrict=DATE)
            yield Label("  AN AMOUNT, OR 60% OF THE BALANCE", classes="label")
        yield Static(id="settlement-summary")
        yield Static(" OFFERS, NEWEST FIRST", classes="hint")
        yield PageTable(COLUMNS, id="settlement-list")

    def refresh_data(self) -> None:
        async def job() -> None:
            view = await self.account_line()
            lines = await self.call(
                settlements.settlements_of, self.ar_app.session, view.account.id
            )
            self.query_one(PageTable).show_page(
                ((line, self.cells(line)) for line in lines[: max(5, self.app.size.height - 11)]),
                None,
            )

        self.load(job)

    async def pf_cancel(self) -> None:
        self.query_one("#settlement-summary", Static).update("")
        await super().pf_cancel()

    def cells(self, line: SettlementLine) -> tuple[str, ...]:
        locale = self.ar_app.header.locale
        return (
            format_date(line.made, locale),
            format_amount(line.balance_cents, locale),
            format_amount(line.offer_cents, locale),
            self.due(line.due),
            line.status.upper(),
        )

    def summary(self, offer: Offer) -> str:
        approval = "NEEDS APPROVAL" if offer.needs_approval else "WITHIN YOUR LIMIT"
        return (
            f" OFFER {self.money(offer.offer_cents)} OF {self.money(offer.balance_cents)},"
            f" DISCOUNT {self.money(offer.discount_cents)}: {approval}"
        )[:78]

    async def process(self) -> None:
        self.require_lock()
        text = self.value_of("offer")
        if not text:
            raise UsageError("AR0832E", "THE OFFER IS REQUIRED", "offer")
        due = self.day_in("due")
        request = (text, due)
        session = self.ar_app.session
        if request == self.shown:
            offer = await self.call(
                settlements.offer_settlement, session, self.account_number, text, due, "SETL"
            )
            self.query_one("#settlement-summary", Static).update(self.summary(offer))
            waits = f"; APPROVAL {offer.approval_id} REQUESTED" if offer.approval_id else ""
            self.done(f"AR0838I SETTLEMENT OFFER RECORDED{waits}", ("offer", "due"))
            return
        offer = await self.call(
            settlements.preview_settlement, session, self.account_number, text, due
        )
        self.shown = request
        self.query_one("#settlement-summary", Static).update(self.summary(offer))
        self.say(f"AR0839I PRESS ENTER TO RECORD THIS OFFER DUE {self.due(due)}, PF12 TO CANCEL")
