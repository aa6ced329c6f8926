"""The roles and limits table, every cell, against the table as the README documents it."""

from __future__ import annotations

import pytest

from ar_tui.domain import permissions
from ar_tui.domain.permissions import ACTIONS, DEFAULT_LIMITS, ROLES, allowed

C, S, B, T, A, U = "collector", "supervisor", "billing", "trainer", "admin", "auditor"

# action -> the roles that may do it in PROD: the documented table, written out again.
DOCUMENTED: dict[str, set[str]] = {
    "account.read": {C, S, B, T, A, U},
    "messages.read": {C, S, B, T, A, U},
    "payment.post": {C, S, B, A},
    "payment.apply": {S, B, A},
    "payment.reverse": {S, B, A},
    "payment.transfer": {S, B, A},
    "batch.import": {B, A},
    "batch.resume": {B, A},
    "receivables.import": {B, A},
    "contact.log": {C, S, A},
    "contact.override": {S, A},
    "promise.make": {C, S, A},
    "plan.create": {C, S, A},
    "settlement.offer": {C, S, A},
    "writeoff.request": {C, S, A},
    "dispute.open": {C, S, B, A},
    "dispute.work": {C, S, B, A},
    "dispute.resolve": {C, S, B, A},
    "bankruptcy.set": {C, S, A},
    "bankruptcy.end": {C, S, A},
    "referral.propose": {C, S, A},
    "referral.place": {S, A},
    "referral.recall": {S, A},
    "referral.suit": {S, A},
    "referral.judgment": {S, A},
    "referral.exhibit": {C, S, A, U},
    "approval.decide": {S, A},
    "agency.save": {S, A},
    "lock.list": {S, A},
    "lock.release": {S, A},
    "queue.others": {S, A},
    "queue.postpone": {C, S, A},
    "operator.add": {A},
    "operator.limit": {A},
    "settings.set": {A},
    "business_date.set": {A},
    "nightly.run": {A},
    "db.check": {S, B, A, U},
}
LIMITED = {
    "payment.reverse": "reversal",
    "payment.transfer": "reversal",
    "settlement.offer": "settlement_discount",
    "writeoff.request": "writeoff",
    "dispute.resolve": "credit",
    "bankruptcy.end": "writeoff",
}


def test_the_table_has_every_documented_action_and_no_other() -> None:
    assert set(ACTIONS) == set(DOCUMENTED)
    assert ROLES == (C, S, B, T, A, U)


@pytest.mark.parametrize("action", sorted(DOCUMENTED))
@pytest.mark.parametrize("role", ROLES)
def test_every_cell_in_prod(action: str, role: str) -> None:
    assert allowed(role, action, "PROD") is (role in DOCUMENTED[action])


@pytest.mark.parametrize("action", sorted(DOCUMENTED))
def test_a_trainer_acts_as_a_supervisor_only_in_a_training_region(action: str) -> None:
    assert allowed(T, action, "TRAINING") is (S in DOCUMENTED[action])
    assert allowed(T, action, "PROD") is (action in ("account.read", "messages.read"))


def test_a_trainer_and_an_auditor_change_nothing_in_prod() -> None:
    assert not permissions.changes_anything(T, "PROD")
    assert not permissions.changes_anything(U, "PROD")
    assert not permissions.changes_anything(U, "TRAINING")
    assert permissions.changes_anything(T, "TRAINING")
    assert all(permissions.changes_anything(role, "PROD") for role in (C, S, B, A))


def test_an_unknown_action_is_allowed_to_no_one() -> None:
    assert not any(allowed(role, "ledger.rewrite", "PROD") for role in ROLES)


@pytest.mark.parametrize("action", sorted(DOCUMENTED))
def test_the_limit_each_action_spends(action: str) -> None:
    assert ACTIONS[action].limit == LIMITED.get(action)


def test_approvals_spend_the_approvers_limit_of_their_kind() -> None:
    assert permissions.APPROVAL_LIMITS == {
        "writeoff": "writeoff", "settlement": "settlement_discount", "dispute_credit": "credit",
        "reversal": "reversal", "transfer": "reversal", "plan": None, "referral": None,
    }  # fmt: skip


def test_default_daily_limits_by_role() -> None:
    assert DEFAULT_LIMITS == {
        C: {"writeoff": 500_00, "settlement_discount": 500_00, "credit": 500_00, "reversal": 0},
        S: {"writeoff": 25_000_00, "settlement_discount": 25_000_00, "credit": 25_000_00,
            "reversal": 25_000_00},
        B: {"writeoff": 0, "settlement_discount": 0, "credit": 0, "reversal": 25_000_00},
        T: {"writeoff": 0, "settlement_discount": 0, "credit": 0, "reversal": 0},
        A: {"writeoff": 100_000_00, "settlement_discount": 100_000_00, "credit": 100_000_00,
            "reversal": 100_000_00},
        U: {"writeoff": 0, "settlement_discount": 0, "credit": 0, "reversal": 0},
    }  # fmt: skip


def test_actions_that_change_no_account_take_no_lock() -> None:
    no_account = {a for a, action in ACTIONS.items() if not action.account}
    assert no_account == {
        "account.read", "messages.read", "batch.import", "batch.resume", "receivables.import",
        "referral.exhibit", "agency.save", "lock.list", "lock.release", "queue.others", "operator.add",
        "operator.limit", "settings.set", "business_date.set", "nightly.run", "db.check",
    }  # fmt: skip
