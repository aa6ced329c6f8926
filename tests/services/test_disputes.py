"""Disputes: the amount leaves collection; a consumer's waits for verification; resolution."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.services import accounts, approvals, arrangements, disputes, integrity, queue
from ar_tui.services.session import Session, open_session
from tests.conftest import fixed_clock

CONSUMER = "1000477"  # 605.00 over six items, collector mlopez
COMMERCIAL = "1000147"  # 16,224.09 over three items


def as_login(db: Path, login: str) -> Session:
    return open_session(db, login, clock=fixed_clock)


def status_of(session: Session, number: str) -> tuple[str, str]:
    data = accounts.as_json(session, number)
    return data["collection_status"], data["collectible"]


def first_document(session: Session, number: str) -> tuple[str, str]:
    item = min(accounts.as_json(session, number)["items"], key=lambda i: i["due_date"])
    return item["document_number"], item["open_amount"]


def test_a_consumer_dispute_stops_collection_until_verification_is_sent(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")
    dispute_id = disputes.open_dispute(
        jane, CONSUMER, 10_000, "billing_error", "Billing Operations"
    )
    assert status_of(jane, CONSUMER) == ("dispute", "505.00")
    line = queue.work_list(as_login(demo_db, "mlopez"), "mine", limit=500)
    assert CONSUMER not in [w.account_number for w in line]  # out of the queue
    with pytest.raises(ArError) as refused:
        arrangements.make_promise(jane, CONSUMER, 5_000, jane.business_date())
    assert refused.value.code == "AR0815E"
    disputes.record_verification(jane, dispute_id)
    # Collection resumes on what is not disputed, and only on that.
    assert status_of(jane, CONSUMER) == ("active", "505.00")
    with pytest.raises(ArError, match=r"MORE THAN THE BALANCE 505\.00"):
        arrangements.make_promise(jane, CONSUMER, 50_600, jane.business_date())
    arrangements.make_promise(jane, CONSUMER, 50_500, jane.business_date())


def test_a_commercial_dispute_on_an_item_leaves_the_rest_collectible(demo_db: Path) -> None:
    tom = as_login(demo_db, "tchen")
    document, open_amount = first_document(tom, COMMERCIAL)
    dispute_id = disputes.open_dispute(
        tom, COMMERCIAL, None, "premium_audit", "premium audit", [document]
    )
    data = accounts.as_json(tom, COMMERCIAL)
    assert data["collection_status"] == "active" and "dispute" in data["flags"]
    assert data["disputes"][0]["amount"] == open_amount
    assert data["disputes"][0]["items"] == [document]
    assert data["disputes"][0]["department"] == "Premium Audit"
    explained = queue.explain_priority(tom, COMMERCIAL)
    assert explained.now > 0  # still worked for the rest
    assert dispute_id == data["disputes"][0]["id"]


def test_the_whole_balance_disputed_leaves_nothing_to_collect(demo_db: Path) -> None:
    tom = as_login(demo_db, "tchen")
    disputes.open_dispute(tom, COMMERCIAL, None, "coverage", "Claims")
    assert status_of(tom, COMMERCIAL) == ("dispute", "0.00")
    with pytest.raises(ArError) as refused:
        disputes.open_dispute(tom, COMMERCIAL, 100, "other", "Claims")
    assert refused.value.code == "AR0874E"  # nothing undisputed is left


def test_the_dispute_moves_and_every_step_is_dated_with_who_and_audited(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")
    dispute_id = disputes.open_dispute(
        jane, CONSUMER, 5_000, "duplicate_charge", "Billing Operations", note="CALLED IN"
    )
    disputes.move_dispute(jane, dispute_id, "in_research", "ASKED BILLING")
    with pytest.raises(ArError) as refused:
        disputes.move_dispute(jane, dispute_id, "open")
    assert refused.value.code == "AR0872E"
    result = disputes.resolve_dispute(jane, dispute_id, valid=False, note="CHARGE IS RIGHT")
    assert result.status == "resolved_invalid"
    history = accounts.as_json(jane, CONSUMER)["disputes"][0]["history"]
    assert [(h["status"], h["by"]) for h in history] == [
        ("open", "jdoe"), ("in_research", "jdoe"), ("resolved_invalid", "jdoe"),
    ]  # fmt: skip
    assert history[0]["note"] == "CALLED IN" and history[0]["date"] == "2026-11-25"
    assert status_of(jane, CONSUMER) == ("active", "605.00")  # collection resumes
    with pytest.raises(ArError):  # resolved is final
        disputes.resolve_dispute(jane, dispute_id, valid=True)
    actions = [
        row[0]
        for row in jane.store.connection().execute(
            "SELECT action FROM audit_log WHERE subject = ? AND action LIKE 'dispute.%'"
            " ORDER BY id",
            (str(dispute_id),),
        )
    ]
    assert actions == ["dispute.open", "dispute.move", "dispute.resolve"]


def test_a_valid_dispute_within_the_limit_is_credited_on_its_items(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")  # limit 500.00
    document, _open = first_document(jane, CONSUMER)
    dispute_id = disputes.open_dispute(
        jane, CONSUMER, 3_000, "billing_error", "Billing Operations", [document]
    )
    result = disputes.resolve_dispute(jane, dispute_id, valid=True)
    assert (result.status, result.credit_cents) == ("resolved_valid", 3_000)
    data = accounts.as_json(jane, CONSUMER)
    assert data["balance"] == "575.00" and data["collectible"] == "575.00"
    credited = next(i for i in data["items"] if i["document_number"] == document)
    assert credited["open_amount"] != credited["amount"]
    assert integrity.check_database(as_login(demo_db, "kwright")) == []


def test_a_credit_over_the_limit_waits_and_keeps_the_amount_out_of_collection(
    demo_db: Path,
) -> None:
    tom = as_login(demo_db, "tchen")  # limit 1,000.00
    dispute_id = disputes.open_dispute(tom, COMMERCIAL, 200_000, "billing_error", "Underwriting")
    result = disputes.resolve_dispute(tom, dispute_id, valid=True)
    assert result.status == "credit_pending" and result.approval_id
    assert accounts.as_json(tom, COMMERCIAL)["balance"] == "16224.09"
    assert status_of(tom, COMMERCIAL)[1] == "14224.09"  # still held back
    with pytest.raises(ArError, match="NEEDS SUPERVISOR"):
        approvals.decide(tom, result.approval_id)
    approvals.decide(as_login(demo_db, "kwright"), result.approval_id)
    data = accounts.as_json(tom, COMMERCIAL)
    assert data["balance"] == "14224.09" and data["disputes"][0]["status"] == "resolved_valid"
    assert integrity.check_database(as_login(demo_db, "kwright")) == []


def test_a_rejected_credit_sends_the_dispute_back_to_research(demo_db: Path) -> None:
    tom = as_login(demo_db, "tchen")
    dispute_id = disputes.open_dispute(tom, COMMERCIAL, 200_000, "billing_error", "Underwriting")
    result = disputes.resolve_dispute(tom, dispute_id, valid=True)
    approvals.decide(as_login(demo_db, "kwright"), result.approval_id, approve=False)
    data = accounts.as_json(tom, COMMERCIAL)
    assert data["disputes"][0]["status"] == "in_research" and data["balance"] == "16224.09"


@pytest.mark.parametrize(
    ("amount", "reason", "department", "items", "code"),
    [
        (0, "other", "Claims", [], "AR0412E"),
        (100, "angry", "Claims", [], "AR0870E"),
        (100, "other", "Sales", [], "AR0871E"),
        (100, "other", "Claims", ["NOPE-1"], "AR0418E"),
        (60_501, "other", "Claims", [], "AR0875E"),
    ],
)
def test_bad_disputes_are_refused_and_nothing_is_written(
    demo_session: Session, amount: int, reason: str, department: str, items: list, code: str
) -> None:
    before = demo_session.store.connection().execute("SELECT count(*) FROM disputes").fetchone()
    with pytest.raises(ArError) as refused:
        disputes.open_dispute(demo_session, CONSUMER, amount, reason, department, items)
    assert refused.value.code == code
    after = demo_session.store.connection().execute("SELECT count(*) FROM disputes").fetchone()
    assert before == after


def test_the_list_shows_the_age_of_open_disputes(demo_session: Session) -> None:
    conn = demo_session.store.connection()
    number = conn.execute(
        "SELECT a.account_number FROM disputes d JOIN accounts a ON a.id = d.account_id"
        " WHERE d.opened_date < '2026-11-25' ORDER BY d.id LIMIT 1"
    ).fetchone()[0]
    line = disputes.disputes_of(demo_session, number)[0]
    opened = line.dispute.opened_date
    assert line.age_days == (date(2026, 11, 25) - date.fromisoformat(opened)).days > 0
