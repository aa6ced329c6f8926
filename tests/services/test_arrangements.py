"""Promises and plans: within the balance and the dates, replaced or approved, never while bankrupt."""

from __future__ import annotations

from datetime import date

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.services import accounts, arrangements
from ar_tui.services.session import Session


def bankrupt_account(session: Session) -> str:
    return str(
        session.store.connection()
        .execute(
            "SELECT a.account_number FROM accounts a JOIN bankruptcies b ON b.account_id = a.id"
            " WHERE b.status = 'active' ORDER BY 1 LIMIT 1"
        )
        .fetchone()[0]
    )


def test_a_promise_is_recorded_and_replaces_the_pending_one(demo_session: Session) -> None:
    arrangements.make_promise(demo_session, "1000477", 10_000, date(2026, 11, 30))
    arrangements.make_promise(demo_session, "1000477", 20_000, date(2026, 12, 5))
    data = accounts.as_json(demo_session, "1000477")
    assert [(p["amount"], p["status"]) for p in data["promises"]] == [
        ("200.00", "pending"),
        ("100.00", "replaced"),
    ]
    assert data["collection_status"] == "promise" and "promise" in data["flags"]


@pytest.mark.parametrize(
    ("amount", "promised", "code"),
    [
        (999_999_99, date(2026, 11, 30), "AR0811E"),  # more than the balance
        (100, date(2026, 11, 24), "AR0812E"),  # before the business date
        (100, date(2027, 1, 31), "AR0812E"),  # too far out
    ],
)
def test_bad_promises_are_refused(
    demo_session: Session, amount: int, promised: date, code: str
) -> None:
    with pytest.raises(ArError) as caught:
        arrangements.make_promise(demo_session, "1000477", amount, promised)
    assert caught.value.code == code


def test_no_promise_or_plan_in_bankruptcy(demo_session: Session) -> None:
    number = bankrupt_account(demo_session)
    with pytest.raises(ArError, match="AUTOMATIC STAY"):
        arrangements.make_promise(demo_session, number, 100, date(2026, 11, 30))
    with pytest.raises(ArError, match="AUTOMATIC STAY"):
        arrangements.create_plan(demo_session, number, 100, 0, 1, "monthly", date(2026, 12, 1))


def test_a_plan_within_policy_is_active_with_its_schedule(demo_session: Session) -> None:
    result = arrangements.create_plan(
        demo_session, "1000477", 60_500, 6_500, 6, "monthly", date(2026, 12, 15)
    )
    assert result.status == "active" and result.outside_policy == ()
    plan = accounts.as_json(demo_session, "1000477")["plan"]
    assert plan["status"] == "active" and plan["count"] == 6
    assert [i["amount"] for i in plan["installments"]] == ["90.00"] * 6
    with pytest.raises(ArError, match="ALREADY HAS A PLAN"):
        arrangements.create_plan(demo_session, "1000477", 100, 0, 1, "monthly", date(2026, 12, 15))


def test_a_plan_outside_policy_waits_for_approval(demo_session: Session) -> None:
    result = arrangements.create_plan(
        demo_session, "1000477", 60_500, 0, 24, "weekly", date(2026, 12, 1)
    )
    assert result.status == "pending_approval"
    assert "the down payment is below the smallest allowed" in result.outside_policy
    (kind, note) = (
        demo_session.store.connection()
        .execute(
            "SELECT kind, note FROM approvals WHERE status = 'pending' ORDER BY id DESC LIMIT 1"
        )
        .fetchone()
    )
    assert kind == "plan" and "down payment" in note


def test_a_plan_cannot_exceed_the_balance(demo_session: Session) -> None:
    with pytest.raises(ArError) as caught:
        arrangements.create_plan(
            demo_session, "1000477", 999_999_99, 0, 3, "monthly", date(2026, 12, 1)
        )
    assert caught.value.code == "AR0823E"


# -- one arrangement at a time (issue 13) -------------------------------------------------


def test_no_plan_or_promise_beside_a_settlement_in_force(demo_session: Session) -> None:
    from ar_tui.services import settlements

    offer = settlements.offer_settlement(demo_session, "1000477", "60%", date(2026, 12, 10))
    with pytest.raises(ArError) as plan:
        arrangements.create_plan(
            demo_session, "1000477", 60_500, 6_500, 6, "monthly", date(2026, 11, 25)
        )
    assert plan.value.code == "AR0826E"
    assert plan.value.message == (
        f"SETTLEMENT {offer.settlement_id} IS IN FORCE ON THE ACCOUNT: NO PLAN BESIDE IT"
    )
    with pytest.raises(ArError) as promise:
        arrangements.make_promise(demo_session, "1000477", 10_000, date(2026, 12, 1))
    assert (promise.value.code, promise.value.field) == ("AR0826E", "account")
    assert accounts.as_json(demo_session, "1000477")["promises"] == []  # nothing written


def test_a_promise_within_a_plan_and_a_settlement_on_a_plan_are_allowed(
    demo_session: Session,
) -> None:
    from ar_tui.services import settlements

    arrangements.create_plan(
        demo_session, "1000477", 60_500, 6_500, 6, "monthly", date(2026, 11, 25)
    )
    assert arrangements.make_promise(demo_session, "1000477", 6_500, date(2026, 11, 30)) > 0
    offer = settlements.offer_settlement(demo_session, "1000477", "60%", date(2026, 12, 10))
    assert offer.settlement_id > 0  # paid, it ends the plan (the nightly cycle)


def test_policy_may_allow_several_arrangements(demo_session: Session) -> None:
    from ar_tui.services import admin, settlements

    admin.set_setting(demo_session, "several_arrangements", "yes")
    settlements.offer_settlement(demo_session, "1000477", "60%", date(2026, 12, 10))
    assert arrangements.make_promise(demo_session, "1000477", 10_000, date(2026, 12, 1)) > 0
    admin.set_setting(demo_session, "several_arrangements", "no")
    with pytest.raises(ArError):
        arrangements.make_promise(demo_session, "1000477", 10_000, date(2026, 12, 1))
