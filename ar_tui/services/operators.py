"""Operators: adding people to a database, by an administrator."""

from __future__ import annotations

import re

from ar_tui.domain.errors import ArError, UsageError
from ar_tui.domain.models import ROLES, Operator
from ar_tui.services.session import Session
from ar_tui.store import operators

_LOGIN = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")

# Default approval limits per role, in cents; an administrator can set others.
DEFAULT_LIMITS = {"collector": 50_000, "supervisor": 2_500_000, "trainer": 0, "admin": 2_500_000}


def add_operator(
    session: Session,
    login: str,
    role: str,
    name: str | None = None,
    approval_limit_cents: int | None = None,
    source: str = "operator add",
) -> Operator:
    """Let `login` use this database in `role`; only an administrator may."""
    session.require_role("admin")
    if not _LOGIN.match(login):
        raise UsageError("AR0103E", f"LOGIN {login!r} IS NOT A VALID OS LOGIN NAME", "login")
    if role not in ROLES:
        raise UsageError("AR0104E", f"ROLE {role!r} IS NOT ONE OF {', '.join(ROLES)}", "role")
    limit = DEFAULT_LIMITS[role] if approval_limit_cents is None else approval_limit_cents
    with session.write() as conn:
        if operators.by_login(conn, login) is not None:
            raise ArError("AR0105E", f"OPERATOR {login.upper()} ALREADY EXISTS", "login")
        operator = operators.insert(
            conn,
            login=login,
            name=(name or login).upper(),
            role=role,
            approval_limit_cents=limit,
            now=session.now(),
        )
        session.audit(
            conn,
            source,
            "operator.add",
            subject=login,
            detail={"role": role, "name": operator.name, "approval_limit_cents": limit},
        )
    return operator
