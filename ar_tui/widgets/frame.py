"""The frame every screen shares: title line, command line, message line and PF-key line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.keymaps import BY_NAME, Keymap
from ar_tui.widgets.fields import Field

SCREEN_WIDTH = 80


class TitleLine(Static):
    """Row 1: transaction code, title, business date, operator and region."""

    def show(
        self,
        code: str,
        title: str,
        business_date: str,
        operator: str,
        region: str,
        read_only: bool = False,
        banking_day: bool = True,
    ) -> None:
        # A business date that is no banking day (a holiday set by hand) carries a `*`.
        marker = " " if banking_day else "*"
        right = f"BUS DATE {business_date}{marker} OPER {operator.upper():<8.8} {region:>5.5}"
        room = max(SCREEN_WIDTH, self.app.size.width) - len(right) - 1
        left = f"{code:<5} {title}"
        if read_only:  # the title gives way, never the words READ ONLY
            marker = "  READ ONLY"
            left = left[: room - len(marker)] + marker
        self.update(f"{left[:room]:<{room}} {right}")


class CommandLine(Horizontal):
    """`COMMAND ===>` and the field where transaction codes and PF commands are typed."""

    def compose(self) -> ComposeResult:
        yield Label("COMMAND ===> ", classes="label")
        yield Field(44, field_name="command", id="command", max_length=60, changes=False)


INHIBITED = "X SYSTEM"
MORE = " +"


class MessageLine(Static):
    """One message with its id, e.g. `AR0412E AMOUNT MUST BE GREATER THAN ZERO`, on one row
    that never grows: a longer message ends in `+` and PF1 shows all of it. While typed keys
    are held the row ends in `X SYSTEM`, as a 3270's operator information area does."""

    text = ""

    def say(self, text: str) -> None:
        severity = text[6:7] if len(text) > 6 and text.startswith("AR") else "I"
        self.set_class(severity == "E", "-error")
        self.set_class(severity == "W", "-warning")
        self.text = text
        self.draw()

    def draw(self) -> None:
        width = max(SCREEN_WIDTH, self.app.size.width) - 1
        inhibited = bool(getattr(self.app, "input_inhibited", False))
        room = width - (len(INHIBITED) + 1 if inhibited else 0)
        line = self.text
        if len(line) > room:
            line = line[: room - len(MORE)] + MORE
        if inhibited:
            line = f"{line:<{room}} {INHIBITED}"
        self.update(line)

    def on_resize(self) -> None:
        self.draw()


class PfKeyLine(Static):
    """The PF keys that do something on this screen, as the active keymap names them."""

    def show(self, keymap: Keymap, action_names: tuple[str, ...]) -> None:
        self.update(legend(keymap, action_names))


def legend(keymap: Keymap, action_names: tuple[str, ...], width: int = SCREEN_WIDTH - 1) -> str:
    """One row, always: `PF1=Help PF3=Exit ...`, or, where that is too long for the row,
    `PF1=Help 3=Exit 4=Menu ...` (the way 3270 applications write a full legend)."""
    keys = [
        (BY_NAME[name].pf, BY_NAME[name].legend)
        for name in action_names
        if keymap.keys.get(BY_NAME[name].id)
    ]
    full = " ".join(f"PF{pf}={word}" for pf, word in keys)
    if len(full) <= width:
        return full
    compact = full
    for words in (dict[str, str](), SHORT):
        compact = " ".join(
            f"{'PF' if i == 0 else ''}{pf}={words.get(word, word)}"
            for i, (pf, word) in enumerate(keys)
        )
        if len(compact) <= width:
            return compact
    return compact[:width]


#: Shorter legend words, for a screen whose every key does something.
SHORT = {"Refresh": "Rfsh", "NxtScr": "Nxt", "Cancel": "Cncl", "Notes": "Note"}
