"""Files people hand us and files we write: checksums, private folders, the service boundary."""

from __future__ import annotations

import hashlib
import os
import pwd
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ar_tui.domain.errors import ArError, NotFound, UsageError
from ar_tui.services.identity import Invoker


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes, read a megabyte at a time."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def private_opener(path: str, flags: int) -> int:
    """For `open(..., opener=private_opener)`: a new file is created 0600, and an existing
    one is made so before anything is written to it."""
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)
    return fd


def make_private_dir(path: Path) -> Path:
    """Create `path` and any missing parents as 0700 folders: what ar-tui writes (exhibits,
    rejects) holds customers' personal data, for the service account's eyes only."""
    missing = []
    for folder in (path, *path.parents):
        if folder.exists():
            break
        missing.append(folder)
    for folder in reversed(missing):
        folder.mkdir(mode=0o700)
        os.chmod(folder, 0o700)  # mkdir's mode passes through the umask
    return path


def _may(st: os.stat_result, uid: int, gids: set[int], bits: tuple[int, int, int]) -> bool:
    """Whether `uid` (in groups `gids`) has the permission `bits` (user, group, other) on it."""
    if uid == 0:
        return True
    if st.st_uid == uid:
        return bool(st.st_mode & bits[0])
    if st.st_gid in gids:
        return bool(st.st_mode & bits[1])
    return bool(st.st_mode & bits[2])


def readable_by(real: Path, uid: int) -> bool:
    """Whether the person `uid` could read file `real` (no symlinks in it) themselves: read
    permission on it and search permission on every folder above it."""
    try:
        entry = pwd.getpwuid(uid)
        gids = set(os.getgrouplist(entry.pw_name, entry.pw_gid))
    except KeyError:
        return False
    read = (stat.S_IRUSR, stat.S_IRGRP, stat.S_IROTH)
    search = (stat.S_IXUSR, stat.S_IXGRP, stat.S_IXOTH)
    if not _may(real.stat(), uid, gids, read):
        return False
    return all(_may(folder.stat(), uid, gids, search) for folder in real.parents)


def searchable_by(folder: Path, uid: int) -> bool:
    """Whether the person `uid` could reach into `folder` (search on it and every folder up)."""
    try:
        entry = pwd.getpwuid(uid)
        gids = set(os.getgrouplist(entry.pw_name, entry.pw_gid))
        search = (stat.S_IXUSR, stat.S_IXGRP, stat.S_IXOTH)
        return all(_may(f.stat(), uid, gids, search) for f in (folder, *folder.parents))
    except (KeyError, OSError):
        return False


def _has_acl(fd: int) -> bool:
    """An access control list can deny what the mode bits allow: such a file is not judged
    by them here."""
    try:
        return "system.posix_acl_access" in os.listxattr(fd)
    except OSError:
        return False


def safe_name(name: str) -> str:
    """A file's name as a person gave it, for a batch's record: a plain base name."""
    base = Path(name).name.strip()
    kept = "".join(ch for ch in base if ch.isprintable())[:100]
    return kept or "stdin"


@contextmanager
def from_stdin(name: str) -> Iterator[Path]:
    """What the person handed on standard input (`ar-tui import payments - < FILE`: their own
    shell opened the file, with their own permissions) as a private copy called `name`."""
    with tempfile.TemporaryDirectory(prefix="ar-tui-") as scratch:
        copy = Path(scratch) / safe_name(name)
        with copy.open("wb") as out:
            shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
        yield copy


@contextmanager
def handed(path: Path, person: Invoker | None) -> Iterator[Path]:
    """A file a person hands ar-tui (a bank file, an extract, a keymap).

    Run for them as the service account, ar-tui could read what they cannot (the database
    itself): so the file is opened first, the opened file is checked against the person's
    own permissions, and what is read afterwards is a private copy of it, which no swap of
    the path in between can change. Outside the service account the path is used as is.
    """
    if person is None or not person.via_service:
        yield path
        return
    refused = ArError(
        "AR0065E", f"{person.login.upper()} CANNOT READ {path} THEMSELVES: NOT READ", "file"
    )
    # Where the person cannot even look, whether the file is there is not theirs to learn.
    if not searchable_by(Path(os.path.realpath(path)).parent, person.uid):
        raise refused
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise NotFound("AR0605E", f"FILE {path} NOT FOUND", "file") from None
    except OSError as exc:
        raise ArError("AR0066E", f"FILE {path} CANNOT BE OPENED: {exc.strerror}", "file") from None
    with os.fdopen(fd, "rb") as handle:
        real = Path(os.readlink(f"/proc/self/fd/{fd}"))
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UsageError("AR0606E", f"{path} IS NOT A FILE", "file")
        if _has_acl(fd):
            raise ArError(
                "AR0072E", f"{path} HAS AN ACCESS LIST: HAND IT ON STDIN"
                " (`ar-tui import payments FILE` DOES)", "file",
            )  # fmt: skip
        if not readable_by(real, person.uid):
            raise refused
        with tempfile.TemporaryDirectory(prefix="ar-tui-") as scratch:
            copy = Path(scratch) / Path(path).name
            with copy.open("wb") as out:
                shutil.copyfileobj(handle, out, 1 << 20)
            yield copy
