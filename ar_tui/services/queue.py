"""The work queue: priorities for every account, and the next account a collector may work now."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ar_tui.domain.errors import ArError, NotFound, UsageError
from ar_tui.domain.priority import PriorityInputs, explain, inputs_at, priority
from ar_tui.domain.reasons import stated_reason
from ar_tui.services import locks, workable
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import operators, postponements, settings
from ar_tui.store import queue as store


def recompute_priorities(session: Session) -> int:
    """Give every account its priority at the business date; returns how many changed."""
    with session.write() as conn:
        return recompute_in(conn, date.fromisoformat(settings.get(conn, "business_date")))


def _inputs(row: tuple, today: date) -> PriorityInputs:
    """A row of `store.priority_inputs` as the formula's inputs at `today`."""
    return inputs_at(today, *row[2:])


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
    """Why an account must not be worked now, every reason, or None."""
    found = workable.blocks(session.store.connection(), account_id, today, session.clock())
    return "; ".join(b.reason for b in found) if found else None


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

    An account found blocked is held until its reasons end, and PF6 reads only accounts no
    hold keeps back: each blocked account is looked at once, however long the day's work,
    so the cost of PF6 does not grow with it. Holds whose time has come end first.
    """
    if login and login != session.operator.login:
        session.require("queue.others", subject=login)
    conn = session.store.connection()
    who = operators.by_login(conn, login) if login else session.operator
    if who is None:
        raise NotFound("AR0740E", f"OPERATOR {login!s} NOT FOUND", "operator")
    collector = who.id if who.role == "collector" else None
    today = session.business_date()
    _release_due_holds(session, today)
    found = NextAccount(None)
    held: list[int] = []
    after: tuple[int, int] | None = None
    seen = 0
    try:
        while seen < scan:
            batch = store.candidates(conn, collector, after, 50, unheld=True)
            if not batch:
                break
            for account_id, number, _priority in batch:
                if number in passed:
                    continue
                seen += 1
                blocked = workable.blocks(conn, account_id, today, session.clock())
                if blocked:
                    held.append(account_id)
                    found.skipped.append((number, "; ".join(b.reason for b in blocked)))
                    continue
                if session_id is not None:
                    state = locks.acquire(session, number, session_id, source="PF6")
                    if not state.mine:
                        found.skipped.append((number, state.message().lower()))
                        continue
                found.account_number = number
                return found
            after = (batch[-1][2], batch[-1][0])
        return found
    finally:
        if held:
            _hold(session, held, today)


def _hold(session: Session, account_ids: list[int], today: date) -> None:
    """Hold the accounts PF6 found blocked, their reasons read again inside the write: a
    change another session made since (and the hold its audit set) is never overwritten
    with what this PF6 read before it. A database too busy to take the holds now only
    costs later PF6s the reading, never a wrong answer."""
    with contextlib.suppress(ArError, sqlite3.OperationalError), session.write() as conn:
        now = session.clock()
        store.hold(
            conn,
            [(*workable.hold_of(workable.blocks(conn, account_id, today, now), today),
              account_id) for account_id in account_ids],
        )  # fmt: skip


def _release_due_holds(session: Session, today: date) -> None:
    """End the holds whose day or time has come (a write only when there is one)."""
    now = workable.instant(session.clock())
    if store.any_due(session.store.connection(), today.isoformat(), now):
        with session.write() as conn:
            store.release_due(conn, today.isoformat(), now)


MAX_POSTPONE_DAYS = 30
MAX_POSTPONE_REASON = 60


@dataclass(frozen=True)
class Postponed:
    """A postponement recorded: until which business date and, on it, which local time."""

    account_number: str
    until_day: date
    until_local: datetime | None
    reason: str


def customer_now(session: Session, number: str) -> datetime:
    """The customer's local time now (the account's time zone)."""
    account_id = account_id_for(session, number)
    return session.clock().astimezone(workable.zone_of(session.store.connection(), account_id))


def _customer_type(conn: sqlite3.Connection, account_id: int) -> str:
    (kind,) = conn.execute(
        "SELECT customer_type FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    return str(kind)


def postponement_of(session: Session, number: str) -> str | None:
    """What the account's postponement in force says (None: it is not postponed)."""
    account_id = account_id_for(session, number)
    found = workable.postponement(
        session.store.connection(), account_id, session.business_date(), session.clock()
    )
    return found.reason if found else None


def postpone(
    session: Session,
    number: str,
    *,
    day: date | None = None,
    at: time | None = None,
    reason: str,
    source: str = "PSTP",
) -> Postponed:
    """Keep an account out of PF6 until a business date, or a time of the customer's day
    (today's, or on `day`); the reason is required and shown wherever the account waits.

    At most MAX_POSTPONE_DAYS ahead; a time today must be later than the customer's clock,
    and a time within calling hours where the contact rules apply to the account.
    """
    reason = stated_reason(reason, MAX_POSTPONE_REASON, "POSTPONEMENT", ("AR0750E", "AR0751E"))
    if day is None and at is None:
        raise UsageError("AR0752E", "POSTPONE UNTIL WHEN? A TIME (HH:MM), A DATE OR BOTH", "until")
    account_id = account_id_for(session, number)
    session.require("queue.postpone", account_id=account_id, subject=number.strip())
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "queue.postpone")
        today = date.fromisoformat(settings.get(conn, "business_date"))
        until_day = day or today
        if until_day < today or (until_day == today and at is None):
            raise ArError("AR0753E", "POSTPONE TO A LATER DAY, OR TO A TIME TODAY", "until")
        if until_day > today + timedelta(days=MAX_POSTPONE_DAYS):
            raise ArError(
                "AR0754E", f"A POSTPONEMENT IS AT MOST {MAX_POSTPONE_DAYS} DAYS AHEAD", "until"
            )
        zone = workable.zone_of(conn, account_id)
        local_now = session.clock().astimezone(zone)
        until_local = None
        if at is not None:
            # A time today is on the customer's clock today; with a later date, on it.
            local_day = local_now.date() if until_day == today else until_day
            until_local = datetime.combine(local_day, at, tzinfo=zone)
            if workable.rules_apply(
                settings.get_all(conn), _customer_type(conn, account_id)
            ) and not (workable.POLICY.earliest <= at < workable.POLICY.latest):
                raise ArError(
                    "AR0756E",
                    f"{at:%H:%M} IS OUTSIDE CALLING HOURS"
                    f" ({workable.POLICY.earliest:%H:%M}-{workable.POLICY.latest:%H:%M}) FOR THE"
                    " CUSTOMER",
                    "until",
                )
            if until_day == today and until_local <= local_now:
                raise ArError(
                    "AR0755E",
                    f"{at:%H:%M} HAS PASSED: IT IS {local_now:%H:%M} FOR THE CUSTOMER",
                    "until",
                )
        postponements.insert(
            conn, account_id=account_id, operator_id=session.operator.id,
            until_day=until_day.isoformat(),
            until_at=workable.instant(until_local) if until_local else None,
            reason=reason, business_date=today.isoformat(), created_at=session.now(),
        )  # fmt: skip
        # The audit holds the account until then (see Session.audit).
        session.audit(
            conn, source, "queue.postpone", account_id=account_id, subject=number.strip(),
            detail={"until_day": until_day.isoformat(), "reason": reason,
                    "until_local": until_local.isoformat() if until_local else ""},
        )  # fmt: skip
    return Postponed(number.strip(), until_day, until_local, reason)


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
    collectors = _collectors_in(session, scope)
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


@dataclass(frozen=True)
class FollowUpLine:
    """One of the day's follow-ups (a date a contact set) or callbacks (a postponement to
    a time of the customer's day): when, and whether that time has come."""

    account_number: str
    name: str
    collector: str
    kind: str
    due_day: date
    due_local: datetime | None
    note: str
    due_now: bool


def _collectors_in(session: Session, scope: str) -> list[int] | None:
    """Whose accounts a scope covers: mine, my team's, everyone's (None)."""
    me = session.operator
    if scope == "all" or (scope == "team" and me.role != "collector"):
        return None
    if scope == "team":
        return store.team_of(session.store.connection(), me.id)
    return [me.id]


def follow_ups(session: Session, scope: str = "mine", limit: int = 500) -> list[FollowUpLine]:
    """FOLW: today's follow-ups and callbacks, and those still unanswered from earlier days,
    in the order they fall due; at most `limit` follow-ups and `limit` callbacks."""
    scope = check_scope(scope)
    collectors = _collectors_in(session, scope)
    today = session.business_date()
    now = session.clock()
    conn = session.store.connection()
    lines = [
        FollowUpLine(
            number, name, collector, "callback" if outcome == "callback" else "follow-up",
            date.fromisoformat(day), None, note, True,
        )
        for number, name, collector, day, outcome, note in store.follow_ups_due(
            conn, collectors, today.isoformat(), limit
        )
    ]  # fmt: skip
    for number, name, login, until_at, reason, zone in postponements.due_on(
        conn, collectors, today.isoformat(), limit
    ):
        local = datetime.fromisoformat(until_at).astimezone(ZoneInfo(zone)) if until_at else None
        lines.append(
            FollowUpLine(
                number, name, login, "callback" if local else "postponed", today, local,
                reason, local is None or local <= now,
            )
        )  # fmt: skip
    lines.sort(key=lambda line: (line.due_day, line.due_local is not None,
                                 line.due_local or now, line.account_number))  # fmt: skip
    return lines  # at most `limit` of each kind: today's callbacks are never cut off
