"""Logging contacts: the rules enforced before anything is recorded, and the supervisor override."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError, UsageError
from ar_tui.services import accounts, contacts
from ar_tui.services.session import Session, open_session

NOON_CHICAGO = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)


def at(session: Session, when: datetime) -> Session:
    return Session(session.store, session.operator, clock=lambda: when)


def fresh_consumer(session: Session) -> str:
    """A consumer account in Chicago with no contacts yet and nothing that stops calls."""
    row = (
        session.store.connection()
        .execute(
            "SELECT a.account_number FROM accounts a WHERE a.customer_type = 'consumer'"
            " AND a.time_zone = 'America/Chicago' AND a.cease_communication = 0"
            " AND a.attorney_represented = 0 AND a.collection_status = 'active'"
            " AND NOT EXISTS (SELECT 1 FROM activities t WHERE t.account_id = a.id)"
            " ORDER BY a.account_number LIMIT 1"
        )
        .fetchone()
    )
    return str(row[0])


def activity_count(session: Session) -> int:
    return int(session.store.connection().execute("SELECT count(*) FROM activities").fetchone()[0])


def test_the_eighth_call_in_seven_days_is_refused(demo_session: Session) -> None:
    session = at(demo_session, NOON_CHICAGO)
    number = fresh_consumer(session)
    for _ in range(7):
        contacts.log_contact(session, number, "call", "no_answer")
    assert accounts.as_json(session, number)["contacts_7d"] == 7
    assert accounts.as_json(session, number)["next_contact_allowed"] == "2026-12-02"
    before = activity_count(session)
    with pytest.raises(ArError) as caught:
        contacts.log_contact(session, number, "call", "no_answer")
    assert caught.value.code == "AR0705E" and "NEXT CALL ON 2026-12-02" in caught.value.message
    assert activity_count(session) == before
    contacts.log_contact(session, number, "letter", "left_message")  # a letter is not a call


def test_a_conversation_stops_calls_for_seven_days(demo_session: Session) -> None:
    session = at(demo_session, NOON_CHICAGO)
    number = fresh_consumer(session)
    contacts.log_contact(session, number, "call", "right_party", note="will pay friday")
    with pytest.raises(ArError) as caught:
        contacts.log_contact(session, number, "call", "no_answer")
    assert caught.value.code == "AR0706E"
    assert "NO CALL BEFORE 2026-12-02" in caught.value.message


def test_calls_outside_hours_are_refused_with_when_they_open(demo_session: Session) -> None:
    late = at(demo_session, datetime(2026, 11, 26, 3, 30, tzinfo=UTC))  # 21:30 in Chicago
    number = fresh_consumer(late)
    with pytest.raises(ArError) as caught:
        contacts.log_contact(late, number, "call", "no_answer")
    assert caught.value.code == "AR0704E"
    assert "ALLOWED FROM 2026-11-26 08:00 CST" in caught.value.message
    assert accounts.as_json(late, number)["next_contact_allowed"].startswith("2026-11-26T08:00")


def test_only_a_supervisor_overrides_and_it_is_audited(demo_db: Path) -> None:
    collector = open_session(demo_db, "jdoe", clock=lambda: NOON_CHICAGO)
    number = fresh_consumer(collector)
    contacts.log_contact(collector, number, "call", "right_party")
    with pytest.raises(ArError, match="ONLY A SUPERVISOR"):
        contacts.log_contact(collector, number, "call", "no_answer", override_reason="asked")
    supervisor = open_session(demo_db, "kwright", clock=lambda: NOON_CHICAGO)
    with pytest.raises(UsageError, match="NEEDS A REASON"):
        contacts.log_contact(supervisor, number, "call", "no_answer", override_reason=" ")
    logged = contacts.log_contact(
        supervisor, number, "call", "callback", override_reason="customer asked us to call back"
    )
    assert logged.overridden == ("conversation_7_days",)
    row = (
        supervisor.store.connection()
        .execute("SELECT action, detail FROM audit_log WHERE action = 'contact.override'")
        .fetchone()
    )
    assert row[0] == "contact.override" and "customer asked us to call back" in row[1]
    collector.store.close()
    supervisor.store.close()


def test_who_may_be_contacted(demo_session: Session) -> None:
    session = at(demo_session, NOON_CHICAGO)
    conn = session.store.connection()
    (bankrupt,) = conn.execute(
        "SELECT a.account_number FROM accounts a JOIN bankruptcies b ON b.account_id = a.id"
        " WHERE b.status = 'active' ORDER BY 1 LIMIT 1"
    ).fetchone()
    with pytest.raises(ArError) as caught:
        contacts.log_contact(session, bankrupt, "email", "left_message")
    assert caught.value.code == "AR0702E"
    contacts.log_contact(session, bankrupt, "email", "left_message", party="attorney")
    (ceased,) = conn.execute(
        "SELECT account_number FROM accounts WHERE cease_communication = 1 ORDER BY 1 LIMIT 1"
    ).fetchone()
    with pytest.raises(ArError, match="CEASE COMMUNICATION"):
        contacts.log_contact(session, ceased, "letter", "left_message")
    assert accounts.as_json(session, ceased)["next_contact_allowed"] == date.max.isoformat()


@pytest.mark.parametrize(
    ("channel", "outcome", "party", "code"),
    [
        ("fax", "no_answer", "insured", "AR0710E"),
        ("call", "maybe", "insured", "AR0711E"),
        ("call", "no_answer", "cousin", "AR0712E"),
    ],
)
def test_bad_codes_are_refused(
    demo_session: Session, channel: str, outcome: str, party: str, code: str
) -> None:
    with pytest.raises(UsageError) as caught:
        contacts.log_contact(demo_session, "1000234", channel, outcome, party=party)
    assert caught.value.code == code


def test_follow_up_cannot_be_in_the_past(demo_session: Session) -> None:
    session = at(demo_session, NOON_CHICAGO)
    with pytest.raises(ArError, match="FOLLOW-UP"):
        contacts.log_contact(
            session, "1000234", "letter", "left_message", follow_up=date(2026, 11, 1)
        )
