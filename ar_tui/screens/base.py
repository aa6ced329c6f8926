"""The screen every transaction builds on: the frame, PF dispatch, messages and data loading."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Static

from ar_tui.domain.dates import parse_day
from ar_tui.domain.display import format_date, screen_dates
from ar_tui.domain.errors import ArError, internal_error
from ar_tui.widgets.fields import Field
from ar_tui.widgets.frame import CommandLine, MessageLine, PfKeyLine, TitleLine
from ar_tui.widgets.pagetable import PageTable

if TYPE_CHECKING:
    from ar_tui.app import ArApp

T = TypeVar("T")

MIN_WIDTH, MIN_HEIGHT = 80, 24
TOO_SMALL = "AR0001W ENLARGE THE WINDOW TO AT LEAST 80X24"

COMMON_KEYS = ("help", "exit", "menu", "refresh", "cancel")


class ArScreen(Screen[None]):
    """A transaction screen: subclasses set CODE, TITLE, PF_KEYS and HELP and build the body."""

    CODE: ClassVar[str] = "????"
    TITLE: ClassVar[str] = ""
    PF_KEYS: ClassVar[tuple[str, ...]] = COMMON_KEYS
    HELP: ClassVar[str] = ""
    #: The field the cursor starts in (the command line when None).
    FIRST_FIELD: ClassVar[str | None] = None
    #: An overlay (help, the detail of a line) sits over a transaction screen: PF3 or a
    #: code typed on it takes it away first.
    OVERLAY: ClassVar[bool] = False
    #: A rule's name for a field -> this screen's field (the rule says `amount`, SETL
    #: calls it OFFER), so an error puts the cursor where the fault is.
    FIELD_FOR: ClassVar[dict[str, str]] = {}

    def account_bound(self) -> bool:
        """Whether the screen works one account now: then its lock decides whether the
        fields that change it are open, and READ ONLY shows on row 1 when they are not."""
        return False

    def __init__(self) -> None:
        super().__init__()
        self.message = ""
        #: What was typed after the code (`ACIQ 1000234`): PF3 rebuilds the screen from it.
        self.argument = ""

    def history_argument(self) -> str:
        """What rebuilds this screen as it stands when PF3 comes back to it."""
        return self.argument

    @property
    def ar_app(self) -> ArApp:
        return self.app  # type: ignore[return-value]

    # -- building -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield TitleLine(id="title")
        with Container(id="body"):
            yield from self.compose_body()
        yield Static(TOO_SMALL, id="too-small")
        yield CommandLine(id="cmdline")
        yield MessageLine(id="message")
        yield PfKeyLine(id="pfkeys")

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.query_one(PfKeyLine).show(self.ar_app.keymap, self.PF_KEYS)
        self.apply_lock()
        if self.account_bound() and not self.ar_app.lock.mine and not self.message:
            self.message = f"AR0731W {self.ar_app.lock.message()}: READ ONLY"
        self.query_one(MessageLine).say(self.message)
        self.check_size()
        self.focus_first()
        self.refresh_data()

    def on_screen_resume(self) -> None:
        self.apply_lock()
        self.check_size()

    def on_resize(self) -> None:
        self.check_size()
        self.refresh_title()  # a wider terminal puts the right of row 1 at its right edge

    def check_size(self) -> None:
        """Below 80x24 the body gives way to a message; it comes back when enlarged."""
        width, height = self.app.size
        self.set_class(width < MIN_WIDTH or height < MIN_HEIGHT, "-too-small")

    def refresh_title(self) -> None:
        header = self.ar_app.header
        self.query_one(TitleLine).show(
            self.CODE, self.TITLE, header.business_date, header.operator, header.region,
            read_only=self.read_only(), banking_day=header.banking_day,
        )  # fmt: skip

    def read_only(self) -> bool:
        return self.account_bound() and not self.ar_app.lock.mine

    def apply_lock(self) -> None:
        """Protect the fields that change the account while it is read only (or open them
        again), and say READ ONLY on row 1."""
        protect = self.read_only()
        for field in self.query(Field):
            if field.changes:
                field.protected = protect
        self.refresh_title()

    @on(Field.Protected)
    def _protected(self, event: Field.Protected) -> None:
        event.stop()
        self.app.bell()
        self.say(f"AR0733W PROTECTED FIELD: {self.ar_app.lock.message()}")

    @on(Field.Refused)
    def _refused(self, event: Field.Refused) -> None:
        """A key the field does not take is refused with a message, never dropped."""
        event.stop()
        field = event.field
        name = field.field_name.upper().replace("_", " ")
        if event.full:
            self.say(f"AR0022W {name} IS FULL: {field.max_length} CHARACTERS")
        elif event.text:
            accepts = f": {field.accepts}" if field.accepts else ""
            self.say(f"AR0021E {name}: {event.text!r} IS REFUSED{accepts}")
        else:
            self.say(f"AR0021E {name}: THAT TEXT IS REFUSED: {field.accepts or 'NOT TAKEN'}")

    def focus_first(self) -> None:
        target = self.FIRST_FIELD or "command"
        self.query_one(f"#{target}", Widget).focus()

    # -- messages -----------------------------------------------------------------

    def say(self, text: str) -> None:
        self.message = text = screen_dates(text, self.ar_app.header.locale)
        if self.is_mounted:
            self.query_one(MessageLine).say(text)

    def show_error(self, error: ArError) -> None:
        """The message on the message line and the cursor on the field at fault: the field
        the rule names (or this screen's name for it), the command line for a command, and
        otherwise the screen's first field, never a list."""
        self.say(error.text)
        name = self.FIELD_FOR.get(error.field or "", error.field)
        target = self._field(name)
        if target is None and error.field != "command":
            target = self._first_open_field()
        (target or self.command_field()).focus()

    def _first_open_field(self) -> Field | None:
        first = self._field(self.FIRST_FIELD) if self.FIRST_FIELD else None
        if first is not None and not first.protected:
            return first
        body = self.query_one("#body")
        return next((f for f in body.query(Field) if not f.protected and f.display), None)

    def day_in(self, name: str) -> date:
        """The date typed in field `name`, written back in the screen's one date style, so
        the screen shows the date it understood."""
        day = parse_day(self.value_of(name), self.ar_app.header.locale, name)
        self.query_one(f"#{name}", Field).value = format_date(day, self.ar_app.header.locale)
        return day

    def optional_day_in(self, name: str) -> date | None:
        """As `day_in`, with None for a blank field."""
        return self.day_in(name) if self.value_of(name) else None

    def value_of(self, name: str) -> str:
        """The stripped text of input field `name`."""
        return self.query_one(f"#{name}", Field).value.strip()

    def _field(self, name: str | None) -> Field | None:
        if not name:
            return None
        for field in self.query(Field):
            if field.field_name == name:
                return field
        return None

    # -- data ---------------------------------------------------------------------

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service function on the database thread."""
        return await self.ar_app.call_db(fn, *args, **kwargs)

    def load(self, job: Callable[[], Awaitable[None]]) -> None:
        """Run `job` as this screen's one loading worker; an ArError goes to the message line."""
        self.work(job, "load")

    def work(self, job: Callable[[], Awaitable[None]], group: str) -> None:
        """Run `job` as the one worker of `group`: a refusal, or a defect, becomes the
        message line, never a traceback that ends the session."""

        async def guarded() -> None:
            try:
                await job()
            except ArError as error:
                self.show_error(error)
            except Exception as exc:
                self.show_error(internal_error(exc))

        # Given the function, not a coroutine: one cancelled before it starts is never created.
        self.run_worker(guarded, exclusive=True, group=group)  # type: ignore[arg-type]

    def refresh_data(self) -> None:
        """Load what the screen shows; screens with data override it."""

    def turn_page(
        self, table: PageTable, forward: bool, show: Callable[[tuple | None], None], noun: str
    ) -> None:
        """PF8/PF7 on a list read by key: read the next or previous page, or say why not."""
        if forward:
            key = table.forward_key()
            if key is None:
                self.say(f"AR0306W NO MORE {noun}")
                return
        else:
            moved, key = table.backward_key()
            if not moved:
                self.say("AR0307W ALREADY AT THE FIRST PAGE")
                return
        self.say("")
        show(key)

    # -- keys ---------------------------------------------------------------------

    def handles(self, action: str) -> bool:
        return action in self.PF_KEYS

    async def run_pf(self, action: str) -> None:
        """Do PF action `action` on this screen (the app checked that it is active here)."""
        handler = getattr(self, f"pf_{action}", None)
        if handler is None:
            await self.ar_app.common_pf(self, action)
        else:
            await handler()

    async def pf_refresh(self) -> None:
        self.say("")
        self.refresh_data()

    async def pf_cancel(self) -> None:
        for field in self.query(Field):
            field.value = ""
        self.say("")
        self.focus_first()

    async def process(self) -> None:
        """Enter with an empty command line: process the screen's fields."""

    @on(PageTable.Detail)
    def _detail(self, event: PageTable.Detail) -> None:
        from ar_tui.screens.detail import DetailScreen  # only when a line is opened

        event.stop()
        self.app.push_screen(DetailScreen(self, event.labels, event.cells))

    @on(PageTable.Submit)
    async def _list_enter(self, event: PageTable.Submit) -> None:
        event.stop()
        await self.ar_app.enter(self)

    @on(Input.Submitted)
    async def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        await self.ar_app.enter(self)

    def command_field(self) -> Field:
        return self.query_one("#command", Field)
