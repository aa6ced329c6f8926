"""Daily limits per operator per business day, cumulative: at the edge, and a cent either side."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.services import admin, approvals, disputes, limits, payments, settlements, writeoffs
from ar_tui.services.session import Session, open_session
from tests.conftest import fixed_clock

BIG = "1000147"  # commercial, 16,224.09


def as_login(db: Path, login: str) -> Session:
    return open_session(db, login, clock=fixed_clock)


def test_write_offs_add_up_through_the_day_to_the_limit_and_not_a_cent_more(
    demo_db: Path,
) -> None:
    jane = as_login(demo_db, "jdoe")  # 500.00 a day
    assert limits.remaining(jane, "writeoff") == 50_000
    assert writeoffs.write_off(jane, BIG, 30_000, "other").status == "posted"
    assert writeoffs.preview(jane, BIG, 20_001, "other").within_limit is False
    assert writeoffs.preview(jane, BIG, 20_000, "other").within_limit is True
    assert writeoffs.write_off(jane, BIG, 20_000, "other").status == "posted"  # exactly 500.00
    assert limits.remaining(jane, "writeoff") == 0
    over = writeoffs.write_off(jane, BIG, 1, "other")  # one cent more: a supervisor's call
    assert over.status == "pending" and over.approval_id


def test_a_hundred_dollar_limit_does_not_write_off_650_in_seven_commands(demo_db: Path) -> None:
    limits.set_limit(as_login(demo_db, "tester"), "jdoe", "writeoff", 100_00)
    jane = as_login(demo_db, "jdoe")
    results = [writeoffs.write_off(jane, BIG, 92_86, "other") for _ in range(7)]
    assert [r.status for r in results] == ["posted"] + ["pending"] * 6
    assert sum(r.amount_cents for r in results if r.status == "posted") == 92_86


def test_the_limit_is_fresh_on_the_next_business_day(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")
    writeoffs.write_off(jane, BIG, 50_000, "other")
    assert limits.remaining(jane, "writeoff") == 0
    admin.set_business_date(as_login(demo_db, "tester"), date(2026, 11, 26))
    assert limits.remaining(jane, "writeoff") == 50_000


def test_a_declined_spend_leaves_the_limit_whole(demo_db: Path) -> None:
    """A write-off over what is left spends nothing: it waits, and the limit is still there."""
    jane = as_login(demo_db, "jdoe")
    writeoffs.write_off(jane, BIG, 50_001, "other")
    assert limits.remaining(jane, "writeoff") == 50_000


def test_settlement_discounts_add_up(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")  # 500.00 of discounts a day
    first = settlements.offer_settlement(jane, "1000477", "500.00", date(2026, 12, 10))
    assert first.status == "approved" and first.discount_cents == 10_500
    assert limits.remaining(jane, "settlement_discount") == 39_500
    # 1000147 owes 16,224.09: a discount of 395.00 is exactly what is left, 395.01 is over
    assert not settlements.preview_settlement(
        jane, BIG, "15829.09", date(2026, 12, 10)
    ).needs_approval
    assert settlements.preview_settlement(jane, BIG, "15829.08", date(2026, 12, 10)).needs_approval


def test_dispute_credits_add_up(demo_db: Path) -> None:
    tom = as_login(demo_db, "tchen")  # 1,000.00 of credits a day
    assert limits.remaining(tom, "credit") == 100_000
    first = disputes.open_dispute(tom, BIG, 99_999, "billing_error", "Billing Operations")
    assert disputes.resolve_dispute(tom, first, True).status == "resolved_valid"
    second = disputes.open_dispute(tom, BIG, 2, "billing_error", "Billing Operations")
    assert disputes.resolve_dispute(tom, second, True).status == "credit_pending"  # 1 cent left
    third = disputes.open_dispute(tom, BIG, 1, "billing_error", "Billing Operations")
    assert disputes.resolve_dispute(tom, third, True).status == "resolved_valid"
    assert limits.remaining(tom, "credit") == 0


def test_reversals_are_billing_operations_within_their_daily_limit(demo_db: Path) -> None:
    boss = as_login(demo_db, "tester")
    limits.set_limit(boss, "lbaker", "reversal", 3_000_00)
    lisa = as_login(demo_db, "lbaker")
    first = payments.post_payment(boss, BIG, 2_999_99, "check", "R-1").receipt
    second = payments.post_payment(boss, BIG, 2, "check", "R-2").receipt
    third = payments.post_payment(boss, BIG, 1, "check", "R-3").receipt
    assert payments.preview_reversal(lisa, first, "nsf")[1] is True
    assert payments.reverse_payment(lisa, first, "nsf").approval_id == 0
    waits = payments.reverse_payment(lisa, second, "nsf")  # 2 cents over the 1 left
    assert waits.approval_id and waits.reopened == ()
    with pytest.raises(ArError, match="AR0427E"):  # not asked twice
        payments.reverse_payment(lisa, second, "nsf")
    assert payments.reverse_payment(lisa, third, "nsf").approval_id == 0  # the last cent
    karen = as_login(demo_db, "kwright")
    approvals.decide(karen, waits.approval_id)
    conn = karen.store.connection()
    statuses = conn.execute(
        "SELECT receipt_number, status FROM payments WHERE receipt_number IN (?, ?, ?)"
        " ORDER BY id", (first, second, third),
    ).fetchall()  # fmt: skip
    assert [s for _, s in statuses] == ["reversed", "reversed", "reversed"]


def test_a_collector_may_not_reverse_a_payment_at_all(demo_db: Path) -> None:
    receipt = payments.post_payment(
        as_login(demo_db, "tester"), BIG, 3_000_00, "check", "X"
    ).receipt
    with pytest.raises(ArError) as caught:
        payments.reverse_payment(as_login(demo_db, "jdoe"), receipt, "nsf")
    assert (
        caught.value.code == "AR0102E"
        and "NEEDS SUPERVISOR OR BILLING OR ADMIN" in caught.value.message
    )


def test_a_transfer_over_the_limit_waits_and_is_made_on_approval(demo_db: Path) -> None:
    boss = as_login(demo_db, "tester")
    limits.set_limit(boss, "lbaker", "reversal", 100_00)
    lisa = as_login(demo_db, "lbaker")
    receipt = payments.post_payment(boss, BIG, 100_01, "check", "T-9").receipt
    waits = payments.transfer_payment(lisa, receipt, "1000477")
    assert waits.receipt == "" and waits.approval_id
    done = approvals.decide(as_login(demo_db, "kwright"), waits.approval_id)
    assert done.kind == "transfer"
    moved = (
        boss.store.connection()
        .execute(
            "SELECT a.account_number, p.amount_cents FROM payments p JOIN accounts a"
            " ON a.id = p.account_id WHERE p.transferred_from IS NOT NULL"
        )
        .fetchall()
    )
    assert moved == [("1000477", 100_01)]


def test_an_approval_spends_the_approvers_own_daily_limit(demo_db: Path) -> None:
    boss = as_login(demo_db, "tester")
    limits.set_limit(boss, "kwright", "writeoff", 1_000_00)
    limits.set_limit(boss, "jdoe", "writeoff", 0)  # every write-off of hers waits
    jane = as_login(demo_db, "jdoe")
    first, over, exact = (
        writeoffs.write_off(jane, BIG, cents, "other").approval_id
        for cents in (600_00, 400_01, 400_00)
    )
    karen = as_login(demo_db, "kwright")
    approvals.decide(karen, first)
    assert limits.remaining(karen, "writeoff") == 400_00
    with pytest.raises(ArError) as caught:
        approvals.decide(karen, over)  # a cent more than she has left
    assert caught.value.code == "AR0844E" and "400.00 LEFT" in caught.value.message
    approvals.decide(karen, exact)
    assert limits.remaining(karen, "writeoff") == 0
    approvals.decide(boss, over)  # an administrator's limit covers it


def test_limits_are_set_by_administrators_only_and_audited(demo_db: Path) -> None:
    with pytest.raises(ArError, match="AR0102E"):
        limits.set_limit(as_login(demo_db, "kwright"), "jdoe", "writeoff", 10)
    boss = as_login(demo_db, "tester")
    limits.set_limit(boss, "jdoe", "credit", 12_34)
    (detail,) = (
        boss.store.connection()
        .execute("SELECT detail FROM audit_log WHERE action = 'operator.limit'")
        .fetchone()
    )
    assert '"to": "12.34"' in detail and '"from": "500.00"' in detail
    with pytest.raises(ArError, match="AR0110E"):
        limits.set_limit(boss, "jdoe", "lunch", 10)
    with pytest.raises(ArError, match="AR0111E"):
        limits.set_limit(boss, "nobody-here", "credit", 10)


def test_approving_a_transfer_respects_the_lock_on_the_account_it_leaves(demo_db: Path) -> None:
    from ar_tui.services import locks

    boss = as_login(demo_db, "tester")
    limits.set_limit(boss, "lbaker", "reversal", 0)
    receipt = payments.post_payment(boss, BIG, 50_00, "check", "T-7").receipt
    waits = payments.transfer_payment(as_login(demo_db, "lbaker"), receipt, "1000477")
    jane = as_login(demo_db, "jdoe")
    assert locks.acquire(jane, BIG, jane.session_id).mine  # only the account it leaves
    with pytest.raises(ArError) as caught:
        approvals.decide(as_login(demo_db, "kwright"), waits.approval_id)
    assert (
        caught.value.code == "AR0732E"
        and f"ACCOUNT {BIG} IN USE BY JANE DOE" in caught.value.message
    )
    status = (
        boss.store.connection()
        .execute("SELECT status FROM payments WHERE receipt_number = ?", (receipt,))
        .fetchone()
    )
    assert status == ("posted",)


def test_a_kind_never_set_leaves_nothing_and_nothing_spends_nothing(demo_db: Path) -> None:
    boss = as_login(demo_db, "tester")
    jane = as_login(demo_db, "jdoe")
    conn = boss.store.connection()
    conn.execute(
        "DELETE FROM operator_limits WHERE kind = 'credit'"
        " AND operator_id = (SELECT id FROM operators WHERE login = 'jdoe')"
    )
    assert limits.remaining(jane, "credit") == 0
    with jane.write() as inside:
        assert limits.spend_in(jane, inside, "credit", 0, "test", "zero") is True
        assert limits.spend_in(jane, inside, "credit", 1, "test", "one") is False
    assert conn.execute("SELECT count(*) FROM limit_usage").fetchone() == (0,)


def test_limit_refusals_say_exactly_what_is_wrong(demo_db: Path) -> None:
    boss = as_login(demo_db, "tester")
    with pytest.raises(ArError) as caught:
        limits.set_limit(boss, "jdoe", " Lunch ", 10)
    assert (caught.value.text, caught.value.field, caught.value.exit_code) == (
        "AR0110E LIMIT 'lunch' IS NOT ONE OF writeoff, settlement_discount, credit, reversal",
        "kind", 2,
    )  # fmt: skip
    with pytest.raises(ArError) as caught:
        limits.set_limit(boss, "jdoe", "credit", -1)
    assert (caught.value.text, caught.value.field) == (
        "AR0112E A LIMIT CANNOT BE NEGATIVE",
        "amount",
    )
    limits.set_limit(boss, "jdoe", " WRITEOFF ", 0)  # the edge: zero is a limit
    assert limits.remaining(as_login(demo_db, "jdoe"), "writeoff") == 0
    (source, subject) = (
        boss.store.connection()
        .execute("SELECT source, subject FROM audit_log WHERE action = 'operator.limit'")
        .fetchone()
    )
    assert (source, subject) == ("operator limit", "jdoe")
    with pytest.raises(ArError) as caught:
        limits.set_limit(as_login(demo_db, "jdoe"), "mlopez", "credit", 1)
    refused = (
        boss.store.connection()
        .execute("SELECT operator_login, subject FROM audit_log WHERE action = 'refused'")
        .fetchall()
    )
    assert refused == [("jdoe", "mlopez")]


def test_the_limits_command_shows_a_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from ar_tui.cli import main
    from tests.cli.conftest import run

    demo_db = tmp_path / "mine.db"  # its administrator is whoever runs the tests
    assert main(["--db", str(demo_db), "db", "init", "--demo"]) == 0
    capsys.readouterr()
    jane = as_login(demo_db, "jdoe")
    writeoffs.write_off(jane, BIG, 120_00, "other")
    code, out, _ = run(capsys, "--db", str(demo_db), "limits", "--operator", "jdoe",
                       "--format", "json")  # fmt: skip
    assert code == 0
    rows = {row["kind"]: row for row in json.loads(out)}
    assert rows["writeoff"] == {
        "kind": "writeoff",
        "daily": "500.00",
        "used_today": "120.00",
        "left_today": "380.00",
    }
    assert rows["reversal"]["daily"] == "0.00"
    code, out, _ = run(capsys, "--db", str(demo_db), "limits", "--operator", "jdoe")
    assert code == 0 and out.splitlines()[0].split() == [
        "writeoff",
        "500.00",
        "used",
        "120.00",
        "left",
        "380.00",
    ]
    code, _, err = run(capsys, "--db", str(demo_db), "limits", "--operator", "nobody-here")
    assert code == 4 and err.startswith("AR0111E")


def test_your_own_limits_and_the_words_of_a_request(demo_db: Path) -> None:
    jane = as_login(demo_db, "jdoe")
    mine = {line.kind: line for line in limits.limits_of(jane)}
    assert (mine["settlement_discount"].daily_cents, mine["settlement_discount"].used_cents) == (
        500_00, 0,
    )  # fmt: skip
    offer = settlements.offer_settlement(jane, BIG, "15000.00", date(2026, 12, 10))
    note = (
        jane.store.connection()
        .execute("SELECT note FROM approvals WHERE id = ?", (offer.approval_id,))
        .fetchone()[0]
    )
    assert note == "discount 1224.09 is over settlement discount limit: 500.00 left"
    with pytest.raises(ArError) as caught:
        limits.limits_of(jane, "nobody-here")
    assert (caught.value.text, caught.value.field) == (
        "AR0111E OPERATOR 'nobody-here' NOT FOUND", "login",
    )  # fmt: skip


def test_a_limit_change_is_audited_with_what_it_was(demo_db: Path) -> None:
    import json

    boss = as_login(demo_db, "tester")
    conn = boss.store.connection()
    conn.execute(
        "DELETE FROM operator_limits WHERE kind = 'reversal'"
        " AND operator_id = (SELECT id FROM operators WHERE login = 'jdoe')"
    )
    limits.set_limit(boss, "jdoe", "reversal", 5_00)
    (detail,) = conn.execute(
        "SELECT detail FROM audit_log WHERE action = 'operator.limit'"
    ).fetchone()
    assert json.loads(detail) == {"kind": "reversal", "from": "0.00", "to": "5.00"}


def test_a_missing_limit_shows_as_none_and_an_unknown_login_is_named(demo_db: Path) -> None:
    boss = as_login(demo_db, "tester")
    boss.store.connection().execute(
        "DELETE FROM operator_limits WHERE kind = 'credit'"
        " AND operator_id = (SELECT id FROM operators WHERE login = 'jdoe')"
    )
    shown = {line.kind: line.daily_cents for line in limits.limits_of(boss, "jdoe")}
    assert shown["credit"] == 0 and shown["writeoff"] == 500_00
    with pytest.raises(ArError) as caught:
        limits.set_limit(boss, "nobody-here", "credit", 1)
    assert (caught.value.text, caught.value.field, caught.value.exit_code) == (
        "AR0111E OPERATOR 'nobody-here' NOT FOUND", "login", 4,
    )  # fmt: skip
