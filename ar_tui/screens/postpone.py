"""PSTP: postpone an account, with a reason, to a time of the customer's day or a later day."""

from __future__ import annotations

import textwrap

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.domain.dates import parse_until
from ar_tui.domain.display import format_date, format_next_call, screen_dates
from ar_tui.screens.arrangement_base import ArrangementScreen
from ar_tui.services import contacts, queue
from ar_tui.widgets.fields import Field

UNTIL = r"[0-9/.:\- ]*"


class PostponeScreen(ArrangementScreen):
    """Type when and why, press Enter: PF6 passes the account until then."""

    CODE = "PSTP"
    TITLE = "POSTPONE ACCOUNT"
    FIRST_FIELD = "until"
    HELP = (
        "PSTP keeps an account out of PF6 until a time of the customer's day (UNTIL\n"
        "14:00, in the customer's time zone: the line above shows their clock), a later\n"
        "business day (11/27/2026) or both (11/27/2026 14:00), at most 30 days ahead.\n"
        "REASON is required (60 characters) and shows on WORK and FOLW, where the\n"
        "account waits as a callback. PF6 on an account skips it for this session only;\n"
        "PSTP keeps it back for everyone until the time comes."
    )

    def compose_body(self) -> ComposeResult:
        yield Static(id="account-line")
        yield Static(id="postpone-clock")
        with Horizontal(classes="row"):
            yield Label(" UNTIL ===> ", classes="label")
            yield Field(16, field_name="until", restrict=UNTIL)
            yield Label("  HH:MM, A DATE, OR A DATE AND HH:MM", classes="label")
        with Horizontal(classes="row"):
            yield Label(" REASON ===> ", classes="label")
            yield Field(60, field_name="reason", max_length=queue.MAX_POSTPONE_REASON)
        yield Static(id="postpone-last")

    def refresh_data(self) -> None:
        async def job() -> None:
            view = await self.account_line()
            session = self.ar_app.session
            window = await self.call(contacts.contact_window, session, view.account.id)
            locale = self.ar_app.header.locale
            self.query_one("#postpone-clock", Static).update(
                f" CUSTOMER'S TIME {window.local_now:%H:%M %Z}"
                f"  NEXT CALL {format_next_call(window.next_allowed, window.local_now, locale)}"
            )
            last = await self.call(queue.postponement_of, session, self.account_number)
            waiting = screen_dates(f"WAITING: {last}", locale).upper() if last else ""
            self.query_one("#postpone-last", Static).update(
                "\n".join(textwrap.wrap(waiting, 77, initial_indent=" ", subsequent_indent="   "))
                or " NOT POSTPONED"
            )

        self.load(job)

    async def process(self) -> None:
        self.require_lock()
        locale = self.ar_app.header.locale
        day, at = parse_until(self.value_of("until"), locale)
        done = await self.call(
            queue.postpone, self.ar_app.session, self.account_number,
            day=day, at=at, reason=self.value_of("reason"),
        )  # fmt: skip
        when = (
            f"{done.until_local:%H:%M %Z}"
            + ("" if day is None else f" ON {format_date(done.until_day, locale)}")
            if done.until_local
            else format_date(done.until_day, locale)
        )
        self.done(f"AR0757I POSTPONED TO {when}: PF6 FOR THE NEXT ACCOUNT", ("until", "reason"))
