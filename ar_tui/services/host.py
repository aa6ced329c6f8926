"""A shared host set up for ar-tui: the service account, its folders, sudo's rule, sshd's snippet.

Collectors never get file access: the database and everything written beside it belong
to one service account, and people run ar-tui as that account through sudo (a rule that
allows this one program and resets the environment) or through sshd's ForceCommand.
"""

from __future__ import annotations

import grp
import os
import pwd
import shlex
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import ar_tui
from ar_tui.domain.errors import ArError, UsageError
from ar_tui.services import databases
from ar_tui.services.identity import login_of

ETC = Path("/etc")
SUDOERS_NAME = "ar-tui"
# What sudo keeps of the person's environment: the terminal and their look, nothing else.
KEPT_VARIABLES = "TERM COLORTERM NO_COLOR LANG LC_ALL AR_TUI_THEME AR_TUI_KEYMAP"
SECURE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
DATA_FOLDERS = ("exhibits", "rejects")


@dataclass(frozen=True)
class HostPlan:
    """What `host install` sets up and `host check` checks."""

    service_user: str
    group: str
    db: Path
    program: Path
    config_file: Path = ETC / "ar-tui" / "config.toml"
    sudoers_file: Path = ETC / "sudoers.d" / SUDOERS_NAME


def sudoers_rule(plan: HostPlan) -> str:
    """The drop-in for /etc/sudoers.d: the group runs ar-tui, and only ar-tui, as the service
    account, with a reset environment and no variables of their own."""
    program = str(plan.program)
    return (
        f"# Written by `ar-tui host install`: members of {plan.group} run ar-tui, and only\n"
        f"# ar-tui, as {plan.service_user}. Check with `visudo -c`; edit with `visudo -f`.\n"
        f"Cmnd_Alias AR_TUI = {program}, {program} *\n"
        f'Defaults!AR_TUI env_reset, !setenv, env_keep = "{KEPT_VARIABLES}"\n'
        f'Defaults!AR_TUI secure_path = "{SECURE_PATH}"\n'
        f"%{plan.group} ALL = ({plan.service_user}) NOPASSWD: AR_TUI\n"
    )


def sshd_snippet(plan: HostPlan, group: str | None = None) -> str:
    """For sshd_config: members of the group get ar-tui and nothing else (no shell, no
    forwarding); ar-tui itself refuses at once when `ssh` gives it no terminal."""
    command = shlex.join(["/usr/bin/sudo", "-n", "-u", plan.service_user, "--", str(plan.program)])
    return (
        f"# ar-tui: members of {group or plan.group} get the TUI and nothing else. sshd runs\n"
        "# the command through the login's shell: give these logins a home they cannot write\n"
        "# (root's, with no shell rc files of theirs) so no ~/.bashrc runs before it.\n"
        f"Match Group {group or plan.group}\n"
        f"    ForceCommand {command}\n"
        "    PermitTTY yes\n"
        "    DisableForwarding yes\n"
        "    PermitTunnel no\n"
        "    PermitUserRC no\n"
    )


def config_text(plan: HostPlan) -> str:
    return (
        "# Written by `ar-tui host install`: the database every login shares, and the\n"
        "# service account ar-tui runs as for them (through sudo).\n"
        f"db = {str(plan.db)!r}\n"
        f"service_user = {plan.service_user!r}\n"
        f"program = {str(plan.program)!r}\n"
        f"group = {plan.group!r}\n"
    ).replace("'", '"')


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _require_root() -> None:
    if os.geteuid() != 0:
        raise ArError("AR0050E", "HOST INSTALL AND HOST CHECK RUN AS ROOT (sudo ar-tui host ...)")


def _check_names(plan: HostPlan) -> None:
    for what, name in (("SERVICE USER", plan.service_user), ("GROUP", plan.group)):
        if not name or not name.replace("-", "").replace("_", "").isalnum() or len(name) > 32:
            raise UsageError("AR0051E", f"{what} {name!r} IS NOT A VALID NAME")
    if not plan.db.is_absolute() or not plan.program.is_absolute():
        raise UsageError("AR0052E", "--db AND --program MUST BE ABSOLUTE PATHS")
    if not plan.program.is_file():
        raise UsageError("AR0053E", f"PROGRAM {plan.program} IS NOT A FILE")


def _ensure_group(name: str, system: bool, said: list[str]) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        done = _run(["groupadd", *(["--system"] if system else []), name])
        if done.returncode:
            raise ArError("AR0054E", f"GROUPADD {name} FAILED: {done.stderr.strip()}") from None
        said.append(f"created group {name}")


def _ensure_service_user(plan: HostPlan, said: list[str]) -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(plan.service_user)
    except KeyError:
        pass
    done = _run([
        "useradd", "--system", "--user-group", "--no-create-home",
        "--home-dir", str(plan.db.parent), "--shell", "/usr/sbin/nologin", plan.service_user,
    ])  # fmt: skip
    if done.returncode:
        raise ArError("AR0055E", f"USERADD {plan.service_user} FAILED: {done.stderr.strip()}")
    said.append(f"created service account {plan.service_user} (no login shell)")
    return pwd.getpwnam(plan.service_user)


def _own(path: Path, owner: pwd.struct_passwd, mode: int, directory: bool) -> None:
    """Give `path` to the service account through a descriptor opened without following a
    link: root never chowns what a link planted in the service's own folder points to."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | (os.O_DIRECTORY if directory else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ArError("AR0069E", f"{path} IS NOT A PLAIN {'FOLDER' if directory else 'FILE'}"
                      f" ({exc.strerror}): NOT TOUCHED") from None  # fmt: skip
    try:
        kind = os.fstat(fd).st_mode
        if not (stat.S_ISDIR(kind) if directory else stat.S_ISREG(kind)):
            raise ArError("AR0069E", f"{path} IS NOT A PLAIN {'FOLDER' if directory else 'FILE'}")
        os.fchown(fd, owner.pw_uid, owner.pw_gid)
        os.fchmod(fd, mode)
    finally:
        os.close(fd)


def _private_folder(
    path: Path, owner: pwd.struct_passwd, said: list[str], dedicated: bool = False
) -> None:
    """A 0700 folder of the service account's; the database's own must not be a folder
    someone else already uses (`--db /srv/ar.db` would take /srv away from root)."""
    if path.is_symlink():
        raise ArError("AR0069E", f"{path} IS A SYMBOLIC LINK: NOT FOLLOWED")
    if not path.exists():
        path.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
        path.mkdir(mode=0o700)
    elif dedicated and path.stat().st_uid != owner.pw_uid and any(path.iterdir()):
        raise ArError("AR0070E", f"{path} HOLDS OTHER FILES: GIVE THE DATABASE A FOLDER OF ITS OWN")
    _own(path, owner, 0o700, directory=True)
    said.append(f"{path}: owner {owner.pw_name}, mode 0700")


def _root_file(path: Path, text: str, mode: int) -> None:
    """Write a root-owned file whole, in place at once (a reader never sees half of it)."""
    for folder in reversed([p for p in path.parents if not p.exists()]):
        folder.mkdir()
        os.chmod(folder, 0o755)  # everyone's ar-tui reads it: the umask must not close it
    handle, scratch = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(text)
    os.chown(scratch, 0, 0)
    os.chmod(scratch, mode)
    os.replace(scratch, path)


def _write_sudoers(plan: HostPlan, said: list[str]) -> None:
    """Checked with `visudo -c` before it is put in place: a broken drop-in would lock
    every sudo user out."""
    text = sudoers_rule(plan)
    plan.sudoers_file.parent.mkdir(mode=0o750, parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=plan.sudoers_file.parent, prefix=".ar-tui.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(scratch, 0o440)
        checked = _run(["visudo", "-c", "-q", "-f", scratch])
        if checked.returncode:
            raise ArError(
                "AR0056E", f"VISUDO REFUSES THE RULE: {(checked.stderr or checked.stdout).strip()}"
            )
        os.replace(scratch, plan.sudoers_file)
    finally:
        Path(scratch).unlink(missing_ok=True)
    said.append(f"{plan.sudoers_file}: mode 0440, checked with visudo -c")


def _own_database_files(plan: HostPlan, owner: pwd.struct_passwd) -> None:
    # SQLite's own, and the lock files writers take turns on
    companions = ("-wal", "-shm", "-turns", "-write", "-import")
    for path in (plan.db, *(Path(f"{plan.db}{suffix}") for suffix in companions)):
        if path.exists() or path.is_symlink():
            _own(path, owner, 0o600, directory=False)


def install(plan: HostPlan, admin_login: str) -> list[str]:
    """Set the host up (root only); returns what was done. Run again, it repairs."""
    _require_root()
    _check_names(plan)
    said: list[str] = []
    _ensure_group(plan.group, system=False, said=said)
    owner = _ensure_service_user(plan, said)
    _private_folder(plan.db.parent, owner, said, dedicated=True)
    for name in DATA_FOLDERS:
        _private_folder(plan.db.parent / name, owner, said)
    if not plan.db.exists():
        pwd.getpwnam(admin_login)  # the first administrator is a login of this host
        databases.init_database(plan.db, admin_login)
        said.append(f"created {plan.db}; {admin_login} is its administrator")
    _own_database_files(plan, owner)
    said.append(f"{plan.db}: owner {owner.pw_name}, mode 0600")
    _root_file(plan.config_file, config_text(plan), 0o644)
    said.append(f"{plan.config_file}: names the database and the service account")
    _write_sudoers(plan, said)
    said.extend(f"warning: {problem}" for problem in program_problems(plan.program))
    return said


@dataclass(frozen=True)
class Problem:
    path: str
    text: str

    def __str__(self) -> str:
        return f"{self.path}: {self.text}"


def _mode_problem(path: Path, owner_uid: int, allowed: int, kind: str) -> Problem | None:
    st = path.lstat()
    if stat.S_ISLNK(st.st_mode):
        return Problem(str(path), "is a symbolic link")
    if st.st_uid != owner_uid:
        return Problem(str(path), f"{kind} owned by {_name(st.st_uid)}, not {_name(owner_uid)}")
    extra = stat.S_IMODE(st.st_mode) & ~allowed
    if extra:
        return Problem(
            str(path), f"mode {stat.S_IMODE(st.st_mode):04o}: {kind} should be {allowed:04o}"
        )
    return None


def _name(uid: int) -> str:
    try:
        return login_of(uid)
    except ArError:
        return str(uid)


def _unsafe_path(path: Path) -> str | None:
    """Why someone other than root could change what `path` is, or None when no one can."""
    for part in (path, *path.parents):
        st = part.stat()
        if st.st_uid != 0:
            return f"{part} is owned by {_name(st.st_uid)}, not root"
        writable = st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        if writable and not (stat.S_ISDIR(st.st_mode) and st.st_mode & stat.S_ISVTX):
            return f"{part} can be written by others (mode {stat.S_IMODE(st.st_mode):04o})"
    return None


def program_problems(program: Path) -> list[Problem]:
    """The program sudo runs, its interpreter and the ar_tui package must be root's alone:
    whoever can change them can act as the service account."""
    found = []
    pieces = [program, Path(ar_tui.__file__).parent]
    first = program.read_bytes()[:200].split(b"\n")[0] if program.is_file() else b""
    if first.startswith(b"#!"):
        pieces.append(Path(first[2:].decode(errors="replace").split()[0]))
    for piece in pieces:
        why = _unsafe_path(piece) if piece.exists() else f"{piece} does not exist"
        if why:
            found.append(Problem("program", why))
    return found


def check(plan: HostPlan) -> list[Problem]:
    """Every mode, owner and rule that is wrong (root only); empty when the host is right."""
    _require_root()
    found: list[Problem] = []
    try:
        owner = pwd.getpwnam(plan.service_user)
    except KeyError:
        return [Problem(plan.service_user, "the service account does not exist")]
    try:
        grp.getgrnam(plan.group)
    except KeyError:
        found.append(Problem(plan.group, "the group does not exist"))
    folder = plan.db.parent
    for path, allowed, kind in (
        (folder, 0o700, "folder"),
        *((folder / name, 0o700, "folder") for name in DATA_FOLDERS),
    ):
        if not path.exists():
            found.append(Problem(str(path), "missing"))
        elif problem := _mode_problem(path, owner.pw_uid, allowed, kind):
            found.append(problem)
    if not plan.db.exists():
        found.append(Problem(str(plan.db), "missing"))
    found.extend(_data_problems(folder, owner.pw_uid))
    found.extend(_config_problems(plan))
    found.extend(_sudoers_problems(plan))
    found.extend(program_problems(plan.program))
    return found


def _data_problems(folder: Path, owner_uid: int) -> list[Problem]:
    """Everything under the data folder: 0600 files and 0700 folders of the service account."""
    found: list[Problem] = []
    if not folder.is_dir():
        return found
    for root, dirs, names in os.walk(folder):
        for name in dirs:
            if problem := _mode_problem(Path(root) / name, owner_uid, 0o700, "folder"):
                found.append(problem)
        for name in names:
            if problem := _mode_problem(Path(root) / name, owner_uid, 0o600, "file"):
                found.append(problem)
    return found


def _config_problems(plan: HostPlan) -> list[Problem]:
    path = plan.config_file
    if not path.exists():
        return [Problem(str(path), "missing: every login would use a database of its own")]
    found = []
    if problem := _mode_problem(path, 0, 0o644, "config"):
        found.append(problem)
    if path.read_text(encoding="utf-8") != config_text(plan):
        found.append(Problem(str(path), "does not name this database, account and program"))
    return found


def _sudoers_problems(plan: HostPlan) -> list[Problem]:
    path = plan.sudoers_file
    if not path.exists():
        return [Problem(str(path), "missing: no one can run ar-tui as the service account")]
    found = []
    if problem := _mode_problem(path, 0, 0o440, "sudoers drop-in"):
        found.append(problem)
    if path.read_text(encoding="utf-8") != sudoers_rule(plan):
        found.append(Problem(str(path), "is not the rule `host install` writes"))
    checked = _run(["visudo", "-c", "-q", "-f", str(path)])
    if checked.returncode:
        found.append(Problem(str(path), f"visudo -c refuses it: {checked.stderr.strip()}"))
    return found
