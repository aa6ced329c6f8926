"""The Textual App: wiring of session, keymap, theme and router for transaction codes."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import importlib
from collections import deque
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import events
from textual._styles_cache import StylesCache
from textual.app import App
from textual.binding import Binding, BindingType

from ar_tui import keymaps
from ar_tui.config import Config
from ar_tui.domain.banking_days import is_banking_day
from ar_tui.domain.display import format_date
from ar_tui.domain.errors import ArError, UsageError, internal_error
from ar_tui.keyboard import TypeAhead, read_escape_digits_as_alt
from ar_tui.keymaps import BY_NAME, PF_ACTIONS, Keymap
from ar_tui.lazy import lazy
from ar_tui.screens import commands
from ar_tui.screens.base import ArScreen
from ar_tui.screens.help import HelpScreen
from ar_tui.screens.menu import MenuScreen
from ar_tui.screens.registry import OPTIONS, TRANSACTIONS, Transaction
from ar_tui.services import banking_calendar, locks
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.widgets.frame import MessageLine
from ar_tui.widgets.themes import THEMES

if TYPE_CHECKING:
    from ar_tui.services import queue
else:  # PF6 imports it: the first frame does not wait for the queue's rules
    queue = lazy("ar_tui.services.queue")

T = TypeVar("T")
# Imported on the database thread once the first frame is up: PF6's rules and the rules
# every audited change to an account re-reads (see Session.audit).
WARM_AFTER_FIRST_FRAME = ("ar_tui.services.workable", "ar_tui.services.queue")


@dataclass(frozen=True)
class Header:
    """What the title line and the formatters need, read once per refresh."""

    business_day: date
    business_date: str
    operator: str
    region: str
    locale: str
    currency: str
    company: str
    phone_display: str = "full"
    banking_day: bool = True
    banking_calendar: str = "XFED"


def forget_removed_styles() -> None:
    """Let the screens just removed go. Textual caches `StylesCache.get_inner_outer` with
    functools' lru_cache on the method, so each of its 1,024 entries holds a widget's whole
    StylesCache and every Strip rendered for it, long after the widget is gone: +17 MB
    over a day of accounts opened (Textualize/textual#6665, open). The cache only saves
    working out two colours; a screen change empties it."""
    StylesCache.get_inner_outer.cache_clear()


def _attention(method: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
    """Count the app as working while `method` runs. Its handler may await the database
    (a refusal comes back from there) after taking its message off the queue, where no
    queue shows it: type-ahead reads this count instead."""

    @functools.wraps(method)
    async def run(self: ArApp, *args: Any, **kwargs: Any) -> None:
        self.working += 1
        try:
            await method(self, *args, **kwargs)
        finally:
            self.working -= 1

    return run


HEARTBEAT_SECONDS = locks.STALE_AFTER.total_seconds() / 6
CHECKPOINT_SECONDS = 5.0  # what this session wrote goes from the log into the database file
HISTORY_DEPTH = 10  # how many screens back PF3 goes before MENU


class ArApp(App[None]):
    """Handed its session (store + operator) and keymap, so tests run it on any database."""

    CSS_PATH = "app.tcss"
    TITLE = "AR-TUI"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(
                keymaps.load("3270").keys[action.id][0],
                f"pf('{action.name}')",
                action.legend,
                id=action.id,
                show=False,
                priority=True,
                tooltip=action.help,
            )
            for action in PF_ACTIONS
        ],
        # Priority, so focus moves before the next typed key is handed to a field: a fast
        # typist's "175<Tab>check" must not leave "check" in the amount field.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True, id="ar.tab"),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous field",
            show=False,
            priority=True,
            id="ar.backtab",
        ),
    ]

    def __init__(self, session: Session, keymap: Keymap, theme: str = "green") -> None:
        # Mono sends no colour at all: with the terminal's own colours and NO_COLOR set,
        # Textual strips every colour (otherwise it sends greys).
        super().__init__(ansi_color=theme == "mono")
        self.session = session
        self.keymap = keymap
        self.current_account: str | None = None
        # This terminal session: its locks on accounts are named by it, and the services
        # refuse a change to an account another session's lock holds.
        self.session_id = session.session_id
        self.lock = locks.LockState(mine=True)
        self._prefix_armed = False
        self._after_prefix = keymap.after_prefix() if keymap.prefix else {}
        self._pf_keys = {
            key for keys in keymap.direct_bindings().values() for key in keys.split(",")
        }
        #: The transactions PF3 goes back to, newest last (bounded: older ones drop off).
        self.history: deque[tuple[str, str]] = deque(maxlen=HISTORY_DEPTH)
        #: The accounts PF6 skipped in this session: the next PF6 passes over them.
        self.passed: set[str] = set()
        #: Insert mode is the terminal's, as on a 3270 (the Insert key switches it).
        self.overtype = False
        self.input_inhibited = False
        if keymap.prefix:
            read_escape_digits_as_alt()
        #: Attention work under way (an Enter, a PF key, a screen change), awaited inside
        #: a handler: type-ahead holds keys until it is done (see `_attention`).
        self.working = 0
        self.typeahead = TypeAhead(
            self, self.is_attention, self.handle_key, self.show_inhibited,
            busy=lambda: self.working > 0,
        )  # fmt: skip
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ar-db")
        # Checkpoints run on a thread of their own, so a save never queues behind one.
        self._upkeep = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ar-upkeep")
        self.header = self._read_header(first=True)
        for look in THEMES.values():
            self.register_theme(look)
        self.theme = f"ar-{theme}"

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(THEMES["green"].variables)

    # -- start and stop -------------------------------------------------------------

    def on_mount(self) -> None:
        self.set_keymap(self.keymap.direct_bindings())
        self.push_screen(MenuScreen())
        # A live session keeps its locks fresh, so only a dead or hung one is reclaimed.
        self.set_interval(HEARTBEAT_SECONDS, self.heartbeat)
        self.set_interval(CHECKPOINT_SECONDS, self.checkpoint)
        self.call_after_refresh(lambda: self.run_worker(self._after_first_frame(), group="header"))

    async def _after_first_frame(self) -> None:
        """After the first frame, on the database thread: whether the business date is a
        bank holiday (a `*` on row 1), from the holidays the database keeps; then the rules
        the first change to an account needs, so its transaction does not wait for an
        import."""
        if not gc.isenabled():  # started by `ar-tui` (see ar_tui.start): collect from now on
            gc.freeze()
            gc.enable()
        await self.call_db(banking_calendar.learn, self.session)
        header = await self.call_db(self._read_header)
        if header.banking_day != self.header.banking_day:
            self.header = header
            if isinstance(self.screen, ArScreen):
                self.screen.refresh_title()
        for name in WARM_AFTER_FIRST_FRAME:
            await self.call_db(importlib.import_module, name)

    async def checkpoint(self) -> None:
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._upkeep, self.session.checkpoint)

    async def heartbeat(self) -> None:
        # A busy database skips one beat; the next comes minutes before any lock goes stale.
        with contextlib.suppress(ArError):
            await self.call_db(locks.heartbeat, self.session, self.session_id)

    async def on_unmount(self) -> None:
        await self.call_db(locks.release_all, self.session, self.session_id)
        self._db.shutdown(wait=True)
        self._upkeep.shutdown(wait=True)

    def _read_header(self, first: bool = False) -> Header:
        """The header as the settings say now. The `first`, for the first frame, takes a
        weekday for a banking day: the holiday calendars load after it (see on_mount)."""
        values = self.session.settings()
        day = date.fromisoformat(values["business_date"])
        banking_day = (
            day.weekday() < 5 if first else is_banking_day(day, values["banking_calendar"])
        )
        return Header(
            business_day=day,
            business_date=format_date(day, values["locale"]),
            operator=self.session.operator.login,
            region=values["region"],
            locale=values["locale"],
            currency=values["currency"],
            company=values["company_name"],
            phone_display=values["phone_display"],
            banking_day=banking_day,
            banking_calendar=values["banking_calendar"],
        )

    async def call_db(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run a service call on the one database thread, so the screen never waits on I/O."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._db, lambda: fn(*args, **kwargs))

    # -- keys -----------------------------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        """Every typed key goes through type-ahead: held while the system works."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            if not self.typeahead.offer(event):
                await self.handle_key(event)
            return
        await super().on_event(event)

    def is_attention(self, event: events.Key) -> bool:
        """The keys that make the system work (Enter, a PF key), as a 3270's AID keys."""
        if event.key == "enter" or event.key in self._pf_keys:
            return True
        return self._prefix_armed and event.key in self._after_prefix

    async def handle_key(self, event: events.Key) -> None:
        """A key, typed now or replayed: a prefix keymap (Esc then a digit) reads the key
        after the prefix as a PF key; everything else goes to Textual as typed."""
        if self.keymap.prefix:
            if self._prefix_armed:
                self._prefix_armed = False
                action = self._after_prefix.get(event.key)
                if action:
                    await self.action_pf(action)
                    return
                self._say("")
            elif event.key == self.keymap.prefix:
                self._prefix_armed = True
                self._say("AR0006I PF: 1-9, 0=PF10, -=PF11, ==PF12")
                return
        await super().on_event(event)

    def show_inhibited(self, inhibited: bool) -> None:
        """`X SYSTEM` on the message line while keys are held (every screen's, so none
        is left showing it)."""
        self.input_inhibited = inhibited
        for screen in self.screen_stack:
            for line in screen.query(MessageLine):
                line.draw()

    def _say(self, text: str) -> None:
        if isinstance(self.screen, ArScreen):
            self.screen.say(text)

    @_attention
    async def action_pf(self, name: str) -> None:
        screen = self.screen
        if not isinstance(screen, ArScreen):
            return
        if not screen.handles(name):
            action = BY_NAME[name]
            screen.say(f"AR0008W PF{action.pf} ({action.legend.upper()}) IS NOT ACTIVE HERE")
            return
        try:
            await self.refresh_lock(screen)
            await screen.run_pf(name)
        except ArError as error:
            screen.show_error(error)
        except Exception as exc:  # a defect: a message on the line, never a traceback
            screen.show_error(internal_error(exc))

    async def common_pf(self, screen: ArScreen, name: str) -> None:
        """The PF actions that mean the same on every screen."""
        if name == "help":
            self.push_screen(HelpScreen(screen))
        elif name == "exit":
            await self.go_back()
        elif name == "menu":
            self.to_menu()
        elif name == "next_account":
            await self.next_account(screen)

    @_attention
    async def next_account(self, screen: ArScreen) -> None:
        """PF6: the highest-priority account this operator may work now, locked and opened.
        PF6 on an account skips it for the rest of this session, so the next PF6 moves on."""
        if screen.account_bound() and self.current_account:
            self.passed.add(self.current_account)
        found = await self.call_db(
            queue.next_account, self.session, session_id=self.session_id, passed=self.passed
        )
        if found.account_number is None:
            why = (
                f" ({len(found.skipped)} PASSED OVER, FIRST: {found.skipped[0][1]})"
                if found.skipped
                else ""
            )
            screen.say(f"AR0741I NO ACCOUNT IN YOUR QUEUE CAN BE WORKED NOW{why.upper()}")
            return
        await self.navigate("ACIQ", found.account_number)

    @_attention
    async def go_back(self) -> None:
        """PF3: off the help screen; back along the history of transactions; from the
        first one to MENU; on MENU, leave."""
        if getattr(self.screen, "OVERLAY", False) or len(self.screen_stack) > 3:
            self.pop_screen()
        elif self.history:
            code, argument = self.history.pop()
            await self.navigate(code, argument, replace=True)
        elif len(self.screen_stack) > 2:
            self.pop_screen()
        else:
            self.exit()

    def to_menu(self) -> None:
        # Screen changes are not awaited: they are often asked for from a handler of the
        # very screen being removed, and awaiting its removal there would wait forever.
        self.history.clear()
        while len(self.screen_stack) > 2:
            self.pop_screen()

    # -- the command line and Enter ----------------------------------------------------

    def menu_options(self) -> list[Transaction]:
        return [t for t in TRANSACTIONS.values() if t.code != "MENU"]

    @_attention
    async def enter(self, screen: ArScreen) -> None:
        """Enter: the command line if anything is typed there, otherwise the screen's fields."""
        field = screen.command_field()
        try:
            typed, field.value = field.value, ""  # cleared whether the code runs or not
            command = commands.parse(typed, set(TRANSACTIONS))
            if command is None:
                if await self.refresh_lock(screen):
                    await screen.process()
                return
            if command.kind == "pf":
                await self.action_pf(command.name)
            elif command.kind == "option":
                code = OPTIONS.get(command.name)
                if code is None or code == "MENU":
                    raise UsageError(
                        "AR0009E", f"OPTION {command.name} IS NOT ON THE MENU", "command"
                    )
                await self.navigate(code, command.argument)
            else:
                await self.navigate(command.name, command.argument)
        except ArError as error:
            screen.show_error(error)
        except Exception as exc:  # a defect: a message on the line, never a traceback
            screen.show_error(internal_error(exc))

    @_attention
    async def navigate(self, code: str, argument: str = "", *, replace: bool = False) -> None:
        """Open transaction `code`; account screens check the account exists first."""
        transaction = TRANSACTIONS[code]
        if code == "MENU":
            self.to_menu()
            return
        if transaction.needs_account:
            number = argument.split()[0] if argument else self.current_account
            if not number:
                raise UsageError(
                    "AR0201E", f"ACCOUNT NUMBER IS REQUIRED: {code} NNNNNNN", "command"
                )
            await self.call_db(account_id_for, self.session, number, "command")
            await self.work_on(number)
            argument = number
        self.header = await self.call_db(self._read_header)
        screen = transaction.build(argument)
        screen.argument = argument
        while getattr(self.screen, "OVERLAY", False):  # a code typed on help leaves it first
            self.pop_screen()
        shown = self.screen
        if len(self.screen_stack) <= 2 or isinstance(shown, MenuScreen):
            self.push_screen(screen)
            return
        # One transaction screen at a time over MENU: the one shown gives way (PF3 brings it
        # back, rebuilt, from a bounded history), so a day of opened accounts keeps no
        # screens alive and a session's memory stays flat.
        if not replace and isinstance(shown, ArScreen):
            self.history.append((shown.CODE, shown.history_argument()))
        self.switch_screen(screen)
        forget_removed_styles()

    async def work_on(self, number: str) -> None:
        """Work `number`: give back the account worked before, lock this one (or see who has
        it). Opening the account already worked asks again: one released meanwhile is
        taken back, one another session took is read only."""
        if self.current_account and number != self.current_account:
            await self.call_db(locks.release, self.session, self.current_account, self.session_id)
        self.lock = await self.call_db(locks.acquire, self.session, number, self.session_id)
        self.current_account = number

    async def refresh_lock(self, screen: ArScreen) -> bool:
        """At each action on an account, the lock as it stands now: a lock a supervisor
        released or another session reclaimed makes this screen read only (and says so);
        an account another session gave back becomes this one's. True when the action may
        go on as the screen showed it."""
        number = self.current_account
        if not screen.account_bound() or number is None or self.lock.role:
            return True
        before = self.lock
        if before.mine:
            now = await self.call_db(locks.state, self.session, number, self.session_id)
            if now.mine:
                return True
            self.lock = now
            screen.apply_lock()
            screen.say(f"AR0734W LOCK ON {number} TAKEN: {now.message()}: READ ONLY")
            return False
        self.lock = await self.call_db(locks.acquire, self.session, number, self.session_id)
        screen.apply_lock()
        if self.lock.mine:
            screen.say(f"AR0735I ACCOUNT {number} IS YOURS NOW: TYPE THE CHANGE, THEN ENTER")
            return False
        return True


def make_app(session: Session, keymap: Keymap | str = "3270", theme: str = "green") -> ArApp:
    """The one factory: the CLI, the tests and the snapshots all build the app here."""
    chosen = keymaps.load(keymap) if isinstance(keymap, str) else keymap
    return ArApp(session, chosen, theme)


def run_tui(session: Session, config: Config, keymap: str | None = None) -> int:
    """Run the TUI until the operator leaves; a keymap that cannot be used is a usage error."""
    try:
        app = make_app(session, keymap or config.keymap, config.theme)
    except keymaps.KeymapError as error:
        raise UsageError("AR0016E", str(error).upper()) from error
    app.run()
    return app.return_code or 0
