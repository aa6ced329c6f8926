"""WORK: my queue, my team's or everyone's, by priority, with each account's score explained."""

from __future__ import annotations

import textwrap

from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Static

from ar_tui.domain.display import format_amount, screen_dates
from ar_tui.screens.queue_list import QueueList
from ar_tui.services import queue
from ar_tui.services.queue import PriorityExplained, WorkLine
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("ACCOUNT", 7, False),
    ("NAME", 14, False),
    ("COLL", 6, False),
    ("PRI", 4, True),
    ("BALANCE", 12, True),
    ("DPD", 4, True),
    ("STATUS", 7, False),
    ("NOT NOW", 16, False),
)
# The priority factors, shortened to fit one line.
SHORT = {
    "balance": "BAL",
    "days past due": "DPD",
    "broken promises": "BRKN",
    "missed installments": "MISS",
    "follow-up due": "F/U",
    "last contact": "LAST",
}


class WorkQueue(QueueList):
    """The queue by priority; the cursor line's score and why it waits; Enter opens it."""

    CODE = "WORK"
    TITLE = "WORK QUEUE"
    HELP = (
        "WORK lists a queue by priority, highest first: QUEUE MINE (yours), TEAM (your\n"
        "team's; everyone's for a supervisor) or ALL. Priority is points for the\n"
        "balance, days past due, broken promises, missed installments, a follow-up that\n"
        "has come and the time since the last contact; the line under QUEUE shows the\n"
        "points of the account under the cursor and, when it may not be worked now,\n"
        "every reason why (bankruptcy, dispute, referral, contact rules, a later\n"
        "follow-up, worked today, postponed on PSTP). PRI is the stored priority, the\n"
        "one PF6 goes by; (CYCLE: n) is what the nightly cycle will make it. Enter on a\n"
        "line opens it (locked to you); PF6 takes the next workable one."
    )

    def compose_body(self) -> ComposeResult:
        yield from self.queue_field()
        yield Static(id="work-score")
        yield Static(id="work-why")
        yield PageTable(COLUMNS, id="work-list", shows_detail=False)

    def page_size(self) -> int:
        return max(5, self.app.size.height - 10)

    def refresh_data(self) -> None:
        self.show(self.query_one(PageTable).current_start())

    def show(self, key: tuple | None) -> None:
        table = self.query_one(PageTable)

        async def job() -> None:
            limit = self.page_size()
            lines = await self.call(
                queue.work_list, self.ar_app.session, self.scope, key, limit + 1
            )
            more = len(lines) > limit
            lines = lines[:limit]
            next_key = (lines[-1].priority, lines[-1].account_id) if more else None
            table.show_page(((line, self.cells(line)) for line in lines), next_key)
            if not lines:
                self.explain(None)
                self.say(f"AR0746I NO ACCOUNT IN THE {self.scope.upper()} QUEUE")
                return
            workable = sum(1 for line in lines if not line.why_not)
            self.say(
                f"AR0745I PAGE {table.page_number}: {len(lines)} ACCOUNTS, {workable} WORKABLE"
                f" NOW{'; PF8 FOR MORE' if more else ''}"
            )

        self.load(job)

    def cells(self, line: WorkLine) -> tuple[str, ...]:
        return (
            line.account_number,
            line.name,
            line.collector.upper(),
            str(line.priority),
            format_amount(line.balance_cents, self.ar_app.header.locale),
            str(line.days_past_due),
            line.status.upper(),
            screen_dates(line.why_not, self.ar_app.header.locale).upper(),
        )

    @on(DataTable.RowHighlighted, "#work-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        line = self.query_one(PageTable).selected_value()
        if line is None:
            return

        async def job() -> None:
            found = await self.call(
                queue.explain_priority, self.ar_app.session, line.account_number
            )
            self.explain(line, found)

        self.work(job, "explain")

    def explain(self, line: WorkLine | None, found: PriorityExplained | None = None) -> None:
        score, why = self.query_one("#work-score", Static), self.query_one("#work-why", Static)
        if line is None or found is None:
            score.update("")
            why.update("")
            return
        parts = " ".join(
            f"{SHORT.get(name, name.upper())} {points}" for name, points in found.factors
        )
        # The priority the list shows is the one stored; one the nightly cycle will move
        # (days past due, a bank file's payments) says so.
        later = f" (CYCLE: {found.now})" if found.now != found.stored else ""
        score.update(f" {line.account_number} PRIORITY {found.stored}{later} = {parts}"[:78])
        reasons = screen_dates(line.why_not, self.ar_app.header.locale).upper()
        why.update(
            "\n".join(textwrap.wrap(f"NOT WORKABLE NOW: {reasons}", 77, max_lines=2,
                                    placeholder=" +", initial_indent=" ",
                                    subsequent_indent=" "))
            if line.why_not
            else " WORKABLE NOW"
        )  # fmt: skip

    async def process(self) -> None:
        self.scope = queue.check_scope(self.value_of("queue"))
        self.query_one(PageTable).reset()
        self.show(None)
        self.query_one(PageTable).focus()
