"""Bankruptcy: the automatic stay holds in every service, then discharge, dismissal, closing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.services import (
    accounts,
    approvals,
    arrangements,
    bankruptcy,
    contacts,
    disputes,
    integrity,
    messages,
    nightly,
    payments,
    queue,
    referrals,
    settlements,
)
from ar_tui.services.session import Session, open_session
from tests.conftest import fixed_clock

ACCOUNT = "1000477"  # consumer, 605.00, collector mlopez
TODAY = date(2026, 11, 25)


def as_login(db: Path, login: str) -> Session:
    return open_session(db, login, clock=fixed_clock)


def file_bankruptcy(session: Session, number: str = ACCOUNT) -> int:
    return bankruptcy.set_bankruptcy(
        session, number, 7, "26-B-4411", TODAY - timedelta(days=3), "N.D. ILL.", "S. WEISS ESQ",
        TODAY + timedelta(days=20),
    )  # fmt: skip


def test_setting_it_ends_every_arrangement_and_takes_the_account_off_the_queue(
    demo_db: Path,
) -> None:
    jane = as_login(demo_db, "jdoe")
    arrangements.make_promise(jane, ACCOUNT, 5_000, TODAY + timedelta(days=3))
    plan = arrangements.create_plan(jane, ACCOUNT, 60_500, 0, 24, "monthly", TODAY)  # over policy
    assert plan.status == "pending_approval"
    file_bankruptcy(jane)
    data = accounts.as_json(jane, ACCOUNT)
    assert data["collection_status"] == "bankruptcy" and "bankruptcy" in data["flags"]
    assert data["bankruptcy"]["case_number"] == "26-B-4411"
    assert data["bankruptcy"]["history"][0]["by"] == "jdoe"
    assert [p["status"] for p in data["promises"]][:1] == ["cancelled"]
    # The plan's request for approval ended with it.
    with pytest.raises(ArError, match="ALREADY EXPIRED"):
        approvals.decide(as_login(demo_db, "kwright"), _approval_of(jane, "plan", plan.plan_id))
    maria = as_login(demo_db, "mlopez")
    assert ACCOUNT not in [w.account_number for w in queue.work_list(maria, "all", limit=500)]
    assert queue.explain_priority(maria, ACCOUNT).now == 0


def _approval_of(session: Session, kind: str, subject: int) -> int:
    return int(
        session.store.connection()
        .execute("SELECT id FROM approvals WHERE kind = ? AND subject_id = ?", (kind, subject))
        .fetchone()[0]
    )


ACTIONS: dict[str, Callable[[Session], object]] = {
    "call the customer": lambda s: contacts.log_contact(s, ACCOUNT, "letter", "left_message"),
    "call with a supervisor's override": lambda s: contacts.log_contact(
        s, ACCOUNT, "letter", "left_message", override_reason="JUST ONCE"
    ),
    "promise": lambda s: arrangements.make_promise(s, ACCOUNT, 1_000, TODAY),
    "preview a plan": lambda s: arrangements.preview_plan(
        s, ACCOUNT, 30_000, 3_000, 3, "monthly", TODAY
    ),
    "plan": lambda s: arrangements.create_plan(s, ACCOUNT, 30_000, 3_000, 3, "monthly", TODAY),
    "preview a settlement": lambda s: settlements.preview_settlement(s, ACCOUNT, "60%", TODAY),
    "settlement": lambda s: settlements.offer_settlement(s, ACCOUNT, "60%", TODAY),
    "referral": lambda s: referrals.refer(s, ACCOUNT, "CCS", override=True),
    "file a second bankruptcy": file_bankruptcy,
}


@pytest.mark.parametrize("action", ACTIONS)
def test_every_collection_action_on_a_bankrupt_account_is_refused(
    demo_db: Path, action: str
) -> None:
    karen = as_login(demo_db, "kwright")  # a supervisor: overrides do not reach the stay
    file_bankruptcy(karen)
    conn = karen.store.connection()
    before = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(ArError) as refused:
        ACTIONS[action](karen)
    assert refused.value.exit_code == 3
    assert "STAY" in refused.value.message or "BANKRUPTCY" in refused.value.message
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before


def test_what_the_stay_still_allows(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")
    file_bankruptcy(jane)
    contacts.log_contact(jane, ACCOUNT, "letter", "left_message", party="attorney")
    contacts.log_contact(jane, ACCOUNT, "letter", "left_message", party="court")
    paid = payments.post_payment(jane, ACCOUNT, 1_000, "check", "VOLUNTARY")
    assert paid.category == "voluntary_bankruptcy" and paid.review_flag
    disputes.open_dispute(jane, ACCOUNT, 1_000, "billing_error", "Billing Operations")
    assert integrity.check_database(as_login(demo_db, "kwright")) == []


def test_the_nightly_cycle_sends_nothing_on_a_bankrupt_account(demo_db: Path) -> None:
    tester = as_login(demo_db, "tester")
    file_bankruptcy(tester)
    conn = tester.store.connection()
    account_id = conn.execute(
        "SELECT id FROM accounts WHERE account_number = ?", (ACCOUNT,)
    ).fetchone()[0]
    nightly.run_nightly(tester)
    assert conn.execute(
        "SELECT priority, collection_status FROM accounts WHERE id = ?", (account_id,)
    ).fetchone() == (0, "bankruptcy")
    assert (
        conn.execute(
            "SELECT count(*) FROM audit_log WHERE account_id = ? AND source = 'nightly'",
            (account_id,),
        ).fetchone()[0]
        == 0
    )
    assert queue.next_account(as_login(demo_db, "mlopez")).account_number != ACCOUNT


def test_discharge_writes_off_the_balance_with_its_reason(demo_db: Path) -> None:
    karen = as_login(demo_db, "kwright")  # limit 25,000.00
    file_bankruptcy(karen)
    ended = bankruptcy.end_bankruptcy(karen, ACCOUNT, "discharged", "ORDER OF DISCHARGE")
    assert ended.writeoff is not None and ended.writeoff.status == "posted"
    data = accounts.as_json(karen, ACCOUNT)
    assert data["balance"] == "0.00" and data["collection_status"] == "charged_off"
    assert data["writeoffs"][0]["reason"] == "bankruptcy_discharge"
    assert data["bankruptcy"]["status"] == "discharged"
    assert integrity.check_database(as_login(demo_db, "kwright")) == []
    bankruptcy.end_bankruptcy(karen, ACCOUNT, "closed")
    with pytest.raises(ArError) as refused:
        bankruptcy.end_bankruptcy(karen, ACCOUNT, "dismissed")
    assert refused.value.code == "AR0882E"


def test_a_collectors_discharge_over_the_limit_waits_for_approval(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")  # limit 500.00, balance 605.00
    file_bankruptcy(jane)
    ended = bankruptcy.end_bankruptcy(jane, ACCOUNT, "discharged")
    assert ended.writeoff is not None and ended.writeoff.approval_id
    approvals.decide(as_login(demo_db, "kwright"), ended.writeoff.approval_id)
    assert accounts.as_json(jane, ACCOUNT)["balance"] == "0.00"


def test_dismissal_resumes_collection_and_tells_the_collector(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")
    file_bankruptcy(jane)
    bankruptcy.end_bankruptcy(jane, ACCOUNT, "dismissed", "CASE DISMISSED")
    assert accounts.as_json(jane, ACCOUNT)["collection_status"] == "active"
    arrangements.make_promise(jane, ACCOUNT, 1_000, TODAY)  # the stay is gone
    maria = as_login(demo_db, "mlopez")
    told = messages.unread(maria)
    assert [(number, "DISMISSED" in text) for _id, _day, number, text in told] == [(ACCOUNT, True)]
    assert messages.unread(maria) == []  # read once


def test_proof_of_claim_deadlines_within_30_days_are_listed(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")
    file_bankruptcy(jane)  # deadline in 20 days
    listed = [c.account_number for c in bankruptcy.claims_due(jane)]
    assert ACCOUNT in listed
    assert all(
        TODAY <= c.deadline <= TODAY + timedelta(days=30) for c in bankruptcy.claims_due(jane)
    )
    assert ACCOUNT not in [c.account_number for c in bankruptcy.claims_due(jane, 10)]


@pytest.mark.parametrize(
    ("chapter", "case", "filed", "code"),
    [
        (9, "26-1", TODAY, "AR0880E"),
        (7, " ", TODAY, "AR0881E"),
        (7, "26-1", TODAY + timedelta(days=1), "AR0883E"),
    ],
)
def test_bad_filings_are_refused(
    demo_session: Session, chapter: int, case: str, filed: date, code: str
) -> None:
    with pytest.raises(ArError) as refused:
        bankruptcy.set_bankruptcy(demo_session, ACCOUNT, chapter, case, filed)
    assert refused.value.code == code
    assert accounts.as_json(demo_session, ACCOUNT)["bankruptcy"] is None
