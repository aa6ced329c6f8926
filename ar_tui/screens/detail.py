"""DETL: one row of a list, every column in full (a list cuts a long note or reason)."""

from __future__ import annotations

from collections.abc import Sequence
from textwrap import wrap

from ar_tui.screens.base import ArScreen
from ar_tui.screens.overlay import OverlayScreen


class DetailScreen(OverlayScreen):
    """Over the list it came from; PF3 goes back to it."""

    CODE = "DETL"
    TITLE = "DETAIL OF A LINE"
    HELP = "The line the cursor was on, every column in full. PF3 returns to the list."
    TEXT_ID = "detail-text"

    def __init__(self, about: ArScreen, labels: Sequence[str], cells: Sequence[str]) -> None:
        super().__init__(about)
        self.labels = list(labels)
        self.cells = list(cells)

    def on_mount(self) -> None:
        super().on_mount()
        label_width = max((len(label) for label in self.labels), default=1) + 1
        room = max(20, self.app.size.width - label_width - 4)
        lines = [f" {self.about.CODE}  {self.about.TITLE}", ""]
        for label, cell in zip(self.labels, self.cells, strict=True):
            rows = wrap(cell, room) or [""]
            lines.append(f" {label or '-':<{label_width}} {rows[0]}")
            lines += [f" {'':<{label_width}} {row}" for row in rows[1:]]
        self.show_text(lines)
        self.say("AR0010I PF3 RETURNS TO " + self.about.CODE)
