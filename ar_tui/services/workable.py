"""Whether an account may be worked now: every reason it may not, and the hold that keeps
PF6 from reading it again until those reasons end.

It works on a connection, not a session, so that every audited change to an account can
bring its hold and its priority up to date inside the change's own transaction.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from ar_tui.domain.contact_rules import ContactPolicy, next_contact_allowed
from ar_tui.store import actions, activities, postponements, settings
from ar_tui.store import queue as store

POLICY = ContactPolicy()
BLOCKING_FLAGS = {
    "bankruptcy": "bankruptcy",
    "referred": "referred to an agency",
    "legal": "with legal counsel",
}
# An open dispute stops collection only when it holds all of it (a consumer's, until
# verification is sent, or the whole balance); the account's status says so.
BLOCKING_STATUSES = {"dispute": "open dispute", "charged_off": "charged off"}


@dataclass(frozen=True)
class Block:
    """One reason an account may not be worked now, and when it ends: a business date, an
    instant, or neither (it lasts until something about the account changes)."""

    reason: str
    day: date | None = None
    at: datetime | None = None


def instant(moment: datetime) -> str:
    """An instant as the holds store it: UTC, to the second, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def rules_apply(values: dict[str, str], customer_type: str) -> bool:
    """Consumer accounts always; commercial ones unless company policy turns the limits off."""
    if customer_type == "consumer":
        return True
    return values.get("commercial_contact_rules", "consumer") != "none"


def contact_status(
    conn: sqlite3.Connection, account_id: int, now_utc: datetime
) -> tuple[int, datetime | date | None]:
    """(call attempts in the last seven days, when a call is next allowed or None if now)."""
    values = settings.get_all(conn)
    today = date.fromisoformat(values["business_date"])
    (customer_type,) = conn.execute(
        "SELECT customer_type FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    subject = activities.subject(conn, account_id, rules_apply(values, customer_type))
    history = activities.since(conn, account_id, today - timedelta(days=14))
    attempts = sum(
        1 for c in history if c.is_attempt and today - timedelta(days=6) <= c.day <= today
    )
    return attempts, next_contact_allowed(subject, now_utc, today, history, POLICY)


def zone_of(conn: sqlite3.Connection, account_id: int) -> ZoneInfo:
    (name,) = conn.execute("SELECT time_zone FROM accounts WHERE id = ?", (account_id,)).fetchone()
    return ZoneInfo(name)


def blocks(
    conn: sqlite3.Connection, account_id: int, today: date, now_utc: datetime
) -> list[Block]:
    """Every reason an account must not be worked now (empty: it may be)."""
    found: list[Block] = []
    _actions, flags = actions.in_force(conn, account_id)
    found += [Block(reason) for flag, reason in BLOCKING_FLAGS.items() if flag in flags]
    follow_up, status = conn.execute(
        "SELECT next_follow_up, collection_status FROM accounts WHERE id = ?", (account_id,)
    ).fetchone()
    if status in BLOCKING_STATUSES:
        found.append(Block(BLOCKING_STATUSES[status]))
    if follow_up and follow_up > today.isoformat():
        found.append(Block(f"follow-up {follow_up}", day=date.fromisoformat(follow_up)))
    last_contact = activities.last_on(conn, account_id, today.isoformat())
    postponed = postponement(conn, account_id, today, now_utc)
    if last_contact is not None and not _called_back(conn, account_id, today, last_contact):
        found.append(Block("worked today", day=today + timedelta(days=1)))
    if postponed is not None:
        found.append(postponed)
    _attempts, allowed = contact_status(conn, account_id, now_utc)
    if allowed == date.max:
        found.append(Block("no contact (cease communication or attorney)"))
    elif isinstance(allowed, datetime):
        found.append(Block(f"calling hours: from {allowed:%H:%M} local on"
                           f" {allowed.date().isoformat()}", at=allowed))  # fmt: skip
    elif allowed is not None:
        found.append(Block(f"contact rules: no call before {allowed.isoformat()}", day=allowed))
    return found


def _called_back(conn: sqlite3.Connection, account_id: int, today: date, last: str) -> bool:
    """Whether the account was postponed to a time today after its last contact today: the
    callback, not "worked today", decides when it is worked again."""
    made = postponements.latest(conn, account_id)
    if made is None:
        return False
    until_day, until_at, _reason, _login, made_on, made_at = made
    return (
        made_on == today.isoformat() and until_day == made_on and bool(until_at) and made_at >= last
    )


def postponement(
    conn: sqlite3.Connection, account_id: int, today: date, now_utc: datetime
) -> Block | None:
    """The account's postponement, while it is in force."""
    postponed = postponements.latest(conn, account_id)
    if postponed is None:
        return None
    until_day, until_at, reason, login, _made_on, _made_at = postponed
    later = datetime.fromisoformat(until_at) if until_at else None
    if until_day <= today.isoformat() and (later is None or later <= now_utc):
        return None
    # A time today says the time; on a later day, the day (and the time on it).
    when = until_day if until_day > today.isoformat() else ""
    if later is not None:
        when = f"{when} {later.astimezone(zone_of(conn, account_id)):%H:%M}".strip()
    return Block(
        f"postponed to {when} by {login}: {reason}",
        day=date.fromisoformat(until_day) if until_day > today.isoformat() else None,
        at=later,
    )


def hold_of(found: list[Block], today: date) -> tuple[str | None, str | None]:
    """When PF6 should look at a blocked account again: the latest end of its reasons. A
    reason with no end of its own is looked at again on the next business day."""
    days = [b.day or today + timedelta(days=1) for b in found if b.day or not b.at]
    instants = [b.at for b in found if b.at is not None]
    return (
        max(days).isoformat() if days else None,
        instant(max(instants)) if instants else None,
    )


def reconsider(conn: sqlite3.Connection, account_id: int, today: date, now_utc: datetime) -> None:
    """After a change to an account: its priority as it is now, and held (or not) until
    whatever now keeps it from being worked ends. PF6 then never reads it before."""
    day, at = hold_of(blocks(conn, account_id, today, now_utc), today)
    store.hold(conn, [(day, at, account_id)])
    store.refresh_priority(conn, account_id, today)
