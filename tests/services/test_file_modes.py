"""Every file ar-tui creates is its owner's alone: 0600 files, 0700 folders, whatever the umask."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from ar_tui.cli import main
from ar_tui.services import contacts, databases, exhibits, receivables
from ar_tui.services.session import open_session, os_login
from tests.conftest import TEST_LOGIN, fixed_clock

FILE, FOLDER = 0o600, 0o700


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    """The laxest usual umask: what ar-tui makes must not depend on the caller's."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def test_a_new_database_its_folders_and_its_log_files(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "ar.db"
    assert main(["--db", str(path), "db", "init", "--business-date", "2026-11-25"]) == 0
    assert mode(path) == FILE
    assert mode(path.parent) == FOLDER and mode(path.parent.parent) == FOLDER
    session = open_session(path, os_login(), clock=fixed_clock)
    with session.write() as conn:  # a write: SQLite makes -wal and -shm now
        conn.execute("INSERT INTO settings(name, value) VALUES ('company_name', 'X')")
    for suffix in ("-wal", "-shm", "-turns", "-write"):
        assert mode(Path(f"{path}{suffix}")) == FILE, suffix
    session.store.close()


@pytest.mark.parametrize("demo", [True, False])
def test_built_portfolios(tmp_path: Path, demo: bool) -> None:
    path = tmp_path / "built.db"
    if demo:
        databases.demo_database(path, TEST_LOGIN)
    else:
        databases.build_portfolio(
            path, TEST_LOGIN, accounts=20, seed=1, business_date=date(2026, 11, 25), demo=False
        )
    assert mode(path) == FILE
    assert not list(tmp_path.glob("*.building*"))


def test_exhibits_and_their_folders(demo_db: Path, tmp_path: Path) -> None:
    session = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    out = tmp_path / "for" / "counsel"
    package = exhibits.write_package(session, "1000477", out)
    assert mode(out) == FOLDER and mode(out.parent) == FOLDER and mode(package.folder) == FOLDER
    assert mode(package.pdf) == FILE and mode(package.csv) == FILE
    # beside the database by default
    default = exhibits.write_package(session, "1000477")
    assert default.folder.parent == demo_db.parent / "exhibits"
    assert mode(default.folder.parent) == FOLDER and mode(default.pdf) == FILE


def test_reject_files(demo_db: Path, tmp_path: Path) -> None:
    extract = tmp_path / "extract.csv"
    extract.write_text(
        "account_number,account_name,customer_type,bill_type,line_of_business,state,"
        "document_number,item_type,due_date,amount\n"
        "7000001,NEW CUSTOMER,consumer,direct,Personal Lines,OH,N-1,premium,2026-11-01,99.95\n"
        '7000002,=HYPERLINK("x"),consumer,direct,Personal Lines,OH,N-2,premium,2026-11-01,9.999\n'
    )
    session = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    rejects = tmp_path / "out" / "bad.csv"
    report = receivables.import_receivables(session, extract, skip_bad=True, reject_path=rejects)
    assert report.rejected == 1 and mode(rejects) == FILE and mode(rejects.parent) == FOLDER
    # a cell a spreadsheet would run is written as text
    assert "'=HYPERLINK" in rejects.read_text()


def test_the_contact_log_adds_no_file(demo_db: Path) -> None:
    before = sorted(p.name for p in demo_db.parent.iterdir())
    session = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    contacts.log_contact(session, "1000477", "letter", "left_message")
    session.store.close()
    after = sorted(p.name for p in demo_db.parent.iterdir())
    # SQLite's log and shared memory, and the lock file writers take turns on (`turns`).
    companions = {f"{demo_db.name}{suffix}" for suffix in ("-wal", "-shm", "-turns", "-write")}
    assert set(after) - set(before) <= companions
