"""The contact rules at their edges (FDCPA / Regulation F defaults)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ar_tui.domain.contact_rules import (
    ContactSubject,
    PastContact,
    check_contact,
    is_conversation,
    next_contact_allowed,
)

D = date(2026, 11, 25)
NOON_CHICAGO = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # 12:00 in America/Chicago
CONSUMER = ContactSubject(time_zone="America/Chicago")


def calls(*days_back: int) -> list[PastContact]:
    return [PastContact(D - timedelta(days=n), True, False) for n in days_back]


def rules(refusals: list) -> list[str]:
    return [r.rule for r in refusals]


@pytest.mark.parametrize(
    ("history", "allowed"),
    [
        (calls(0, 1, 2, 3, 4, 5), True),  # 6 attempts in the 7 days ending today
        (calls(0, 1, 2, 3, 4, 5, 6), False),  # 7 attempts: the 8th is refused
        (calls(1, 1, 2, 3, 4, 5, 7), True),  # one of the 7 is on day D-7: outside the window
        (calls(6, 6, 6, 6, 6, 6, 6), False),  # 7 on D-6 still count today
    ],
)
def test_seven_attempts_in_seven_days(history: list[PastContact], allowed: bool) -> None:
    refusals = check_contact(CONSUMER, "call", "insured", NOON_CHICAGO, D, history)
    assert (refusals == []) == allowed
    if not allowed:
        (refusal,) = refusals
        assert refusal.rule == "seven_in_seven" and refusal.code == "AR0705E"


def test_seven_in_seven_names_the_day_it_becomes_allowed() -> None:
    (refusal,) = check_contact(
        CONSUMER, "call", "insured", NOON_CHICAGO, D, calls(0, 1, 2, 3, 4, 5, 6)
    )
    assert refusal.allowed_from == D + timedelta(days=1)  # the D-6 call leaves the window
    (refusal,) = check_contact(CONSUMER, "call", "insured", NOON_CHICAGO, D, calls(*[1] * 7))
    assert refusal.allowed_from == D + timedelta(days=6)
    assert "NEXT CALL ON 2026-12-01" in refusal.message


@pytest.mark.parametrize(("days_after", "allowed"), [(0, False), (1, False), (6, False), (7, True)])
def test_no_call_within_seven_days_after_a_conversation(days_after: int, allowed: bool) -> None:
    talked = date(2026, 11, 10)
    history = [PastContact(talked, True, True)]
    today = talked + timedelta(days=days_after)
    refusals = check_contact(CONSUMER, "call", "insured", NOON_CHICAGO, today, history)
    assert (refusals == []) == allowed
    if not allowed:
        assert refusals[0].rule == "conversation_7_days"
        assert refusals[0].allowed_from == date(2026, 11, 17)


@pytest.mark.parametrize(
    ("zone", "utc", "allowed"),
    [
        ("America/New_York", datetime(2026, 11, 25, 12, 59), False),  # 07:59 EST
        ("America/New_York", datetime(2026, 11, 25, 13, 0), True),  # 08:00 EST
        ("America/New_York", datetime(2026, 11, 26, 1, 59), True),  # 20:59 EST
        ("America/New_York", datetime(2026, 11, 26, 2, 0), False),  # 21:00 EST
        ("America/Los_Angeles", datetime(2026, 11, 25, 15, 59), False),  # 07:59 PST
        ("America/Los_Angeles", datetime(2026, 11, 25, 16, 0), True),  # 08:00 PST
        ("Pacific/Honolulu", datetime(2026, 11, 26, 6, 59), True),  # 20:59 HST
        ("Pacific/Honolulu", datetime(2026, 11, 26, 7, 0), False),  # 21:00 HST
        ("America/Phoenix", datetime(2026, 7, 1, 14, 59), False),  # 07:59 MST, no DST
        ("America/Phoenix", datetime(2026, 7, 1, 15, 0), True),  # 08:00 MST
        # Daylight saving starts on 2026-03-08: 12:00 UTC is 07:00 EST the day before,
        # 08:00 EDT that day.
        ("America/New_York", datetime(2026, 3, 7, 12, 0), False),
        ("America/New_York", datetime(2026, 3, 8, 12, 0), True),
        # ... and ends on 2026-11-01: 12:59 UTC is 07:59 EST.
        ("America/New_York", datetime(2026, 10, 31, 12, 59), True),  # 08:59 EDT
        ("America/New_York", datetime(2026, 11, 1, 12, 59), False),  # 07:59 EST
    ],
)
def test_calling_hours_in_the_customers_time_zone(zone: str, utc: datetime, allowed: bool) -> None:
    subject = ContactSubject(time_zone=zone)
    refusals = check_contact(subject, "call", "insured", utc.replace(tzinfo=UTC), D, [])
    assert (refusals == []) == allowed, refusals
    if not allowed:
        assert refusals[0].code == "AR0704E"
        opens = refusals[0].allowed_from
        assert isinstance(opens, datetime) and (opens.hour, opens.minute) == (8, 0)


def test_letters_and_inbound_calls_are_not_limited_by_hours_or_frequency() -> None:
    late = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)  # 23:00 in Chicago
    history = calls(0, 1, 2, 3, 4, 5, 6)
    assert check_contact(CONSUMER, "letter", "insured", late, D, history) == []
    assert check_contact(CONSUMER, "inbound", "insured", late, D, history) == []


def test_cease_communication_stops_everything_but_the_attorney() -> None:
    subject = ContactSubject(time_zone="America/Chicago", cease_communication=True)
    for channel in ("call", "email", "letter", "text"):
        assert rules(check_contact(subject, channel, "insured", NOON_CHICAGO, D, [])) == [
            "cease_communication"
        ]
    assert check_contact(subject, "call", "attorney", NOON_CHICAGO, D, []) == []


def test_bankruptcy_allows_only_the_attorney() -> None:
    subject = ContactSubject(time_zone="America/Chicago", bankrupt=True)
    for party in ("insured", "agent", "third_party"):
        assert "bankruptcy" in rules(check_contact(subject, "email", party, NOON_CHICAGO, D, []))
    assert check_contact(subject, "email", "attorney", NOON_CHICAGO, D, []) == []


def test_an_attorney_represented_customer_is_contacted_through_the_attorney() -> None:
    subject = ContactSubject(time_zone="America/Chicago", attorney_represented=True)
    assert rules(check_contact(subject, "call", "insured", NOON_CHICAGO, D, [])) == ["attorney"]
    assert check_contact(subject, "call", "attorney", NOON_CHICAGO, D, []) == []


def test_commercial_policy_can_switch_hours_and_frequency_off() -> None:
    subject = ContactSubject(time_zone="America/Chicago", rules_apply=False)
    late = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
    assert check_contact(subject, "call", "insured", late, D, calls(0, 1, 2, 3, 4, 5, 6)) == []


def test_conversations_and_next_allowed() -> None:
    assert is_conversation("call", "right_party") and is_conversation("inbound", "promise")
    assert not is_conversation("call", "left_message") and not is_conversation(
        "email", "right_party"
    )
    assert next_contact_allowed(CONSUMER, NOON_CHICAGO, D, []) is None
    assert next_contact_allowed(CONSUMER, NOON_CHICAGO, D, calls(*[0] * 7)) == D + timedelta(days=7)
    late = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)
    # 23:00 in Chicago: the next call may be made at 08:00 there, 14:00 UTC
    assert next_contact_allowed(CONSUMER, late, D, []) == datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
    stopped = ContactSubject(time_zone="America/Chicago", cease_communication=True)
    assert next_contact_allowed(stopped, NOON_CHICAGO, D, []) == date.max
