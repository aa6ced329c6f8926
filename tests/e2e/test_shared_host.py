"""The shared host end to end: real OS users log in with keys through a real sshd on loopback.

The collector opens the TUI as herself, cannot read the database or open it with sqlite3,
and no flag or variable makes ar-tui act as the supervisor. Set up with `ar-tui host
install` from a root-owned install of this checkout; everything made is removed after.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.test_terminal import Terminal, _tmux_or_skip

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("sshd", "ssh", "ssh-keygen", "sudo", "visudo", "useradd", "sqlite3")
pytestmark = pytest.mark.xdist_group("host")

ACCOUNTS_CSV = (
    "account_number,account_name,customer_type,bill_type,line_of_business,state,"
    "document_number,item_type,due_date,amount\n"
    "7300001,ANNA FIELD,consumer,direct,Personal Lines,OH,F-1,premium,2026-10-01,19223.00\n"
    "7300002,BRIGHT MILLS INC,commercial,direct,Commercial Lines,IL,F-2,premium,2026-09-01,650.00\n"
)


def _need(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (.ci/run installs and runs what this test needs)")
    pytest.skip(reason)


def _run(*command: str, check: bool = True, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(list(command), capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    if check and done.returncode:
        raise AssertionError(f"{command} exited {done.returncode}: {done.stderr}{done.stdout}")
    return done


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, server: subprocess.Popen[bytes], timeout: float = 20.0) -> None:
    """Until sshd accepts a connection (or has died saying why)."""
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise AssertionError(f"sshd exited: {server.stderr.read() if server.stderr else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError("sshd never listened") from None
            time.sleep(0.1)


@dataclass
class Host:
    tag: str
    service: str
    group: str
    only_tui: str
    alice: str
    bob: str
    carol: str
    lisa: str
    prefix: Path
    data: Path
    key: Path
    port: int

    @property
    def program(self) -> str:
        return str(self.prefix / "venv" / "bin" / "ar-tui")

    @property
    def db(self) -> Path:
        return self.data / "ar.db"

    def ssh(self, user: str, command: str, tty: bool = False) -> subprocess.CompletedProcess[str]:
        return _run(*self.ssh_command(user, tty), command, check=False, timeout=120)

    def ssh_command(self, user: str, tty: bool = False) -> list[str]:
        return [
            "ssh", "-i", str(self.key), "-p", str(self.port), *(["-tt"] if tty else ["-T"]),
            "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            f"{user}@127.0.0.1",
        ]  # fmt: skip

    def as_service(self, *command: str) -> subprocess.CompletedProcess[str]:
        """Read the database as its owner: root opening it would leave -wal and -shm files
        the service account cannot open."""
        return _run("sudo", "-n", "-u", self.service, *command)

    def uid(self, user: str) -> int:
        return int(_run("id", "-u", user).stdout)


def _install(host: Host) -> None:
    """A root-owned install of this checkout that other users may run (the test's own venv
    lives under /root), then the host set up by `ar-tui host install`."""
    host.prefix.mkdir(mode=0o755)
    _run("/usr/bin/python3", "-m", "venv", str(host.prefix / "venv"))
    _run(str(host.prefix / "venv" / "bin" / "pip"), "install", "-q", str(ROOT), timeout=600)
    _run("groupadd", host.group)
    _run("groupadd", host.only_tui)
    for user, groups in ((host.alice, host.group), (host.bob, host.group),
                         (host.lisa, host.group),
                         (host.carol, f"{host.group},{host.only_tui}")):  # fmt: skip
        _run("useradd", "--create-home", "--shell", "/bin/bash", "--groups", groups, user)
        _run("usermod", "-p", "*", user)  # no password, not locked: keys only
    keys = host.prefix / "keys"
    keys.mkdir(mode=0o755)
    _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(host.key))
    for user in (host.alice, host.bob, host.carol, host.lisa):
        (keys / user).write_text(Path(f"{host.key}.pub").read_text())
        (keys / user).chmod(0o644)
    config = host.prefix / "venv" / "etc" / "ar-tui" / "config.toml"
    _run(
        host.program, "host", "install", "--service-user", host.service, "--group", host.group,
        "--db", str(host.db), "--admin", "root", "--config", str(config),
    )  # fmt: skip
    csv = host.prefix / "accounts.csv"
    csv.write_text(ACCOUNTS_CSV)
    _run(host.program, "import", "receivables", str(csv))
    _run(host.program, "operator", "add", host.alice, "--role", "collector", "--limit", "100")
    _run(host.program, "operator", "add", host.bob, "--role", "supervisor")
    _run(host.program, "operator", "add", host.lisa, "--role", "billing")


def _sshd(host: Host, work: Path) -> subprocess.Popen[bytes]:
    _run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(work / "host_key"))
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
    snippet = _run(sys.executable, "-c", (
        "from pathlib import Path; from ar_tui.services import host;"
        f"plan = host.HostPlan({host.service!r}, {host.group!r}, Path({str(host.db)!r}),"
        f" Path({host.program!r}));"
        f"print(host.sshd_snippet(plan, {host.only_tui!r}))"
    )).stdout  # fmt: skip
    config = work / "sshd_config"
    config.write_text(
        f"Port {host.port}\nListenAddress 127.0.0.1\nHostKey {work / 'host_key'}\n"
        f"PidFile {work / 'sshd.pid'}\nAuthorizedKeysFile {host.prefix / 'keys'}/%u\n"
        "StrictModes no\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        "PermitRootLogin no\n" + snippet
    )
    _run("/usr/sbin/sshd", "-t", "-f", str(config))
    server = subprocess.Popen(
        ["/usr/sbin/sshd", "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE
    )
    _wait_for_port(host.port, server)
    return server


def _remove(host: Host) -> None:
    for user in (host.alice, host.bob, host.carol, host.lisa, host.service):
        _run("userdel", "--remove", user, check=False)
    for group in (host.group, host.only_tui, host.service):
        _run("groupdel", group, check=False)
    Path("/etc/sudoers.d/ar-tui").unlink(missing_ok=True)
    shutil.rmtree(host.prefix, ignore_errors=True)
    shutil.rmtree(host.data, ignore_errors=True)


@pytest.fixture(scope="module")
def host(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Host]:
    if os.geteuid() != 0:
        pytest.skip("needs root: it makes OS users, a sudoers rule and an sshd on loopback")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None and not Path(
        f"/usr/sbin/{tool}").exists()]  # fmt: skip
    if missing:
        _need(f"not installed: {', '.join(missing)}")
    if Path("/etc/sudoers.d/ar-tui").exists():
        pytest.skip("this host has a real ar-tui sudoers rule: the test leaves it alone")
    tag = secrets.token_hex(3)
    work = tmp_path_factory.mktemp("host")
    made = Host(
        tag=tag, service=f"arsvc{tag}", group=f"artui{tag}", only_tui=f"artty{tag}",
        alice=f"alice{tag}", bob=f"bob{tag}", carol=f"carol{tag}", lisa=f"lisa{tag}",
        prefix=Path(f"/opt/ar-tui-e2e-{tag}"), data=Path(f"/srv/ar-tui-e2e-{tag}"),
        key=work / "id_ed25519", port=_free_port(),
    )  # fmt: skip
    server = None
    try:
        _install(made)
        server = _sshd(made, work)
        yield made
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
            if server.stderr is not None:
                server.stderr.close()
        _remove(made)


def test_the_database_is_the_service_accounts_alone(host: Host) -> None:
    for path in (host.db.parent, host.db):
        st = path.stat()
        assert st.st_uid == host.uid(host.service)
        assert st.st_mode & 0o077 == 0, f"{path} {oct(st.st_mode)}"
    checked = _run(host.program, "host", "check", check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_collector_cannot_read_the_file_nor_open_it_with_sqlite3(host: Host) -> None:
    read = host.ssh(host.alice, f"cat {host.db}")
    assert read.returncode != 0 and "Permission denied" in read.stderr
    opened = host.ssh(host.alice, f"sqlite3 {host.db} 'SELECT count(*) FROM operators'")
    assert opened.returncode != 0 and "unable to open" in opened.stderr.lower()
    listed = host.ssh(host.alice, f"ls {host.db.parent}")
    assert listed.returncode != 0


def test_the_collector_works_through_ar_tui_as_herself(host: Host) -> None:
    shown = host.ssh(host.alice, f"{host.program} account show 7300001 --format json")
    assert shown.returncode == 0, shown.stderr
    assert '"account_number": "7300001"' in shown.stdout
    opened = host.ssh(
        host.alice, f"{host.program} dispute open 7300001 --reason other --department Claims"
    )
    assert opened.returncode == 0, opened.stderr
    rows = host.as_service(
        "sqlite3",
        str(host.db),
        "SELECT operator_login FROM audit_log WHERE action = 'dispute.open'",
    ).stdout.split()
    assert rows == [host.alice]


def test_no_flag_or_variable_makes_ar_tui_act_as_the_supervisor(host: Host) -> None:
    bob_uid = host.uid(host.bob)
    release = f"{host.program} lock release 7300001 --reason gone"
    as_bob = host.ssh(host.bob, f"{host.program} approvals")
    assert as_bob.returncode == 0, as_bob.stderr  # the supervisor may
    attempts = {
        "plain": release,
        "SUDO_UID": f"SUDO_UID={bob_uid} SUDO_USER={host.bob} USER={host.bob} {release}",
        "LOGNAME": f"LOGNAME={host.bob} USER={host.bob} HOME=/home/{host.bob} {release}",
        "sudo with a variable": f"sudo -n -u {host.service} SUDO_UID={bob_uid} {release}",
        "sudo -E": f"SUDO_UID={bob_uid} sudo -n -E -u {host.service} {release}",
        "sudo --preserve-env": f"SUDO_UID={bob_uid} sudo -n --preserve-env=SUDO_UID"
                               f" -u {host.service} {release}",
    }  # fmt: skip
    for name, command in attempts.items():
        done = host.ssh(host.alice, command)
        assert done.returncode != 0, (name, done.stdout)
        if "sudo" not in name:
            assert f"OPERATOR {host.alice.upper()} (COLLECTOR) MAY NOT" in done.stderr, name
    for what in (f"{host.program} --db /tmp/{host.tag}.db db init", f"{host.program} --db"
                 f" /tmp/{host.tag}.db account show 7300001"):  # fmt: skip
        done = host.ssh(host.alice, what)
        assert done.returncode == 3 and "AR0062E" in done.stderr, done.stderr
    for forbidden in (f"sudo -n -u {host.service} /bin/sh -c id",
                      f"sudo -n -u {host.service} {host.prefix}/venv/bin/python -c 1",
                      f"sudo -n -u {host.service} sqlite3 {host.db} .tables"):  # fmt: skip
        done = host.ssh(host.alice, forbidden)
        assert done.returncode != 0, forbidden
    op = host.ssh(host.alice, f"{host.program} operator add {host.carol} --role admin")
    assert op.returncode == 3 and "MAY NOT" in op.stderr


def test_the_tui_over_ssh_shows_the_collector_on_row_one(host: Host) -> None:
    term = Terminal(_tmux_or_skip(), [*host.ssh_command(host.alice, tty=True), host.program],
                    {"TERM": "xterm-256color"})  # fmt: skip
    try:
        shown = term.wait_for("PF1=Help", timeout=60)
        top = shown.splitlines()[0]
        assert top.startswith("MENU") and f"OPER {host.alice.upper()[:8]}" in top
        term.keys("F3")
        term.wait_for("EXITED 0", timeout=30)
    finally:
        term.close()


def test_force_command_gives_the_tui_and_no_shell(host: Host) -> None:
    """sshd's ForceCommand runs ar-tui whatever is asked, and without -t it refuses at once."""
    done = host.ssh(host.carol, "cat /etc/passwd")
    assert done.returncode == 2 and "root:" not in done.stdout
    assert done.stderr.strip().startswith("AR0060E THE TUI NEEDS A TERMINAL")


def test_billing_hands_over_her_own_private_file_and_not_the_database(host: Host) -> None:
    """Her own 0600 bank file is opened by her own process and handed over on stdin; the
    database is a path her process cannot open, so ar-tui never sees it."""
    csv = (
        "received_date,amount,method,reference,account_number\n2026-11-20,25.00,check,77,7300002\n"
    )
    made = subprocess.run(
        [*host.ssh_command(host.lisa), "umask 077; cat > lockbox.csv; ls -l lockbox.csv"],
        input=csv, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert made.returncode == 0 and made.stdout.startswith("-rw-------"), made.stderr
    dry = host.ssh(host.lisa, f"{host.program} import payments lockbox.csv --dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.startswith("DRY RUN CSV lockbox.csv: 1 ITEMS")
    stolen = host.ssh(host.lisa, f"{host.program} import payments {host.db} --dry-run")
    assert stolen.returncode == 3 and "Permission denied" in stolen.stderr.replace(
        "PERMISSION DENIED", "Permission denied"
    )
    assert "SQLite" not in stolen.stderr and stolen.stdout == ""
