"""HELP: what the screen you came from does, its PF keys in your keymap, and every code."""

from __future__ import annotations

from textwrap import wrap
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ar_tui.keymaps import BY_NAME
from ar_tui.screens.base import ArScreen


class HelpScreen(ArScreen):
    """Help for another screen; PF3 goes back to it."""

    CODE = "HELP"
    TITLE = "HELP"
    PF_KEYS: ClassVar[tuple[str, ...]] = ("exit", "menu", "backward", "forward")
    HELP = "This is the help screen. PF3 returns to the screen you came from."
    OVERLAY = True

    def __init__(self, about: ArScreen) -> None:
        super().__init__()
        self.about = about

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll", can_focus=False):
            yield Static(id="help-text")

    def on_mount(self) -> None:
        super().on_mount()
        keymap = self.ar_app.keymap
        lines = [f" {self.about.CODE}  {self.about.TITLE}", ""]
        if self.about.message:  # all of it, however long: the message line shows one row
            lines += [f" LAST MESSAGE: {row}" for row in wrap(self.about.message, 62)] + [""]
        lines += [f" {line}" for line in self.about.HELP.splitlines()]
        lines += ["", f" KEYS ON THIS SCREEN ({keymap.name.upper()} KEYMAP)"]
        for name in self.about.PF_KEYS:
            action = BY_NAME[name]
            lines.append(f"   PF{action.pf:<2} {keymap.key_for(name):<10} {action.help}")
        lines += [
            f"   {'ENTER':<15} Process the screen, or the command line when it is filled in",
            f"   {'TAB':<15} Next field",
            "",
            " COMMAND LINE: a code with an account (ACIQ 1000234), PF3 (any PF key),",
            " END, CANCEL, UP, DOWN, HELP, MENU. CODES:",
        ]
        for transaction in self.ar_app.menu_options():
            lines.append(f"   {transaction.code:<5} {transaction.description}")
        self.query_one("#help-text", Static).update("\n".join(lines))
        self.say("AR0007I PF3 RETURNS TO " + self.about.CODE)

    async def pf_forward(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_page_down(animate=False)

    async def pf_backward(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_page_up(animate=False)
