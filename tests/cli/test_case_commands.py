"""`dispute`, `bankruptcy`, `refer`, `recall`, `referral`, `agencies`: output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import run

CONSUMER = "1000477"
COMMERCIAL = "1000147"


def show(capsys: pytest.CaptureFixture[str], db: str, number: str) -> dict:
    code, out, _ = run(capsys, "--db", db, "account", "show", number, "--format", "json")
    assert code == 0
    return json.loads(out)


def test_dispute_commands(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(my_demo)
    code, out, _ = run(capsys, "--db", db, "dispute", "open", CONSUMER, "--amount", "40",
                       "--reason", "billing_error", "--department", "Billing Operations")  # fmt: skip
    assert code == 0 and out.startswith("dispute ") and out.strip().endswith(" open")
    dispute_id = out.split()[1]
    assert run(capsys, "--db", db, "dispute", "move", dispute_id)[0] == 0
    code, out, _ = run(capsys, "--db", db, "dispute", "list", CONSUMER)
    assert "in_research" in out and "age 0d" in out
    code, _, err = run(capsys, "--db", db, "dispute", "move", dispute_id, "--to", "open")
    assert code == 3 and err.startswith("AR0872E") and len(err.splitlines()) == 1
    code, out, _ = run(capsys, "--db", db, "dispute", "resolve", dispute_id, "--valid")
    assert code == 0 and "resolved_valid: credit 40.00" in out
    assert show(capsys, db, CONSUMER)["balance"] == "565.00"
    code, _, err = run(capsys, "--db", db, "dispute", "resolve", "999", "--invalid")
    assert code == 4 and err.startswith("AR0876E")
    with pytest.raises(SystemExit) as usage:  # --valid or --invalid is required
        run(capsys, "--db", db, "dispute", "resolve", dispute_id)
    assert usage.value.code == 2


def test_bankruptcy_commands_and_the_stay(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(my_demo)
    code, out, _ = run(capsys, "--db", db, "bankruptcy", "set", CONSUMER, "--chapter", "7",
                       "--case", "26-B-9", "--filed", "2026-11-20",
                       "--claim-deadline", "2026-12-01")  # fmt: skip
    assert code == 0 and "automatic stay" in out
    code, out, _ = run(capsys, "--db", db, "bankruptcy", "claims", "--days", "10")
    assert f"2026-12-01 {CONSUMER}" in out
    for refused in (
        ("promise", CONSUMER, "10", "2026-11-30"),
        ("settlement", "offer", CONSUMER, "50%", "--due", "2026-12-10"),
        ("refer", CONSUMER, "--agency", "CCS", "--override"),
        ("contact", "log", CONSUMER, "--channel", "letter", "--outcome", "left_message"),
    ):
        code, _, err = run(capsys, "--db", db, *refused)
        assert code == 3 and ("STAY" in err or "BANKRUPTCY" in err), refused
    code, out, _ = run(capsys, "--db", db, "bankruptcy", "dismiss", CONSUMER)
    assert code == 0 and "dismissed" in out
    assert show(capsys, db, CONSUMER)["collection_status"] == "active"
    code, _, err = run(capsys, "--db", db, "bankruptcy", "discharge", CONSUMER)
    assert code == 3 and err.startswith("AR0882E")
    code, _, err = run(capsys, "--db", db, "bankruptcy", "discharge", COMMERCIAL)
    assert code == 4 and err.startswith("AR0886E")


def test_refer_recall_and_agencies(
    my_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(my_demo)
    code, out, _ = run(capsys, "--db", db, "agencies")
    assert code == 0 and out.splitlines()[0].startswith("BLLP   counsel   33.33%")
    code, _, err = run(capsys, "--db", db, "refer", COMMERCIAL, "--agency", "CCS")
    assert code == 3 and err.startswith("AR0893E")
    code, _, err = run(capsys, "--db", db, "refer", COMMERCIAL, "--agency", "NOPE")
    assert code == 4
    code, out, _ = run(capsys, "--db", db, "refer", COMMERCIAL, "--agency", "BLLP", "--override",
                       "--out", str(tmp_path))  # fmt: skip
    lines = out.splitlines()
    assert code == 0 and lines[0].endswith("placed: 16224.09")
    assert lines[1].strip().endswith(".pdf") and Path(lines[1].strip()).exists()
    assert run(capsys, "--db", db, "referral", "suit", COMMERCIAL)[0] == 0
    code, out, _ = run(capsys, "--db", db, "referral", "judgment", COMMERCIAL, "16224.09",
                       "--date", "2026-11-24")  # fmt: skip
    assert code == 0 and "judgment 16224.09" in out
    code, out, _ = run(capsys, "--db", db, "recall", COMMERCIAL)
    assert code == 0 and "recalled from BLLP" in out
    assert show(capsys, db, COMMERCIAL)["referral"]["status"] == "recalled"
