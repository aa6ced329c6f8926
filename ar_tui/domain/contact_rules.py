"""When a collector may contact a customer: calling hours, call frequency, and who may be contacted.

Consumer accounts follow the FDCPA and Regulation F (12 CFR 1006.14(b)(2)): calls only
between 08:00 and 21:00 in the customer's time zone; no more than seven call attempts
within seven consecutive days, and no call within seven consecutive days after a
telephone conversation about the debt (the day of the conversation is day 1, so a
call on day D+7 is allowed); no contact after a cease-communication request, during a
bankruptcy (except with the debtor's attorney or the court), or directly with a customer who is
represented by an attorney. Commercial accounts follow the company's policy, which
defaults to the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

Channel = Literal["call", "email", "letter", "text", "inbound"]
CHANNELS: tuple[Channel, ...] = ("call", "email", "letter", "text", "inbound")
Party = Literal["insured", "agent", "attorney", "court", "third_party"]
PARTIES: tuple[Party, ...] = ("insured", "agent", "attorney", "court", "third_party")
OUTCOMES = (
    "right_party",
    "left_message",
    "no_answer",
    "busy",
    "wrong_number",
    "promise",
    "refused",
    "dispute",
    "callback",
)
CONVERSATIONS = frozenset({"right_party", "promise", "refused", "dispute", "callback"})


@dataclass(frozen=True)
class ContactPolicy:
    """The limits: calling hours in local time, and the seven-in-seven rule."""

    earliest: time = time(8, 0)
    latest: time = time(21, 0)  # calls must start before this
    max_attempts: int = 7
    window_days: int = 7
    quiet_days_after_conversation: int = 7


@dataclass(frozen=True)
class PastContact:
    """A contact already logged: its business date and whether it was a call or a talk."""

    day: date
    is_attempt: bool
    is_conversation: bool


@dataclass(frozen=True)
class ContactSubject:
    """What the rules need to know of the account."""

    time_zone: str
    cease_communication: bool = False
    bankrupt: bool = False
    attorney_represented: bool = False
    rules_apply: bool = True


@dataclass(frozen=True)
class Refusal:
    """A rule that forbids the contact now, and when it becomes allowed (None: not by waiting)."""

    code: str
    rule: str
    message: str
    allowed_from: datetime | date | None = None


def is_attempt(channel: str) -> bool:
    """An outbound call is a call attempt; an inbound call, a letter or an email is not."""
    return channel == "call"


def is_conversation(channel: str, outcome: str) -> bool:
    """A telephone conversation: a call (either way) that reached someone to talk to."""
    return channel in ("call", "inbound") and outcome in CONVERSATIONS


def _who(subject: ContactSubject, party: str) -> list[Refusal]:
    refusals = []
    if subject.cease_communication and party != "attorney":
        refusals.append(
            Refusal("AR0701E", "cease_communication",
                    "THE CUSTOMER ASKED US TO CEASE COMMUNICATION")
        )  # fmt: skip
    if subject.bankrupt and party not in ("attorney", "court"):
        refusals.append(
            Refusal("AR0702E", "bankruptcy",
                    "AUTOMATIC STAY: CONTACT ONLY THE DEBTOR'S ATTORNEY OR THE COURT")
        )  # fmt: skip
    if subject.attorney_represented and party == "insured":
        refusals.append(
            Refusal("AR0703E", "attorney", "THE CUSTOMER HAS AN ATTORNEY: CONTACT THE ATTORNEY")
        )
    return refusals


def _calling_hours(local: datetime, policy: ContactPolicy) -> Refusal | None:
    clock = local.time()
    if policy.earliest <= clock < policy.latest:
        return None
    day = local.date() if clock < policy.earliest else local.date() + timedelta(days=1)
    opens = datetime.combine(day, policy.earliest, tzinfo=local.tzinfo)
    return Refusal(
        "AR0704E",
        "calling_hours",
        f"{local:%H:%M} IS OUTSIDE 08:00-21:00 IN THE CUSTOMER'S TIME ZONE",
        opens,
    )


def attempts_in_window(history: Sequence[PastContact], day: date, policy: ContactPolicy) -> int:
    """Call attempts within the `window_days` consecutive days ending on `day`."""
    first = day - timedelta(days=policy.window_days - 1)
    return sum(1 for c in history if c.is_attempt and first <= c.day <= day)


def next_call_day(history: Sequence[PastContact], today: date, policy: ContactPolicy) -> date:
    """The first day from `today` on when a call breaks neither frequency rule."""
    talks = [c.day for c in history if c.is_conversation]
    day = today
    if talks:
        day = max(day, max(talks) + timedelta(days=policy.quiet_days_after_conversation))
    while attempts_in_window(history, day, policy) >= policy.max_attempts:
        day += timedelta(days=1)
    return day


def _frequency(
    history: Sequence[PastContact], today: date, policy: ContactPolicy
) -> Refusal | None:
    allowed = next_call_day(history, today, policy)
    if allowed == today:
        return None
    talks = [c.day for c in history if c.is_conversation]
    if talks and max(talks) + timedelta(days=policy.quiet_days_after_conversation) > today:
        return Refusal(
            "AR0706E",
            "conversation_7_days",
            f"A TELEPHONE CONVERSATION ON {max(talks).isoformat()}: NO CALL BEFORE"
            f" {allowed.isoformat()}",
            allowed,
        )
    return Refusal(
        "AR0705E",
        "seven_in_seven",
        f"{attempts_in_window(history, today, policy)} CALL ATTEMPTS IN 7 DAYS:"
        f" NEXT CALL ON {allowed.isoformat()}",
        allowed,
    )


def check_contact(
    subject: ContactSubject,
    channel: str,
    party: str,
    now_utc: datetime,
    today: date,
    history: Sequence[PastContact],
    policy: ContactPolicy = ContactPolicy(),
) -> list[Refusal]:
    """Every rule that forbids this contact now (an empty list: it is allowed).

    `today` is the business date the frequency rules count in; `now_utc` gives the
    customer's time of day. Who may be contacted always applies; for a call to the
    customer, calling hours and frequency apply where the rules apply to the account.
    """
    refusals = _who(subject, party)
    if channel == "inbound" or not subject.rules_apply:
        return refusals
    if channel == "call":
        local = now_utc.astimezone(ZoneInfo(subject.time_zone))
        hours = _calling_hours(local, policy)
        if hours:
            refusals.append(hours)
        if party in ("insured", "third_party"):
            frequency = _frequency(history, today, policy)
            if frequency:
                refusals.append(frequency)
    return refusals


def next_contact_allowed(
    subject: ContactSubject,
    now_utc: datetime,
    today: date,
    history: Sequence[PastContact],
    policy: ContactPolicy = ContactPolicy(),
) -> datetime | date | None:
    """When a call to the customer is next allowed: None when allowed now.

    A date when the frequency rules decide, a datetime when only calling hours do. For
    an account nobody may call (cease communication, bankruptcy, attorney), there is
    no date to wait for: `date.max`.
    """
    refusals = check_contact(subject, "call", "insured", now_utc, today, history, policy)
    if not refusals:
        return None
    if any(r.allowed_from is None for r in refusals):
        return date.max
    frequency = [r.allowed_from for r in refusals if isinstance(r.allowed_from, date)
                 and not isinstance(r.allowed_from, datetime)]  # fmt: skip
    if frequency:
        return max(frequency)
    return min(r.allowed_from for r in refusals if isinstance(r.allowed_from, datetime))
