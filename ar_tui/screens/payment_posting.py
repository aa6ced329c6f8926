"""PAYP: post one payment — see how it will be applied, then Enter again to post it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.domain.display import format_amount, format_date, format_money
from ar_tui.domain.errors import UsageError
from ar_tui.domain.models import Item
from ar_tui.domain.money import parse_money
from ar_tui.screens.base import ArScreen
from ar_tui.screens.open_items import TYPE_CODES
from ar_tui.services import accounts, payments
from ar_tui.widgets.fields import DATE, Field
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("M", 1, False),
    ("DOCUMENT", 11, False),
    ("TYPE", 6, False),
    ("DUE", 10, False),
    ("OPEN", 12, True),
    ("APPLY", 12, True),
    ("LEFT OPEN", 12, True),
)


class PaymentPosting(ArScreen):
    """Account, amount, method, reference, received date; Enter previews, Enter again posts."""

    CODE = "PAYP"
    TITLE = "PAYMENT POSTING"
    FIRST_FIELD = "account"
    PF_KEYS: ClassVar[tuple[str, ...]] = (
        "help", "exit", "menu", "refresh", "next_account", "backward", "forward", "cancel",
    )  # fmt: skip
    HELP = (
        "PAYP posts one payment. Type the account, amount (1234.50, 1,234.50 or\n"
        "$1,234.50), method (CHECK, ACH, CARD, WIRE, AGENCY), reference (check number\n"
        "or trace) and the date received (blank: the business date). Enter shows how\n"
        "the payment will be applied: oldest due first, or to the items you mark with\n"
        "Space on the list (Tab to reach it). Enter again posts it and shows the receipt\n"
        "number. An overpayment stays on the account as unapplied credit."
    )

    def __init__(self, account_number: str = "") -> None:
        super().__init__()
        self.initial_account = account_number
        self.marked: list[int] = []
        self.preview: dict[int, int] = {}
        self.confirmed: tuple[Any, ...] | None = None
        #: The preview warned that this payment repeats one posted lately.
        self.duplicate_ok = False
        self.loaded_account = ""

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(" ACCOUNT ===> ", classes="label")
            yield Field(
                12, field_name="account", value=self.initial_account, restrict=r"[0-9]*",
                changes=False,
            )  # fmt: skip
            yield Static(id="payp-name", classes="value")
        with Horizontal(classes="row"):
            yield Label(" AMOUNT  ===> ", classes="label")
            yield Field(14, field_name="amount", restrict=r"[0-9$,.]*")
            yield Label(" METHOD ===> ", classes="label")
            yield Field(8, field_name="method")
            yield Label(" REF ===> ", classes="label")
            yield Field(16, field_name="reference", max_length=40)
        with Horizontal(classes="row"):
            yield Label(" RECEIVED ===> ", classes="label")
            yield Field(10, field_name="received", restrict=DATE)
            yield Label("  (BLANK: BUSINESS DATE)  SPACE ON A LINE MARKS IT", classes="label")
        yield PageTable(COLUMNS, id="payp-items")
        yield Static(id="payp-totals")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(PageTable).markable = True
        if self.initial_account:
            self.work(lambda: self._open_first(self.initial_account), "open")

    async def _open_first(self, number: str) -> None:
        await self.open_account(number)
        if not self.read_only():
            self.say("")

    async def open_account(self, number: str) -> None:
        """Work `number` here: its lock taken (or READ ONLY with who holds it), its items shown."""
        self.forget_payment()
        await self.call(accounts.account_id_for, self.ar_app.session, number)
        await self.ar_app.work_on(number)
        self.loaded_account = number
        self.apply_lock()
        self.load_account(number)
        if self.read_only():
            self.say(f"AR0731W {self.ar_app.lock.message()}: READ ONLY")
        else:
            self.say("AR0442I ENTER AMOUNT, METHOD AND REFERENCE, THEN ENTER")

    def focus_first(self) -> None:
        """With the account given (`PAYP 1000477`), the cursor starts on the amount."""
        self.query_one("#amount" if self.initial_account else "#account", Field).focus()

    def page_size(self) -> int:
        return max(5, self.app.size.height - 11)

    def account_bound(self) -> bool:
        return bool(self.loaded_account)

    # -- reading ------------------------------------------------------------------

    def load_account(self, number: str, key: tuple | None = None) -> None:
        table = self.query_one(PageTable)

        async def job() -> None:
            view = await self.call(accounts.view, self.ar_app.session, number)
            page = await self.call(
                accounts.open_items, self.ar_app.session, number, key, self.page_size()
            )
            header = self.ar_app.header
            self.loaded_account = number
            self.query_one("#payp-name", Static).update(
                f"  {view.account.name[:30]}  BALANCE"
                f" {format_money(view.balance_cents, header.locale, header.currency)}"
            )
            table.show_page(((item, self.cells(item)) for item in page.rows), page.next_key)
            self.show_totals()

        self.load(job)

    def cells(self, item: Item) -> Sequence[str]:
        locale = self.ar_app.header.locale
        apply = self.preview.get(item.id, 0)
        return (
            "*" if item.id in self.marked else "",
            item.document_number,
            TYPE_CODES.get(item.item_type, item.item_type.upper()),
            format_date(item.due_date, locale),
            format_amount(item.open_cents, locale),
            format_amount(apply, locale) if apply else "",
            format_amount(item.open_cents - apply, locale) if apply else "",
        )

    def redraw(self) -> None:
        table = self.query_one(PageTable)
        rows = list(table.row_values)
        cursor = table.cursor_row
        table.show_page(((item, self.cells(item)) for item in rows), table.next_key)
        table.move_cursor(row=cursor)

    def show_totals(self, unapplied: int | None = None) -> None:
        header = self.ar_app.header
        marks = f"{len(self.marked)} MARKED" if self.marked else "OLDEST DUE FIRST"
        credit = (
            f"   UNAPPLIED CREDIT {format_money(unapplied, header.locale, header.currency)}"
            if unapplied
            else ""
        )
        self.query_one("#payp-totals", Static).update(f" APPLY: {marks}{credit}")

    # -- keys -----------------------------------------------------------------------

    @on(PageTable.Marked)
    def _mark(self, event: PageTable.Marked) -> None:
        item: Item = event.value
        if item.id in self.marked:
            self.marked.remove(item.id)
        else:
            self.marked.append(item.id)
        self.preview.clear()
        self.confirmed = None
        self.redraw()
        self.show_totals()
        self.say("")

    async def pf_forward(self) -> None:
        self.turn_page(self.query_one(PageTable), True, self._page, "OPEN ITEMS")

    async def pf_backward(self) -> None:
        self.turn_page(self.query_one(PageTable), False, self._page, "OPEN ITEMS")

    def _page(self, key: tuple | None) -> None:
        self.load_account(self.loaded_account, key)

    async def pf_cancel(self) -> None:
        self.forget_payment()
        await super().pf_cancel()
        self.query_one("#payp-name", Static).update("")
        self.query_one("#payp-totals", Static).update("")
        self.query_one(PageTable).show_page((), None)
        self.loaded_account = self.initial_account = ""
        self.apply_lock()
        self.focus_first()

    def forget_payment(self) -> None:
        """Drop the marks, the preview and its confirmation, and read the items from page 1."""
        self.marked.clear()
        self.preview.clear()
        self.confirmed = None
        self.query_one(PageTable).reset()

    def refresh_data(self) -> None:
        if self.loaded_account:
            self.load_account(self.loaded_account, self.query_one(PageTable).current_start())

    # -- Enter ------------------------------------------------------------------------

    async def process(self) -> None:
        number = self.value_of("account")
        if not number:
            raise UsageError("AR0201E", "ACCOUNT NUMBER IS REQUIRED", "account")
        amount_text = self.value_of("amount")
        if number != self.loaded_account:
            await self.open_account(number)
            if not amount_text:  # only the account typed: now the amount
                self.query_one("#amount", Field).focus()
                return
        if not amount_text:
            raise UsageError("AR0401E", "AMOUNT IS REQUIRED", "amount")
        amount = parse_money(amount_text)
        method = self.value_of("method") or "check"
        reference = self.value_of("reference")
        received = self.optional_day_in("received")
        request = (number, amount, method.lower(), reference, received, tuple(self.marked))
        if request == self.confirmed:
            await self.post(request)
            return
        # Validate everything the post would, then show how it will be applied.
        await self.call(
            payments.check_payment, self.ar_app.session, amount, method, reference, received
        )
        preview = await self.call(
            payments.preview, self.ar_app.session, number, amount, tuple(self.marked)
        )
        repeated = await self.call(
            payments.duplicate_of, self.ar_app.session, number, amount, method, reference, received
        )
        self.preview = {item_id: cents for item_id, _doc, cents in preview.applied}
        self.confirmed = request
        self.redraw()
        self.show_totals(preview.unapplied_cents)
        note = f" ({preview.notes[0].upper()})" if preview.notes else ""
        day = format_date(received or self.ar_app.header.business_day, self.ar_app.header.locale)
        self.duplicate_ok = repeated is not None
        if repeated:  # the second Enter posts it anyway: the collector saw the warning
            receipt, on = repeated
            self.say(f"AR0444W SAME AS {receipt} OF {on}: ENTER POSTS IT AGAIN, PF12 CANCELS")
            return
        self.say(f"AR0440I RECEIVED {day}: ENTER POSTS AS SHOWN, PF12 CANCELS{note}")

    async def post(self, request: tuple[Any, ...]) -> None:
        number, amount, method, reference, received, marked = request
        result = await self.call(
            payments.post_payment,
            self.ar_app.session,
            number,
            amount,
            method,
            reference,
            received,
            marked_item_ids=marked,
            source="PAYP",
            duplicate_ok=self.duplicate_ok,
        )
        header = self.ar_app.header
        for name in ("amount", "reference", "received"):
            self.query_one(f"#{name}", Field).value = ""
        self.forget_payment()
        self.load_account(number)
        applied = sum(cents for _, cents in result.applied)
        flag = " REVIEW" if result.review_flag else ""
        self.say(
            f"AR0441I RECEIPT {result.receipt} POSTED: "
            f"{format_money(applied + result.recovered_cents, header.locale, header.currency)}"
            f" APPLIED, {format_money(result.unapplied_cents, header.locale, header.currency)}"
            f" UNAPPLIED{flag}"
        )
        self.query_one("#amount", Field).focus()
