"""The screens that sit over a transaction screen (help, the detail of a line): a text to
scroll with PF7/PF8, and PF3 back to the screen they are about."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ar_tui.screens.base import ArScreen


class OverlayScreen(ArScreen):
    """Over `about`; subclasses fill `TEXT_ID` when mounted."""

    PF_KEYS: ClassVar[tuple[str, ...]] = ("exit", "menu", "backward", "forward")
    OVERLAY = True
    TEXT_ID: ClassVar[str] = "help-text"

    def __init__(self, about: ArScreen) -> None:
        super().__init__()
        self.about = about

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll", can_focus=False):
            yield Static(id=self.TEXT_ID)

    def show_text(self, lines: list[str]) -> None:
        self.query_one(f"#{self.TEXT_ID}", Static).update("\n".join(lines))

    async def pf_forward(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_page_down(animate=False)

    async def pf_backward(self) -> None:
        self.query_one("#help-scroll", VerticalScroll).scroll_page_up(animate=False)
