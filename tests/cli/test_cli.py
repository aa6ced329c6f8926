"""The command line: exit codes, one-line errors, JSON for scripts, operators."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import ar_tui.cli
import ar_tui.cli_boundary
from ar_tui.cli import main
from ar_tui.services import databases
from ar_tui.services.session import os_login
from tests.cli.conftest import run
from tests.probe import in_a_new_process


def test_account_show_json(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "--db", str(my_demo), "account", "show", "1000234", "--format", "json"
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["account_number"] == "1000234"
    assert set(data["aging"]) == {"current", "1_30", "31_60", "61_90", "91_120", "over_120"}


def test_account_show_text(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(my_demo), "account", "show", "1000234")
    assert code == 0 and out.startswith("1000234  ")


@pytest.mark.parametrize(
    ("number", "exit_code", "message"),
    [("9999999", 4, "AR0203E ACCOUNT 9999999 NOT FOUND"), ("12X", 2, "AR0202E")],
)
def test_account_show_errors_are_one_line(
    my_demo: Path, capsys: pytest.CaptureFixture[str], number: str, exit_code: int, message: str
) -> None:
    code, out, err = run(capsys, "--db", str(my_demo), "account", "show", number)
    assert code == exit_code and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_env_var_names_the_database(
    my_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AR_TUI_DB", str(my_demo))
    code, out, _ = run(capsys, "account", "show", "1000234", "--format", "json")
    assert code == 0 and json.loads(out)["account_number"] == "1000234"


def test_usage_errors_exit_2_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["account", "show"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("AR0002E") and err.count("\n") == 1
    with pytest.raises(SystemExit) as caught:
        main(["db", "seed", "--accounts", "-5"])
    assert caught.value.code == 2


def test_missing_database_is_not_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "none.db"), "account", "show", "1")
    assert code == 4 and "NOT FOUND" in err


def test_unknown_login_is_refused_and_nothing_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "theirs.db"
    databases.init_database(path, "someone_else", date(2026, 11, 25))
    monkeypatch.setattr(ar_tui.cli_boundary, "has_terminal", lambda: True)
    for args in (["account", "show", "1"], []):
        code, out, err = run(capsys, "--db", str(path), *args)
        assert code == 3 and out == ""
        assert (
            err == f"AR0101E OPERATOR {os_login().upper()} IS NOT AUTHORIZED FOR DATABASE {path}\n"
        )


def test_db_init_refuses_overwrite(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    size = my_demo.stat().st_size
    code, _, err = run(capsys, "--db", str(my_demo), "db", "init")
    assert code == 3 and "ALREADY EXISTS" in err
    assert my_demo.stat().st_size == size


def test_operator_add_by_the_admin(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "--db", str(my_demo), "operator", "add", "zsmith", "--role", "collector",
        "--name", "Zoe Smith",
    )  # fmt: skip
    assert code == 0 and "zsmith added as collector" in out
    code, _, err = run(
        capsys, "--db", str(my_demo), "operator", "add", "zsmith", "--role", "collector"
    )
    assert code == 3 and "ALREADY EXISTS" in err
    code, _, err = run(
        capsys, "--db", str(my_demo), "operator", "add", "Bad Name", "--role", "admin"
    )
    assert code == 2 and "NOT A VALID OS LOGIN" in err


def test_import_receivables_command(
    my_demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ar.csv"
    path.write_text(
        "account_number,account_name,customer_type,bill_type,line_of_business,state,"
        "document_number,item_type,due_date,amount\n"
        "7000001,NEW CUSTOMER,consumer,direct,Personal Lines,OH,N-1,premium,2026-11-01,99.95\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "--db", str(my_demo), "import", "receivables", str(path))
    assert code == 0 and "accounts added 1" in out and "items added 1" in out
    code, out, _ = run(capsys, "--db", str(my_demo), "import", "receivables", str(path))
    assert code == 0 and "accounts added 0" in out and "unchanged 1" in out
    path.write_text(path.read_text().replace("99.95", "9.999"), encoding="utf-8")
    code, _, err = run(capsys, "--db", str(my_demo), "import", "receivables", str(path))
    assert code == 3 and "line 2: amount" in err and "NOTHING IMPORTED" in err


def test_python_dash_m_runs_the_same_command(my_demo: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ar_tui", "--db", str(my_demo), "account", "show", "1000234",
         "--format", "json"],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["account_number"] == "1000234"


def test_demo_flag_creates_the_demo_in_the_data_directory_then_opens_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import ar_tui.app

    opened: list[Path] = []
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(ar_tui.cli_boundary, "has_terminal", lambda: True)
    monkeypatch.setattr(
        ar_tui.app, "run_tui", lambda session, cfg, keymap: opened.append(session.store.path) or 0
    )
    assert main(["--demo"]) == 0
    expected = tmp_path / "data" / "ar-tui" / "demo.db"
    assert opened == [expected] and expected.exists()
    assert "creating the demo database" in capsys.readouterr().err
    assert main(["--demo"]) == 0  # the second time it only opens it
    assert opened == [expected, expected]


def test_settings_and_business_date_for_administrators(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(my_demo)
    code, out, _ = run(
        capsys, "--db", db, "settings", "set", "returned_payment_fee_codes", "r01, r09,R02"
    )
    assert code == 0 and out.strip() == "returned_payment_fee_codes = R01,R09,R02"
    code, _, err = run(capsys, "--db", db, "settings", "set", "max_payment_cents", "lots")
    assert code == 2 and err.startswith("AR0031E")
    code, _, err = run(capsys, "--db", db, "settings", "set", "business_date", "2026-12-01")
    assert code == 2 and err.startswith("AR0030E")
    code, _, err = run(capsys, "--db", db, "settings", "set", "currency", "XYZ")
    assert code == 2 and "ISO 4217" in err
    code, out, _ = run(capsys, "--db", db, "db", "set-date", "2026-12-01")
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "account", "show", "1000234", "--format", "json")
    assert json.loads(out)["business_date"] == "2026-12-01"
    import sqlite3

    conn = sqlite3.connect(my_demo)
    actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id DESC LIMIT 2")]
    conn.close()
    assert actions == ["business_date.set", "setting.set"]


def test_settings_need_an_administrator(demo_db: Path) -> None:
    from ar_tui.domain.errors import ArError
    from ar_tui.services import admin
    from ar_tui.services.session import open_session

    session = open_session(demo_db, "jdoe")
    with pytest.raises(ArError, match="NEEDS ADMIN"):
        admin.set_setting(session, "region", "TRAINING")
    session.store.close()


@pytest.mark.parametrize(
    ("argv", "command"),
    [([], False), (["--demo"], False), (["--db", "x.db"], False), (["--db=x.db"], False),
     (["--theme", "mono", "--keymap", "esc", "--db", "post"], False),
     (["--format", "json"], False),
     (["post"], True), (["-h"], True), (["--help"], True), (["--version"], True),
     (["--db", "x.db", "find", "SMITH"], True), (["--bogus"], True), (["x.db"], True)],
)  # fmt: skip
def test_only_the_options_that_open_the_tui_skip_the_commands(
    argv: list[str], command: bool
) -> None:
    assert ar_tui.cli.names_a_command(argv) is command


def test_opening_the_tui_imports_no_service_it_does_not_use() -> None:
    # What the TUI path builds: the top parser, then the session (the app comes after).
    probe = (
        "import json, sys, ar_tui.cli as c\n"
        "c.build_parser(commands=False).parse_args(['--db', 'x.db', '--demo'])\n"
        "import ar_tui.app\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('ar_tui.services.')]))\n"
    )
    loaded = set(in_a_new_process(probe))
    for unused in ("batches", "databases", "admin", "bankruptcy", "exhibits", "host",
                   "payments", "receivables", "accounts"):  # fmt: skip
        assert f"ar_tui.services.{unused}" not in loaded
    assert "ar_tui.services.session" in loaded


def test_a_command_still_builds_every_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    shown = capsys.readouterr().out
    assert all(command in shown for command in ("queue", "post", "import", "bankruptcy"))
