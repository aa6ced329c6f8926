"""Posting, reversing, applying and transferring payments; every rule of the payments issue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ar_tui.domain.errors import ArError, NotFound, UsageError
from ar_tui.services import accounts, payments
from ar_tui.services.integrity import check_database
from ar_tui.services.session import Session

TODAY = date(2026, 11, 25)


def balance(session: Session, number: str) -> Decimal:
    return Decimal(accounts.as_json(session, number)["balance"])


def open_amounts(session: Session, number: str) -> dict[str, str]:
    return {
        i["document_number"]: i["open_amount"] for i in accounts.as_json(session, number)["items"]
    }


def test_oldest_due_first_and_the_ledger_explains_it(demo_session: Session) -> None:
    before = balance(demo_session, "1000477")
    result = payments.post_payment(demo_session, "1000477", 17500, "check", "20331")
    assert result.receipt.startswith("R")
    assert result.applied == (("INV10002394", 11600), ("INV10002395", 5900))
    assert balance(demo_session, "1000477") == before - Decimal("175.00")
    assert open_amounts(demo_session, "1000477")["INV10002395"] == "57.00"
    history = accounts.history(demo_session, "1000477", limit=3).rows
    assert [(e.entry_type, e.amount_cents) for e in history[:2]] == [
        ("payment", -5900),
        ("payment", -11600),
    ]
    assert check_database(demo_session) == []


def test_marked_items_are_paid_and_the_rest_waits_as_credit(demo_session: Session) -> None:
    result = payments.post_payment(
        demo_session, "1000477", 15000, "ach", "T1", documents=("INV10002399",)
    )
    assert result.applied == (("INV10002399", 11600),)
    assert result.unapplied_cents == 3400
    data = accounts.as_json(demo_session, "1000477")
    assert data["unapplied"] == "34.00"
    assert data["payments"][0]["unapplied"] == "34.00"
    assert check_database(demo_session) == []


def test_overpayment_leaves_an_unapplied_credit(demo_session: Session) -> None:
    before = balance(demo_session, "1000234")
    result = payments.post_payment(demo_session, "1000234", 100_000, "card", "")
    assert result.unapplied_cents == 100_000 - int(before * 100)
    assert balance(demo_session, "1000234") == before - Decimal("1000.00")
    assert balance(demo_session, "1000234") < 0
    assert check_database(demo_session) == []


@pytest.mark.parametrize(
    ("amount", "method", "reference", "received", "code", "field"),
    [
        (0, "check", "1", None, "AR0412E", "amount"),
        (200_000_000, "check", "1", None, "AR0413E", "amount"),
        (100, "barter", "1", None, "AR0410E", "method"),
        (100, "check", "", None, "AR0417E", "reference"),
        (100, "check", "1", date(2026, 11, 26), "AR0414E", "received"),
        (100, "check", "x" * 41, None, "AR0416E", "reference"),
    ],
)
def test_bad_payments_are_refused_and_nothing_is_written(
    demo_session: Session,
    amount: int,
    method: str,
    reference: str,
    received: date | None,
    code: str,
    field: str,
) -> None:
    before = accounts.as_json(demo_session, "1000234")
    with pytest.raises(ArError) as caught:
        payments.post_payment(demo_session, "1000234", amount, method, reference, received)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert accounts.as_json(demo_session, "1000234") == before


def test_future_dated_check_names_the_dates(demo_session: Session) -> None:
    with pytest.raises(ArError, match="2026-12-01 IS AFTER THE BUSINESS DATE 2026-11-25"):
        payments.post_payment(demo_session, "1000234", 100, "check", "9", date(2026, 12, 1))


def test_unknown_account_and_document(demo_session: Session) -> None:
    with pytest.raises(NotFound):
        payments.post_payment(demo_session, "9999999", 100, "check", "1")
    with pytest.raises(NotFound, match="DOCUMENT INV10002394 IS NOT AN ITEM"):
        payments.post_payment(
            demo_session, "1000234", 100, "check", "1", documents=("INV10002394",)
        )


def test_bankrupt_account_payment_is_accepted_and_flagged(demo_session: Session) -> None:
    (number,) = (
        demo_session.store.connection()
        .execute(
            "SELECT a.account_number FROM accounts a JOIN bankruptcies b ON b.account_id = a.id"
            " WHERE b.status = 'active' ORDER BY 1 LIMIT 1"
        )
        .fetchone()
    )
    result = payments.post_payment(demo_session, number, 1000, "check", "77")
    assert result.category == "voluntary_bankruptcy"
    assert result.review_flag and "review" in result.review_flag
    assert accounts.as_json(demo_session, number)["payments"][0]["review"] == result.review_flag


def test_payment_on_a_charged_off_account_is_a_recovery(demo_session: Session) -> None:
    conn = demo_session.store.connection()
    with demo_session.write() as tx:
        account_id = tx.execute(
            "SELECT id FROM accounts WHERE account_number = '1000645'"
        ).fetchone()[0]
        for item_id, cents in tx.execute(
            "SELECT id, open_cents FROM items WHERE account_id = ? AND open_cents > 0",
            (account_id,),
        ).fetchall():
            tx.execute(
                "INSERT INTO ledger(account_id, item_id, entry_type, amount_cents, business_date,"
                " memo, created_at) VALUES (?, ?, 'writeoff', ?, '2026-11-20', 'test', 'now')",
                (account_id, item_id, -cents),
            )
            tx.execute(
                "UPDATE items SET open_cents = 0, status = 'written_off' WHERE id = ?", (item_id,)
            )
        tx.execute(
            "UPDATE accounts SET collection_status = 'charged_off' WHERE id = ?", (account_id,)
        )
    result = payments.post_payment(demo_session, "1000645", 5000, "check", "88")
    assert (result.category, result.recovered_cents, result.unapplied_cents) == (
        "recovery",
        5000,
        0,
    )
    kinds = [r[0] for r in conn.execute(
        "SELECT entry_type FROM ledger WHERE payment_id = (SELECT id FROM payments"
        " WHERE receipt_number = ?) ORDER BY id", (result.receipt,)
    )]  # fmt: skip
    assert kinds == ["recovery", "payment"]
    assert balance(demo_session, "1000645") == 0
    assert check_database(demo_session) == []
    payments.reverse_payment(demo_session, result.receipt, "nsf")
    assert check_database(demo_session) == []


def test_reversal_reopens_items_and_is_new_entries(demo_session: Session) -> None:
    before_items = open_amounts(demo_session, "1000477")
    before = balance(demo_session, "1000477")
    result = payments.post_payment(demo_session, "1000477", 30000, "check", "555")
    ledger_rows = (
        demo_session.store.connection().execute("SELECT count(*) FROM ledger").fetchone()[0]
    )
    reversal = payments.reverse_payment(demo_session, result.receipt, "nsf")
    assert len(reversal.reopened) == 3 and reversal.approval_id == 0
    assert open_amounts(demo_session, "1000477") == before_items
    assert balance(demo_session, "1000477") == before
    conn = demo_session.store.connection()
    assert conn.execute("SELECT count(*) FROM ledger").fetchone()[0] == ledger_rows + 3
    assert conn.execute(
        "SELECT status, reversal_reason FROM payments WHERE receipt_number = ?", (result.receipt,)
    ).fetchone() == ("reversed", "nsf")
    with pytest.raises(ArError, match="ALREADY REVERSED"):
        payments.reverse_payment(demo_session, result.receipt, "nsf")
    with pytest.raises(UsageError):
        payments.reverse_payment(demo_session, result.receipt, "because")
    assert check_database(demo_session) == []


def test_unapplied_cash_applied_to_an_account(demo_session: Session) -> None:
    conn = demo_session.store.connection()
    (receipt, cents) = conn.execute(
        "SELECT receipt_number, unapplied_cents FROM payments WHERE account_id IS NULL"
        " AND unapplied_cents > 0 ORDER BY id LIMIT 1"
    ).fetchone()
    before = balance(demo_session, "1000477")
    applied = payments.apply_unapplied(demo_session, receipt, "1000477", ("INV10002396",))
    assert applied[0][1] == min(cents, 11600)
    assert balance(demo_session, "1000477") == before - Decimal(cents) / 100
    assert check_database(demo_session) == []
    with pytest.raises(ArError, match="ANOTHER ACCOUNT"):
        payments.apply_unapplied(demo_session, receipt, "1000234")


def test_transfer_moves_a_misapplied_payment(demo_session: Session) -> None:
    a_before, b_before = balance(demo_session, "1000477"), balance(demo_session, "1000234")
    result = payments.post_payment(demo_session, "1000477", 20000, "check", "999")
    moved = payments.transfer_payment(demo_session, result.receipt, "1000234")
    assert moved.receipt != result.receipt
    assert balance(demo_session, "1000477") == a_before
    assert balance(demo_session, "1000234") == b_before - Decimal("200.00")
    assert check_database(demo_session) == []
    audit = (
        demo_session.store.connection()
        .execute(
            "SELECT action FROM audit_log WHERE subject IN (?, ?) ORDER BY id",
            (result.receipt, moved.receipt),
        )
        .fetchall()
    )
    assert audit == [("payment.post",), ("payment.transfer",)]


def test_db_check_finds_an_edited_open_amount(demo_session: Session) -> None:
    assert check_database(demo_session) == []
    with demo_session.write() as conn:
        conn.execute("UPDATE items SET open_cents = open_cents + 1 WHERE id = 5")
    problems = check_database(demo_session)
    assert any(p.startswith("item open amount differs") for p in problems)
    assert any(p.startswith("account balance differs") for p in problems)


# -- a payment posted twice (issue 13) ----------------------------------------------------


def test_duplicate_window_is_thirty_days_by_default() -> None:
    assert payments.DUPLICATE_DAYS == 30


@pytest.mark.parametrize(("days_before", "repeated"), [(29, True), (30, True), (31, False)])
def test_the_same_payment_within_the_window_is_refused(
    demo_session: Session, days_before: int, repeated: bool
) -> None:
    from datetime import timedelta

    today = demo_session.business_date()
    earlier = today - timedelta(days=days_before)
    first = payments.post_payment(demo_session, "1000477", 1000, "check", "CK 4471", earlier)
    found = payments.duplicate_of(demo_session, "1000477", 1000, "CHECK", "ck 4471", today)
    assert (found is not None) == repeated
    if not repeated:
        payments.post_payment(demo_session, "1000477", 1000, "check", "CK 4471", today)
        return
    assert found == (first.receipt, earlier.isoformat())
    before = balance(demo_session, "1000477")
    with pytest.raises(ArError) as refused:
        payments.post_payment(demo_session, "1000477", 1000, "check", "CK 4471", today)
    assert refused.value.code == "AR0443E" and refused.value.field == "reference"
    assert first.receipt in refused.value.message
    assert balance(demo_session, "1000477") == before  # nothing written
    again = payments.post_payment(
        demo_session, "1000477", 1000, "check", "CK 4471", today, duplicate_ok=True
    )
    assert balance(demo_session, "1000477") == before - Decimal("10.00")
    assert again.receipt != first.receipt
    assert check_database(demo_session) == []


def test_another_amount_reference_or_account_is_no_duplicate(demo_session: Session) -> None:
    payments.post_payment(demo_session, "1000477", 1000, "check", "CK 1")
    assert payments.duplicate_of(demo_session, "1000477", 1001, "check", "CK 1") is None
    assert payments.duplicate_of(demo_session, "1000477", 1000, "check", "CK 2") is None
    assert payments.duplicate_of(demo_session, "1000234", 1000, "check", "CK 1") is None
    # Without a reference, the same method on the same account is what repeats.
    payments.post_payment(demo_session, "1000477", 500, "card", "")
    assert payments.duplicate_of(demo_session, "1000477", 500, "card", "") is not None
    assert payments.duplicate_of(demo_session, "1000477", 500, "ach", "") is None


def test_a_reversed_payment_is_no_duplicate(demo_session: Session) -> None:
    first = payments.post_payment(demo_session, "1000477", 1000, "check", "CK 9")
    payments.reverse_payment(demo_session, first.receipt, "posted_in_error")
    assert payments.duplicate_of(demo_session, "1000477", 1000, "check", "CK 9") is None


def test_the_warning_is_a_setting(demo_session: Session) -> None:
    from ar_tui.services import admin

    payments.post_payment(demo_session, "1000477", 1000, "check", "CK 5")
    admin.set_setting(demo_session, "duplicate_payment_days", "0")
    assert payments.duplicate_of(demo_session, "1000477", 1000, "check", "CK 5") is None
    payments.post_payment(demo_session, "1000477", 1000, "check", "CK 5")
    admin.set_setting(demo_session, "duplicate_payment_days", "1")
    assert payments.duplicate_of(demo_session, "1000477", 1000, "check", "CK 5") is not None
