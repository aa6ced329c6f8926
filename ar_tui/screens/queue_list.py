"""What WORK and FOLW share: QUEUE MINE, TEAM or ALL above a list of accounts read a page
at a time; Enter on a line opens the account, PF7/PF8 turn the pages."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Label

from ar_tui.screens.base import ArScreen
from ar_tui.widgets.fields import Field
from ar_tui.widgets.pagetable import PageTable


class QueueList(ArScreen):
    """A queue's accounts; `show(key)` puts up the page that starts at `key`."""

    FIRST_FIELD = "queue"
    PF_KEYS: ClassVar[tuple[str, ...]] = (
        "help", "exit", "menu", "refresh", "next_account", "backward", "forward", "cancel",
    )  # fmt: skip
    #: What PF8 says there is no more of.
    NOUN: ClassVar[str] = "ACCOUNTS"

    def __init__(self, _argument: str = "") -> None:
        super().__init__()
        self.scope = ""

    def queue_field(self) -> ComposeResult:
        # A collector starts on their own queue; anyone else has none, so on everyone's.
        self.scope = "mine" if self.ar_app.session.operator.role == "collector" else "all"
        with Horizontal(classes="row"):
            yield Label(" QUEUE ===> ", classes="label")
            yield Field(4, field_name="queue", value=self.scope.upper(), restrict=r"[A-Za-z]*")
            yield Label("  MINE, TEAM OR ALL; ENTER ON A LINE OPENS THE ACCOUNT", classes="label")

    def show(self, key: tuple | None) -> None:
        raise NotImplementedError

    @on(DataTable.RowSelected)
    async def _open(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.command_field().value.strip():
            await self.ar_app.enter(self)
            return
        line: Any = self.query_one(PageTable).selected_value()
        if line is not None:
            await self.ar_app.navigate("ACIQ", line.account_number)

    async def pf_forward(self) -> None:
        self.turn_page(self.query_one(PageTable), True, self.show, self.NOUN)

    async def pf_backward(self) -> None:
        self.turn_page(self.query_one(PageTable), False, self.show, self.NOUN)
