"""`batch nightly`, `settlement offer`, `approvals` and `approve` from the command line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ar_tui.services import settlements
from ar_tui.services.session import open_session
from tests.cli.conftest import run


def test_batch_nightly_closes_the_day_once(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(my_demo)
    code, out, _ = run(capsys, "--db", db, "batch", "nightly")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "nightly for 2026-11-25"
    assert lines[-1] == "  business date is now 2026-11-27"  # past Thanksgiving
    assert any(line.startswith("  promises kept") for line in lines)
    code, out, _ = run(capsys, "--db", db, "batch", "nightly", "--as-of", "2026-11-25")
    assert code == 0 and "already ran: nothing done" in out
    code, _, err = run(capsys, "--db", db, "batch", "nightly", "--as-of", "2026-11-30")
    assert code == 3 and err.startswith("AR0850E") and len(err.splitlines()) == 1


def test_settlement_offer_and_approval(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(my_demo)
    code, out, _ = run(capsys, "--db", db, "settlement", "offer", "1000477", "80%",
                       "--due", "2026-12-10")  # fmt: skip
    assert code == 0 and out.strip() == "settlement 1 approved: 484.00 of 605.00 by 2026-12-10"
    code, _, err = run(capsys, "--db", db, "settlement", "offer", "1000477", "10%",
                       "--due", "2026-12-10")  # fmt: skip
    assert code == 3 and "ALREADY HAS A SETTLEMENT" in err

    jane = open_session(my_demo, "jdoe")
    offer = settlements.offer_settlement(jane, "1000478", "1%", date(2026, 12, 10))
    jane.store.close()
    code, out, _ = run(capsys, "--db", db, "approvals")
    assert code == 0 and f"{offer.approval_id:>6} settlement 1000478" in out
    code, out, _ = run(capsys, "--db", db, "approve", str(offer.approval_id), "--note", "ok")
    assert (
        code == 0 and out.strip() == f"approval {offer.approval_id} (settlement 1000478) approved"
    )
    code, out, _ = run(capsys, "--db", db, "approvals")
    assert out == ""
    code, _, err = run(capsys, "--db", db, "approve", "999")
    assert code == 4 and err.startswith("AR0840E")
    with pytest.raises(SystemExit) as usage:  # --due is required
        run(capsys, "--db", db, "settlement", "offer", "1000477", "5%")
    assert usage.value.code == 2 and "--due" in capsys.readouterr().err


def test_lock_release_by_a_supervisor(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ar_tui.services import locks

    jane = open_session(my_demo, "jdoe")
    locks.acquire(jane, "1000234", "S-JANE")
    jane.store.close()
    code, out, _ = run(
        capsys, "--db", str(my_demo), "lock", "release", "1000234", "--reason", "jdoe left"
    )
    assert code == 0 and out.strip() == "account 1000234 released from jdoe"
    code, _, err = run(
        capsys, "--db", str(my_demo), "lock", "release", "1000234", "--reason", "jdoe left"
    )
    assert code == 3 and err.startswith("AR0730E")


def test_writeoff_command(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(my_demo)
    code, out, _ = run(capsys, "--db", db, "writeoff", "1000477", "5.00", "--reason", "other")
    assert code == 0 and out.strip() == "write-off 1 posted: 5.00"
    code, _, err = run(capsys, "--db", db, "writeoff", "1000477", "1000", "--reason", "other")
    assert code == 3 and err.startswith("AR0862E")
    code, _, err = run(capsys, "--db", db, "writeoff", "1000477", "5", "--reason", "why")
    assert code == 2 and err.startswith("AR0860E")


def test_queue_postpone_and_follow_ups(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(my_demo)
    code, out, _ = run(capsys, "--db", db, "queue", "postpone", "1000234", "--until",
                       "2026-11-27", "--reason", "payday friday")  # fmt: skip
    assert (code, out) == (0, "1000234 postponed until 2026-11-27\n")
    code, out, _ = run(capsys, "--db", db, "queue", "postpone", "1000234", "--until",
                       "2026-11-27 10:00", "--reason", "after the school run")  # fmt: skip
    assert code == 0 and out.startswith("1000234 postponed until 2026-11-27 10:00 ")
    for until, reason, code_, message in (
        ("25:00", "r", 2, "AR0452E"),
        ("2026-11-27", " ", 2, "AR0750E"),
        ("2026-12-26", "r", 3, "AR0754E"),  # 31 days ahead
    ):
        code, out, err = run(capsys, "--db", db, "queue", "postpone", "1000234", "--until",
                             until, "--reason", reason)  # fmt: skip
        assert (code, out) == (code_, "") and err.startswith(message) and err.count("\n") == 1
    code, _, err = run(capsys, "--db", db, "queue", "postpone", "9999999", "--until",
                       "2026-11-27", "--reason", "r")  # fmt: skip
    assert code == 4 and err.startswith("AR0203E")
    code, _, _ = run(capsys, "--db", db, "contact", "log", "1000477", "--channel", "letter",
                     "--outcome", "left_message", "--follow-up", "2026-11-25")  # fmt: skip
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "--format", "json", "queue", "follow-ups",
                       "--queue", "all")  # fmt: skip
    listed = {line["account_number"]: line for line in json.loads(out)}
    assert code == 0 and set(listed) == {"1000477"}
    assert listed["1000477"]["kind"] == "follow-up" and listed["1000477"]["due_now"]
    code, _, err = run(capsys, "--db", db, "queue", "follow-ups", "--queue", "bogus")
    assert code == 2 and err.startswith("AR0742E")


def test_lock_list_and_a_release_without_a_reason(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ar_tui.services import locks

    db = str(my_demo)
    code, out, _ = run(capsys, "--db", db, "lock", "list")
    assert code == 0 and out.strip() == "no account is locked"
    jane = open_session(my_demo, "jdoe")
    locks.acquire(jane, "1000234", "S-JANE")
    jane.store.close()
    code, out, _ = run(capsys, "--db", db, "lock", "list")
    assert code == 0 and out.startswith("1000234  jdoe         since ") and "DEAD" not in out
    code, out, _ = run(capsys, "--db", db, "lock", "list", "--format", "json")
    listed = json.loads(out)
    assert [(row["account"], row["login"], row["dead"]) for row in listed] == [
        ("1000234", "jdoe", False)
    ]
    with pytest.raises(SystemExit) as usage:
        run(capsys, "--db", db, "lock", "release", "1000234")
    assert usage.value.code == 2 and "--reason" in capsys.readouterr().err
    code, _, err = run(capsys, "--db", db, "lock", "release", "1000234", "--reason", " ")
    assert code == 2 and err.startswith("AR0736E A RELEASE NEEDS A REASON")
