"""The work queue: priorities for every account, and the next account a collector may work now."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from ar_tui.domain.errors import NotFound, UsageError
from ar_tui.domain.priority import PriorityInputs, explain, priority
from ar_tui.services import contacts, locks
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import actions, operators, settings
from ar_tui.store import queue as store

BLOCKING_FLAGS = {
    "bankruptcy": "bankruptcy",
    "referred": "referred to an agency",
    "legal": "with legal counsel",
}
# An open dispute stops collection only when it holds all of it (a consumer's, until
# verification is sent, or the whole balance); the account's status says so.
BLOCKING_STATUSES = {"dispute": "open dispute", "charged_off": "charged off"}


def recompute_priorities(session: Session) -> int:
    """Give every account its priority at the business date; returns how many changed."""
    with session.write() as conn:
        return recompute_in(conn, date.fromisoformat(settings.get(conn, "business_date")))


def _inputs(row: tuple, today: date) -> PriorityInputs:
    """A row of `store.priority_inputs` as the formula's inputs at `today`."""
    _id, _now, balance, oldest, broken, missed, follow_up, last_day = row
    return PriorityInputs(
        balance_cents=balance,
        days_past_due=(today - date.fromisoformat(oldest)).days if oldest else 0,
        broken_promises=broken,
        missed_installments=missed,
        follow_up_due=bool(follow_up) and follow_up <= today.isoformat(),
        days_since_contact=(today - date.fromisoformat(last_day)).days if last_day else None,
    )


def recompute_in(conn: sqlite3.Connection, today: date) -> int:
    """The priorities at `today`, inside the caller's transaction."""
    changes = []
    for row in store.priority_inputs(conn):
        value = priority(_inputs(row, today))
        if value != row[1]:
            changes.append((value, row[0]))
    store.set_priorities(conn, changes)
    return len(changes)


@dataclass(frozen=True)
class PriorityExplained:
    """An account's priority as stored, as it would be now, and the points of each factor."""

    stored: int
    now: int
    factors: list[tuple[str, int]]


def explain_priority(session: Session, number: str) -> PriorityExplained:
    """Why an account sits where it does in the queue (the formula is in `domain.priority`)."""
    account_id = account_id_for(session, number)
    with session.store.read() as conn:
        row = store.priority_inputs_of(conn, account_id)
    inputs = _inputs(row, session.business_date())
    return PriorityExplained(row[1], priority(inputs), explain(inputs))


@dataclass
class NextAccount:
    """The account to work next (None when none may be worked now) and why others were passed."""

    account_number: str | None
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _why_not(session: Session, account_id: int, today: date) -> str | None:
    """Why an account must not be worked now, or None."""
    conn = session.store.connection()
    _actions, flags = actions.in_force(conn, account_id)
    for flag, reason in BLOCKING_FLAGS.items():
        if flag in flags:
            return reason
    follow_up, status = conn.execute(
        "SELECT next_follow_up, collection_status FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    if status in BLOCKING_STATUSES:
        return BLOCKING_STATUSES[status]
    if follow_up and follow_up > today.isoformat():
        return f"follow-up {follow_up}"
    _attempts, allowed = contacts.contact_status(session, account_id)
    if allowed == date.max:
        return "no contact (cease communication or attorney)"
    if isinstance(allowed, datetime):
        return f"call {allowed:%H:%M} local on {allowed.date().isoformat()}"
    if allowed is not None:
        return f"call {allowed.isoformat()}"
    return None


def next_account(
    session: Session,
    login: str | None = None,
    *,
    session_id: str | None = None,
    scan: int = 500,
    passed: Collection[str] = (),
) -> NextAccount:
    """The highest-priority account of `login`'s queue (default: the operator's) workable now.

    With a `session_id` the account is locked to that session (PF6); accounts another
    session holds are passed over. Supervisors and administrators without a queue of
    their own take from everyone's. Accounts in `passed` (the ones this session skipped
    with PF6) are passed over without being checked, and do not count toward `scan`.
    """
    if login and login != session.operator.login:
        session.require("queue.others", subject=login)
    conn = session.store.connection()
    who = operators.by_login(conn, login) if login else session.operator
    if who is None:
        raise NotFound("AR0740E", f"OPERATOR {login!s} NOT FOUND", "operator")
    collector = who.id if who.role == "collector" else None
    today = session.business_date()
    found = NextAccount(None)
    after: tuple[int, int] | None = None
    seen = 0
    while seen < scan:
        batch = store.candidates(conn, collector, after, 50)
        if not batch:
            break
        for account_id, number, _priority in batch:
            if number in passed:
                continue
            seen += 1
            reason = _why_not(session, account_id, today)
            if reason is None and session_id is not None:
                state = locks.acquire(session, number, session_id, source="PF6")
                if not state.mine:
                    reason = state.message().lower()
            if reason is None:
                found.account_number = number
                return found
            found.skipped.append((number, reason))
        after = (batch[-1][2], batch[-1][0])
    return found


SCOPES = ("mine", "team", "all")


def check_scope(text: str) -> str:
    """`mine`, `team` or `all`, from what a person typed."""
    scope = text.strip().lower() or "mine"
    if scope not in SCOPES:
        raise UsageError(
            "AR0742E", f"QUEUE {text.strip().upper()!r} IS NOT MINE, TEAM OR ALL", "queue"
        )
    return scope


@dataclass(frozen=True)
class WorkLine:
    """One account of a work list, with why it cannot be worked now (empty: it can)."""

    account_id: int
    account_number: str
    name: str
    collector: str
    priority: int
    status: str
    balance_cents: int
    days_past_due: int
    why_not: str


def work_list(
    session: Session, scope: str = "mine", after: tuple[int, int] | None = None, limit: int = 15
) -> list[WorkLine]:
    """A page of a queue by priority: mine, my team's, or everyone's (keyset `after`)."""
    scope = check_scope(scope)
    conn = session.store.connection()
    me = session.operator
    collectors: list[int] | None
    if scope == "all" or (scope == "team" and me.role != "collector"):
        collectors = None
    elif scope == "team":
        collectors = store.team_of(conn, me.id)
    else:
        collectors = [me.id]
    today = session.business_date()
    lines = []
    for account_id, number, name, collector, value, status, balance, oldest in store.queue_page(
        conn, collectors, after, limit
    ):
        lines.append(
            WorkLine(
                account_id, number, name, collector, value, status, balance,
                (today - date.fromisoformat(oldest)).days if oldest else 0,
                _why_not(session, account_id, today) or "",
            )
        )  # fmt: skip
    return lines
