"""Who is working, on which database: the operator session every service call is made in."""

from __future__ import annotations

import os
import pwd
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ar_tui.domain.errors import ArError
from ar_tui.domain.models import Operator
from ar_tui.store import audit, operators, settings
from ar_tui.store.connection import Store

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def os_login() -> str:
    """The login of the process's real user, from the uid (not from $USER, which anyone can set)."""
    return pwd.getpwuid(os.getuid()).pw_name


@dataclass
class Session:
    """An operator at work on one store. Services take it as their first argument."""

    store: Store
    operator: Operator
    clock: Clock = field(default=utc_now)

    def now(self) -> str:
        """Wall-clock time as ISO UTC text, for `created_at` columns and the audit log."""
        return self.clock().astimezone(UTC).isoformat(timespec="seconds")

    def business_date(self) -> date:
        return settings.business_date(self.store.connection())

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
    ) -> None:
        """Record one change this operator made, inside the change's own transaction."""
        audit.record(
            conn,
            at=self.now(),
            business_date=settings.get(conn, "business_date"),
            operator_login=self.operator.login,
            source=source,
            action=action,
            account_id=account_id,
            subject=subject,
            detail=detail,
        )

    def require_role(self, *roles: str) -> None:
        if self.operator.role not in roles:
            raise ArError(
                "AR0102E",
                f"OPERATOR {self.operator.login.upper()} ({self.operator.role.upper()})"
                f" MAY NOT DO THIS: NEEDS {' OR '.join(r.upper() for r in roles)}",
            )


def open_session(path: Path, login: str | None = None, clock: Clock = utc_now) -> Session:
    """Open the database and identify the operator; an unknown login is refused."""
    store = Store.open(path)
    login = login or os_login()
    operator = operators.by_login(store.connection(), login)
    if operator is None or not operator.active:
        store.close()
        raise ArError("AR0101E", f"OPERATOR {login.upper()} IS NOT AUTHORIZED FOR DATABASE {path}")
    return Session(store=store, operator=operator, clock=clock)
