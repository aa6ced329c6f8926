"""The service boundary: who goes through sudo, which database is opened for whom, and which
files a person may hand ar-tui when it runs as the service account for them."""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

import ar_tui.cli
import ar_tui.cli_boundary
from ar_tui import config
from ar_tui.domain.errors import ArError
from ar_tui.services import batches, files
from ar_tui.services.identity import Invoker
from ar_tui.services.session import open_session
from tests.cli.conftest import run
from tests.conftest import TEST_LOGIN, fixed_clock

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank"
NOBODY = pwd.getpwnam("nobody").pw_uid
ROOT_LOGIN = pwd.getpwuid(0).pw_name
needs_root = pytest.mark.skipif(
    os.geteuid() != 0, reason="runs as root to play the service account"
)


@pytest.fixture
def open_tmp() -> Iterator[Path]:
    """A folder anyone may enter (pytest's own are root's alone), under /tmp."""
    path = Path(tempfile.mkdtemp(prefix="ar-tui-boundary-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path)


@pytest.fixture
def my_demo_cli(tmp_path: Path) -> Path:
    path = tmp_path / "mine.db"
    assert ar_tui.cli.main(["--db", str(path), "db", "init", "--demo"]) == 0
    return path


def person() -> Invoker:
    return Invoker(NOBODY, "nobody", via_service=True)


def folder(path: Path, mode: int) -> Path:
    path.mkdir()
    path.chmod(mode)
    return path


def test_what_a_person_may_read_is_what_the_kernel_would_let_them(open_tmp: Path) -> None:
    tmp_path = open_tmp
    open_dir, shut_dir = folder(tmp_path / "open", 0o755), folder(tmp_path / "shut", 0o700)
    for name, where, mode, readable in (
        ("theirs.bai2", open_dir, 0o644, True),
        ("private.bai2", open_dir, 0o600, False),
        ("inside.bai2", shut_dir, 0o644, False),
    ):
        path = where / name
        path.write_text("x")
        path.chmod(mode)
        assert files.readable_by(path, NOBODY) is readable, name
        assert files.readable_by(path, 0) is True  # root reads everything


def test_a_handed_file_is_read_from_a_private_copy(open_tmp: Path) -> None:
    tmp_path = open_tmp
    source = tmp_path / "lockbox.bai2"
    source.write_text("01,BANK\n")
    source.chmod(0o644)
    with files.handed(source, person()) as copy:
        assert copy != source and copy.name == source.name
        assert copy.read_text() == "01,BANK\n"
        assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert not copy.exists()
    with files.handed(source, Invoker(0, ROOT_LOGIN)) as same:  # not run for someone: as is
        assert same == source


def test_a_file_the_person_cannot_read_is_refused_even_through_a_symlink(open_tmp: Path) -> None:
    tmp_path = open_tmp
    secret = tmp_path / "ar.db"
    secret.write_text("the database")
    secret.chmod(0o600)
    link = tmp_path / "payments.bai2"
    link.symlink_to(secret)
    for path in (secret, link):
        with pytest.raises(ArError) as caught, files.handed(path, person()):
            pass
        assert caught.value.code == "AR0065E" and caught.value.exit_code == 3


def test_a_fifo_or_a_folder_is_not_a_file(open_tmp: Path) -> None:
    tmp_path = open_tmp
    fifo = tmp_path / "pipe.bai2"
    os.mkfifo(fifo, 0o644)
    with pytest.raises(ArError, match="AR0606E"), files.handed(fifo, person()):
        pass
    with pytest.raises(ArError, match="AR0605E"), files.handed(tmp_path / "none", person()):
        pass


def test_the_bank_file_service_reads_what_the_person_could(demo_db: Path, open_tmp: Path) -> None:
    tmp_path = open_tmp
    session = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    session.invoker = person()
    private = tmp_path / "autopay.ach"
    private.write_bytes((FIXTURES / "autopay.ach").read_bytes())
    private.chmod(0o600)
    with pytest.raises(ArError, match="AR0065E NOBODY CANNOT READ"):
        batches.import_payments(session, private, dry_run=True)
    private.chmod(0o644)
    report = batches.import_payments(session, private, dry_run=True)
    assert report.file_name == "autopay.ach" and report.items > 0


def _host_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, service: str) -> Path:
    system = tmp_path / "etc" / "config.toml"
    system.parent.mkdir()
    db = tmp_path / "host.db"
    system.write_text(
        f'db = "{db}"\nservice_user = "{service}"\nprogram = "/opt/ar-tui/bin/ar-tui"\n'
        'group = "collectors"\n'
    )
    monkeypatch.setattr(config, "SYSTEM_CONFIG", system)
    return db


@needs_root
def test_someone_else_goes_through_sudo_as_the_service_account(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _host_config(tmp_path, monkeypatch, "nobody")
    ran: list[list[str]] = []

    def execvp(file: str, args: list[str]) -> None:
        ran.append(args)
        raise SystemExit(0)

    monkeypatch.setattr(ar_tui.cli_boundary.os, "execvp", execvp)
    with pytest.raises(SystemExit):
        ar_tui.cli.main(["account", "show", "1000477", "--format", "json"])
    assert ran == [["sudo", "-n", "-u", "nobody", "--", "/opt/ar-tui/bin/ar-tui", "account",
                    "show", "1000477", "--format", "json"]]  # fmt: skip
    code, out, _ = run(capsys, "config", "show")  # harmless: answered here, not through sudo
    assert code == 0 and "nobody" in out and len(ran) == 1


def test_a_service_account_the_host_does_not_have_refuses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _host_config(tmp_path, monkeypatch, "no-such-account")
    code, _, err = run(capsys, "account", "show", "1")
    assert code == 3 and err.startswith("AR0067E SERVICE ACCOUNT no-such-account DOES NOT EXIST")


@needs_root
def test_run_for_a_person_only_the_hosts_database_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Root plays the service account (real and effective uid are its uid), sudo's SUDO_UID
    names the person: no --db, no $AR_TUI_DB may send them to another file."""
    host_db = _host_config(tmp_path, monkeypatch, ROOT_LOGIN)
    monkeypatch.setenv("SUDO_UID", str(NOBODY))
    own = tmp_path / "mine.db"
    for args in (
        ("--db", str(own), "db", "init"),
        ("--db", str(host_db), "account", "show", "1"),  # even the same file, by their path
        ("--demo", "--db", str(own), "db", "init"),
        ("--demo", "account", "show", "1"),
        ("db", "init"),
        ("db", "seed", "--accounts", "5"),
    ):
        code, _, err = run(capsys, *args)
        assert code == 3 and err.startswith(f"AR0062E RUN FOR YOU BY {ROOT_LOGIN}, AR-TUI OPENS"), (
            args
        )
    assert not own.exists() and not host_db.exists()
    monkeypatch.setenv("AR_TUI_DB", str(own))
    code, _, err = run(capsys, "account", "show", "1")
    assert code == 3 and "$AR_TUI_DB IS NOT ACCEPTED" in err
    monkeypatch.delenv("AR_TUI_DB")
    code, _, err = run(capsys, "account", "show", "1")  # the host's database, as nobody
    assert code == 4 and str(host_db) in err


@needs_root
def test_a_host_config_that_names_no_database_opens_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    system = tmp_path / "config.toml"
    system.write_text(f'service_user = "{ROOT_LOGIN}"\n')
    monkeypatch.setattr(config, "SYSTEM_CONFIG", system)
    monkeypatch.setenv("SUDO_UID", str(NOBODY))
    code, _, err = run(capsys, "--db", str(tmp_path / "any.db"), "account", "show", "1")
    assert code == 3 and err.startswith("AR0068E")


def _deny_nobody_by_acl(path: Path) -> None:
    """A POSIX access list: everyone may read, except the user nobody."""
    import struct

    undefined = 0xFFFFFFFF
    entries = [(0x01, 6, undefined), (0x02, 0, NOBODY), (0x04, 4, undefined),
               (0x10, 4, undefined), (0x20, 4, undefined)]  # fmt: skip
    blob = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", *e) for e in entries)
    try:
        os.setxattr(path, "system.posix_acl_access", blob)
    except OSError as exc:
        pytest.skip(f"this file system keeps no access lists ({exc.strerror})")


def test_a_file_with_an_access_list_is_not_judged_by_its_mode(open_tmp: Path) -> None:
    path = open_tmp / "denied.bai2"
    path.write_text("01,BANK\n")
    path.chmod(0o644)
    _deny_nobody_by_acl(path)
    with pytest.raises(ArError) as caught, files.handed(path, person()):
        pass
    assert caught.value.code == "AR0072E"


def test_where_the_person_cannot_look_a_missing_file_is_not_told_apart(open_tmp: Path) -> None:
    shut = folder(open_tmp / "service", 0o700)
    (shut / "ar.db").write_text("x")
    for name in ("ar.db", "no-such-file"):
        with pytest.raises(ArError) as caught, files.handed(shut / name, person()):
            pass
        assert caught.value.code == "AR0065E", name


def test_anyone_may_hand_a_file_on_standard_input(my_demo_cli: Path) -> None:
    import subprocess
    import sys

    fixture = FIXTURES / "autopay.ach"
    with fixture.open("rb") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "ar_tui", "--db", str(my_demo_cli), "import", "payments", "-",
             "--file-name", "autopay.ach", "--dry-run"],
            stdin=handle, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("DRY RUN ACH autopay.ach:")


@needs_root
def test_run_for_a_person_a_file_comes_on_stdin_not_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from datetime import date

    from ar_tui.services import databases

    host_db = _host_config(tmp_path, monkeypatch, ROOT_LOGIN)
    databases.init_database(host_db, "nobody", date(2026, 11, 25))
    monkeypatch.setenv("SUDO_UID", str(NOBODY))
    code, _, err = run(capsys, "import", "payments", str(FIXTURES / "autopay.ach"))
    assert code == 3 and err.startswith("AR0071E")


@needs_root
def test_the_persons_own_process_opens_the_file_and_hands_it_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _host_config(tmp_path, monkeypatch, "nobody")
    ran: list[list[str]] = []

    def execvp(file: str, args: list[str]) -> None:
        ran.append(args)
        ran.append([os.readlink("/proc/self/fd/0")])
        raise SystemExit(0)

    monkeypatch.setattr(ar_tui.cli_boundary.os, "execvp", execvp)
    saved = os.dup(0)
    try:
        with pytest.raises(SystemExit):
            ar_tui.cli.main(["import", "payments", str(FIXTURES / "autopay.ach"), "--dry-run"])
    finally:
        os.dup2(saved, 0)
        os.close(saved)
    assert ran[0][-5:] == ["payments", "-", "--file-name", "autopay.ach", "--dry-run"]
    assert ran[1] == [str(FIXTURES / "autopay.ach")]


@needs_root
@pytest.mark.parametrize(
    ("owner", "group", "mode", "readable"),
    [
        ("nobody", "root", 0o400, True),  # the owner's bits
        ("nobody", "root", 0o044, False),  # the owner's bits win over the others'
        ("root", "nogroup", 0o040, True),  # nobody's group
        ("root", "nogroup", 0o004, False),  # the group's bits win over the others'
        ("root", "root", 0o004, True),
        ("root", "root", 0o000, False),
    ],
)
def test_the_owner_group_and_other_bits_apply_in_that_order(
    open_tmp: Path, owner: str, group: str, mode: int, readable: bool
) -> None:
    import grp

    path = open_tmp / "file"
    path.write_text("x")
    os.chown(path, pwd.getpwnam(owner).pw_uid, grp.getgrnam(group).gr_gid)
    path.chmod(mode)
    assert files.readable_by(path, NOBODY) is readable
    assert files.readable_by(path, 0) is True  # root reads everything
    assert files.readable_by(path, 4_242_424) is False  # a uid with no passwd entry


def test_a_folder_that_is_not_there_cannot_be_searched(open_tmp: Path) -> None:
    assert files.searchable_by(open_tmp, NOBODY) is True
    theirs = folder(open_tmp / "theirs", 0o700)
    if os.geteuid() == 0:
        os.chown(theirs, NOBODY, -1)
        assert files.searchable_by(theirs, NOBODY) is True  # by the owner's bits
    assert files.searchable_by(open_tmp / "gone", NOBODY) is False
    assert files.searchable_by(open_tmp, 4_242_424) is False


def test_a_files_checksum_is_its_sha256(tmp_path: Path) -> None:
    import hashlib

    path = tmp_path / "f.bin"
    data = os.urandom(3 << 20)  # more than one read of a megabyte
    path.write_bytes(data)
    assert files.sha256_of(path) == hashlib.sha256(data).hexdigest()
