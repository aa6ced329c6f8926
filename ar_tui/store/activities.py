"""The contact log: contacts made or attempted, and what the contact rules need of an account."""

from __future__ import annotations

import sqlite3
from datetime import date

from ar_tui.domain.contact_rules import ContactSubject, PastContact


def subject(conn: sqlite3.Connection, account_id: int, rules_apply: bool) -> ContactSubject:
    row = conn.execute(
        "SELECT time_zone, cease_communication, attorney_represented,"
        " EXISTS (SELECT 1 FROM bankruptcies b WHERE b.account_id = a.id AND b.status = 'active')"
        " FROM accounts a WHERE id = ?",
        (account_id,),
    ).fetchone()
    return ContactSubject(
        time_zone=row[0],
        cease_communication=bool(row[1]),
        attorney_represented=bool(row[2]),
        bankrupt=bool(row[3]),
        rules_apply=rules_apply,
    )


def since(conn: sqlite3.Connection, account_id: int, first_day: date) -> list[PastContact]:
    """Contacts from `first_day` on (by business date), for the frequency rules."""
    rows = conn.execute(
        "SELECT business_date, is_attempt, is_conversation FROM activities"
        " WHERE account_id = ? AND business_date >= ?",
        (account_id, first_day.isoformat()),
    ).fetchall()
    return [PastContact(date.fromisoformat(day), bool(a), bool(c)) for day, a, c in rows]


def insert(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    operator_id: int,
    channel: str,
    party: str,
    outcome: str,
    is_attempt: bool,
    is_conversation: bool,
    note: str,
    occurred_at: str,
    business_date: str,
    follow_up: str | None,
    override_reason: str | None,
    override_by: int | None,
) -> int:
    cursor = conn.execute(
        "INSERT INTO activities(account_id, operator_id, channel, party, outcome, is_attempt,"
        " is_conversation, note, occurred_at, business_date, follow_up_date, override_reason,"
        " override_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (account_id, operator_id, channel, party, outcome, int(is_attempt), int(is_conversation),
         note, occurred_at, business_date, follow_up, override_reason, override_by),
    )  # fmt: skip
    if follow_up:
        conn.execute(
            "UPDATE accounts SET next_follow_up = ?, version = version + 1, updated_at = ?"
            " WHERE id = ?",
            (follow_up, occurred_at, account_id),
        )
    else:  # a contact on or after the follow-up date answers it
        conn.execute(
            "UPDATE accounts SET next_follow_up = NULL, version = version + 1, updated_at = ?"
            " WHERE id = ? AND next_follow_up <= ?",
            (occurred_at, account_id, business_date),
        )
    return int(cursor.lastrowid or 0)


def last_on(conn: sqlite3.Connection, account_id: int, day: str) -> str | None:
    """When the last contact logged on the account on business date `day` was (None: none)."""
    row = conn.execute(
        "SELECT max(occurred_at) FROM activities WHERE account_id = ? AND business_date = ?",
        (account_id, day),
    ).fetchone()
    return row[0] if row else None


def page(conn: sqlite3.Connection, account_id: int, before_id: int, limit: int) -> list[tuple]:
    """Contacts newest first: id, occurred at, channel, party, outcome, operator, note, override."""
    return conn.execute(
        "SELECT t.id, t.occurred_at, t.channel, t.party, t.outcome, o.login, t.note,"
        " t.override_reason FROM activities t JOIN operators o ON o.id = t.operator_id"
        " WHERE t.account_id = ? AND t.id < ? ORDER BY t.id DESC LIMIT ?",
        (account_id, before_id, limit),
    ).fetchall()
