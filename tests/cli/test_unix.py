"""ar-tui behaves as a Unix program: exit codes, options anywhere, config, pipes, no terminal."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import ar_tui.app
import ar_tui.cli
import ar_tui.cli_boundary
from ar_tui import config
from ar_tui.cli import main
from ar_tui.services import locks
from ar_tui.services.session import open_session
from ar_tui.store import connection
from tests.cli.conftest import run


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "ar_tui", *args]


def test_global_options_come_before_or_after_the_sub_command(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(my_demo)
    first = run(capsys, "--db", db, "--format", "json", "account", "show", "1000477")
    second = run(capsys, "account", "show", "1000477", "--db", db, "--format", "json")
    third = run(capsys, "account", "--db", db, "show", "1000477", "--format", "json")
    assert first == second == third
    assert first[0] == 0 and json.loads(first[1])["account_number"] == "1000477"


def test_a_command_without_json_refuses_format_json(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "--db", str(my_demo), "db", "check", "--format", "json")
    assert (code, out) == (2, "") and err.startswith("AR0061E")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [("AR_TUI_THEME", "pink", "AR0044E THEME 'pink' FROM $AR_TUI_THEME IS NOT ONE OF")],
)
def test_a_bad_environment_value_is_a_usage_error(
    my_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    variable: str, value: str, message: str,
) -> None:  # fmt: skip
    monkeypatch.setenv(variable, value)
    code, out, err = run(capsys, "--db", str(my_demo), "account", "show", "1000477")
    assert (code, out) == (2, "") and err.startswith(message) and err.count("\n") == 1


def test_a_bad_keymap_stops_the_tui_with_a_usage_error(
    my_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ar_tui.cli_boundary, "has_terminal", lambda: True)
    monkeypatch.setenv("AR_TUI_KEYMAP", "nope")
    code, _, err = run(capsys, "--db", str(my_demo))
    assert code == 2 and err.startswith("AR0016E KEYMAP 'NOPE' IS NOT ONE OF")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("theme = \n", "AR0041E"),
        ('colour = "green"\n', "AR0042E"),
        ("theme = 3\n", "AR0043E"),
        ('theme = "pink"\n', "AR0044E"),
        ('service_user = "root"\n', "AR0045E"),
    ],
)
def test_a_bad_user_config_is_a_usage_error_naming_the_file(
    my_demo: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    config.user_config().parent.mkdir(parents=True, exist_ok=True)
    config.user_config().write_text(text)
    try:
        code, _, err = run(capsys, "--db", str(my_demo), "account", "show", "1000477")
    finally:
        config.user_config().unlink()
    assert code == 2 and err.startswith(message)


def test_config_show_says_where_each_value_came_from(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    system = tmp_path / "etc" / "config.toml"
    system.parent.mkdir()
    system.write_text('db = "/srv/ar/ar.db"\nkeymap = "esc"\n')
    monkeypatch.setattr(config, "SYSTEM_CONFIG", system)
    config.user_config().parent.mkdir(parents=True, exist_ok=True)
    config.user_config().write_text('theme = "amber"\n')
    monkeypatch.setenv("AR_TUI_KEYMAP", "3270")
    try:
        code, out, _ = run(capsys, "config", "show", "--format", "json")
        shown = {row["name"]: (row["value"], row["source"]) for row in json.loads(out)}
        assert code == 0
        assert shown["db"] == ("/srv/ar/ar.db", str(system))
        assert shown["theme"] == ("amber", str(config.user_config()))
        assert shown["keymap"] == ("3270", "$AR_TUI_KEYMAP")
        _, out, _ = run(capsys, "config", "show", "--db", "/tmp/x.db", "--theme", "mono")
        assert "/tmp/x.db" in out and "--db" in out and "--theme" in out
    finally:
        config.user_config().unlink()


def test_every_login_lands_in_the_hosts_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system = tmp_path / "config.toml"
    system.write_text(f'db = "{tmp_path / "shared.db"}"\n')
    monkeypatch.setattr(config, "SYSTEM_CONFIG", system)
    assert config.resolve().db == tmp_path / "shared.db"
    assert config.resolve(db="/elsewhere.db").db == Path("/elsewhere.db")


def test_an_explicit_theme_wins_over_no_color_and_mono_sends_no_colour(
    my_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert config.resolve(environ={"NO_COLOR": "1"}).theme == "mono"
    assert config.resolve(environ={"NO_COLOR": "1", "AR_TUI_THEME": "amber"}).theme == "mono"
    assert config.resolve(theme="green", environ={"NO_COLOR": "1"}).theme == "green"
    assert config.resolve(environ={"NO_COLOR": ""}).theme == "green"
    seen: list[tuple[str, str | None]] = []
    monkeypatch.setattr(ar_tui.cli_boundary, "has_terminal", lambda: True)
    monkeypatch.setattr(
        ar_tui.app, "run_tui",
        lambda session, cfg, keymap: seen.append((cfg.theme, os.environ.get("NO_COLOR"))) or 0,
    )  # fmt: skip
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["--db", str(my_demo), "--theme", "green"]) == 0
    assert main(["--db", str(my_demo), "--theme", "mono"]) == 0
    assert seen == [("green", None), ("mono", "1")]


def test_without_a_terminal_the_tui_refuses_at_once(my_demo: Path) -> None:
    done = subprocess.run(
        _cli("--db", str(my_demo)), stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "AR0060E THE TUI NEEDS A TERMINAL: USE `ssh -t`, OR RUN A SUB-COMMAND\n"


def test_a_closed_pipe_ends_a_command_quietly(my_demo: Path) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # `| head -1` that has already gone away
    try:
        done = subprocess.run(
            _cli("--db", str(my_demo), "account", "show", "1000477"), stdout=writer,
            stderr=subprocess.PIPE, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(writer)
    assert done.stderr == "" and done.returncode == 141


def test_a_busy_database_exits_5_to_say_try_again(
    my_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 50)
    other = sqlite3.connect(my_demo, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another writer holds the database throughout
    try:
        code, _, err = run(
            capsys, "--db", str(my_demo), "contact", "log", "1000477", "--channel", "letter",
            "--outcome", "left_message",
        )  # fmt: skip
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert code == 5 and err.startswith("AR0901E THE DATABASE IS BUSY")


def test_a_database_that_is_not_a_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    code, out, err = run(capsys, "--db", str(folder), "account", "show", "1")
    assert code == 3 and out == "" and err.startswith("AR0904E") and err.count("\n") == 1


def test_an_unreadable_database_is_one_line(
    my_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """(Root reads any file: the kernel's refusal is what the process is told.)"""
    real_access = os.access
    monkeypatch.setattr(
        connection.os, "access", lambda p, m: False if Path(p) == my_demo else real_access(p, m)
    )
    code, out, err = run(capsys, "--db", str(my_demo), "account", "show", "1000477")
    assert (code, out) == (3, "")
    assert err == f"AR0019E DATABASE {my_demo} CANNOT BE READ BY THIS PROCESS\n"


def test_a_read_only_database_is_one_line_and_nothing_changes(
    my_demo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's own read-only refusal, as a file mode or a read-only mount gives it."""
    configure = connection.configure

    def read_only(conn: sqlite3.Connection) -> None:
        configure(conn)
        conn.execute("PRAGMA query_only = ON")

    monkeypatch.setattr(connection, "configure", read_only)
    code, out, err = run(
        capsys, "--db", str(my_demo), "contact", "log", "1000477", "--channel", "letter",
        "--outcome", "left_message",
    )  # fmt: skip
    assert (code, out) == (3, "") and err.count("\n") == 1
    assert err.startswith(f"AR0903E DATABASE {my_demo} IS READ-ONLY FOR THIS PROCESS")


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (("post", "1000477", "5", "--method", "check", "--ref", "1", "--items", "NOPE-1"), 4,
         "AR0418E"),
        (("dispute", "open", "1000477", "--reason", "other", "--department", "Claims",
          "--items", "NOPE-1"), 4, "AR0418E"),
        (("promise", "1000477", "9999", "2026-11-30"), 3, "AR0811E"),
        (("settlement", "offer", "1000477", "9999", "--due", "2026-11-30"), 3, "AR0833E"),
        (("settlement", "offer", "1000477", "12.345", "--due", "2026-11-30"), 2, "AR0403E"),
        (("account", "show", "99999999"), 4, "AR0203E"),
        (("account", "show", "12ab"), 2, "AR0202E"),
    ],
)  # fmt: skip
def test_one_kind_of_refusal_has_one_code_everywhere(
    my_demo: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], exit_code: int,
    message: str,
) -> None:  # fmt: skip
    code, _, err = run(capsys, "--db", str(my_demo), *args)
    assert (code, err[:7]) == (exit_code, message)


def test_demo_flag_and_db_init_demo_name_the_same_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, out, _ = run(capsys, "db", "init", "--demo")
    expected = tmp_path / "data" / "ar-tui" / "demo.db"
    assert code == 0 and str(expected) in out and expected.exists()
    assert config.resolve(demo=True).db == expected


def test_find_runs_the_find_service(my_demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(my_demo), "find", "1000477", "--format", "json")
    found = json.loads(out)
    assert code == 0 and found["by"] == "number"
    assert [a["account_number"] for a in found["accounts"]] == ["1000477"]
    code, out, _ = run(capsys, "--db", str(my_demo), "find", "1000477")
    assert code == 0 and out.startswith("1000477 ")
    code, out, err = run(capsys, "--db", str(my_demo), "find", "zzzzqqq")
    assert code == 4 and out == "" and "no account matches" in err


def test_import_payments_still_takes_the_file_format_as_format(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "bank" / "autopay.ach"
    code, out, _ = run(
        capsys, "--db", str(my_demo), "import", "payments", str(fixture), "--format", "ach",
        "--dry-run",
    )  # fmt: skip
    assert code == 0 and out.startswith("DRY RUN ACH")
    code, out, _ = run(
        capsys, "--db", str(my_demo), "import", "payments", str(fixture), "--file-format", "ach",
        "--dry-run", "--format", "json",
    )  # fmt: skip
    assert code == 0 and json.loads(out)["format"] == "ach"


def test_a_command_takes_the_accounts_lock_and_gives_it_back(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run(
        capsys, "--db", str(my_demo), "contact", "log", "1000477", "--channel", "letter",
        "--outcome", "left_message",
    )  # fmt: skip
    assert code == 0
    conn = sqlite3.connect(my_demo)
    assert conn.execute("SELECT count(*) FROM account_locks").fetchone() == (0,)
    audit = conn.execute("SELECT action FROM audit_log WHERE action LIKE 'lock.%'").fetchall()
    conn.close()
    assert audit == []  # nothing to reclaim: taken and given back cleanly


def test_a_command_on_an_account_another_session_works_is_refused(
    my_demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    jane = open_session(my_demo, "jdoe")
    assert locks.acquire(jane, "1000477", jane.session_id).mine  # a live TUI of hers
    code, out, err = run(
        capsys, "--db", str(my_demo), "post", "1000477", "5", "--method", "check", "--ref", "1"
    )
    assert (code, out) == (3, "")
    assert err.startswith("AR0732E ACCOUNT 1000477 IN USE BY JANE DOE SINCE")
    jane.store.close()


@pytest.mark.parametrize(
    "args",
    [
        ("dispute", "open", "1000477", "--reason", "other", "--department", "Claims"),
        ("bankruptcy", "set", "1000477", "--chapter", "7", "--case", "26-1", "--filed",
         "2026-11-20"),
        ("recall", "1000477"),
        ("writeoff", "1000477", "1.00", "--reason", "other"),
        ("promise", "1000477", "10", "2026-11-30"),
    ],
)  # fmt: skip
def test_every_account_command_is_refused_under_another_sessions_lock(
    my_demo: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    jane = open_session(my_demo, "jdoe")
    assert locks.acquire(jane, "1000477", jane.session_id).mine
    code, _, err = run(capsys, "--db", str(my_demo), *args)
    jane.store.close()
    assert code == 3 and err.startswith("AR0732E ACCOUNT 1000477 IN USE BY JANE DOE"), err


def test_a_command_leaves_no_connection_open(my_demo: Path) -> None:
    """Under -X dev every resource left to the garbage collector is reported (Python 3.13
    reports each unclosed sqlite connection)."""
    done = subprocess.run(
        [sys.executable, "-X", "dev", "-W", "error::ResourceWarning", "-m", "ar_tui",
         "--db", str(my_demo), "account", "show", "1000477"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "ResourceWarning" not in done.stderr and "unclosed" not in done.stderr
