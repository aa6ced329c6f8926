"""Locking an account to the operator working it; others see who holds it; dead locks are reclaimed.

A lock names the session (a random id), the host and the process that took it. It
is dead when that process no longer runs on this host, or when its session has not
touched it for `STALE_AFTER` (a session on another host, or a hung one).
"""

from __future__ import annotations

import os
import socket
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from ar_tui.domain.errors import ArError
from ar_tui.domain.permissions import changes_anything
from ar_tui.domain.reasons import stated_reason
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import locks as store

STALE_AFTER = timedelta(minutes=30)


def process_alive(host: str, pid: int) -> bool:
    """Whether process `pid` runs on this host (a process elsewhere counts as alive)."""
    if host != socket.gethostname():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _dead(held: store.LockRow, now: datetime, alive: Callable[[str, int], bool]) -> bool:
    beat = datetime.fromisoformat(held.heartbeat_at)
    return not alive(held.host, held.pid) or now - beat > STALE_AFTER


@dataclass(frozen=True)
class LockState:
    """Whether this session holds the account, and who does when it does not."""

    mine: bool
    holder_login: str = ""
    holder_name: str = ""
    since: datetime | None = None
    reclaimed_from: str = ""
    role: str = ""  # set when this operator's role changes nothing, so it takes no lock

    def message(self) -> str:
        if self.mine:
            return ""
        if self.role:
            return f"YOUR ROLE {self.role.upper()} CHANGES NO ACCOUNT HERE"
        if self.since is None:
            return f"HELD BY {self.holder_name or self.holder_login.upper()}"
        return f"IN USE BY {self.holder_name or self.holder_login.upper()} SINCE {self.since:%H:%M}"


def acquire(
    session: Session,
    number: str,
    session_id: str,
    *,
    pid: int | None = None,
    alive: Callable[[str, int], bool] = process_alive,
    source: str = "lock",
) -> LockState:
    """Lock account `number` to this session, or report who holds it (then: read-only).

    A role that may change no account (an auditor, a trainer in PROD) takes no lock: its
    reading must never keep a collector out.
    """
    account_id = account_id_for(session, number)
    if not changes_anything(session.operator.role, session.region()):
        return LockState(False, role=session.operator.role)
    now = session.clock()
    with session.write() as conn:
        held = store.get(conn, account_id)
        reclaimed = ""
        if held is not None and held.session_id != session_id:
            if not _dead(held, now, alive):
                return LockState(
                    False, held.login, held.name, datetime.fromisoformat(held.locked_at)
                )
            reclaimed = held.login
            session.audit(
                conn, source, "lock.reclaim", account_id=account_id, subject=held.login,
                detail={"session": held.session_id, "host": held.host, "pid": held.pid},
            )  # fmt: skip
        if held is not None and held.session_id == session_id:
            store.touch(conn, account_id, session.now())
        else:
            store.put(
                conn, account_id=account_id, operator_id=session.operator.id,
                session_id=session_id, host=socket.gethostname(), pid=pid or os.getpid(),
                now=session.now(),
            )  # fmt: skip
    return LockState(True, session.operator.login, session.operator.name, now, reclaimed)


def state(session: Session, number: str, session_id: str) -> LockState:
    """Who holds account `number` now, without taking it: this session, another, or no one
    (a lock released or reclaimed from under this session)."""
    account_id = account_id_for(session, number)
    with session.store.read() as conn:
        held = store.get(conn, account_id)
    if held is None:
        return LockState(False, holder_name="NO ONE (RELEASED)")
    if held.session_id == session_id:
        return LockState(True, held.login, held.name, datetime.fromisoformat(held.locked_at))
    return LockState(False, held.login, held.name, datetime.fromisoformat(held.locked_at))


def guard_in(
    session: Session,
    conn: sqlite3.Connection,
    account_id: int,
    action: str,
    alive: Callable[[str, int], bool] = process_alive,
) -> None:
    """Inside a change's own transaction: refuse it (exit 3, audited) when another live
    session holds the account. A dead or stale lock does not stand in the way."""
    held = store.get(conn, account_id)
    if held is None or held.session_id == session.session_id:
        return
    if _dead(held, session.clock(), alive):
        return
    state = LockState(False, held.login, held.name, datetime.fromisoformat(held.locked_at))
    number = conn.execute(
        "SELECT account_number FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()[0]
    error = ArError("AR0732E", f"ACCOUNT {number} {state.message()}: NOT CHANGED", "account")
    session.refused(action, error, account_id=account_id, subject=number)
    raise error


@contextmanager
def working_on(session: Session, number: str, source: str) -> Iterator[None]:
    """A command takes the account's lock around its change and gives it back after;
    another session's live lock refuses it before anything is done."""
    state = acquire(session, number, session.session_id, source=source)
    if not state.mine and not state.role:
        account_id = account_id_for(session, number)
        error = ArError("AR0732E", f"ACCOUNT {number.strip()} {state.message()}: NOT CHANGED",
                        "account")  # fmt: skip
        session.refused(source, error, account_id=account_id, subject=number.strip())
        raise error
    try:
        yield
    finally:
        if state.mine:
            release(session, number, session.session_id)


def release(session: Session, number: str, session_id: str) -> None:
    """Give back this session's lock on `number` (nothing if it holds none)."""
    account_id = account_id_for(session, number)
    with session.write() as conn:
        held = store.get(conn, account_id)
        if held is not None and held.session_id == session_id:
            store.delete(conn, account_id)


def release_all(session: Session, session_id: str) -> int:
    """Give back every lock of a session that is ending."""
    with session.write() as conn:
        held = store.of_session(conn, session_id)
        for account_id in held:
            store.delete(conn, account_id)
    return len(held)


REASON_MAX = 60  # characters of why a supervisor took an account from a session


@dataclass(frozen=True)
class HeldLock:
    """One account a session holds: who, since when, and whether the session looks dead
    (its process gone, or no heartbeat for STALE_AFTER): the next to open it reclaims it."""

    account_number: str
    login: str
    name: str
    since: datetime
    last_beat: datetime
    host: str
    pid: int
    dead: bool


def held(session: Session, alive: Callable[[str, int], bool] = process_alive) -> list[HeldLock]:
    """Every account held by a session, longest held first (supervisors)."""
    session.require("lock.list")
    now = session.clock()
    with session.store.read() as conn:
        rows = store.held_by_age(conn)
    return [
        HeldLock(
            account_number=number,
            login=row.login,
            name=row.name,
            since=datetime.fromisoformat(row.locked_at),
            last_beat=datetime.fromisoformat(row.heartbeat_at),
            host=row.host,
            pid=row.pid,
            dead=_dead(row, now, alive),
        )
        for number, row in rows
    ]


def force_release(session: Session, number: str, reason: str, source: str = "lock release") -> str:
    """A supervisor frees an account someone else holds, saying why; audited. Returns who
    held it."""
    account_id = account_id_for(session, number)
    session.require("lock.release", account_id=account_id, subject=number.strip())
    why = stated_reason(reason, REASON_MAX, "RELEASE", ("AR0736E", "AR0737E"))
    with session.write() as conn:
        held = store.get(conn, account_id)
        if held is None:
            raise ArError("AR0730E", f"ACCOUNT {number.strip()} IS NOT LOCKED", "account")
        store.delete(conn, account_id)
        session.audit(
            conn, source, "lock.release", account_id=account_id, subject=held.login,
            detail={"session": held.session_id, "locked_at": held.locked_at, "reason": why},
        )  # fmt: skip
    return held.login


def heartbeat(session: Session, session_id: str) -> int:
    """A live session touches its locks now and then, so none of them looks dead."""
    with session.write() as conn:
        return store.touch_session(conn, session_id, session.now())


def clear_dead_in(
    session: Session,
    conn: sqlite3.Connection,
    source: str,
    alive: Callable[[str, int], bool] = process_alive,
) -> list[str]:
    """Free every dead lock inside the caller's transaction; audited. Returns their holders."""
    now = session.clock()
    cleared = []
    for held in store.all_locks(conn):
        if _dead(held, now, alive):
            store.delete(conn, held.account_id)
            session.audit(
                conn, source, "lock.reclaim", account_id=held.account_id, subject=held.login,
                detail={"session": held.session_id, "host": held.host, "pid": held.pid,
                        "heartbeat": held.heartbeat_at},
            )  # fmt: skip
            cleared.append(held.login)
    return cleared
