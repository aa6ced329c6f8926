"""Daily limits: what an operator may write off, discount, credit or reverse on their own
authority in one business day, spent cumulatively and on record."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ar_tui.domain.errors import NotFound, UsageError
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.permissions import LIMIT_KINDS
from ar_tui.services.session import Session
from ar_tui.store import operators, settings


def _check_kind(kind: str) -> str:
    kind = kind.strip().lower()
    if kind not in LIMIT_KINDS:
        raise UsageError(
            "AR0110E", f"LIMIT {kind!r} IS NOT ONE OF {', '.join(LIMIT_KINDS)}", "kind"
        )
    return kind


def remaining_in(session: Session, conn: sqlite3.Connection, kind: str) -> int:
    """What is left today of the operator's daily limit of `kind`."""
    day = settings.get(conn, "business_date")
    daily = operators.limits(conn, session.operator.id).get(kind, 0)
    return max(0, daily - operators.used(conn, session.operator.id, kind, day))


def remaining(session: Session, kind: str) -> int:
    with session.store.read() as conn:
        return remaining_in(session, conn, _check_kind(kind))


def spend_in(
    session: Session,
    conn: sqlite3.Connection,
    kind: str,
    cents: int,
    action: str,
    subject: str,
) -> bool:
    """Spend `cents` of today's limit if it is left (True), else spend nothing (False):
    the action then waits for someone whose limit covers it."""
    if cents <= 0:
        return True
    if cents > remaining_in(session, conn, kind):
        return False
    operators.spend(
        conn, operator_id=session.operator.id, kind=kind,
        day=settings.get(conn, "business_date"), cents=cents, action=action, subject=subject,
        now=session.now(),
    )  # fmt: skip
    return True


def over_text(session: Session, conn: sqlite3.Connection, kind: str) -> str:
    """`OVER YOUR WRITEOFF LIMIT: 100.00 LEFT TODAY` style words for a refusal or a request."""
    return f"{kind.replace('_', ' ')} limit: {cents_to_str(remaining_in(session, conn, kind))} left"


@dataclass(frozen=True)
class LimitLine:
    kind: str
    daily_cents: int
    used_cents: int


def limits_of(session: Session, login: str | None = None) -> list[LimitLine]:
    """An operator's daily limits and what is used of them today (yours by default)."""
    with session.store.read() as conn:
        operator = session.operator if login is None else operators.by_login(conn, login)
        if operator is None:
            raise NotFound("AR0111E", f"OPERATOR {login!r} NOT FOUND", "login")
        day = settings.get(conn, "business_date")
        daily = operators.limits(conn, operator.id)
        return [
            LimitLine(kind, daily.get(kind, 0), operators.used(conn, operator.id, kind, day))
            for kind in LIMIT_KINDS
        ]


def set_limit(
    session: Session, login: str, kind: str, cents: int, source: str = "operator limit"
) -> None:
    """An administrator sets an operator's daily limit of one kind; audited."""
    session.require("operator.limit", subject=login)
    kind = _check_kind(kind)
    if cents < 0:
        raise UsageError("AR0112E", "A LIMIT CANNOT BE NEGATIVE", "amount")
    with session.write() as conn:
        operator = operators.by_login(conn, login)
        if operator is None:
            raise NotFound("AR0111E", f"OPERATOR {login!r} NOT FOUND", "login")
        before = operators.limits(conn, operator.id).get(kind, 0)
        operators.set_limit(conn, operator.id, kind, cents)
        session.audit(
            conn, source, "operator.limit", subject=login,
            detail={"kind": kind, "from": cents_to_str(before), "to": cents_to_str(cents)},
        )  # fmt: skip
