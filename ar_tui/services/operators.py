"""Operators: adding people to a database, by an administrator."""

from __future__ import annotations

import pwd
import re

from ar_tui.domain.errors import ArError, UsageError
from ar_tui.domain.models import ROLES, Operator
from ar_tui.domain.permissions import DEFAULT_LIMITS, LIMIT_KINDS
from ar_tui.services.session import Session
from ar_tui.store import operators

_LOGIN = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")


def uid_of(login: str) -> int | None:
    """The uid this host gives `login` (an operator signs on only from it), or None."""
    try:
        return pwd.getpwnam(login).pw_uid
    except KeyError:
        return None


def limits_for(role: str, limit_cents: int | None) -> dict[str, int]:
    """A new operator's daily limits: the role's defaults, or one amount for every kind the
    role may spend (a role with no limit of a kind keeps none)."""
    defaults = DEFAULT_LIMITS[role]
    if limit_cents is None:
        return dict(defaults)
    return {kind: limit_cents if defaults[kind] else 0 for kind in LIMIT_KINDS}


def add_operator(
    session: Session,
    login: str,
    role: str,
    name: str | None = None,
    limit_cents: int | None = None,
    source: str = "operator add",
) -> Operator:
    """Let `login` use this database in `role`; only an administrator may.

    The login's uid on this host is recorded: a later account of the same name with
    another uid is not this operator.
    """
    session.require("operator.add", subject=login)
    if not _LOGIN.match(login):
        raise UsageError("AR0103E", f"LOGIN {login!r} IS NOT A VALID OS LOGIN NAME", "login")
    if role not in ROLES:
        raise UsageError("AR0104E", f"ROLE {role!r} IS NOT ONE OF {', '.join(ROLES)}", "role")
    if limit_cents is not None and limit_cents < 0:
        raise UsageError("AR0112E", "A LIMIT CANNOT BE NEGATIVE", "limit")
    limits = limits_for(role, limit_cents)
    uid = uid_of(login)
    with session.write() as conn:
        if operators.by_login(conn, login) is not None:
            raise ArError("AR0105E", f"OPERATOR {login.upper()} ALREADY EXISTS", "login")
        operator = operators.insert(
            conn,
            login=login,
            name=(name or login).upper(),
            role=role,
            limits=limits,
            now=session.now(),
            uid=uid,
        )
        session.audit(
            conn,
            source,
            "operator.add",
            subject=login,
            detail={"role": role, "name": operator.name, "uid": uid, "daily_limits": limits},
        )
    return operator
