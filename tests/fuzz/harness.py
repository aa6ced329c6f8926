"""Running the real `ar-tui` command in this process and judging what it did.

Every fuzz example runs `ar_tui.cli.main([...])` on a private copy of one demo database
and then checks the contract of the README: exit 0, 2 or 3; a refusal is exactly one
line on stderr that starts with a message id, and changes nothing in the database; never
a traceback.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ar_tui.cli import main

MESSAGE = re.compile(r"AR\d{4}[EWI] ")
ALLOWED_EXITS = {0, 2, 3}


@dataclass(frozen=True)
class Outcome:
    argv: tuple[str, ...]
    code: int
    out: str
    err: str

    def __str__(self) -> str:
        return f"ar-tui {' '.join(self.argv)} -> exit {self.code}\nstdout: {self.out!r}\nstderr: {self.err!r}"


def run_cli(*argv: str) -> Outcome:
    """`ar-tui ARGV` in this process; argparse's SystemExit is an exit code like any other."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse: --help, or a usage error (2)
            code = exc.code if isinstance(exc.code, int) else 2
    return Outcome(tuple(argv), code, out.getvalue(), err.getvalue())


def check_contract(outcome: Outcome) -> None:
    """Exit 0, 2 or 3; no traceback; a refusal is one line that starts with a message id."""
    assert outcome.code in ALLOWED_EXITS, f"exit code outside {{0, 2, 3}}\n{outcome}"
    for stream in (outcome.out, outcome.err):
        assert "Traceback (most recent call last)" not in stream, f"a traceback\n{outcome}"
    if outcome.code != 0:
        lines = outcome.err.splitlines()
        assert len(lines) == 1, f"a refusal must be exactly one line on stderr\n{outcome}"
        assert MESSAGE.match(lines[0]), f"the refusal does not start with a message id\n{outcome}"
        assert outcome.err.endswith("\n"), f"the refusal line has no end of line\n{outcome}"


# Tables whose rows any command may touch without changing the books: none, so far. The
# optimizer's statistics are not data.
NOT_DATA = {"sqlite_stat1", "sqlite_sequence"}


def db_digest(path: Path) -> str:
    """A checksum of every row of every table: equal digests, nothing written."""
    digest = hashlib.sha256()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
            if name not in NOT_DATA
        ]
        for table in tables:
            digest.update(table.encode())
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid'):
                digest.update(repr(row).encode())
    finally:
        conn.close()
    return digest.hexdigest()


def table_counts(path: Path, tables: Sequence[str]) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def query(path: Path, sql: str, params: Sequence[object] = ()) -> list[tuple]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class Template:
    """A demo database built once by `ar-tui db init --demo` (you are its administrator),
    the digest of its rows and the checksum of its file."""

    path: Path
    digest: str
    sha: str


def changed_tables(db: Path, template: Template) -> list[str]:
    """The tables whose rows differ between `db` and the template (for failure reports)."""

    def rows(path: Path) -> dict[str, list[tuple]]:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            names = [
                n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            return {
                n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names
            }
        finally:
            conn.close()

    before, after = rows(template.path), rows(db)
    return sorted(
        t
        for t in before.keys() | after.keys()
        if before.get(t) != after.get(t) and t not in NOT_DATA
    )


def unchanged(db: Path, template: Template) -> bool:
    """Nothing was written: the same file (no committed WAL), or else the same rows."""
    wal = Path(f"{db}-wal")
    if (not wal.exists() or wal.stat().st_size == 0) and file_sha(db) == template.sha:
        return True
    return db_digest(db) == template.digest


def assert_unchanged(db: Path, template: Template, outcome: Outcome) -> None:
    if not unchanged(db, template):
        raise AssertionError(
            f"the database changed (tables {changed_tables(db, template)})\n{outcome}"
        )


@contextlib.contextmanager
def sandbox(template: Template, base: Path) -> Iterator[Path]:
    """A private folder holding a copy of the template database as `ar.db`, removed after."""
    folder = Path(tempfile.mkdtemp(prefix="ex-", dir=base))
    try:
        db = folder / "ar.db"
        shutil.copyfile(template.path, db)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
