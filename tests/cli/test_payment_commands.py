"""Payments from the command line, a crash in the middle of a batch, and sessions posting at once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest

from ar_tui.cli import main
from tests.cli.conftest import run

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank"


def show(capsys: pytest.CaptureFixture[str], db: Path, number: str) -> dict:
    code, out, _ = run(capsys, "--db", str(db), "account", "show", number, "--format", "json")
    assert code == 0
    return json.loads(out)


def test_post_reverse_and_show(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(my_demo)
    before = Decimal(show(capsys, my_demo, "1000477")["balance"])
    code, out, _ = run(capsys, "--db", db, "post", "1000477", "$1,000.00", "--method", "check",
                       "--ref", "4471", "--date", "2026-11-24")  # fmt: skip
    receipt = out.strip()
    assert code == 0 and receipt.startswith("R")
    data = show(capsys, my_demo, "1000477")
    assert Decimal(data["balance"]) == before - Decimal("1000.00")
    assert data["unapplied"] == "395.00"
    assert data["payments"][0] == {
        "receipt": receipt, "amount": "1000.00", "method": "check", "reference": "4471",
        "received_date": "2026-11-24", "status": "posted", "category": "payment",
        "applied": "605.00", "unapplied": "395.00", "review": None,
    }  # fmt: skip
    code, out, _ = run(capsys, "--db", db, "payment", "reverse", receipt, "--reason", "nsf")
    assert code == 0 and "reversed" in out
    assert Decimal(show(capsys, my_demo, "1000477")["balance"]) == before
    code, _, err = run(capsys, "--db", db, "payment", "reverse", receipt, "--reason", "nsf")
    assert code == 3 and "ALREADY REVERSED" in err
    code, _, err = run(capsys, "--db", db, "payment", "reverse", "R99999999", "--reason", "nsf")
    assert code == 4 and err.startswith("AR0420E")


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (("post", "1000477", "12.345", "--method", "check", "--ref", "1"), 2, "AR0403E"),
        (("post", "1000477", "-5", "--method", "check", "--ref", "1"), 2, "AR0405E"),
        (
            ("post", "1000477", "5", "--method", "check", "--ref", "1", "--date", "2026-12-25"),
            3,
            "AR0414E",
        ),
        (("post", "9999999", "5", "--method", "check", "--ref", "1"), 4, "AR0203E"),
        (("post", "1000477", "5", "--method", "gold", "--ref", "1"), 2, "AR0410E"),
    ],
)
def test_post_refusals_are_one_line(
    my_demo: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], exit_code: int,
    message: str,
) -> None:  # fmt: skip
    code, out, err = run(capsys, "--db", str(my_demo), *args)
    assert (code, out) == (exit_code, "")
    assert err.startswith(message) and err.count("\n") == 1


def test_import_payments_exit_codes(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(my_demo)
    code, out, _ = run(capsys, "--db", db, "import", "payments", str(FIXTURES / "lockbox-invoices.bai2"),
                       "--dry-run")  # fmt: skip
    assert code == 0 and out.startswith("DRY RUN BAI2") and "REJECTED 1" in out
    code, out, _ = run(
        capsys, "--db", db, "import", "payments", str(FIXTURES / "lockbox-invoices.bai2")
    )
    assert code == 0 and out.startswith("BATCH ") and "3 MATCHED" in out
    code, _, err = run(
        capsys, "--db", db, "import", "payments", str(FIXTURES / "lockbox-invoices.bai2")
    )
    assert code == 3 and "ALREADY POSTED" in err
    code, _, err = run(
        capsys, "--db", db, "import", "payments", str(FIXTURES / "remittance-bad-rows.csv")
    )
    assert code == 3 and "LINE 3" in err and "NOTHING POSTED" in err
    code, _, err = run(capsys, "--db", db, "import", "payments", "/no/such/file.bai2")
    assert code == 4
    with pytest.raises(SystemExit) as caught:
        main(["--db", db, "import", "payments", "x", "--format", "swift"])
    assert caught.value.code == 2
    code, out, _ = run(capsys, "--db", db, "db", "check")
    assert code == 0 and "balances" in out


def test_db_check_exits_non_zero_with_a_list(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    conn = sqlite3.connect(my_demo)
    conn.execute("UPDATE items SET open_cents = open_cents + 100 WHERE id = 7")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--db", str(my_demo), "db", "check")
    assert code == 3 and "item open amount differs" in out and "PROBLEMS" in err


def _payments_csv(path: Path, rows: int) -> None:
    lines = ["received_date,amount,method,reference,account_number"]
    for n in range(rows):
        lines.append(f"2026-11-24,{1 + n % 50}.{n % 100:02d},check,C{n},{1_000_000 + n % 2000}")
    path.write_text("\n".join(lines) + "\n")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "ar_tui", *args]


def _progress(db: Path) -> tuple[int, str, int] | None:
    """(id, status, items done) of the latest batch, read as another session would."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT id, status, posted_through FROM batches WHERE file_name = 'big.csv'"
        ).fetchone()
    except sqlite3.OperationalError:
        return None  # the schema is being migrated by the import itself
    finally:
        conn.close()


@pytest.mark.xdist_group("heavy")
def test_killed_in_the_middle_of_a_batch_then_resumed(my_demo: Path, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    _payments_csv(big, 60_000)
    process = subprocess.Popen(_cli("--db", str(my_demo), "import", "payments", str(big)))
    at = None
    while process.poll() is None:
        # Kill once some chunks committed and the batch is not finished.
        at = _progress(my_demo)
        if at is not None and at[2] > 0:
            break
        time.sleep(0.01)  # a poll of the state, not a wait for it
    killed_midway = process.poll() is None
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert killed_midway and at is not None, "the import finished before it could be killed"
    batch_id, status, done = _progress(my_demo) or (0, "", 0)
    assert status == "posting" and 0 < done < 60_000
    check = subprocess.run(
        _cli("--db", str(my_demo), "db", "check"), capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
    conn = sqlite3.connect(my_demo)
    posted = conn.execute(
        "SELECT count(*) FROM payments WHERE batch_id = ?", (batch_id,)
    ).fetchone()
    conn.close()
    assert posted == (done,)  # whole chunks: every item before the mark, none after
    resumed = subprocess.run(_cli("--db", str(my_demo), "batch", "resume", str(batch_id)),
                             capture_output=True, text=True)  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.startswith(f"BATCH {batch_id} RESUMED AT ITEM {done + 1} CSV big.csv")
    assert "60000 ITEMS" in resumed.stdout and "(60000 MATCHED)" in resumed.stdout
    again = subprocess.run(_cli("--db", str(my_demo), "import", "payments", str(big)),
                           capture_output=True, text=True)  # fmt: skip
    assert again.returncode == 3 and "AR0610E" in again.stderr, again.stderr
    conn = sqlite3.connect(my_demo)
    final = conn.execute("SELECT count(*) FROM payments WHERE reference GLOB 'C[0-9]*'").fetchone()
    conn.close()
    assert final == (60_000,)  # posted exactly once
    check = subprocess.run(
        _cli("--db", str(my_demo), "db", "check"), capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_batch_resume_says_what_it_cannot_resume(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(capsys, "--db", str(my_demo), "batch", "resume", "999")
    assert (code, err) == (4, "AR0618E BATCH 999 NOT FOUND\n")
    code, _, err = run(capsys, "--db", str(my_demo), "batch", "resume", "1")
    assert code == 3 and err.startswith("AR0619E BATCH 1 IS POSTED, NOT POSTING")
    with pytest.raises(SystemExit) as usage:
        main(["--db", str(my_demo), "batch", "resume", "one"])
    assert usage.value.code == 2
    assert capsys.readouterr().err.startswith("AR0002E ar-tui batch resume: argument id:")


WORKER = """
import sys
from ar_tui.services.payments import post_payment
from ar_tui.services.session import open_session
session = open_session(sys.argv[1])
worker = int(sys.argv[2])
for n in range(25):
    account = str(1_000_100 + (worker + n) % 5)
    post_payment(session, account, 100 + worker, "check", f"W{worker}-{n}", source="test")
"""


@pytest.mark.xdist_group("heavy")
def test_sessions_posting_at_once_lose_no_update(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    numbers = [str(1_000_100 + n) for n in range(5)]
    before = {n: Decimal(show(capsys, my_demo, n)["balance"]) for n in numbers}
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(my_demo), str(w)]) for w in range(4)
    ]
    assert [w.wait(timeout=120) for w in workers] == [0, 0, 0, 0]
    expected = dict.fromkeys(numbers, Decimal(0))
    for worker in range(4):
        for n in range(25):
            expected[str(1_000_100 + (worker + n) % 5)] += Decimal(100 + worker) / 100
    for number in numbers:
        data = show(capsys, my_demo, number)
        assert Decimal(data["balance"]) == before[number] - expected[number], number
        assert len([p for p in data["payments"] if p["reference"].startswith("W")]) == 20
    code, _, _ = run(capsys, "--db", str(my_demo), "db", "check")
    assert code == 0


def test_contact_log_refuses_with_the_rule(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    conn = sqlite3.connect(my_demo)
    (ceased,) = conn.execute(
        "SELECT account_number FROM accounts WHERE cease_communication = 1 ORDER BY 1 LIMIT 1"
    ).fetchone()
    conn.close()
    code, out, err = run(capsys, "--db", str(my_demo), "contact", "log", ceased, "--channel",
                         "letter", "--outcome", "left_message")  # fmt: skip
    assert (code, out) == (3, "") and err.startswith("AR0701E") and err.count("\n") == 1
    code, out, _ = run(capsys, "--db", str(my_demo), "contact", "log", "1000234", "--channel",
                       "email", "--outcome", "left_message", "--note", "sent statement")  # fmt: skip
    assert code == 0 and "logged" in out
    data = show(capsys, my_demo, "1000234")
    conn = sqlite3.connect(my_demo)
    (attempts,) = conn.execute(
        "SELECT count(*) FROM activities WHERE is_attempt = 1 AND business_date >= '2026-11-19'"
        " AND account_id = (SELECT id FROM accounts WHERE account_number = '1000234')"
    ).fetchone()
    conn.close()
    assert data["contacts_7d"] == attempts  # the email is not a call attempt
    assert "next_contact_allowed" in data


def test_promise_and_plan_commands(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(my_demo)
    code, out, _ = run(capsys, "--db", db, "promise", "1000477", "100.00", "2026-11-30")
    assert code == 0 and "recorded" in out
    code, out, _ = run(capsys, "--db", db, "plan", "create", "1000477", "--total", "605.00",
                       "--down", "65.00", "--count", "6", "--every", "monthly",
                       "--first", "2026-12-15")  # fmt: skip
    assert code == 0 and out.strip().endswith("active")
    assert out.count("90.00") == 6
    data = show(capsys, my_demo, "1000477")
    assert data["plan"]["frequency"] == "monthly" and data["promises"][0]["amount"] == "100.00"
    code, _, err = run(capsys, "--db", db, "promise", "1000477", "100.00", "2026-11-01")
    assert code == 3 and err.startswith("AR0812E")


def test_import_payments_as_json_says_what_the_batch_is(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bank = Path(__file__).resolve().parents[1] / "fixtures" / "bank" / "remittance.csv"
    args = ("--db", str(my_demo), "--format", "json", "import", "payments", str(bank))
    code, out, _ = run(capsys, *args, "--dry-run")
    checked = json.loads(out)
    assert code == 0 and (checked["batch"], checked["status"], checked["dry_run"]) == (
        None, "dry run", True,
    )  # fmt: skip
    code, out, _ = run(capsys, *args)
    posted = json.loads(out)
    assert code == 0 and (posted["status"], posted["dry_run"], posted["resumed"]) == (
        "posted", False, [],
    )  # fmt: skip
    assert posted["batch"] > 1 and posted["posted"] == checked["posted"]


def test_post_refuses_a_duplicate_unless_told(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(my_demo)
    args = ("--db", db, "post", "1000477", "12.00", "--method", "check", "--ref", "CK 77")
    code, first, _ = run(capsys, *args)
    assert code == 0
    code, out, err = run(capsys, *args)
    assert code == 3 and out == ""
    assert err.startswith(
        "AR0443E 12.00 WITH REFERENCE 'CK 77' WAS POSTED TO 1000477 ON 2026-11-25"
    )
    assert first.strip() in err and len(err.strip().splitlines()) == 1
    code, again, _ = run(capsys, *args, "--duplicate")
    assert code == 0 and again.strip() != first.strip()
