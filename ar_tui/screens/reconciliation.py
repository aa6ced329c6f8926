"""RECN: the unapplied cash queue, applying and transferring payments, reversals, deposit totals."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Label, Static

from ar_tui.domain.display import format_amount, format_date, format_money
from ar_tui.domain.errors import UsageError
from ar_tui.domain.money import parse_money
from ar_tui.screens.base import ArScreen
from ar_tui.services import batches, payments
from ar_tui.services.batches import DepositLine
from ar_tui.services.payments import QueueLine
from ar_tui.widgets.fields import DATE, Field
from ar_tui.widgets.pagetable import PageTable

QUEUE_COLUMNS = (
    ("RECEIPT", 9, False),
    ("RECEIVED", 10, False),
    ("METHOD", 7, False),
    ("REFERENCE", 10, False),
    ("ACCOUNT", 9, False),
    ("UNAPPLIED", 11, True),
    ("REASON", 17, False),
)
DEPOSIT_COLUMNS = (
    ("BATCH", 5, True),
    ("FILE", 18, False),
    ("BANK", 11, True),
    ("POSTED", 11, True),
    ("UNAPPLIED", 11, True),
    ("VARIANCE", 10, True),
)
ACTIONS = {"A": "apply", "T": "transfer", "R": "reverse", "D": "deposits", "": "apply"}


class Reconciliation(ArScreen):
    """Pick a receipt from the queue (Enter on the list), choose an action and press Enter."""

    CODE = "RECN"
    TITLE = "RECONCILIATION"
    FIRST_FIELD = "action"
    PF_KEYS: ClassVar[tuple[str, ...]] = (
        "help", "exit", "menu", "refresh", "next_account", "backward", "forward", "cancel",
    )  # fmt: skip
    HELP = (
        "RECN works unapplied cash. The list is the queue, oldest first: cash that\n"
        "matched no account and credits left on accounts; Enter on a line puts its\n"
        "receipt in RECEIPT. ACTION A applies it to ACCOUNT (to the documents in ITEMS,\n"
        "else oldest due first; AMOUNT for part of it), T transfers a misapplied payment\n"
        "to ACCOUNT, R reverses a payment with REASON (NSF, STOP_PAYMENT,\n"
        "POSTED_IN_ERROR, CHARGEBACK, DUPLICATE). T and R: Enter shows what will move,\n"
        "Enter again does it; over your daily limit it waits for a supervisor. D shows\n"
        "the deposit reconciliation of DATE (bank amount, posted, unapplied, variance\n"
        "per batch). Every one of these is new entries in the ledger, never an edit."
    )

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(" ACTION ===> ", classes="label")
            yield Field(1, field_name="action", restrict=r"[AaTtRrDd]?")
            # Beside the action, so `D<Tab>date` is all a deposit reconciliation needs.
            yield Label(" DATE ===> ", classes="label")
            yield Field(10, field_name="date", restrict=DATE)
            yield Label(" A=APPLY T=TRANSFER R=REVERSE D=DEPOSITS", classes="label")
        with Horizontal(classes="row"):
            yield Label(" RECEIPT ===> ", classes="label")
            yield Field(10, field_name="receipt")
            yield Label(" ACCOUNT ===> ", classes="label")
            yield Field(10, field_name="account", restrict=r"[0-9]*")
            yield Label(" AMOUNT ===> ", classes="label")
            yield Field(12, field_name="amount", restrict=r"[0-9$,.]*")
        with Horizontal(classes="row"):
            yield Label(" ITEMS ===> ", classes="label")
            yield Field(24, field_name="items", max_length=200)
            yield Label(" REASON ===> ", classes="label")
            yield Field(15, field_name="reason")
        yield Static(id="recn-heading")
        yield PageTable(QUEUE_COLUMNS, id="recn-queue", shows_detail=False)
        yield PageTable(DEPOSIT_COLUMNS, id="recn-deposits")

    def __init__(self) -> None:
        super().__init__()
        # The reversal or transfer Enter showed last: the same request again does it.
        self.shown: tuple[str, ...] | None = None

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#recn-deposits", PageTable).display = False

    def page_size(self) -> int:
        return max(5, self.app.size.height - 11)

    # -- the queue ------------------------------------------------------------------

    def refresh_data(self) -> None:
        self.show_queue(self.query_one("#recn-queue", PageTable).current_start())

    def show_queue(self, key: tuple | None) -> None:
        table = self.query_one("#recn-queue", PageTable)
        table.display = True
        self.query_one("#recn-deposits", PageTable).display = False

        async def job() -> None:
            limit = self.page_size()
            lines = await self.call(
                payments.unapplied_queue, self.ar_app.session, key[0] if key else 0, limit + 1
            )
            more = len(lines) > limit
            lines = lines[:limit]
            table.show_page(
                ((line, self.queue_cells(line)) for line in lines),
                (lines[-1].id,) if more else None,
            )
            self.query_one("#recn-heading", Static).update(
                " UNAPPLIED CASH, OLDEST FIRST" + ("" if lines else ": NONE")
            )

        self.load(job)

    def queue_cells(self, line: QueueLine) -> tuple[str, ...]:
        locale = self.ar_app.header.locale
        return (
            line.receipt,
            format_date(date.fromisoformat(line.received_date), locale),
            line.method.upper(),
            line.reference,
            line.account_number or "NONE",
            format_amount(line.unapplied_cents, locale),
            line.reason.upper(),
        )

    @on(DataTable.RowSelected, "#recn-queue")
    async def _pick(self, event: DataTable.RowSelected) -> None:
        event.stop()
        line = self.query_one("#recn-queue", PageTable).selected_value()
        if line is None:
            return
        self.query_one("#receipt", Field).value = line.receipt
        if line.account_number:
            self.query_one("#account", Field).value = line.account_number
        self.say(
            f"AR0460I {line.receipt} SELECTED: TYPE THE ACTION AND ACCOUNT, THEN ENTER"
            f" ({line.reason.upper()})"
        )
        self.query_one("#action", Field).focus()

    async def pf_forward(self) -> None:
        queue = self.query_one("#recn-queue", PageTable)
        self.turn_page(queue, True, self.show_queue, "UNAPPLIED CASH")

    async def pf_backward(self) -> None:
        queue = self.query_one("#recn-queue", PageTable)
        self.turn_page(queue, False, self.show_queue, "UNAPPLIED CASH")

    # -- Enter ------------------------------------------------------------------------

    async def process(self) -> None:
        action = ACTIONS[self.value_of("action").upper()]
        session = self.ar_app.session
        header = self.ar_app.header
        if action == "deposits":
            day = self.optional_day_in("date") or header.business_day
            lines = await self.call(batches.deposits, session, day)
            self.show_deposits(lines, format_date(day, header.locale))
            return
        receipt = self.value_of("receipt")
        if not receipt:
            raise UsageError(
                "AR0461E", "RECEIPT IS REQUIRED: ENTER ON A LINE OF THE QUEUE", "receipt"
            )
        if action in ("reverse", "transfer") and not await self.confirmed(action, receipt):
            return
        if action == "reverse":
            done = await self.call(
                payments.reverse_payment, session, receipt, self.value_of("reason"), "RECN"
            )
            if done.approval_id:
                self.say(
                    f"AR0467I REVERSAL OF {done.receipt} WAITS FOR APPROVAL {done.approval_id}"
                )
            else:
                self.say(f"AR0463I {done.receipt} REVERSED; {len(done.reopened)} ITEMS REOPENED")
        elif action == "transfer":
            account = self.value_of("account")
            result = await self.call(payments.transfer_payment, session, receipt, account, "RECN")
            if result.approval_id:
                self.say(f"AR0467I TRANSFER OF {receipt.upper()} WAITS FOR APPROVAL"
                         f" {result.approval_id}")  # fmt: skip
            else:
                self.say(
                    f"AR0464I {receipt.upper()} MOVED TO {account} AS RECEIPT {result.receipt}"
                )
        else:
            account = self.value_of("account")
            amount_text = self.value_of("amount")
            amount = parse_money(amount_text) if amount_text else None
            documents = tuple(d.strip() for d in self.value_of("items").split(",") if d.strip())
            applied = await self.call(
                payments.apply_unapplied, session, receipt, account, documents, amount, "RECN"
            )
            total = format_money(sum(c for _, c in applied), header.locale, header.currency)
            self.say(f"AR0465I {total} OF {receipt.upper()} APPLIED TO {account}")
        self.shown = None
        for name in ("receipt", "amount", "items", "reason"):
            self.query_one(f"#{name}", Field).value = ""
        self.query_one("#recn-queue", PageTable).reset()
        self.show_queue(None)

    async def confirmed(self, action: str, receipt: str) -> bool:
        """A reversal or a transfer moves money: the first Enter shows what it will do, the
        same request again does it."""
        session = self.ar_app.session
        request = (action, receipt.upper(), self.value_of("account"), self.value_of("reason"))
        if request == self.shown:
            return True
        if action == "reverse":
            reason = self.value_of("reason")
            if not reason:
                raise UsageError("AR0462E", "REASON IS REQUIRED TO REVERSE A PAYMENT", "reason")
            payment, within = await self.call(payments.preview_reversal, session, receipt, reason)
            what = (
                f"REVERSE {payment.receipt} {self.money(payment.amount_cents)} ({reason.upper()})"
            )
        else:
            account = self.value_of("account")
            payment, within = await self.call(payments.preview_transfer, session, receipt, account)
            what = f"MOVE {payment.receipt} {self.money(payment.amount_cents)} TO {account}"
        self.shown = request
        limit = "" if within else ": OVER YOUR LIMIT, GOES FOR APPROVAL"
        self.query_one("#recn-heading", Static).update(f" {what}{limit}"[:79])
        self.say("AR0468I PRESS ENTER TO DO THIS, PF12 TO CANCEL")
        return False

    def money(self, cents: int) -> str:
        header = self.ar_app.header
        return format_money(cents, header.locale, header.currency)

    async def pf_cancel(self) -> None:
        self.shown = None
        await super().pf_cancel()
        self.refresh_data()

    def show_deposits(self, lines: list[DepositLine], day: str) -> None:
        locale = self.ar_app.header.locale
        self.query_one("#recn-queue", PageTable).display = False
        table = self.query_one("#recn-deposits", PageTable)
        table.display = True
        table.show_page(
            (
                (
                    line,
                    (
                        str(line.batch_id),
                        line.file_name[-18:],
                        format_amount(line.bank_cents, locale),
                        format_amount(line.posted_cents, locale),
                        format_amount(line.unapplied_cents, locale),
                        format_amount(line.variance_cents, locale),
                    ),
                )
                for line in lines
            ),
            None,
        )
        bank = sum(line.bank_cents for line in lines)
        variance = sum(line.variance_cents for line in lines)
        self.query_one("#recn-heading", Static).update(
            f" DEPOSITS OF {day}: {len(lines)} BATCHES, BANK {format_amount(bank, locale)},"
            f" VARIANCE {format_amount(variance, locale)}"
        )
        self.say("AR0466I DEPOSIT RECONCILIATION; PF5 RETURNS TO THE QUEUE")
