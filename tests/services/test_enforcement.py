"""The table held by the services: every action refuses a role without it (exit 3, audited,
nothing changed), and every change to an account refuses while another live session holds it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.domain.permissions import ACTIONS, ROLES, allowed
from ar_tui.services import (
    accounts,
    admin,
    approvals,
    arrangements,
    bankruptcy,
    batches,
    contacts,
    disputes,
    exhibits,
    integrity,
    limits,
    locks,
    nightly,
    operators,
    payments,
    queue,
    receivables,
    referrals,
    settlements,
    writeoffs,
)
from ar_tui.services.session import Session, open_session
from tests.conftest import fixed_clock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank"
ACCOUNT = "1000477"  # consumer, balance 605.00
OTHER = "1000234"
LOGINS = {
    "collector": "jdoe", "supervisor": "kwright", "billing": "lbaker", "trainer": "bnash",
    "admin": "tester", "auditor": "pgrant",
}  # fmt: skip
SOON = date(2026, 12, 5)

Call = Callable[[Session, dict[str, Any]], object]

# How each action is asked of its service: `made` holds what the setup made (a receipt, a
# dispute, a pending approval), so a permitted call reaches its lock check.
INVOKE: dict[str, Call] = {
    "payment.post": lambda s, m: payments.post_payment(s, ACCOUNT, 1000, "check", "T-1"),
    "payment.apply": lambda s, m: payments.apply_unapplied(s, m["receipt"], ACCOUNT),
    "payment.reverse": lambda s, m: payments.reverse_payment(s, m["receipt"], "nsf"),
    "payment.transfer": lambda s, m: payments.transfer_payment(s, m["receipt"], ACCOUNT),
    "batch.import": lambda s, m: batches.import_payments(s, FIXTURES / "autopay.ach"),
    "batch.resume": lambda s, m: batches.resume(s, 1),
    "receivables.import": lambda s, m: receivables.import_receivables(
        s, FIXTURES / "remittance.csv"
    ),
    "contact.log": lambda s, m: contacts.log_contact(s, ACCOUNT, "letter", "left_message"),
    "promise.make": lambda s, m: arrangements.make_promise(s, ACCOUNT, 1000, SOON),
    "plan.create": lambda s, m: arrangements.create_plan(s, ACCOUNT, 30000, 0, 3, "monthly", SOON),
    "settlement.offer": lambda s, m: settlements.offer_settlement(s, ACCOUNT, "500.00", SOON),
    "writeoff.request": lambda s, m: writeoffs.write_off(s, ACCOUNT, 100, "other"),
    "dispute.open": lambda s, m: disputes.open_dispute(s, ACCOUNT, 100, "other", "Claims"),
    "dispute.work": lambda s, m: disputes.move_dispute(s, m["dispute"], "in_research"),
    "dispute.resolve": lambda s, m: disputes.resolve_dispute(s, m["dispute"], False),
    "bankruptcy.set": lambda s, m: bankruptcy.set_bankruptcy(
        s, ACCOUNT, 7, "26-B-1", date(2026, 11, 20)
    ),
    "bankruptcy.end": lambda s, m: bankruptcy.end_bankruptcy(s, ACCOUNT, "dismissed"),
    "referral.propose": lambda s, m: referrals.refer(s, ACCOUNT, "CCS", out_dir=m["out"]),
    "referral.recall": lambda s, m: referrals.recall(s, ACCOUNT),
    "referral.suit": lambda s, m: referrals.authorize_suit(s, ACCOUNT),
    "referral.judgment": lambda s, m: referrals.record_judgment(
        s, ACCOUNT, 1000, date(2026, 11, 20)
    ),
    "referral.exhibit": lambda s, m: exhibits.write_package(s, ACCOUNT, m["out"]),
    "approval.decide": lambda s, m: approvals.decide(s, m["approval"]),
    "agency.save": lambda s, m: referrals.save_agency(s, "ZZ1", "ZED", "agency", "10"),
    "lock.list": lambda s, m: locks.held(s),
    "lock.release": lambda s, m: locks.force_release(s, ACCOUNT, "left for the day"),
    "queue.others": lambda s, m: queue.next_account(s, "mlopez"),
    "queue.postpone": lambda s, m: queue.postpone(s, ACCOUNT, day=SOON, reason="after payday"),
    "operator.add": lambda s, m: operators.add_operator(s, "newbie", "collector"),
    "operator.limit": lambda s, m: limits.set_limit(s, "jdoe", "writeoff", 100),
    "settings.set": lambda s, m: admin.set_setting(s, "company_name", "ELSEWHERE"),
    "business_date.set": lambda s, m: admin.set_business_date(s, date(2026, 11, 26)),
    "nightly.run": lambda s, m: nightly.run_nightly(s),
    "db.check": lambda s, m: integrity.check_database(s),
}
# Actions asked of a service by another action's call, each tested where it arises.
WITHIN = {
    "account.read": "every role reads (test_every_role_reads_an_account)",
    "messages.read": "every operator reads their own messages",
    "contact.override": "test_contacts: only a supervisor overrides a contact rule",
    "referral.place": "test_a_collectors_referral_waits_and_may_not_override",
}


def session_of(db: Path, role: str) -> Session:
    return open_session(db, LOGINS[role], clock=fixed_clock)


@pytest.fixture
def made(demo_db: Path, tmp_path: Path) -> dict[str, Any]:
    """What the calls act on, made by the administrator."""
    boss = session_of(demo_db, "admin")
    receipt = payments.post_payment(boss, OTHER, 1000, "check", "SETUP-1").receipt
    dispute = disputes.open_dispute(boss, ACCOUNT, 500, "other", "Claims")
    jane = session_of(demo_db, "collector")
    pending = writeoffs.write_off(jane, OTHER, 60_000, "other").approval_id  # over 500.00
    assert pending
    return {"receipt": receipt, "dispute": dispute, "approval": pending, "out": tmp_path}


def test_every_action_is_asked_somewhere() -> None:
    assert set(INVOKE) | set(WITHIN) == set(ACTIONS)
    assert not set(INVOKE) & set(WITHIN)


def _audit_rows(db: Path) -> list[tuple[str, str]]:
    conn = session_of(db, "admin").store.connection()
    return conn.execute(
        "SELECT operator_login, json_extract(detail, '$.action') FROM audit_log"
        " WHERE action = 'refused' ORDER BY id"
    ).fetchall()


def _changes(db: Path) -> tuple[int, ...]:
    """Counts of what a change writes: the ledger, payments, activities, arrangements."""
    conn = session_of(db, "admin").store.connection()
    tables = ("ledger", "payments", "activities", "promises", "plans", "settlements",
              "writeoffs", "disputes", "bankruptcies", "referrals", "operators", "batches",
              "file_imports", "collection_agencies", "nightly_runs")  # fmt: skip
    return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


REFUSALS = [
    (action, role)
    for action in sorted(INVOKE)
    for role in ROLES
    if not allowed(role, action, "PROD")
]


@pytest.mark.parametrize(("action", "role"), REFUSALS)
def test_a_role_without_the_action_is_refused_audited_and_nothing_changes(
    demo_db: Path, made: dict[str, Any], action: str, role: str
) -> None:
    before = _changes(demo_db)
    session = session_of(demo_db, role)
    with pytest.raises(ArError) as caught:
        INVOKE[action](session, made)
    assert caught.value.code == "AR0102E", caught.value.text
    assert caught.value.exit_code == 3
    assert f"({role.upper()}) MAY NOT" in caught.value.message
    assert _changes(demo_db) == before
    assert _audit_rows(demo_db)[-1] == (LOGINS[role], action)


LOCKED = sorted(a for a in INVOKE if ACTIONS[a].account and a != "lock.release")


@pytest.mark.parametrize("action", LOCKED)
def test_a_change_to_an_account_another_session_holds_is_refused(
    demo_db: Path, made: dict[str, Any], action: str
) -> None:
    holder = session_of(demo_db, "collector")
    for number in (ACCOUNT, OTHER):
        assert locks.acquire(holder, number, "S-HOLDER").mine  # this process: alive
    before = _changes(demo_db)
    boss = session_of(demo_db, "admin")  # the administrator may do every one of them
    with pytest.raises(ArError) as caught:
        INVOKE[action](boss, made)
    assert caught.value.code == "AR0732E", caught.value.text
    assert "IN USE BY JANE DOE SINCE" in caught.value.message and caught.value.exit_code == 3
    assert _changes(demo_db) == before
    assert _audit_rows(demo_db)[-1] == ("tester", action)


def test_the_holders_own_session_may_change_it_and_a_dead_lock_does_not_stand(
    demo_db: Path,
) -> None:
    jane = session_of(demo_db, "collector")
    locks.acquire(jane, ACCOUNT, jane.session_id)
    contacts.log_contact(jane, ACCOUNT, "letter", "left_message")  # her own lock
    maria = open_session(demo_db, "mlopez", clock=fixed_clock)
    with pytest.raises(ArError, match="AR0732E"):
        contacts.log_contact(maria, ACCOUNT, "letter", "left_message")
    conn = maria.store.connection()
    conn.execute("UPDATE account_locks SET pid = 999999999")  # its process is gone
    contacts.log_contact(maria, ACCOUNT, "letter", "left_message")


def test_after_a_release_the_old_holder_is_refused_by_the_new_one(demo_db: Path) -> None:
    jane = session_of(demo_db, "collector")
    karen = session_of(demo_db, "supervisor")
    assert locks.acquire(jane, ACCOUNT, jane.session_id).mine
    assert not locks.acquire(karen, ACCOUNT, karen.session_id).mine
    assert locks.force_release(karen, ACCOUNT, "left for the day") == "jdoe"
    assert locks.state(jane, ACCOUNT, jane.session_id).message() == "HELD BY NO ONE (RELEASED)"
    assert locks.acquire(karen, ACCOUNT, karen.session_id).mine
    assert not locks.state(jane, ACCOUNT, jane.session_id).mine
    contacts.log_contact(karen, ACCOUNT, "letter", "left_message")
    with pytest.raises(ArError, match="AR0732E ACCOUNT 1000477 IN USE BY KAREN WRIGHT"):
        contacts.log_contact(jane, ACCOUNT, "letter", "left_message")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_reads_an_account(demo_db: Path, role: str) -> None:
    session = session_of(demo_db, role)
    assert accounts.view(session, ACCOUNT).account.account_number == ACCOUNT


@pytest.mark.parametrize("role", ["auditor", "trainer"])
def test_a_role_that_changes_nothing_takes_no_lock(demo_db: Path, role: str) -> None:
    """An auditor browsing, or a trainer in PROD, never keeps a collector out."""
    state = locks.acquire(session_of(demo_db, role), ACCOUNT, "S-READER")
    assert not state.mine and state.message() == f"YOUR ROLE {role.upper()} CHANGES NO ACCOUNT HERE"
    assert locks.acquire(session_of(demo_db, "collector"), ACCOUNT, "S-JANE").mine


def test_a_trainer_changes_nothing_in_prod_and_acts_as_a_supervisor_in_training(
    demo_db: Path,
) -> None:
    ben = session_of(demo_db, "trainer")
    with pytest.raises(ArError, match=r"\(TRAINER\) MAY NOT POST ONE PAYMENT IN PROD"):
        payments.post_payment(ben, ACCOUNT, 1000, "check", "T-1")
    admin.set_setting(session_of(demo_db, "admin"), "region", "TRAINING")
    assert payments.post_payment(ben, ACCOUNT, 1000, "check", "T-1").receipt
    assert locks.acquire(ben, ACCOUNT, "S-BEN").mine


def test_a_collectors_referral_waits_and_may_not_override(demo_db: Path, tmp_path: Path) -> None:
    """1000147 lacks contact attempts only, which a supervisor may override; a collector may
    not, and is refused (audited) rather than proposed."""
    raj = open_session(demo_db, "rpatel", clock=fixed_clock)
    with pytest.raises(ArError) as caught:
        referrals.refer(raj, "1000147", "CCS", override=True, out_dir=tmp_path)
    assert caught.value.code == "AR0894E" and caught.value.exit_code == 3
    assert _audit_rows(demo_db)[-1] == ("rpatel", "referral.place")
    assert referrals.referrals_of(raj, "1000147") == []
