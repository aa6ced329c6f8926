"""Settlement offers within the operator's limit, and approvals by someone else with the limit."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.services import accounts, approvals, arrangements, limits, settlements
from ar_tui.services.session import Session, open_session
from tests.conftest import fixed_clock
from tests.services.test_arrangements import bankrupt_account

ACCOUNT = "1000477"  # balance 605.00
DUE = date(2026, 12, 10)


def as_login(db: Path, login: str) -> Session:
    return open_session(db, login, clock=fixed_clock)


def test_a_discount_within_the_collectors_limit_is_approved_at_once(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")  # limit 500.00
    offer = settlements.offer_settlement(jane, ACCOUNT, "500.00", DUE)
    assert (offer.status, offer.discount_cents, offer.approval_id) == ("approved", 10_500, 0)
    assert "settlement" in accounts.as_json(jane, ACCOUNT)["flags"]
    with pytest.raises(ArError, match="ALREADY HAS A SETTLEMENT"):
        settlements.offer_settlement(jane, ACCOUNT, "550.00", DUE)


def test_a_discount_over_the_limit_waits_for_a_supervisor(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")
    jane_limit = limits.remaining(jane, "settlement_discount")
    assert jane_limit == 50_000
    offer = settlements.offer_settlement(jane, "1000477", "1%", DUE)
    assert offer.needs_approval and offer.discount_cents > jane_limit
    assert offer.status == "proposed" and offer.approval_id > 0
    (waiting,) = approvals.pending(jane)
    assert (waiting.kind, waiting.account_number) == ("settlement", ACCOUNT)

    with pytest.raises(ArError, match="NEEDS SUPERVISOR"):
        approvals.decide(as_login(demo_db, "mlopez"), offer.approval_id)
    karen = as_login(demo_db, "kwright")
    approvals.decide(karen, offer.approval_id, note="hardship documented")
    assert accounts.as_json(karen, ACCOUNT)["settlements"][0]["status"] == "approved"
    with pytest.raises(ArError, match="ALREADY APPROVED"):
        approvals.decide(karen, offer.approval_id)
    conn = karen.store.connection()
    assert conn.execute(
        "SELECT operator_login, action FROM audit_log WHERE action LIKE 'approval.%'"
    ).fetchall() == [("kwright", "approval.approve")]


def test_nobody_decides_their_own_request(demo_db: Path) -> None:
    karen = as_login(demo_db, "kwright")
    result = arrangements.create_plan(karen, ACCOUNT, 60_500, 0, 24, "weekly", DUE)
    (waiting,) = approvals.pending(karen)
    with pytest.raises(ArError) as caught:
        approvals.decide(karen, waiting.id)
    assert caught.value.code == "AR0842E"
    approvals.decide(as_login(demo_db, "tester"), waiting.id)
    plan = accounts.as_json(karen, ACCOUNT)["plan"]
    assert result.status == "pending_approval" and plan["status"] == "active"
    assert accounts.as_json(karen, ACCOUNT)["collection_status"] == "plan"


def test_an_approval_beyond_the_approvers_limit_is_refused_but_may_be_rejected(
    demo_db: Path,
) -> None:
    tester = as_login(demo_db, "tester")
    tester.store.connection().execute(
        "UPDATE operator_limits SET daily_cents = 100 WHERE kind = 'settlement_discount'"
        " AND operator_id = (SELECT id FROM operators WHERE login = 'kwright')"
    )
    offer = settlements.offer_settlement(as_login(demo_db, "jdoe"), ACCOUNT, "1.00", DUE)
    karen = as_login(demo_db, "kwright")
    with pytest.raises(ArError) as caught:
        approvals.decide(karen, offer.approval_id)
    assert caught.value.code == "AR0844E"
    approvals.decide(karen, offer.approval_id, approve=False, note="too deep")
    assert accounts.as_json(karen, ACCOUNT)["settlements"][0]["status"] == "rejected"
    assert approvals.pending(karen) == []


def test_an_unknown_approval_is_not_found(demo_session: Session) -> None:
    with pytest.raises(ArError) as caught:
        approvals.decide(demo_session, 9999)
    assert caught.value.exit_code == 4


@pytest.mark.parametrize(
    ("offer", "due", "code"),
    [
        ("700.00", DUE, "AR0833E"),  # more than the balance
        ("0%", DUE, "AR0831E"),
        ("300.00", date(2026, 11, 24), "AR0836E"),  # before the business date
        ("300.00", date(2027, 1, 31), "AR0836E"),  # beyond settlement_max_days
    ],
)
def test_bad_offers_are_refused(demo_session: Session, offer: str, due: date, code: str) -> None:
    with pytest.raises(ArError) as caught:
        settlements.offer_settlement(demo_session, ACCOUNT, offer, due)
    assert caught.value.code == code
    assert accounts.as_json(demo_session, ACCOUNT)["settlements"] == []


def test_no_settlement_and_no_approval_in_bankruptcy(demo_db: Path) -> None:
    tester = as_login(demo_db, "tester")
    number = bankrupt_account(tester)
    with pytest.raises(ArError, match="AUTOMATIC STAY"):
        settlements.offer_settlement(tester, number, "50%", DUE)
    offer = settlements.offer_settlement(as_login(demo_db, "jdoe"), ACCOUNT, "1%", DUE)
    tester.store.connection().execute(
        "INSERT INTO bankruptcies(account_id, chapter, case_number, filed_date, status,"
        " status_date, created_by) SELECT id, 7, '26-00001', '2026-11-25', 'active',"
        " '2026-11-25', 1 FROM accounts"
        " WHERE account_number = ?",
        (ACCOUNT,),
    )
    with pytest.raises(ArError, match="AUTOMATIC STAY"):
        approvals.decide(tester, offer.approval_id)
