"""HELP: what the screen you came from does, its PF keys in your keymap, and every code."""

from __future__ import annotations

from textwrap import wrap

from ar_tui.keymaps import BY_NAME
from ar_tui.screens.overlay import OverlayScreen


class HelpScreen(OverlayScreen):
    """Help for another screen; PF3 goes back to it."""

    CODE = "HELP"
    TITLE = "HELP"
    HELP = "This is the help screen. PF3 returns to the screen you came from."

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
        self.show_text(lines)
        self.say("AR0007I PF3 RETURNS TO " + self.about.CODE)
