"""What ACIQ, ITEM and HIST share: one account, PF10/PF11 between them, a header line."""

from __future__ import annotations

from typing import ClassVar

from ar_tui.domain.errors import ArError
from ar_tui.screens.base import ArScreen

ACCOUNT_SCREENS = ("ACIQ", "ITEM", "HIST")


class AccountScreen(ArScreen):
    """A screen about one account; PF10/PF11 move to the previous/next account screen."""

    PF_KEYS: ClassVar[tuple[str, ...]] = (
        "help", "exit", "menu", "refresh", "next_account", "notes", "prev_screen", "next_screen",
        "cancel",
    )  # fmt: skip

    def __init__(self, account_number: str) -> None:
        super().__init__()
        self.account_number = account_number

    def account_bound(self) -> bool:
        return True

    def require_lock(self) -> None:
        """Refuse a change to an account another operator is working (the services refuse
        it too: this only says so before anything is sent)."""
        if not self.ar_app.lock.mine:
            raise ArError("AR0732E", f"ACCOUNT {self.ar_app.lock.message()}: READ ONLY", "command")

    async def pf_notes(self) -> None:
        await self.ar_app.navigate("NOTE", self.account_number)

    async def pf_prev_screen(self) -> None:
        await self._step(-1)

    async def pf_next_screen(self) -> None:
        await self._step(1)

    async def _step(self, direction: int) -> None:
        index = ACCOUNT_SCREENS.index(self.CODE)
        code = ACCOUNT_SCREENS[(index + direction) % len(ACCOUNT_SCREENS)]
        await self.ar_app.navigate(code, self.account_number, replace=True)
