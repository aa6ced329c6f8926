"""Who is working, on which database: the operator session every service call is made in."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ar_tui.domain import permissions
from ar_tui.domain.errors import ArError
from ar_tui.domain.models import Operator
from ar_tui.lazy import lazy
from ar_tui.services.identity import Invoker, invoker
from ar_tui.store import audit, operators, settings
from ar_tui.store.connection import Store
from ar_tui.store.connection import refusal as database_refusal

if TYPE_CHECKING:
    from ar_tui.services import workable
else:  # the first change to an account imports it: opening a session does not wait for it
    workable = lazy("ar_tui.services.workable")

Clock = Callable[[], datetime]

__all__ = ["Clock", "Session", "database_refusal", "open_session", "os_login", "utc_now"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def os_login() -> str:
    """The login of the process's real user, from the uid (not from $USER, which anyone can set)."""
    return invoker().login


def _new_session_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Session:
    """An operator at work on one store. Services take it as their first argument.

    `session_id` names this session's account locks: a change to an account another
    live session holds is refused.
    """

    store: Store
    operator: Operator
    clock: Clock = field(default=utc_now)
    session_id: str = field(default_factory=_new_session_id)
    invoker: Invoker | None = None
    """The OS user behind the session, as the kernel says (None: a test's given login)."""

    def now(self) -> str:
        """Wall-clock time as ISO UTC text, for `created_at` columns and the audit log."""
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    def business_date(self) -> date:
        return settings.business_date(self.store.connection())

    def checkpoint(self) -> None:
        """Copy what this session wrote from the log into the database file, if it wrote
        anything since the last time: the TUI runs it on a timer, off the save's path."""
        with contextlib.suppress(sqlite3.Error, ArError):
            self.store.checkpoint_if_written()

    def settings(self) -> dict[str, str]:
        return settings.get_all(self.store.connection())

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        with self.store.write() as conn:
            yield conn

    def audit(
        self,
        conn: sqlite3.Connection,
        source: str,
        action: str,
        *,
        account_id: int | None = None,
        subject: str = "",
        detail: dict[str, Any] | None = None,
        reconsider: bool = True,
    ) -> None:
        """Record one change this operator made, inside the change's own transaction.

        A change to an account also brings its priority up to date and lets PF6 look at it
        again: every screen shows the same priority, and a hold the change may have ended
        (a follow-up moved, a flag lifted) does not keep it from the queue. The nightly
        cycle says `reconsider=False`: it recomputes every priority itself.
        """
        day = settings.get(conn, "business_date")
        audit.record(
            conn,
            at=self.now(),
            business_date=day,
            operator_login=self.operator.login,
            source=source,
            action=action,
            account_id=account_id,
            subject=subject,
            detail=detail,
        )
        if reconsider and account_id is not None and source != "refused":
            workable.reconsider(conn, account_id, date.fromisoformat(day), self.clock())

    def region(self) -> str:
        return settings.get(self.store.connection(), "region")

    def may(self, action: str) -> bool:
        """Whether this operator's role allows `action` here (the roles and limits table)."""
        return permissions.allowed(self.operator.role, action, self.region())

    def require(self, action: str, *, account_id: int | None = None, subject: str = "") -> None:
        """Refuse (exit 3, audited) an action this operator's role does not allow here."""
        if self.may(action):
            return
        needs = " OR ".join(r.upper() for r in permissions.roles_for(action))
        region = self.region()
        where = f" IN {region}" if self.operator.role == "trainer" else ""
        error = ArError(
            "AR0102E",
            f"OPERATOR {self.operator.login.upper()} ({self.operator.role.upper()}) MAY NOT"
            f" {permissions.ACTIONS[action].what.upper()}{where}: NEEDS {needs}",
        )
        self.refused(action, error, account_id=account_id, subject=subject)
        raise error

    def refused(
        self, action: str, error: ArError, *, account_id: int | None = None, subject: str = ""
    ) -> None:
        """Audit an attempt a rule refused, in a transaction of its own once the attempt's
        own has rolled back. A database too busy to take the row does not hide the refusal."""

        def record() -> None:
            with contextlib.suppress(ArError, sqlite3.OperationalError), self.write() as conn:
                self.audit(
                    conn, "refused", "refused", account_id=account_id,
                    subject=subject or action,
                    detail={"action": action, "code": error.code, "message": error.message,
                            "role": self.operator.role},
                )  # fmt: skip

        self.store.when_idle(record)


def open_session(
    path: Path,
    login: str | None = None,
    clock: Clock = utc_now,
    *,
    as_invoker: Invoker | None = None,
) -> Session:
    """Open the database and identify the operator; an unknown login is refused.

    The command passes the kernel's answer for the invoking user (`as_invoker`); an
    operator added for a uid signs on only from that uid. `login` and `clock` are test
    seams: no flag or variable of the installed command reaches them, and on a shared
    host only the service account can open the file to call them.
    """
    person = as_invoker if as_invoker is not None else (None if login else invoker())
    login = login or (person.login if person else "")
    store = Store.open(path)
    operator = operators.by_login(store.connection(), login)
    if operator is None or not operator.active:
        store.close()
        raise ArError("AR0101E", f"OPERATOR {login.upper()} IS NOT AUTHORIZED FOR DATABASE {path}")
    if person is not None and operator.uid is not None and operator.uid != person.uid:
        store.close()
        raise ArError(
            "AR0109E", f"LOGIN {login.upper()} WAS ADDED FOR UID {operator.uid}, NOT {person.uid}"
        )
    session = Session(store=store, operator=operator, clock=clock, invoker=person)
    if person is not None and operator.uid is None:
        _bind_uid(session, person.uid)
    return session


def _bind_uid(session: Session, uid: int) -> None:
    """An operator without a uid (added before its login existed, or by an older version)
    is keyed to the uid of its first sign-on from the kernel's answer; audited."""
    with contextlib.suppress(ArError), session.write() as conn:
        operators.bind_uid(conn, session.operator.id, uid)
        session.audit(conn, "sign-on", "operator.bind_uid", subject=session.operator.login,
                      detail={"uid": uid})  # fmt: skip
    session.operator = replace(session.operator, uid=uid)
