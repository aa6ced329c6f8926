"""Driving the app with the keyboard in tests, and reading what the screen shows."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from ar_tui.app import ArApp
from ar_tui.screens.base import ArScreen
from ar_tui.widgets.frame import MessageLine


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until every loading worker has finished and the screen has been updated."""
    app = pilot.app
    for _ in range(3):
        await pilot.pause()
        await app.workers.wait_for_complete()
    await pilot.pause()


async def type_command(pilot: Pilot[Any], text: str) -> None:
    """Clear the command line, type on it and press Enter."""
    screen = pilot.app.screen
    assert isinstance(screen, ArScreen)
    screen.command_field().value = ""
    screen.command_field().focus()
    await pilot.press(*_keys(text), "enter")
    await settle(pilot)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*_keys(text))


def _keys(text: str) -> list[str]:
    names = {" ": "space", ",": "comma", "-": "minus", "'": "apostrophe", ".": "full_stop"}
    return [names.get(ch, ch) for ch in text]


def screen_of(app: ArApp) -> ArScreen:
    screen = app.screen
    assert isinstance(screen, ArScreen)
    return screen


def message(app: ArApp) -> str:
    return str(screen_of(app).query_one(MessageLine).render())


def text_of(app: ArApp, selector: str) -> str:
    return str(screen_of(app).query_one(selector, Static).render())
