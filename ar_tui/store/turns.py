"""Taking turns at the one writer: saves go between a bank file's chunks; one import at a time.

SQLite's busy handler polls with growing sleeps (up to 100 ms), and no one is first in line:
with fifty collectors saving while a bank file posts, one save in a hundred waited two
seconds. So writers take turns at kernel locks instead (flock, which ends with the process):

- every write transaction holds the turnstile (`DB-turns`) shared while it waits and runs,
  and the writer's lock (`DB-write`) exclusively around BEGIN ... COMMIT, trying for it
  every half millisecond, not SQLite's 100: a writer gets in a moment after the last one;
- between two chunks a bank-file import asks for the turnstile exclusively, which it gets
  once the saves waiting at that moment are done (or after `MAKE_WAY_SECONDS`, so a stream
  of saves cannot stop an import); its chunks are write transactions like any other.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from ar_tui.domain.errors import Busy

MAKE_WAY_SECONDS = 0.25
"""The longest an import waits between chunks for the saves that were waiting."""


def _open(path: Path) -> int | None:
    """A descriptor on the lock file, created 0600; None where the folder is not writable
    (a read-only database cannot be written anyway, and says so itself)."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o600)
    except OSError:
        return None


def turnstile_of(database: Path) -> Path:
    return Path(f"{database}-turns")


def import_lock_of(database: Path) -> Path:
    return Path(f"{database}-import")


def writer_lock_of(database: Path) -> Path:
    return Path(f"{database}-write")


def _take(fd: int, mode: int, deadline: float) -> bool:
    """Take a lock, trying every half millisecond (after 50 ms, every two): SQLite's own
    waits grow to 100 ms. False when `deadline` passed without it."""
    pause = 0.0005
    patient = time.monotonic() + 0.05
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            now = time.monotonic()
            if now >= deadline:
                return False
            time.sleep(pause)
            if now > patient:
                pause = 0.002


@contextmanager
def in_turn(database: Path, wait_seconds: float) -> Iterator[None]:
    """Around one write transaction: the turnstile shared, then the writer's lock; refused
    (busy) after `wait_seconds` without them."""
    descriptors = [_open(turnstile_of(database)), _open(writer_lock_of(database))]
    deadline = time.monotonic() + wait_seconds
    try:
        for fd, mode in zip(descriptors, (fcntl.LOCK_SH, fcntl.LOCK_EX), strict=True):
            if fd is not None and not _take(fd, mode, deadline):
                # As SQLite refuses a writer it waited for past its busy timeout.
                raise Busy("AR0901E", "THE DATABASE IS BUSY WITH ANOTHER SESSION'S WORK: TRY AGAIN")
        yield
    finally:
        for fd in reversed(descriptors):
            if fd is not None:
                os.close(fd)  # closing the descriptor releases its lock


def make_way(database: Path, wait_seconds: float = MAKE_WAY_SECONDS) -> bool:
    """Between two chunks: let the saves waiting now go first. True when they all went."""
    fd = _open(turnstile_of(database))
    if fd is None:
        return True
    try:
        return _take(fd, fcntl.LOCK_EX, time.monotonic() + wait_seconds)
    finally:
        os.close(fd)


@contextmanager
def only_import(database: Path) -> Iterator[None]:
    """The one bank-file import (or resume, or nightly cycle) posting batches on a database.

    Held for the whole import: a batch left `posting` while no one holds it was cut
    short by a crash, and whoever holds it next may finish it.
    """
    fd = _open(import_lock_of(database))
    if fd is None:
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(
                "AR0616E",
                "ANOTHER BANK FILE IS POSTING ON THIS DATABASE: TRY AGAIN WHEN IT HAS FINISHED",
            ) from None
        yield
    finally:
        with suppress(OSError):
            os.close(fd)
