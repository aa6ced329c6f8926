"""DISP: the dispute log. Open a dispute, move it through research, resolve it; every age."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Label, Static

from ar_tui.domain.display import format_amount, format_date
from ar_tui.domain.disputes import ACTIVE
from ar_tui.domain.errors import UsageError
from ar_tui.domain.money import parse_money
from ar_tui.screens.arrangement_base import ArrangementScreen
from ar_tui.services import disputes
from ar_tui.services.disputes import DisputeLine
from ar_tui.widgets.fields import Field
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("ID", 5, True),
    ("OPENED", 10, False),
    ("AMOUNT", 12, True),
    ("REASON", 19, False),
    ("DEPARTMENT", 12, False),
    ("STATUS", 11, False),
    ("AGE", 4, True),
)
ACTIONS = {
    "O": "open",
    "R": "in_research",
    "V": "verification",
    "Y": "valid",
    "N": "invalid",
}
FIELDS = ("act", "id", "amount", "items", "reason", "dept", "note")


class DisputeLog(ArrangementScreen):
    """ACT O opens a dispute; R, V, Y, N work the one named by ID (or under the cursor)."""

    CODE = "DISP"
    TITLE = "DISPUTE LOG"
    FIRST_FIELD = "act"
    FIELD_FOR: ClassVar[dict[str, str]] = {"department": "dept", "dispute": "id", "status": "act"}
    HELP = (
        "DISP logs disputes. ACT O opens one: AMOUNT (blank: all of ITEMS, or the whole\n"
        "undisputed balance), ITEMS (document numbers, commas), REASON (BILLING_ERROR,\n"
        "PAYMENT_NOT_APPLIED, PREMIUM_AUDIT, CANCELLATION, COVERAGE, DUPLICATE_CHARGE,\n"
        "NOT_MY_ACCOUNT, OTHER) and DEPT (BILLING OPERATIONS, UNDERWRITING, PREMIUM\n"
        "AUDIT, CLAIMS, AGENCY BILL). For the dispute in ID (blank: the cursor row):\n"
        "R in research, V verification sent, Y resolved valid (a credit of AMOUNT,\n"
        "blank: the disputed amount; over your limit it waits for approval), N resolved\n"
        "invalid (collection resumes). An open dispute's amount is not collected; on a\n"
        "consumer account nothing is collected until verification is sent."
    )

    def compose_body(self) -> ComposeResult:
        yield Static(id="account-line")
        with Horizontal(classes="row"):
            yield Label(" ACT ===> ", classes="label")
            yield Field(1, field_name="act", restrict=r"[OoRrVvYyNn]?")
            yield Label(" ID ===> ", classes="label")
            yield Field(6, field_name="id", restrict=r"[0-9]*")
            yield Label(" AMOUNT ===> ", classes="label")
            yield Field(11, field_name="amount", restrict=r"[0-9$,.]*")
            yield Label(" ITEMS ===> ", classes="label")
            yield Field(
                13,
                field_name="items",
                max_length=60,
                restrict=r"[A-Za-z0-9,\-]*",
                accepts="DOCUMENT NUMBERS AND ',' ONLY",
            )
        with Horizontal(classes="row"):
            yield Label(" REASON ===> ", classes="label")
            yield Field(19, field_name="reason", restrict=r"[A-Za-z_ ]*")
            yield Label(" DEPT ===> ", classes="label")
            yield Field(18, field_name="dept", restrict=r"[A-Za-z_ ]*")
        with Horizontal(classes="row"):
            yield Label(" NOTE ===> ", classes="label")
            yield Field(60, field_name="note")
        yield Static(
            " ACT: O OPEN  R RESEARCH  V VERIFICATION SENT  Y VALID (CREDIT)  N INVALID",
            classes="hint",
        )
        yield Static(id="dispute-summary")
        yield Static(id="dispute-history")
        yield PageTable(COLUMNS, id="dispute-list")

    def refresh_data(self) -> None:
        async def job() -> None:
            await self.account_line()
            lines = await self.call(disputes.disputes_of, self.ar_app.session, self.account_number)
            open_lines = [line for line in lines if line.dispute.status in ACTIVE]
            held = sum(line.dispute.amount_cents for line in open_lines)
            self.query_one("#dispute-summary", Static).update(
                f" {len(open_lines)} OPEN, {self.money(held)} HELD BACK FROM COLLECTION"
            )
            locale = self.ar_app.header.locale
            table = self.query_one(PageTable)
            table.show_page(
                ((line, self.cells(line, locale)) for line in lines[: self.rows()]), None
            )
            self.show_history(table.selected_value())

        self.load(job)

    def rows(self) -> int:
        return max(4, self.app.size.height - 15)

    @staticmethod
    def cells(line: DisputeLine, locale: str) -> tuple[str, ...]:
        d = line.dispute
        return (
            str(d.id), format_date(date.fromisoformat(d.opened_date), locale),
            format_amount(d.amount_cents, locale), d.reason.upper(), d.department.upper(),
            d.status.upper().replace("RESOLVED_", "RES "), str(line.age_days),
        )  # fmt: skip

    @on(DataTable.RowHighlighted, "#dispute-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_history(self.query_one(PageTable).selected_value())

    def show_history(self, line: DisputeLine | None) -> None:
        """The latest step of the dispute under the cursor: when, what, who, the note."""
        text = ""
        if line is not None and line.history:
            day, status, login, note = line.history[-1]
            verified = line.dispute.verification_sent_date
            sent = f" VERIFIED {verified}" if verified and "verification" not in note else ""
            text = f" #{line.dispute.id} {day} {status.upper()} BY {login.upper()}: {note.upper()}"
            text = (text[: 78 - len(sent)] + sent) if sent else text[:78]
        self.query_one("#dispute-history", Static).update(text)

    def _target(self) -> int:
        text = self.value_of("id")
        if text:
            return int(text)
        line = self.query_one(PageTable).selected_value()
        if line is None:
            raise UsageError("AR0911E", "ENTER THE DISPUTE ID", "id")
        return int(line.dispute.id)

    async def process(self) -> None:
        self.require_lock()
        act = self.value_of("act").upper()
        if act not in ACTIONS:
            raise UsageError("AR0912E", "ACT MUST BE O, R, V, Y OR N", "act")
        session = self.ar_app.session
        amount_text = self.value_of("amount")
        amount = parse_money(amount_text) if amount_text else None
        note = self.value_of("note")
        if act == "O":
            documents = [d for d in self.value_of("items").split(",") if d.strip()]
            dispute_id = await self.call(
                disputes.open_dispute, session, self.account_number, amount,
                self.value_of("reason"), self.value_of("dept"), documents, note, "DISP",
            )  # fmt: skip
            said = f"AR0913I DISPUTE {dispute_id} OPENED"
        elif act == "R":
            dispute_id = self._target()
            await self.call(disputes.move_dispute, session, dispute_id, "in_research", note)
            said = f"AR0914I DISPUTE {dispute_id} IN RESEARCH"
        elif act == "V":
            dispute_id = self._target()
            await self.call(disputes.record_verification, session, dispute_id, None, note)
            said = f"AR0915I DISPUTE {dispute_id}: VERIFICATION SENT"
        else:
            dispute_id = self._target()
            result = await self.call(
                disputes.resolve_dispute, session, dispute_id, act == "Y", note, amount
            )
            waits = (
                f"; CREDIT WAITS FOR APPROVAL {result.approval_id}" if result.approval_id else ""
            )
            said = f"AR0916I DISPUTE {dispute_id} {result.status.upper()}{waits}"
        self.done(said, FIELDS)
