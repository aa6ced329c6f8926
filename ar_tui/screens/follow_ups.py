"""FOLW: today's follow-ups and callbacks, in the order they fall due; Enter opens one."""

from __future__ import annotations

from textual.app import ComposeResult

from ar_tui.domain.display import format_date
from ar_tui.screens.queue_list import QueueList
from ar_tui.services import queue
from ar_tui.services.queue import FollowUpLine
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("DUE", 11, False),
    ("ACCOUNT", 7, False),
    ("NAME", 14, False),
    ("WHO", 6, False),
    ("KIND", 9, False),
    ("NOTE", 22, False),
)


class FollowUps(QueueList):
    """The day's callbacks and follow-ups; `*` marks the ones whose time has come."""

    CODE = "FOLW"
    TITLE = "FOLLOW-UPS AND CALLBACKS"
    NOUN = "FOLLOW-UPS"
    HELP = (
        "FOLW lists what is due today: FOLLOW-UP, a date a contact set on NOTE (a\n"
        "CALLBACK when its outcome was CALLBACK), still listed until a contact answers\n"
        "it; and the accounts postponed on PSTP to today (CALLBACK at a time of the\n"
        "customer's day, POSTPONED to the day), until a contact answers them. DUE is the\n"
        "date, or the customer's time and zone; * marks those due now. WHO is the\n"
        "account's collector for a follow-up, who postponed it for the others. QUEUE\n"
        "MINE, TEAM or ALL as on WORK. Enter on a line opens the account (locked to you)."
    )

    def __init__(self, _argument: str = "") -> None:
        super().__init__()
        self.lines: list[FollowUpLine] = []

    def compose_body(self) -> ComposeResult:
        yield from self.queue_field()
        yield PageTable(COLUMNS, id="folw-list", shows_detail=False)

    def page_size(self) -> int:
        return max(5, self.app.size.height - 7)

    def refresh_data(self) -> None:
        async def job() -> None:
            self.lines = await self.call(queue.follow_ups, self.ar_app.session, self.scope)
            self.query_one(PageTable).reset()
            self.show(None)

        self.load(job)

    def show(self, key: tuple | None) -> None:
        table = self.query_one(PageTable)
        start = key[0] if key else 0
        limit = self.page_size()
        page = self.lines[start : start + limit]
        more = start + limit < len(self.lines)
        table.show_page(
            ((line, self.cells(line)) for line in page), (start + limit,) if more else None
        )
        if not self.lines:
            self.say(f"AR0761I NOTHING IS DUE TODAY IN THE {self.scope.upper()} QUEUE")
            return
        due = sum(1 for line in self.lines if line.due_now)
        kinds = "FOLLOW-UP OR CALLBACK" if len(self.lines) == 1 else "FOLLOW-UPS AND CALLBACKS"
        self.say(
            f"AR0760I {len(self.lines)} {kinds}, {due} DUE NOW{'; PF8 FOR MORE' if more else ''}"
        )

    def cells(self, line: FollowUpLine) -> tuple[str, ...]:
        if line.due_local is not None:
            due = f"{line.due_local:%H:%M %Z}"
        else:
            due = format_date(line.due_day, self.ar_app.header.locale)
        return (
            ("*" if line.due_now else " ") + due,
            line.account_number,
            line.name,
            line.collector.upper(),
            line.kind.upper(),
            line.note.upper(),
        )

    async def process(self) -> None:
        self.scope = queue.check_scope(self.value_of("queue"))
        self.refresh_data()
        self.query_one(PageTable).focus()
