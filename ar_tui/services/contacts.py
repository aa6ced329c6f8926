"""Logging a contact with a customer, with the contact rules enforced before it is recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from ar_tui.domain.contact_rules import (
    CHANNELS,
    OUTCOMES,
    PARTIES,
    Refusal,
    check_contact,
    is_attempt,
    is_conversation,
)
from ar_tui.domain.errors import ArError, UsageError
from ar_tui.services import locks, workable
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.services.workable import POLICY, rules_apply
from ar_tui.store import activities, settings

MAX_NOTE = 500


@dataclass(frozen=True)
class Logged:
    """A contact recorded, and the rules a supervisor overrode to record it."""

    activity_id: int
    overridden: tuple[str, ...] = ()


def _describe(refusal: Refusal) -> str:
    """The rule's message, with the local time calls open again when hours forbid it."""
    when = refusal.allowed_from
    if isinstance(when, datetime):
        return f"{refusal.message}; ALLOWED FROM {when:%Y-%m-%d %H:%M %Z}"
    return refusal.message


def log_contact(
    session: Session,
    number: str,
    channel: str,
    outcome: str,
    *,
    party: str = "insured",
    note: str = "",
    follow_up: date | None = None,
    override_reason: str | None = None,
    source: str = "NOTE",
) -> Logged:
    """Record a contact; refused (exit 3, the rule and when it is allowed) when a rule forbids it.

    A supervisor may record it anyway with `override_reason`; the override is audited.
    """
    channel, outcome, party = (
        channel.strip().lower(),
        outcome.strip().lower(),
        party.strip().lower(),
    )
    if channel not in CHANNELS:
        raise UsageError(
            "AR0710E", f"CHANNEL {channel!r} IS NOT ONE OF {', '.join(CHANNELS)}", "channel"
        )
    if outcome not in OUTCOMES:
        raise UsageError(
            "AR0711E", f"OUTCOME {outcome!r} IS NOT ONE OF {', '.join(OUTCOMES)}", "outcome"
        )
    if party not in PARTIES:
        raise UsageError("AR0712E", f"PARTY {party!r} IS NOT ONE OF {', '.join(PARTIES)}", "party")
    if len(note) > MAX_NOTE:
        raise UsageError("AR0713E", f"NOTE IS LONGER THAN {MAX_NOTE} CHARACTERS", "note")
    account_id = account_id_for(session, number)
    session.require("contact.log", account_id=account_id, subject=number.strip())
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "contact.log")
        values = settings.get_all(conn)
        today = date.fromisoformat(values["business_date"])
        if follow_up is not None and follow_up < today:
            raise ArError("AR0714E", "THE FOLLOW-UP DATE IS BEFORE THE BUSINESS DATE", "follow_up")
        (customer_type,) = conn.execute(
            "SELECT customer_type FROM accounts WHERE id = ?", (account_id,)
        ).fetchone()
        subject = activities.subject(conn, account_id, rules_apply(values, customer_type))
        history = activities.since(conn, account_id, today - timedelta(days=14))
        refusals = check_contact(subject, channel, party, session.clock(), today, history, POLICY)
        stay = next((r for r in refusals if r.rule == "bankruptcy"), None)
        if stay is not None:  # the law's automatic stay: no one may override it
            raise ArError(stay.code, _describe(stay), "party")
        if refusals and override_reason is None:
            raise ArError(refusals[0].code, _describe(refusals[0]), "channel")
        if refusals:
            if not session.may("contact.override"):
                error = ArError("AR0715E", "ONLY A SUPERVISOR MAY OVERRIDE A CONTACT RULE",
                                "channel")  # fmt: skip
                session.refused("contact.override", error, account_id=account_id,
                                subject=number.strip())  # fmt: skip
                raise error
            if not (override_reason or "").strip():
                raise UsageError("AR0716E", "AN OVERRIDE NEEDS A REASON", "reason")
        activity_id = activities.insert(
            conn,
            account_id=account_id,
            operator_id=session.operator.id,
            channel=channel,
            party=party,
            outcome=outcome,
            is_attempt=is_attempt(channel),
            is_conversation=is_conversation(channel, outcome),
            note=note.strip(),
            occurred_at=session.now(),
            business_date=today.isoformat(),
            follow_up=follow_up.isoformat() if follow_up else None,
            override_reason=override_reason.strip() if refusals and override_reason else None,
            override_by=session.operator.id if refusals else None,
        )
        rules = tuple(r.rule for r in refusals)
        session.audit(
            conn, source, "contact.override" if refusals else "contact.log",
            account_id=account_id, subject=f"{channel}/{outcome}",
            detail={"party": party, "overridden": list(rules), "reason": override_reason or ""},
        )  # fmt: skip
    return Logged(activity_id, rules)


@dataclass(frozen=True)
class ContactWindow:
    """The customer's clock now, call attempts in the last seven days, and when a call is
    next allowed (None: now; `date.max`: not by waiting)."""

    local_now: datetime
    attempts: int
    next_allowed: datetime | date | None


def contact_window(session: Session, account_id: int) -> ContactWindow:
    """What a collector needs before dialling: the customer's time and the next call."""
    with session.store.read() as conn:
        attempts, allowed = workable.contact_status(conn, account_id, session.clock())
        zone = workable.zone_of(conn, account_id)
    return ContactWindow(session.clock().astimezone(zone), attempts, allowed)


def contact_status(session: Session, account_id: int) -> tuple[int, datetime | date | None]:
    """(call attempts in the last seven days, when a call is next allowed or None if now)."""
    with session.store.read() as conn:
        return workable.contact_status(conn, account_id, session.clock())


@dataclass(frozen=True)
class ContactLine:
    """One line of the contact history."""

    id: int
    occurred_at: datetime
    channel: str
    party: str
    outcome: str
    operator: str
    note: str
    override_reason: str | None


def history(
    session: Session, number: str, before_id: int | None = None, limit: int = 10
) -> list[ContactLine]:
    """The account's contacts newest first, a page at a time."""
    account_id = account_id_for(session, number)
    with session.store.read() as conn:
        rows = activities.page(conn, account_id, before_id or 2**62, limit)
    return [ContactLine(row[0], datetime.fromisoformat(row[1]), *row[2:]) for row in rows]
