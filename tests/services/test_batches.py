"""Bank files posted as batches: matching, all or nothing, once only, returns and changes."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.formats.model import FileRefused
from ar_tui.services import accounts, batches
from ar_tui.services.integrity import check_database
from ar_tui.services.session import Session
from tests.bankfiles import Entry, ach
from tests.external import external

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank"


def count(session: Session, sql: str) -> int:
    return int(session.store.connection().execute(sql).fetchone()[0])


def test_lockbox_matches_by_account_document_and_policy(demo_session: Session) -> None:
    report = batches.import_payments(demo_session, FIXTURES / "lockbox-invoices.bai2")
    assert (report.matched, report.unmatched, report.rejected) == (3, 1, 1)
    assert report.control_total_cents == 64440
    assert report.posted_cents + report.unapplied_cents == report.control_total_cents
    items = {
        i["document_number"]: i["open_amount"]
        for i in accounts.as_json(demo_session, "1000477")["items"]
    }
    assert "INV10002396" not in items and items["INV10002394"] == "116.00"  # the invoice named
    conn = demo_session.store.connection()
    unmatched = conn.execute(
        "SELECT account_id, unapplied_reason FROM payments WHERE batch_id = ? AND amount_cents = 5000",
        (report.batch_id,),
    ).fetchone()
    assert unmatched == (None, "no account, document or policy number matched")
    assert check_database(demo_session) == []


def test_the_same_file_twice_is_refused(demo_session: Session, tmp_path: Path) -> None:
    batches.import_payments(demo_session, FIXTURES / "remittance.csv")
    before = count(demo_session, "SELECT count(*) FROM payments")
    with pytest.raises(ArError, match="ALREADY POSTED AS BATCH"):
        batches.import_payments(demo_session, FIXTURES / "remittance.csv")
    copy = tmp_path / "renamed.csv"
    shutil.copy(FIXTURES / "remittance.csv", copy)
    with pytest.raises(ArError, match="ALREADY POSTED AS BATCH"):
        batches.import_payments(demo_session, copy)
    assert count(demo_session, "SELECT count(*) FROM payments") == before


def test_the_same_bank_item_in_another_file_is_not_posted_again(
    demo_session: Session, tmp_path: Path
) -> None:
    batches.import_payments(demo_session, FIXTURES / "remittance.csv")
    later = tmp_path / "later.csv"
    later.write_text(
        (FIXTURES / "remittance.csv").read_text() + "2026-11-25,40.00,check,6001,1000645,,,,\n"
    )
    report = batches.import_payments(demo_session, later)
    assert [e.kind for e in report.exceptions] == ["duplicate"] * 3
    assert report.matched == 1 and report.posted_cents == 4000
    assert check_database(demo_session) == []


def test_refused_fixtures_post_nothing(demo_session: Session) -> None:
    before = count(demo_session, "SELECT count(*) FROM batches")
    payments = count(demo_session, "SELECT count(*) FROM payments")
    for name, line in (
        ("bai2-bad-total.bai2", "LINE 15"),
        ("bai2-bad-counts.bai2", "LINE 7"),
        ("bai2-truncated.bai2", "LINE 3"),
        ("ach-header-93.ach", "LINE 1"),
        ("camt-no-statement.xml", "NOT FOLLOWED BY ANY STATEMENT"),
        ("remittance-bad-rows.csv", "LINE 3"),
    ):
        with pytest.raises(FileRefused, match=line):
            batches.import_payments(demo_session, FIXTURES / name)
    assert count(demo_session, "SELECT count(*) FROM batches") == before
    assert count(demo_session, "SELECT count(*) FROM payments") == payments


def test_refused_files_post_nothing(demo_session: Session) -> None:
    before = count(demo_session, "SELECT count(*) FROM batches")
    for name in ("venturehacks-bai2/invalid_checksum_eod.bai2", "dnsbty-bai2/test3.bai"):
        with pytest.raises(FileRefused):
            batches.import_payments(demo_session, external(name))
    with pytest.raises(FileRefused, match="LINE 3"):
        batches.import_payments(demo_session, FIXTURES / "remittance-bad-rows.csv")
    assert count(demo_session, "SELECT count(*) FROM batches") == before


def test_every_well_formed_fixture_posts_with_matching_totals(demo_session: Session) -> None:
    for name in (
        "bai2-summary-continued.bai2",
        "bai2-two-groups.bai2",
        "bai2-88-without-slash.bai2",
        "bai2-as-of-2400.bai2",
        "bai2-wire-remittance.bai2",
        "ach-trimmed-lines.ach",
        "ach-ccd.ach",
        "ach-ctx-addenda.ach",
        "ach-iat.ach",
        "ach-mixed.ach",
        "ach-returns-two-batches.ach",
        "camt053-v8.xml",
        "camt054-v2.xml",
        "camt054-v2-no-detail-amounts.xml",
    ):
        report = batches.import_payments(demo_session, FIXTURES / name)
        assert report.batch_id is not None, name
        assert report.posted_cents + report.unapplied_cents == report.control_total_cents, name
        if name == "ach-returns-two-batches.ach":  # returns of payments never posted here
            assert [e.kind for e in report.exceptions] == ["return unmatched"] * 2
    # foreign currency never reaches an account
    foreign = (
        demo_session.store.connection()
        .execute(
            "SELECT DISTINCT currency, account_id, unapplied_reason FROM payments"
            " WHERE currency != 'USD' ORDER BY currency"
        )
        .fetchall()
    )
    assert foreign == [
        ("CAD", None, "currency CAD is not USD"),
        ("EUR", None, "currency EUR is not USD"),
    ]
    assert check_database(demo_session) == []


def test_every_well_formed_sample_posts_with_matching_totals(demo_session: Session) -> None:
    for name in (
        "moov-io-bai2/sample1.txt",
        "ministryofjustice-bai2/svb_us_example.bai2",
        "venturehacks-bai2/eod.bai2",
        "moov-io-ach/ppd-debit.ach",
        "moov-io-ach/iat-mixedCreditDebit.ach",
        "moov-io-ach/return-WEB.ach",
        "genkgo-camt/camt053.v8.xml",
    ):
        report = batches.import_payments(demo_session, external(name))
        assert report.posted_cents + report.unapplied_cents == report.control_total_cents, name
    # foreign currency never reaches an account
    (reason,) = (
        demo_session.store.connection()
        .execute("SELECT unapplied_reason FROM payments WHERE currency = 'EUR'")
        .fetchone()
    )
    assert reason == "currency EUR is not USD"
    assert check_database(demo_session) == []


def test_dry_run_posts_nothing(demo_session: Session) -> None:
    before = count(demo_session, "SELECT count(*) FROM ledger")
    report = batches.import_payments(demo_session, FIXTURES / "lockbox-invoices.bai2", dry_run=True)
    assert report.matched == 3 and report.batch_id is None
    assert count(demo_session, "SELECT count(*) FROM ledger") == before
    assert (
        count(
            demo_session, "SELECT count(*) FROM batches WHERE file_name = 'lockbox-invoices.bai2'"
        )
        == 0
    )


def test_ach_returns_reverse_the_payment_assess_a_fee_and_flag(demo_session: Session) -> None:
    before = Decimal(accounts.as_json(demo_session, "1000234")["balance"])
    posted = batches.import_payments(demo_session, FIXTURES / "autopay.ach")
    assert posted.matched == 2 and posted.unmatched == 1
    report = batches.import_payments(demo_session, FIXTURES / "autopay-returns.ach")
    assert report.returns == 2 and report.returned_cents == 23335 + 11600
    kinds = sorted(e.kind for e in report.exceptions)
    assert kinds == ["return unmatched", "unknown return code"]
    after = accounts.as_json(demo_session, "1000234")
    assert Decimal(after["balance"]) == before + Decimal("25.00")  # the R01 fee
    assert any(i["document_number"].startswith("RTN") for i in after["items"])
    conn = demo_session.store.connection()
    flags = conn.execute(
        "SELECT a.account_number, f.reason FROM account_flags f JOIN accounts a ON a.id = f.account_id"
        " ORDER BY f.id"
    ).fetchall()
    assert [f[0] for f in flags] == ["1000234", "1000477"]
    assert flags[1][1].startswith("R77 UNKNOWN RETURN CODE")
    # R77 is not a fee code: 1000477 gets no fee
    assert not any(
        i["document_number"].startswith("RTN")
        for i in accounts.as_json(demo_session, "1000477")["items"]
    )
    with pytest.raises(ArError, match="ALREADY POSTED"):
        batches.import_payments(demo_session, FIXTURES / "autopay-returns.ach")
    assert check_database(demo_session) == []


def test_notification_of_change_corrects_bank_data_without_money(demo_session: Session) -> None:
    batches.import_payments(demo_session, FIXTURES / "autopay.ach")
    ledger = count(demo_session, "SELECT count(*) FROM ledger")
    report = batches.import_payments(demo_session, FIXTURES / "autopay-change.ach")
    assert report.changes == 1
    assert count(demo_session, "SELECT count(*) FROM ledger") == ledger
    (account_number, dfi) = (
        demo_session.store.connection()
        .execute(
            "SELECT a.account_number, m.dfi_account FROM payment_methods m"
            " JOIN accounts a ON a.id = m.account_id"
        )
        .fetchone()
    )
    assert (account_number, dfi) == ("1000234", "5566778899")


def _noc(code: str, data: str) -> str:
    """A notification of change of autopay.ach's first debit (trace ...101)."""
    return ach("261125", [
        Entry("26", 0, "1000234", "THOMAS DONNA", "091000010000311", change_code=code,
              original_trace="091000010000101", change_data=data),
    ], batch=4)  # fmt: skip


def _bank_data(session: Session) -> list[tuple[str, str, str]]:
    return (
        session.store.connection()
        .execute("SELECT routing, dfi_account, account_type FROM payment_methods ORDER BY id")
        .fetchall()
    )


def test_a_routing_and_account_change_is_stored_as_checked(
    demo_session: Session, tmp_path: Path
) -> None:
    batches.import_payments(demo_session, FIXTURES / "autopay.ach")
    path = tmp_path / "noc-c03.ach"
    path.write_text(_noc("C03", "121042882   5566778899"))
    report = batches.import_payments(demo_session, path)
    assert report.changes == 1 and report.rejected == 0
    ((routing, account, _),) = _bank_data(demo_session)
    assert (routing, account) == ("121042882", "5566778899")


@pytest.mark.parametrize(
    ("code", "data"),
    [("C01", "5566-7788"), ("C02", "121042880"), ("C03", "121042882"), ("C05", "99"),
     ("C06", "5566778899   26"), ("C07", "121042882 5566778899 2x")],
)  # fmt: skip
def test_a_change_with_bad_corrected_data_changes_nothing(
    demo_session: Session, tmp_path: Path, code: str, data: str
) -> None:
    batches.import_payments(demo_session, FIXTURES / "autopay.ach")
    before = _bank_data(demo_session)
    batch_count = count(demo_session, "SELECT count(*) FROM batches")
    path = tmp_path / "noc.ach"
    path.write_text(_noc(code, data))
    with pytest.raises(FileRefused, match=f"LINE 4: {code} CORRECTED DATA"):
        batches.import_payments(demo_session, path)
    assert _bank_data(demo_session) == before
    assert count(demo_session, "SELECT count(*) FROM batches") == batch_count


def test_a_file_with_a_code_outside_the_nacha_list_posts_nothing(
    demo_session: Session, tmp_path: Path
) -> None:
    # the debits of autopay.ach, one with the code " 7": once "money sent", now refused
    path = tmp_path / "bad-code.ach"
    path.write_text(ach("261124", [
        Entry("27", 23335, "1000234", "THOMAS DONNA", "091000010000101"),
        Entry(" 7", 11600, "1000477", "SMITH JULIA", "091000010000102"),
    ]))  # fmt: skip
    payments = count(demo_session, "SELECT count(*) FROM payments")
    with pytest.raises(FileRefused, match="LINE 4: TRANSACTION CODE ' 7'"):
        batches.import_payments(demo_session, path)
    assert count(demo_session, "SELECT count(*) FROM payments") == payments


def test_payments_to_one_account_in_one_file_pay_in_turn(
    demo_session: Session, tmp_path: Path
) -> None:
    # The file is posted in account order, not file order: the second payment to
    # 1000477 must still see that the first one paid its oldest item off.
    path = tmp_path / "twice.csv"
    path.write_text(
        "received_date,amount,method,reference,account_number\n"
        "2026-11-24,116.00,check,7001,1000477\n"
        "2026-11-24,10.00,check,7002,1000147\n"
        "2026-11-24,50.00,check,7003,1000477\n"
        "2026-11-24,100.00,check,7004,1000477\n"
    )
    report = batches.import_payments(demo_session, path)
    assert (report.matched, report.unmatched, report.posted_cents) == (4, 0, 27600)
    shown = accounts.as_json(demo_session, "1000477")
    items = {i["document_number"]: i["open_amount"] for i in shown["items"]}
    # 116 pays the oldest; 50 and the first 66 of 100 the second; 34 of the third.
    assert "INV10002394" not in items and "INV10002395" not in items
    assert items["INV10002396"] == "82.00"
    applied = {p["reference"]: p["applied"] for p in shown["payments"]}
    assert applied["7001"] == "116.00" and applied["7003"] == "50.00"
    assert applied["7004"] == "100.00"
    assert check_database(demo_session) == []


def test_the_summary_prints_the_files_own_total_beside_what_was_read(demo_session: Session) -> None:
    """A short file must not look consistent: its declared control is shown, not recomputed."""
    from pathlib import Path as _Path

    fixture = _Path(__file__).resolve().parents[1] / "fixtures" / "bank" / "bai2-two-groups.bai2"
    report = batches.import_payments(demo_session, fixture, dry_run=True)
    assert (report.declared_total_cents, report.control_total_cents) == (8_408_200, 96_600)
    assert "FILE TOTAL 84082.00, RECEIPTS 966.00; WOULD POST" in report.line()


def test_a_notification_of_change_stores_the_checked_correction(demo_session: Session) -> None:
    from pathlib import Path as _Path

    fixture = _Path(__file__).resolve().parents[1] / "fixtures" / "bank" / "autopay-change.ach"
    report = batches.import_payments(demo_session, fixture)
    assert report.changes == 1
    conn = demo_session.store.connection()
    (stored,) = conn.execute("SELECT dfi_account FROM payment_methods WHERE source = 'ach_noc'"
                             ).fetchone()  # fmt: skip
    detail = conn.execute(
        "SELECT detail FROM audit_log WHERE action = 'bank_data.change'"
    ).fetchone()[0]
    assert stored and stored.isascii() and stored not in detail  # the log keeps the last four
    assert f'"dfi_account": "****{stored[-4:]}"' in detail
