"""BTCH: import a bank file, see the batch and its exceptions, and post it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.domain.display import format_amount, format_date
from ar_tui.domain.errors import ArError, UsageError
from ar_tui.screens.base import ArScreen
from ar_tui.services import batches
from ar_tui.services.batches import BatchException, BatchLine, BatchReport
from ar_tui.widgets.fields import Field
from ar_tui.widgets.pagetable import PageTable

BATCH_COLUMNS = (
    ("BATCH", 5, True),
    ("DATE", 10, False),
    ("FMT", 4, False),
    ("FILE", 16, False),
    ("ITEMS", 5, True),
    ("CONTROL", 11, True),
    ("POSTED", 11, True),
    ("UNAPPLIED", 9, True),
)
EXCEPTION_COLUMNS = (
    ("LINE", 5, True),
    ("KIND", 16, False),
    ("AMOUNT", 11, True),
    ("REASON", 42, False),
)


class BatchScreen(ArScreen):
    """Enter with a file reads it and shows what would post; Enter again posts it."""

    CODE = "BTCH"
    TITLE = "PAYMENT BATCHES"
    FIRST_FIELD = "file"
    PF_KEYS: ClassVar[tuple[str, ...]] = (
        "help", "exit", "menu", "refresh", "next_account", "backward", "forward", "cancel",
    )  # fmt: skip
    HELP = (
        "BTCH posts a bank file: BAI2 (lockbox and detail), NACHA ACH (with returns and\n"
        "notifications of change), ISO 20022 camt.053/054, or a remittance CSV; the\n"
        "format is told from the content. Type the file's path and press Enter: the\n"
        "file is checked and you see what would post (matched by account, invoice or\n"
        "policy number; the rest goes to unapplied cash) and every exception. Press\n"
        "Enter again to post it, all or nothing. A file already posted is refused.\n"
        "With no file, the list shows recent batches; PF7/PF8 page."
    )

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.previewed: tuple[str, str] | None = None
        self.previewed_sha: str | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(" FILE ===> ", classes="label")
            yield Field(52, field_name="file", value=self.initial_path, max_length=400)
            yield Label(" FMT ===> ", classes="label")
            yield Field(4, field_name="format")
        yield Static(id="btch-summary")
        yield Static(id="btch-totals")
        yield PageTable(BATCH_COLUMNS, id="btch-list")
        yield PageTable(EXCEPTION_COLUMNS, id="btch-exceptions")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#btch-exceptions", PageTable).display = False

    def page_size(self) -> int:
        return max(5, self.app.size.height - 10)

    def refresh_data(self) -> None:
        if self.previewed is None:
            self.show_batches(self.query_one("#btch-list", PageTable).current_start())

    def show_batches(self, key: tuple | None) -> None:
        table = self.query_one("#btch-list", PageTable)
        table.display = True
        self.query_one("#btch-exceptions", PageTable).display = False

        async def job() -> None:
            lines = await self.call(
                batches.recent, self.ar_app.session, key[0] if key else None, self.page_size() + 1
            )
            more = len(lines) > self.page_size()
            lines = lines[: self.page_size()]
            table.show_page(
                ((line, self.batch_cells(line)) for line in lines),
                (lines[-1].id,) if more else None,
            )
            self.query_one("#btch-summary", Static).update(" RECENT BATCHES, NEWEST FIRST")
            self.query_one("#btch-totals", Static).update("")

        self.load(job)

    def batch_cells(self, line: BatchLine) -> tuple[str, ...]:
        locale = self.ar_app.header.locale
        return (
            str(line.id),
            format_date(date.fromisoformat(line.business_date), locale),
            line.format.upper(),
            line.file_name[-16:],
            str(line.items),
            format_amount(line.control_cents, locale),
            # A batch is posted when its last chunk commits; until then it says so.
            format_amount(line.posted_cents, locale)
            if line.status == "posted"
            else line.status.upper(),
            format_amount(line.unapplied_cents, locale),
        )

    async def process(self) -> None:
        path = self.query_one("#file", Field).value.strip()
        fmt = self.query_one("#format", Field).value.strip().lower() or "auto"
        if not path:
            raise UsageError("AR0611E", "TYPE THE PATH OF A BANK FILE", "file")
        request = (path, fmt)
        dry_run = request != self.previewed
        try:
            report = await self.call(
                batches.import_payments,
                self.ar_app.session,
                Path(path).expanduser(),
                fmt,
                dry_run=dry_run,
                source="BTCH",
                # what posts is the file that was shown: its checksum, not just its name
                expect_sha256=None if dry_run else self.previewed_sha,
            )
        except ArError:
            self.previewed = None  # the next Enter checks the file again
            raise
        self.show_report(report)
        if dry_run:
            self.previewed = request
            self.previewed_sha = report.sha256
            self.say("AR0612I CHECK THE BATCH; ENTER POSTS IT, PF12 CANCELS")
        else:
            self.previewed = None
            self.query_one("#file", Field).value = ""
            self.say(f"AR0613I BATCH {report.batch_id} POSTED")

    def show_report(self, report: BatchReport) -> None:
        locale = self.ar_app.header.locale
        word = "WOULD POST" if report.dry_run else "POSTED"
        self.query_one("#btch-summary", Static).update(
            f" {report.format.upper()} {report.file_name[:30]}  ITEMS {report.items}"
            f"  CONTROL {format_amount(report.control_total_cents, locale)}"
            f"  MATCHED {report.matched}  UNMATCHED {report.unmatched}"
        )
        self.query_one("#btch-totals", Static).update(
            f" {word} {format_amount(report.posted_cents, locale)}"
            f"  UNAPPLIED {format_amount(report.unapplied_cents, locale)}"
            f"  RETURNS {report.returns}  CHANGES {report.changes}"
            f"  EXCEPTIONS {report.rejected}"
        )
        self.query_one("#btch-list", PageTable).display = False
        table = self.query_one("#btch-exceptions", PageTable)
        table.display = True
        shown = report.exceptions[: self.page_size()]
        table.show_page(((e, self.exception_cells(e)) for e in shown), None)

    def exception_cells(self, exception: BatchException) -> tuple[str, ...]:
        return (
            str(exception.line or ""),
            exception.kind.upper(),
            format_amount(exception.amount_cents, self.ar_app.header.locale),
            exception.reason.upper(),
        )

    async def pf_forward(self) -> None:
        if self.previewed is not None:
            self.say("AR0614W THE FIRST EXCEPTIONS ARE SHOWN; `import payments` LISTS THEM ALL")
            return
        self.turn_page(self.query_one("#btch-list", PageTable), True, self.show_batches, "BATCHES")

    async def pf_backward(self) -> None:
        if self.previewed is None:
            table = self.query_one("#btch-list", PageTable)
            self.turn_page(table, False, self.show_batches, "BATCHES")

    async def pf_cancel(self) -> None:
        self.previewed = None
        await super().pf_cancel()
        self.query_one("#btch-list", PageTable).reset()
        self.show_batches(None)
