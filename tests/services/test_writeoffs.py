"""Write-offs: posted within the limit, approved above it, item by item in the ledger; recoveries."""

from __future__ import annotations

from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.services import accounts, approvals, integrity, payments, writeoffs
from ar_tui.services.session import Session, open_session
from tests.conftest import fixed_clock

ACCOUNT = "1000477"  # balance 605.00


def as_login(db: Path, login: str) -> Session:
    return open_session(db, login, clock=fixed_clock)


def writeoff_entries(session: Session) -> list[tuple[int, str]]:
    return (
        session.store.connection()
        .execute(
            "SELECT l.amount_cents, l.memo FROM ledger l JOIN accounts a ON a.id = l.account_id"
            " WHERE a.account_number = ? AND l.entry_type = 'writeoff' ORDER BY l.id",
            (ACCOUNT,),
        )
        .fetchall()
    )


def test_within_the_limit_part_of_the_balance_is_written_off_oldest_first(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")  # limit 500.00
    result = writeoffs.write_off(jane, ACCOUNT, 10_000, "small_balance")
    assert (result.status, result.approval_id) == ("posted", 0)
    data = accounts.as_json(jane, ACCOUNT)
    assert data["balance"] == "505.00" and data["collection_status"] != "charged_off"
    assert sum(cents for cents, _ in writeoff_entries(jane)) == -10_000
    assert data["writeoffs"][0]["reason"] == "small_balance"
    oldest = min(data["items"], key=lambda i: i["due_date"])
    assert oldest["open_amount"] != oldest["amount"]  # the oldest item went first
    assert integrity.check_database(as_login(demo_db, "kwright")) == []


def test_above_the_limit_it_waits_and_posts_when_a_supervisor_approves(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")
    result = writeoffs.write_off(jane, ACCOUNT, 60_500, "uncollectible")
    assert result.status == "pending" and result.approval_id
    assert writeoff_entries(jane) == []  # nothing moved yet
    with pytest.raises(ArError, match="NEEDS SUPERVISOR"):
        approvals.decide(jane, result.approval_id)
    karen = as_login(demo_db, "kwright")
    approvals.decide(karen, result.approval_id)
    data = accounts.as_json(karen, ACCOUNT)
    assert data["balance"] == "0.00" and data["collection_status"] == "charged_off"
    assert data["writeoffs"][0]["status"] == "posted" and "written_off" in data["flags"]
    assert integrity.check_database(as_login(demo_db, "kwright")) == []
    # A payment after the charge-off is a recovery.
    paid = payments.post_payment(karen, ACCOUNT, 5_000, "check", "LATE")
    assert paid.category == "recovery"


def test_a_rejected_writeoff_moves_nothing(demo_db: Path) -> None:
    result = writeoffs.write_off(as_login(demo_db, "jdoe"), ACCOUNT, 60_000, "other")
    karen = as_login(demo_db, "kwright")
    approvals.decide(karen, result.approval_id, approve=False)
    data = accounts.as_json(karen, ACCOUNT)
    assert data["balance"] == "605.00" and data["writeoffs"][0]["status"] == "rejected"


@pytest.mark.parametrize(
    ("amount", "reason", "code"),
    [(0, "other", "AR0861E"), (60_501, "other", "AR0862E"), (100, "because", "AR0860E")],
)
def test_bad_writeoffs_are_refused(
    demo_session: Session, amount: int, reason: str, code: str
) -> None:
    with pytest.raises(ArError) as caught:
        writeoffs.write_off(demo_session, ACCOUNT, amount, reason)
    assert caught.value.code == code
    assert accounts.as_json(demo_session, ACCOUNT)["writeoffs"] == []
