"""NOTE: the contact log of an account, newest first, and a new contact with its outcome."""

from __future__ import annotations

from typing import ClassVar
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.domain.display import format_date, format_next_call
from ar_tui.screens.account_base import AccountScreen
from ar_tui.screens.promise import PromiseScreen
from ar_tui.services import accounts, contacts
from ar_tui.services.contacts import ContactLine
from ar_tui.widgets.fields import DATE, Field
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("DATE", 10, False),
    ("TIME", 5, False),
    ("CHANNEL", 7, False),
    ("PARTY", 8, False),
    ("OUTCOME", 12, False),
    ("OPER", 7, False),
    ("NOTE", 22, False),
)


class ContactLog(AccountScreen):
    """Contacts newest first; fill in the fields and press Enter to log a new one."""

    CODE = "NOTE"
    TITLE = "CONTACT LOG"
    FIRST_FIELD = "channel"
    PF_KEYS: ClassVar[tuple[str, ...]] = (
        "help", "exit", "menu", "refresh", "next_account", "backward", "forward", "cancel",
    )  # fmt: skip
    HELP = (
        "NOTE lists the account's contacts, newest first, and records a new one.\n"
        "CHANNEL: CALL, EMAIL, LETTER, TEXT, INBOUND. OUTCOME: RIGHT_PARTY,\n"
        "LEFT_MESSAGE, NO_ANSWER, BUSY, WRONG_NUMBER, PROMISE, REFUSED, DISPUTE,\n"
        "CALLBACK. PARTY: INSURED (blank), AGENT, ATTORNEY, COURT, THIRD_PARTY. The\n"
        "contact rules are checked before anything is recorded: calling hours in the\n"
        "customer's zone, 7 calls in 7 days, 7 days after a conversation, cease\n"
        "communication, bankruptcy, attorney. A refusal says which rule and when the\n"
        "call is allowed. A supervisor may record it anyway with a reason in OVERRIDE,\n"
        "except in bankruptcy: the stay allows only the debtor's attorney or the court.\n"
        "The line above the fields shows the customer's clock (LOCAL), the calls of the\n"
        "last seven days and when the rules next allow a call (NEXT)."
    )

    def compose_body(self) -> ComposeResult:
        yield Static(id="note-account")
        with Horizontal(classes="row"):
            yield Label(" CHANNEL ===> ", classes="label")
            yield Field(7, field_name="channel")
            yield Label(" OUTCOME ===> ", classes="label")
            yield Field(12, field_name="outcome")
            yield Label(" PARTY ===> ", classes="label")
            yield Field(11, field_name="party")
        with Horizontal(classes="row"):
            yield Label(" FOLLOW-UP ===> ", classes="label")
            yield Field(10, field_name="follow_up", restrict=DATE)
            yield Label(" NOTE ===> ", classes="label")
            yield Field(38, field_name="note", max_length=500)
        with Horizontal(classes="row"):
            yield Label(" OVERRIDE ===> ", classes="label")
            yield Field(40, field_name="reason", max_length=200)
            yield Label(" (SUPERVISOR)", classes="label")
        yield PageTable(COLUMNS, id="note-history")

    def page_size(self) -> int:
        return max(5, self.app.size.height - 11)

    def refresh_data(self) -> None:
        self.show(self.query_one(PageTable).current_start())

    def show(self, key: tuple | None) -> None:
        table = self.query_one(PageTable)

        async def job() -> None:
            session = self.ar_app.session
            view = await self.call(accounts.view, session, self.account_number)
            window = await self.call(contacts.contact_window, session, view.account.id)
            limit = self.page_size()
            lines = await self.call(
                contacts.history, session, self.account_number, key[0] if key else None,
                limit + 1,
            )  # fmt: skip
            more = len(lines) > limit
            lines = lines[:limit]
            zone = ZoneInfo(view.account.time_zone)
            table.show_page(
                ((line, self.cells(line, zone)) for line in lines),
                (lines[-1].id,) if more else None,
            )
            locale = self.ar_app.header.locale
            next_call = format_next_call(window.next_allowed, window.local_now, locale)
            self.query_one("#note-account", Static).update(
                f" {view.account.account_number} {view.account.name[:16]:<16}"
                f" LOCAL {window.local_now:%H:%M %Z}  CALLS/7D {window.attempts}"
                f"  NEXT {next_call}"
            )

        self.load(job)

    def cells(self, line: ContactLine, zone: ZoneInfo) -> tuple[str, ...]:
        local = line.occurred_at.astimezone(zone)
        note = ("OVR " if line.override_reason else "") + line.note
        return (
            format_date(local.date(), self.ar_app.header.locale),
            f"{local:%H:%M}",
            line.channel.upper(),
            line.party.upper(),
            line.outcome.upper(),
            line.operator.upper(),
            note.upper(),
        )

    async def process(self) -> None:
        self.require_lock()
        outcome = self.value_of("outcome").lower()
        channel = self.value_of("channel").lower()
        follow_up = self.optional_day_in("follow_up")
        reason = self.value_of("reason") or None
        logged = await self.call(
            contacts.log_contact,
            self.ar_app.session,
            self.account_number,
            self.value_of("channel"),
            self.value_of("outcome"),
            party=self.value_of("party") or "insured",
            note=self.value_of("note"),
            follow_up=follow_up,
            override_reason=reason,
            source="NOTE",
        )
        for name in ("channel", "outcome", "party", "follow_up", "note", "reason"):
            self.query_one(f"#{name}", Field).value = ""
        overridden = (
            f" (OVERRIDE: {', '.join(logged.overridden).upper()})" if logged.overridden else ""
        )
        if outcome == "promise":  # the customer promised: take the promise now, on PROM
            await self.ar_app.navigate("PROM", self.account_number)
            promise = self.app.screen
            if isinstance(promise, PromiseScreen):
                promise.message = (
                    f"AR0721I CONTACT LOGGED{overridden}: TYPE THE PROMISED AMOUNT AND DATE"
                )
                promise.prefill_channel = channel
            return
        self.say(f"AR0720I CONTACT LOGGED{overridden}")
        self.query_one(PageTable).reset()
        self.show(None)
        self.query_one("#channel", Field).focus()

    async def pf_forward(self) -> None:
        self.turn_page(self.query_one(PageTable), True, self.show, "CONTACTS")

    async def pf_backward(self) -> None:
        self.turn_page(self.query_one(PageTable), False, self.show, "CONTACTS")
