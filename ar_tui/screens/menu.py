"""MENU: the main menu, numbered options for every transaction."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Static

from ar_tui.screens.base import ArScreen
from ar_tui.services import messages


class MenuScreen(ArScreen):
    """Numbered options; type a number or a transaction code on the command line."""

    CODE = "MENU"
    TITLE = "AR COLLECTIONS - MAIN MENU"
    PF_KEYS: ClassVar[tuple[str, ...]] = ("help", "exit", "next_account", "cancel")
    HELP = (
        "The main menu lists every transaction. Type its option number or its code on\n"
        "the command line and press Enter; a code may carry an account number, e.g.\n"
        "ACIQ 1000234. Codes work from any screen. PF3 here leaves AR-TUI."
    )

    def compose_body(self) -> ComposeResult:
        yield Static(id="menu-options")

    def on_mount(self) -> None:
        super().on_mount()
        # Two columns, down then across, so every option fits the 24x80 screen.
        options = [
            f" {t.option:>3}  {t.code:<5} {t.description[:27]:<27}"
            for t in self.ar_app.menu_options()
        ]
        half = (len(options) + 1) // 2
        heading = f"{' OPT  CODE  FUNCTION':<39}"
        lines = [f" {self.ar_app.header.company}", "", f"{heading} {heading}".rstrip()]
        right_column = options[half:] + [""] * (2 * half - len(options))
        for left, right in zip(options[:half], right_column, strict=True):
            lines.append(f"{left} {right}".rstrip())
        lines += ["", "  ENTER AN OPTION NUMBER OR A TRANSACTION CODE ON THE COMMAND LINE."]
        self.query_one("#menu-options", Static).update("\n".join(lines))
        self.load(self.show_message)

    async def show_message(self) -> None:
        """A message the system left for this operator, one at a time (then it is read)."""
        session = self.ar_app.session
        found = await self.call(messages.unread, session, 1)
        if found:
            _id, _day, number, text = found[0]
            more = await self.call(messages.unread_count, session)
            tail = f" (+{more} MORE: TYPE MENU)" if more else ""
            self.say(f"AR0020I {number}: {text}{tail}"[:79])

    async def pf_exit(self) -> None:
        self.app.exit()
