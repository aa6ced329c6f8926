"""PLAN: an installment plan, its schedule shown before Enter confirms it; the plan in force."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.domain.display import format_amount
from ar_tui.domain.errors import UsageError
from ar_tui.domain.money import parse_money
from ar_tui.domain.plans import FREQUENCIES
from ar_tui.screens.arrangement_base import ArrangementScreen
from ar_tui.services import arrangements
from ar_tui.services.arrangements import PlanResult, PlanView
from ar_tui.widgets.fields import DATE, Field
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("NO", 3, True),
    ("DUE", 11, False),
    ("AMOUNT", 13, True),
    ("PAID", 13, True),
    ("STATUS", 8, False),
)


class PlanScreen(ArrangementScreen):
    """Total, down payment, count, frequency, first due date; Enter shows, Enter sets up."""

    CODE = "PLAN"
    TITLE = "INSTALLMENT PLAN"
    FIRST_FIELD = "total"
    FIELD_FOR: ClassVar[dict[str, str]] = {"amount": "total"}
    HELP = (
        "PLAN sets up an installment plan. TOTAL (at most the balance), DOWN payment,\n"
        "COUNT of installments, EVERY (WEEKLY, BIWEEKLY, MONTHLY) and the FIRST due\n"
        "date. Enter shows the schedule: equal installments, the last one taking the\n"
        "odd cents, adding up to the total. Enter again sets it up. A plan beyond the\n"
        "company's limits (longest term, smallest installment, smallest down payment)\n"
        "waits for a supervisor's approval (`ar-tui approve`). Payments go to the down\n"
        "payment, then to the installments in order; the nightly cycle marks them paid\n"
        "or missed and breaks the plan after the grace days. A due date marked * is\n"
        "not a banking day: the installment is paid in time by the next banking day."
    )

    def compose_body(self) -> ComposeResult:
        yield Static(id="account-line")
        with Horizontal(classes="row"):
            yield Label(" TOTAL ===> ", classes="label")
            yield Field(12, field_name="total", restrict=r"[0-9$,.]*")
            yield Label(" DOWN ===> ", classes="label")
            yield Field(12, field_name="down", restrict=r"[0-9$,.]*")
            yield Label(" COUNT ===> ", classes="label")
            yield Field(3, field_name="count", restrict=r"[0-9]*")
        with Horizontal(classes="row"):
            yield Label(" EVERY ===> ", classes="label")
            yield Field(8, field_name="every", restrict=r"[A-Za-z]*")
            yield Label(" FIRST ===> ", classes="label")
            yield Field(10, field_name="first", restrict=DATE)
            yield Label("  WEEKLY, BIWEEKLY, MONTHLY", classes="label")
        yield Static(id="plan-summary")
        yield PageTable(COLUMNS, id="plan-schedule")

    def refresh_data(self) -> None:
        async def job() -> None:
            view = await self.account_line()
            if self.shown is None:
                plan = await self.call(arrangements.plan_of, self.ar_app.session, view.account.id)
                self.show_plan(plan)

        self.load(job)

    def show_plan(self, plan: PlanView | None) -> None:
        summary = self.query_one("#plan-summary", Static)
        table = self.query_one(PageTable)
        if plan is None:
            summary.update(" NO PLAN ON THIS ACCOUNT")
            table.show_page((), None)
            return
        summary.update(
            f" PLAN {plan.status.upper()}: {self.money(plan.total_cents)},"
            f" DOWN {self.money(plan.down_cents)}, {plan.count} {plan.frequency.upper()}"
        )
        locale = self.ar_app.header.locale
        table.show_page(
            (
                (i, (str(i.seq), self.due(i.due), format_amount(i.amount_cents, locale),
                     format_amount(i.paid_cents, locale), i.status.upper()))
                for i in plan.installments[: self.rows()]
            ),
            None,
        )  # fmt: skip

    def rows(self) -> int:
        return max(5, self.app.size.height - 11)

    def show_preview(self, result: PlanResult, down_cents: int) -> None:
        locale = self.ar_app.header.locale
        total = down_cents + sum(i.amount_cents for i in result.installments)
        last = result.installments[-1]
        self.query_one("#plan-summary", Static).update(
            f" SCHEDULE: DOWN {self.money(down_cents)} + {len(result.installments)} INSTALLMENTS"
            f" = {self.money(total)}, LAST {self.due(last.due_date)}"[:78]
        )
        shown = list(result.installments[: self.rows()])
        if len(result.installments) > len(shown):
            # The last installment carries the rounding: always show it.
            shown = [*shown[:-1], last]
        self.query_one(PageTable).show_page(
            (
                (i, (str(i.seq), self.due(i.due_date),
                     format_amount(i.amount_cents, locale), "", "NEW"))
                for i in shown
            ),
            None,
        )  # fmt: skip

    async def process(self) -> None:
        self.require_lock()
        request = self.request()
        session = self.ar_app.session
        if request == self.shown:
            result = await self.call(
                arrangements.create_plan, session, self.account_number, *request, "PLAN"
            )
            waits = "; WAITS FOR A SUPERVISOR'S APPROVAL" if result.outside_policy else ""
            self.done(f"AR0825I PLAN SET UP{waits}", ("total", "down", "count", "every", "first"))
            return
        result = await self.call(arrangements.preview_plan, session, self.account_number, *request)
        self.shown = request
        self.show_preview(result, request[1])
        if result.outside_policy:
            self.say(f"AR0826W NEEDS APPROVAL: {'; '.join(result.outside_policy).upper()}"[:79])
        else:
            self.say("AR0824I PRESS ENTER TO SET UP THIS PLAN, PF12 TO CANCEL")

    def request(self) -> tuple[int, int, int, str, object]:
        total_text = self.value_of("total")
        if not total_text:
            raise UsageError("AR0801E", "THE PLAN TOTAL IS REQUIRED", "total")
        total = parse_money(total_text)
        down = parse_money(self.value_of("down") or "0")
        count_text = self.value_of("count")
        if not count_text:
            raise UsageError("AR0803E", "THE NUMBER OF INSTALLMENTS IS REQUIRED", "count")
        every = self.value_of("every").lower() or "monthly"
        if every not in FREQUENCIES:
            raise UsageError(
                "AR0804E", f"EVERY {every.upper()!r} IS NOT WEEKLY, BIWEEKLY OR MONTHLY", "every"
            )
        first = self.day_in("first")
        return (total, down, int(count_text), every, first)
