"""Type-ahead: keys typed while the system works are held, then replayed in order.

A 3270 locks the keyboard (`X SYSTEM`) from an attention key (Enter, a PF key) until the
host has answered. ar-tui does the same, but keeps what is typed meanwhile: from an
attention key until the app is quiet again (every message handled, the new screen mounted,
its page loaded), keys are held; then they are replayed into the screen that is now shown,
one attention key at a time, so `PAYP 1001789<Enter>3000<Tab>ACH<Enter>` fills the new
screen's fields in order however fast it was typed.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import deque
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, cast

from textual import _ansi_sequences, events
from textual.app import App
from textual.message_pump import MessagePump
from textual.widget import Widget
from textual.worker import Worker

#: However long the system works, the keyboard comes back after this (a hung job must
#: never leave a collector with a dead terminal); the held keys are then replayed.
HOLD_LIMIT_SECONDS = 15.0


class TypeAhead:
    """Holds keys from an attention key until the app is quiet, then hands them on.

    `is_attention(key)` says which keys start work; `dispatch(key)` hands a key to the app
    as if just typed; `show(flag)` draws the input-inhibited indicator; `busy()` says the
    app is still doing what an attention key asked (awaiting the database in a handler).
    """

    def __init__(
        self,
        app: App[Any],
        is_attention: Callable[[events.Key], bool],
        dispatch: Callable[[events.Key], Awaitable[None]],
        show: Callable[[bool], None],
        busy: Callable[[], bool] = lambda: False,
    ) -> None:
        self.app = app
        self.busy = busy
        self.is_attention = is_attention
        self.dispatch = dispatch
        self.show = show
        self.held: deque[events.Key] = deque()
        self.inhibited = False
        self._worker: Worker[None] | None = None

    def offer(self, event: events.Key) -> bool:
        """Take `event` if it must wait (True), or leave it to be handled now (False)."""
        if not self.inhibited and not self.is_attention(event):
            return False
        self.held.append(events.Key(event.key, event.character))
        if not self.inhibited:
            self.inhibited = True
            self.show(True)
            # A worker of the app, so whoever waits for the app's work waits for this too.
            self._worker = self.app.run_worker(self._replay, group="typeahead")
        return True

    async def idle(self) -> None:
        """Wait until nothing is held and the keyboard is free (for tests and benchmarks)."""
        while self._worker is not None and not self._worker.is_finished:
            with contextlib.suppress(Exception):
                await self._worker.wait()

    async def _replay(self) -> None:
        try:
            while True:
                await self._settle()
                if not self.held:
                    return
                # The attention key; once its work is done, every key up to the next
                # one: those only move the cursor or fill fields, so they go on at once.
                await self._in_app(self.held.popleft())
                await self._settle()
                while self.held and not self.is_attention(self.held[0]):
                    await self._in_app(self.held.popleft())
        finally:
            self.inhibited = False
            with contextlib.suppress(Exception):
                self.show(False)

    async def _in_app(self, key: events.Key) -> None:
        """Hand `key` on inside the app's own message loop, as a typed key is."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

        async def run() -> None:
            try:
                await self.dispatch(key)
            finally:
                if not done.done():
                    done.set_result(None)

        if self.app.call_later(run):
            await done

    async def _settle(self) -> None:
        """Until the app is quiet: the shown screen and all its widgets have handled every
        message, none of its jobs runs, and no other screen was put up meanwhile."""
        deadline = time.monotonic() + HOLD_LIMIT_SECONDS
        while time.monotonic() < deadline:
            try:
                screen = self.app.screen
            except Exception:  # no screen: the app is closing
                return
            pumps: list[MessagePump] = [self.app, *screen.walk_children(with_self=True)]
            await _drain(pumps, deadline)
            running = [
                worker
                for worker in self.app.workers
                if not worker.is_finished
                and isinstance(worker.node, Widget)
                and (worker.node is screen or worker.node in pumps)
            ]
            for worker in running:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(worker.wait(), max(0.0, deadline - time.monotonic()))
            if running or self.app.screen is not screen:
                continue
            if self.busy():  # the next drain waits for the handler doing the work
                await asyncio.sleep(0.01)
                continue
            if all(_queue_empty(pump) for pump in pumps):
                return


async def _drain(pumps: list[MessagePump], deadline: float) -> None:
    """Wait until each of `pumps` has handled the messages it holds now."""
    pending = 0
    all_done = asyncio.Event()

    def one_done() -> None:
        nonlocal pending
        pending -= 1
        if pending == 0:
            all_done.set()

    for pump in pumps:
        if pump.call_later(one_done):
            pending += 1
    if pending:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(all_done.wait(), max(0.0, deadline - time.monotonic()))


def _queue_empty(pump: MessagePump) -> bool:
    # Textual keeps a pump's messages in a queue of its own; one that is closing has none.
    # A message being handled is off the queue: the app's `busy` says when one is.
    queue = getattr(pump, "_message_queue", None)
    return queue is None or queue.empty()


class _EscapedKey(Enum):
    """What Esc and a key sent as one write mean to a prefix keymap."""

    ALT_1 = "alt+1"
    ALT_2 = "alt+2"
    ALT_3 = "alt+3"
    ALT_4 = "alt+4"
    ALT_5 = "alt+5"
    ALT_6 = "alt+6"
    ALT_7 = "alt+7"
    ALT_8 = "alt+8"
    ALT_9 = "alt+9"
    ALT_0 = "alt+0"
    ALT_MINUS = "alt+minus"
    ALT_EQUALS = "alt+equals_sign"


def read_escape_digits_as_alt() -> None:
    """Esc and a digit in one write (how SSH delivers a fast `Esc 3`) are read as Alt+3.

    Textual reads `ESC 3` as the character a Mac's Option+3 types (`£`; `ESC 1` is `¡`,
    `ESC 9` is `ª`), so a prefix keymap's PF3 typed quickly put `£` into a field. Textual
    keeps this table in one module-wide dict, consulted as each sequence arrives.
    """
    table = cast(dict[str, object], _ansi_sequences.ANSI_SEQUENCES_KEYS)
    for key in _EscapedKey:
        name = key.value.removeprefix("alt+")
        character = {"minus": "-", "equals_sign": "="}.get(name, name)
        table[f"\x1b{character}"] = (key,)
