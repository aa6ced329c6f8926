"""Referral: eligibility explained, placement with its package, commission, suit, recall."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from ar_tui.domain.errors import ArError
from ar_tui.domain.money import cents_to_str
from ar_tui.services import (
    accounts,
    admin,
    approvals,
    arrangements,
    disputes,
    exhibits,
    payments,
    queue,
    referrals,
)
from ar_tui.services.session import Session, open_session
from tests.conftest import fixed_clock

ACCOUNT = "1000147"  # commercial, 16,224.09, collector rpatel


def as_login(db: Path, login: str) -> Session:
    return open_session(db, login, clock=fixed_clock)


def test_eligibility_is_explained_and_only_a_supervisor_overrides_policy(demo_db: Path) -> None:
    raj = as_login(demo_db, "rpatel")
    found = referrals.check_eligibility(raj, ACCOUNT)
    assert found.blocking == () and found.overridable[0].endswith("contact attempts made")
    with pytest.raises(ArError) as refused:
        referrals.refer(raj, ACCOUNT, "CCS")
    assert refused.value.code == "AR0893E" and "SUPERVISOR MAY OVERRIDE" in refused.value.message
    with pytest.raises(ArError) as refused:
        referrals.refer(raj, ACCOUNT, "CCS", override=True)
    assert refused.value.code == "AR0894E"


def test_an_open_dispute_blocks_a_referral_even_with_an_override(demo_db: Path) -> None:
    karen = as_login(demo_db, "kwright")
    disputes.open_dispute(karen, ACCOUNT, 1_000, "other", "Claims")
    with pytest.raises(ArError) as refused:
        referrals.refer(karen, ACCOUNT, "CCS", override=True)
    assert refused.value.code == "AR0891E" and "OPEN DISPUTE" in refused.value.message


def test_a_supervisor_places_it_with_the_package_and_it_leaves_our_queues(
    demo_db: Path, tmp_path: Path
) -> None:
    karen = as_login(demo_db, "kwright")
    placed = referrals.refer(karen, ACCOUNT, "ccs", override=True, out_dir=tmp_path)
    assert placed.status == "placed" and placed.placed_cents == 1_622_409
    assert placed.package is not None
    assert placed.package.folder == tmp_path / f"{ACCOUNT}_2026-11-25"
    assert placed.package.pdf.exists() and placed.package.csv.exists()
    data = accounts.as_json(karen, ACCOUNT)
    assert data["collection_status"] == "referred" and "referred" in data["flags"]
    assert data["referral"]["agency"] == "CCS" and data["referral"]["commission_rate"] == "25.00%"
    raj = as_login(demo_db, "rpatel")
    assert ACCOUNT not in [w.account_number for w in queue.work_list(raj, "mine", limit=500)]
    with pytest.raises(ArError) as refused:
        arrangements.make_promise(raj, ACCOUNT, 1_000, date(2026, 11, 30))
    assert refused.value.code == "AR0816E"
    with pytest.raises(ArError, match="ALREADY REFERRED"):
        referrals.refer(karen, ACCOUNT, "NRA", override=True)


def test_a_collectors_referral_is_proposed_and_placed_on_approval(
    demo_db: Path, tmp_path: Path
) -> None:
    admin.set_setting(as_login(demo_db, "tester"), "referral_min_attempts", "0")
    admin.set_setting(as_login(demo_db, "tester"), "exhibit_dir", str(tmp_path))
    raj = as_login(demo_db, "rpatel")
    proposed = referrals.refer(raj, ACCOUNT, "NRA")
    assert proposed.status == "proposed" and proposed.package is None
    assert accounts.as_json(raj, ACCOUNT)["collection_status"] == "active"  # not yet placed
    approvals.decide(as_login(demo_db, "kwright"), proposed.approval_id)
    decided = (
        raj.store.connection()
        .execute("SELECT status, note FROM approvals WHERE id = ?", (proposed.approval_id,))
        .fetchone()
    )
    assert decided[0] == "approved" and "|" not in decided[1]  # placed, not swept away
    data = accounts.as_json(raj, ACCOUNT)
    assert data["referral"]["status"] == "placed" and data["collection_status"] == "referred"
    assert len(list(tmp_path.glob(f"{ACCOUNT}_*/*.pdf"))) == 1


def test_agency_payments_record_the_commission(demo_db: Path, tmp_path: Path) -> None:
    karen = as_login(demo_db, "kwright")
    referrals.refer(karen, ACCOUNT, "BLLP", override=True, out_dir=tmp_path)  # 33.33%
    payments.post_payment(karen, ACCOUNT, 100_000, "agency", "BLLP REMIT 7")
    payments.post_payment(karen, ACCOUNT, 1_500, "agency", "BLLP REMIT 8")
    referral = accounts.as_json(karen, ACCOUNT)["referral"]
    assert referral["collected"] == "1015.00"
    assert referral["commission"] == cents_to_str(33_330 + 500)  # each rounded half up


def test_suit_is_a_supervisors_call_for_counsel_then_judgment_then_recall(
    demo_db: Path, tmp_path: Path
) -> None:
    karen = as_login(demo_db, "kwright")
    raj = as_login(demo_db, "rpatel")
    referrals.refer(karen, ACCOUNT, "BLLP", override=True, out_dir=tmp_path)
    assert accounts.as_json(karen, ACCOUNT)["collection_status"] == "legal"
    with pytest.raises(ArError, match="NEEDS SUPERVISOR"):
        referrals.authorize_suit(raj, ACCOUNT)
    with pytest.raises(ArError) as refused:  # no judgment before suit
        referrals.record_judgment(karen, ACCOUNT, 1_622_409, date(2026, 11, 20))
    assert refused.value.code == "AR0892E"
    referrals.authorize_suit(karen, ACCOUNT, "FILE IN COOK COUNTY")
    referrals.record_judgment(karen, ACCOUNT, 1_700_000, date(2026, 11, 24))
    referral = accounts.as_json(karen, ACCOUNT)["referral"]
    assert referral["suit_authorized"] and referral["judgment_amount"] == "17000.00"
    with pytest.raises(ArError, match="NEEDS SUPERVISOR"):
        referrals.recall(raj, ACCOUNT, "CLIENT PAYING US DIRECT")
    referrals.recall(karen, ACCOUNT, "CLIENT PAYING US DIRECT")
    data = accounts.as_json(raj, ACCOUNT)
    assert data["referral"]["status"] == "recalled" and data["collection_status"] == "active"
    statuses = [h["status"] for h in data["referral"]["history"]]
    assert statuses == ["proposed", "placed", "suit_authorized", "judgment", "recalled"]


def test_an_agency_cannot_file_suit(demo_db: Path, tmp_path: Path) -> None:
    karen = as_login(demo_db, "kwright")
    referrals.refer(karen, ACCOUNT, "CCS", override=True, out_dir=tmp_path)
    with pytest.raises(ArError) as refused:
        referrals.authorize_suit(karen, ACCOUNT)
    assert refused.value.code == "AR0897E"


def test_unknown_agency_and_recall_of_an_unreferred_account(demo_session: Session) -> None:
    with pytest.raises(ArError) as refused:
        referrals.refer(demo_session, ACCOUNT, "XYZ")
    assert refused.value.exit_code == 4
    with pytest.raises(ArError) as refused:
        referrals.recall(demo_session, ACCOUNT)
    assert refused.value.code == "AR0896E"


def _ledger_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return [row for row in csv.DictReader(f) if row["section"] == "ledger"]


def _total(path: Path, name: str) -> str:
    with path.open(newline="") as f:
        return next(
            r["amount"] for r in csv.DictReader(f) if r["section"] == "total" and r["type"] == name
        )


def test_the_exhibit_pdf_reads_back_with_its_pages_totals_and_running_balance(
    demo_session: Session, tmp_path: Path
) -> None:
    conn = demo_session.store.connection()
    # The account with the longest ledger, so the exhibit runs over pages.
    number = conn.execute(
        "SELECT a.account_number FROM ledger l JOIN accounts a ON a.id = l.account_id"
        " GROUP BY l.account_id ORDER BY count(*) DESC, a.id LIMIT 1"
    ).fetchone()[0]
    package = exhibits.write_package(demo_session, number, tmp_path)
    reader = PdfReader(package.pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == package.pages
    assert f"Page {package.pages} of {package.pages}" in text
    assert "Prepared by" in text and "2026-11-25" in text
    balance = accounts.as_json(demo_session, number)["balance"]
    assert f"Ending balance: {balance}" in text
    # Every ledger entry carries the balance after it: each equals the one before plus it.
    rows = _ledger_rows(package.csv)
    running = 0
    for row in rows:
        running += int(row["amount"].replace(".", ""))
        assert int(row["balance"].replace(".", "")) == running
        assert row["balance"] in text
    assert cents_to_str(running) == balance == _total(package.csv, "balance")


def test_a_demo_accounts_package_holds_both_files_with_equal_totals(
    demo_session: Session, tmp_path: Path
) -> None:
    package = exhibits.write_package(demo_session, "1000477", tmp_path)
    assert sorted(p.suffix for p in package.folder.iterdir()) == [".csv", ".pdf"]
    text = "\n".join(page.extract_text() for page in PdfReader(package.pdf).pages)
    for name, label in (("charges", "Total charges"), ("credits", "Total credits"),
                        ("balance", "Ending balance")):  # fmt: skip
        assert f"{label}: {_total(package.csv, name)}" in text
    entries = (
        demo_session.store.connection()
        .execute(
            "SELECT count(*) FROM ledger l JOIN accounts a ON a.id = l.account_id"
            " WHERE a.account_number = '1000477'"
        )
        .fetchone()[0]
    )
    assert len(_ledger_rows(package.csv)) == entries > 0


def test_the_agency_list_is_maintained_by_supervisors_and_referrals_keep_their_rate(
    demo_db: Path, tmp_path: Path
) -> None:
    karen = as_login(demo_db, "kwright")
    with pytest.raises(ArError, match="NEEDS SUPERVISOR"):
        referrals.save_agency(as_login(demo_db, "jdoe"), "ACME", "ACME RECOVERY", "agency", "20")
    assert referrals.save_agency(karen, "acme", "Acme Recovery", "agency", "20%", "PAT", "555")
    referrals.refer(karen, ACCOUNT, "ACME", override=True, out_dir=tmp_path)
    assert not referrals.save_agency(karen, "ACME", "ACME RECOVERY", "agency", "35.5")
    assert [a.commission_rate_bp for a in referrals.agencies(karen) if a.code == "ACME"] == [3550]
    assert accounts.as_json(karen, ACCOUNT)["referral"]["commission_rate"] == "20.00%"
    with pytest.raises(ArError) as refused:
        referrals.save_agency(karen, "ACME", "ACME", "agency", "101")
    assert refused.value.code == "AR0945E"
