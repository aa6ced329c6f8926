"""Every allowed and every refused move of the dispute, bankruptcy and referral machines."""

from __future__ import annotations

import itertools

import pytest

from ar_tui.domain.bankruptcy import BANKRUPTCY
from ar_tui.domain.disputes import DISPUTE, check_department, check_reason, holds_all_collection
from ar_tui.domain.errors import ArError
from ar_tui.domain.referrals import REFERRAL, Standing, commission_cents, eligibility
from ar_tui.domain.states import StateMachine

MACHINES = {m.name: m for m in (DISPUTE, BANKRUPTCY, REFERRAL)}
ALLOWED = {
    DISPUTE.name: {
        ("open", "in_research"), ("open", "resolved_valid"), ("open", "resolved_invalid"),
        ("open", "credit_pending"), ("in_research", "resolved_valid"),
        ("in_research", "resolved_invalid"), ("in_research", "credit_pending"),
        ("credit_pending", "resolved_valid"), ("credit_pending", "in_research"),
    },
    BANKRUPTCY.name: {
        ("active", "discharged"), ("active", "dismissed"), ("active", "closed"),
        ("discharged", "closed"), ("dismissed", "closed"),
    },
    REFERRAL.name: {
        ("proposed", "placed"), ("proposed", "rejected"), ("placed", "suit_authorized"),
        ("placed", "recalled"), ("suit_authorized", "judgment"),
        ("suit_authorized", "recalled"), ("judgment", "recalled"),
    },
}  # fmt: skip
STATUSES = {
    DISPUTE.name: ("open", "in_research", "credit_pending", "resolved_valid", "resolved_invalid"),
    BANKRUPTCY.name: ("active", "discharged", "dismissed", "closed"),
    REFERRAL.name: ("proposed", "placed", "suit_authorized", "judgment", "recalled", "rejected"),
}


@pytest.mark.parametrize(
    ("name", "current", "new"),
    [
        (name, current, new)
        for name, statuses in STATUSES.items()
        for current, new in itertools.product(statuses, statuses)
    ],
)
def test_every_move(name: str, current: str, new: str) -> None:
    machine: StateMachine = MACHINES[name]
    if (current, new) in ALLOWED[name]:
        machine.check(current, new)
    else:
        with pytest.raises(ArError) as refused:
            machine.check(current, new)
        assert refused.value.code == machine.code and current.upper() in refused.value.message


def test_reasons_and_departments_are_read_as_people_type_them() -> None:
    assert check_reason("Duplicate Charge") == "duplicate_charge"
    assert check_department("premium_audit") == "Premium Audit"
    assert check_department("AGENCY BILL") == "Agency Bill"
    for bad in (lambda: check_reason("angry"), lambda: check_department("Sales")):
        with pytest.raises(ArError):
            bad()


def test_a_consumer_dispute_holds_all_collection_until_verification() -> None:
    assert holds_all_collection("consumer", verification_sent=False)
    assert not holds_all_collection("consumer", verification_sent=True)
    assert not holds_all_collection("commercial", verification_sent=False)


BASE = Standing(
    bankrupt=False, open_disputes=0, collectible_cents=50_000, minimum_cents=10_000,
    call_attempts=6, attempts_needed=6, already_referred=False,
)  # fmt: skip


@pytest.mark.parametrize(
    ("change", "blocking", "overridable"),
    [
        ({}, (), ()),
        ({"bankrupt": True}, ("bankruptcy: the automatic stay",), ()),
        ({"open_disputes": 1}, ("open dispute",), ()),
        ({"already_referred": True}, ("already referred",), ()),
        ({"collectible_cents": 10_000}, (), ("balance not above the referral minimum",)),
        ({"call_attempts": 2}, (), ("2 of 6 contact attempts made",)),
    ],
)
def test_referral_eligibility(change: dict, blocking: tuple, overridable: tuple) -> None:
    from dataclasses import replace

    found = eligibility(replace(BASE, **change))
    assert (found.blocking, found.overridable) == (blocking, overridable)
    assert found.eligible is (not blocking and not overridable)


@pytest.mark.parametrize(
    ("amount", "rate", "commission"),
    [(10_000, 2500, 2500), (10_001, 3333, 3333), (15, 3333, 5), (1, 5000, 1), (0, 3000, 0)],
)
def test_commission_rounds_half_up(amount: int, rate: int, commission: int) -> None:
    assert commission_cents(amount, rate) == commission
