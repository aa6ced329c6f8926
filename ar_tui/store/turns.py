"""Taking turns at the one writer: saves go between a bank file's chunks; one import at a time.

SQLite's busy handler polls with growing sleeps, so a writer that commits and begins
again at once would keep the lock from everyone waiting. Every write transaction holds
a shared lock on the database's turnstile file while it waits and runs; between two
chunks a bank-file import asks for the exclusive lock, which it gets once the saves
waiting at that moment are done (or after `MAKE_WAY_SECONDS`, so a stream of saves
cannot stop an import). The locks are the kernel's (flock): they end with the process.
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


@contextmanager
def in_turn(database: Path) -> Iterator[None]:
    """Hold the turnstile shared while a write transaction waits for the lock and runs."""
    fd = _open(turnstile_of(database))
    if fd is None:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def make_way(database: Path, wait_seconds: float = MAKE_WAY_SECONDS) -> bool:
    """Between two chunks: let the saves waiting now go first. True when they all went."""
    fd = _open(turnstile_of(database))
    if fd is None:
        return True
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.001)
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
