"""Importing a receivables extract: all or nothing, idempotent, updates through the ledger."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError, NotFound
from ar_tui.domain.receivables import COLUMNS
from ar_tui.services import accounts
from ar_tui.services.receivables import ImportRefused, import_receivables
from ar_tui.services.session import Session, open_session


def row(account: str, document: str, amount: str, **extra: str) -> dict[str, str]:
    base = {
        "account_number": account,
        "account_name": f"CUSTOMER {account}",
        "customer_type": "consumer",
        "bill_type": "direct",
        "line_of_business": "Personal Lines",
        "agency_code": "AG9001",
        "state": "IL",
        "time_zone": "",
        "phone": "(312) 555-0100",
        "email": f"c{account}@example.com",
        "address": "1 MAIN ST, CHICAGO, IL 60601",
        "policy_number": f"PA{account}",
        "document_number": document,
        "item_type": "premium",
        "bill_date": "2026-09-01",
        "due_date": "2026-09-21",
        "amount": amount,
    }
    return {**base, **extra}


def write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def snapshot(session: Session) -> dict[str, list[tuple]]:
    conn = session.store.connection()
    return {
        table: conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        for table in ("accounts", "items", "ledger", "contacts", "policies", "agencies")
    }


FIRST = [
    row("5000001", "INV-1", "100.00"),
    row("5000001", "INV-2", "250.50", due_date="2026-10-21"),
    row("5000002", "INV-3", "$1,000.00", customer_type="commercial", state="CA"),
]


def test_import_creates_accounts_items_and_charges(fresh_session: Session, tmp_path: Path) -> None:
    report = import_receivables(fresh_session, write(tmp_path / "ar.csv", FIRST))
    assert (report.rows, report.accounts_added, report.items_added) == (3, 2, 3)
    data = accounts.as_json(fresh_session, "5000001")
    assert data["balance"] == "350.50"
    assert [i["open_amount"] for i in data["items"]] == ["100.00", "250.50"]
    assert accounts.as_json(fresh_session, "5000002")["customer_type"] == "commercial"
    conn = fresh_session.store.connection()
    assert conn.execute(
        "SELECT time_zone FROM accounts WHERE account_number = '5000002'"
    ).fetchone() == ("America/Los_Angeles",)
    assert conn.execute("SELECT sum(amount_cents) FROM ledger").fetchone() == (135050,)
    audit = conn.execute(
        "SELECT action, subject FROM audit_log WHERE action LIKE 'rec%'"
    ).fetchall()
    assert audit == [("receivables.import", "ar.csv")]


def test_reimporting_the_same_file_changes_nothing(fresh_session: Session, tmp_path: Path) -> None:
    path = write(tmp_path / "ar.csv", FIRST)
    import_receivables(fresh_session, path)
    before = snapshot(fresh_session)
    report = import_receivables(fresh_session, path)
    assert (report.accounts_added, report.accounts_updated, report.items_added) == (0, 0, 0)
    assert (report.items_updated, report.items_unchanged) == (0, 3)
    assert snapshot(fresh_session) == before


def test_a_newer_extract_updates_open_amounts_through_the_ledger(
    fresh_session: Session, tmp_path: Path
) -> None:
    import_receivables(fresh_session, write(tmp_path / "ar.csv", FIRST))
    newer = [
        row("5000001", "INV-1", "40.00"),  # re-rated: billed 40.00 now
        row("5000001", "INV-2", "250.50", due_date="2026-10-21"),
        row("5000002", "INV-3", "1000.00", customer_type="commercial", state="CA"),
        row("5000002", "INV-4", "75.25", customer_type="commercial", state="CA"),
    ]
    report = import_receivables(fresh_session, write(tmp_path / "ar2.csv", newer))
    assert (report.items_added, report.items_updated, report.items_unchanged) == (1, 1, 2)
    assert accounts.as_json(fresh_session, "5000001")["balance"] == "290.50"
    conn = fresh_session.store.connection()
    adjustment = conn.execute(
        "SELECT amount_cents, memo FROM ledger WHERE entry_type = 'adjustment'"
    ).fetchall()
    assert adjustment == [(-6000, "receivables import: billed amount per extract")]
    # the ledger still explains every open amount
    assert conn.execute(
        "SELECT count(*) FROM items i WHERE open_cents <> (SELECT sum(amount_cents) FROM ledger"
        " WHERE item_id = i.id)"
    ).fetchone() == (0,)


def test_a_file_with_a_bad_row_imports_nothing(fresh_session: Session, tmp_path: Path) -> None:
    bad = [*FIRST, row("5000003", "INV-9", "12.345"), row("50A", "INV-8", "1.00")]
    before = snapshot(fresh_session)
    with pytest.raises(ImportRefused) as caught:
        import_receivables(fresh_session, write(tmp_path / "bad.csv", bad))
    assert caught.value.report.rejected == 2
    assert caught.value.report.errors[0].startswith("line 5: amount")
    assert caught.value.report.errors[1].startswith("line 6: account_number")
    assert snapshot(fresh_session) == before


def test_skip_bad_imports_the_good_rows_and_writes_rejects(
    fresh_session: Session, tmp_path: Path
) -> None:
    bad = [*FIRST, row("5000003", "INV-9", "abc")]
    rejects = tmp_path / "rejects.csv"
    report = import_receivables(
        fresh_session, write(tmp_path / "bad.csv", bad), skip_bad=True, reject_path=rejects
    )
    assert (report.items_added, report.rejected) == (3, 1)
    with rejects.open(encoding="utf-8") as handle:
        rejected = list(csv.DictReader(handle))
    assert [(r["line"], r["document_number"]) for r in rejected] == [("5", "INV-9")]
    assert "amount" in rejected[0]["reason"]


def test_rows_that_contradict_each_other_are_bad(fresh_session: Session, tmp_path: Path) -> None:
    rows = [
        row("5000001", "INV-1", "1.00"),
        row("5000001", "INV-1", "2.00"),
        row("5000001", "INV-2", "2.00", account_name="SOMEONE ELSE"),
        row("5000009", "INV-5", "2.00", policy_number="PA5000001"),
    ]
    with pytest.raises(ImportRefused) as caught:
        import_receivables(fresh_session, write(tmp_path / "x.csv", rows))
    text = " ".join(caught.value.report.errors)
    assert "repeats line 2" in text and "differ from line 2" in text and "belongs to" in text


def test_missing_columns_empty_files_and_missing_files(
    fresh_session: Session, tmp_path: Path
) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("account_number,amount\n1,2\n", encoding="utf-8")
    with pytest.raises(ArError, match="LINE 1: MISSING COLUMNS account_name"):
        import_receivables(fresh_session, path)
    with pytest.raises(ArError, match="NO DATA ROWS"):
        import_receivables(fresh_session, write(tmp_path / "empty.csv", []))
    with pytest.raises(NotFound):
        import_receivables(fresh_session, tmp_path / "nope.csv")
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"account_number\n\xff\xfe\xfa\n")
    with pytest.raises(ArError, match="NOT UTF-8"):
        import_receivables(fresh_session, binary)


def test_a_policy_owned_by_another_account_refuses_the_whole_file(
    fresh_session: Session, tmp_path: Path
) -> None:
    import_receivables(fresh_session, write(tmp_path / "a.csv", FIRST))
    before = snapshot(fresh_session)
    thief = [
        row("5000007", "INV-7", "5.00"),
        row("5000008", "INV-8", "5.00", policy_number="PA5000001"),
    ]
    with pytest.raises(ArError, match="BELONGS TO ACCOUNT 5000001"):
        import_receivables(fresh_session, write(tmp_path / "b.csv", thief))
    assert snapshot(fresh_session) == before


def test_collectors_may_not_import(demo_db: Path, tmp_path: Path) -> None:
    session = open_session(demo_db, "jdoe")
    with pytest.raises(ArError, match="MAY NOT LOAD A RECEIVABLES EXTRACT: NEEDS BILLING OR ADMIN"):
        import_receivables(session, write(tmp_path / "a.csv", FIRST))
    session.store.close()


def _item(session: Session, document: str) -> tuple[int, int]:
    return (
        session.store.connection()
        .execute(
            "SELECT amount_cents, open_cents FROM items WHERE document_number = ?", (document,)
        )
        .fetchone()
    )


def test_a_billed_amount_that_rises_is_one_adjustment_on_amount_and_open(
    fresh_session: Session, tmp_path: Path
) -> None:
    from ar_tui.services import integrity, payments

    import_receivables(fresh_session, write(tmp_path / "ar.csv", FIRST))
    payments.post_payment(fresh_session, "5000001", 30_00, "check", "C1", documents=("INV-1",))
    assert _item(fresh_session, "INV-1") == (100_00, 70_00)
    raised = [row("5000001", "INV-1", "125.00"), *FIRST[1:]]
    import_receivables(fresh_session, write(tmp_path / "raised.csv", raised))
    assert _item(fresh_session, "INV-1") == (125_00, 95_00)  # the 30.00 paid stays paid
    assert integrity.check_database(fresh_session) == []


def test_an_older_extract_never_undoes_cash_posted_in_ar_tui(
    fresh_session: Session, tmp_path: Path
) -> None:
    from ar_tui.services import integrity, payments

    first = write(tmp_path / "ar.csv", FIRST)
    import_receivables(fresh_session, first)
    payments.post_payment(fresh_session, "5000001", 100_00, "check", "C2", documents=("INV-1",))
    older = write(tmp_path / "older.csv", FIRST)  # the same billing, read again later
    report = import_receivables(fresh_session, older)
    assert report.items_updated == 0 and _item(fresh_session, "INV-1") == (100_00, 0)
    conn = fresh_session.store.connection()
    assert conn.execute("SELECT count(*) FROM ledger WHERE entry_type = 'adjustment'"
                        ).fetchone() == (0,)  # fmt: skip
    assert integrity.check_database(fresh_session) == []


def test_a_billed_amount_below_what_was_paid_is_refused_at_the_cent(
    fresh_session: Session, tmp_path: Path
) -> None:
    from ar_tui.services import payments

    import_receivables(fresh_session, write(tmp_path / "ar.csv", FIRST))
    payments.post_payment(fresh_session, "5000001", 60_00, "check", "C3", documents=("INV-1",))
    below = [row("5000001", "INV-1", "59.99"), *FIRST[1:]]
    with pytest.raises(ArError) as caught:
        import_receivables(fresh_session, write(tmp_path / "below.csv", below))
    assert caught.value.text == (
        "AR0509E below.csv LINE 2: INV-1 BILLED 59.99 IS LESS THAN THE 60.00 ALREADY PAID OR"
        " CREDITED; NOTHING IMPORTED"
    )
    assert _item(fresh_session, "INV-1") == (100_00, 40_00)
    exact = [row("5000001", "INV-1", "60.00"), *FIRST[1:]]
    import_receivables(fresh_session, write(tmp_path / "exact.csv", exact))
    assert _item(fresh_session, "INV-1") == (60_00, 0)
