"""Opening the SQLite file by the store rules: WAL, synchronous FULL, foreign keys, busy timeout."""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path

from ar_tui.domain.errors import ArError, Busy, NotFound
from ar_tui.store import turns
from ar_tui.store.schema import LATEST_VERSION, MIGRATIONS, REBUILDS

BUSY_TIMEOUT_MS = 10_000
MIN_SQLITE = (3, 37, 0)  # STRICT tables


def configure(conn: sqlite3.Connection) -> None:
    """The pragmas every connection runs with (journal mode is persistent in the file).

    No automatic checkpoint: SQLite would copy the log into the database as part of
    whichever COMMIT crossed its threshold, a person's save among them (a post then took
    130 ms, not 1). Checkpoints run where no one waits for them: between a bank file's
    chunks, on the TUI's timer, and when a command closes its store (`checkpoint`).
    """
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")


class Store:
    """One SQLite file. Each thread gets its own connection; writes go through `write()`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        # Every thread connects to the one file the path named at open: resolved once, and
        # held to its inode, so a link flipped between two files cannot give one session two.
        self._real = Path(os.path.realpath(self.path))
        self._inode: tuple[int, int] | None = None
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._when_idle: list[Callable[[], None]] = []
        self._wrote = False  # since the last checkpoint

    # -- opening --------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path) -> Store:
        """Create a new database file with the latest schema; refuses an existing file."""
        path = Path(path)
        if path.exists():
            raise ArError("AR0010E", f"DATABASE {path} ALREADY EXISTS: NOT OVERWRITTEN")
        for leftover in (Path(f"{path}-wal"), Path(f"{path}-shm")):
            if leftover.exists():
                raise ArError(
                    "AR0017E", f"{leftover} IS LEFT FROM ANOTHER DATABASE: REMOVE IT FIRST"
                )
        _check_sqlite_version()
        for folder in reversed([p for p in path.parents if not p.exists()]):
            folder.mkdir(mode=0o700)
        # The file is made 0600 before SQLite opens it: its -wal and -shm files take the
        # database's own mode, so no one but its owner ever reads a customer's data.
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise ArError("AR0010E", f"DATABASE {path} ALREADY EXISTS: NOT OVERWRITTEN") from None
        except OSError as exc:
            raise ArError("AR0018E", f"DATABASE {path} CANNOT BE CREATED: {exc.strerror}") from None
        os.chmod(path, 0o600)  # os.open's mode passes through the umask
        store = cls(path)
        conn = store.connection()
        conn.execute("PRAGMA journal_mode = WAL")
        store.migrate()
        return store

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open an existing database and bring its schema up to date."""
        path = Path(path)
        if not path.exists():
            raise NotFound("AR0011E", f"DATABASE {path} NOT FOUND: CREATE IT WITH `ar-tui db init`")
        _check_sqlite_version()
        if not os.access(path, os.R_OK):
            raise ArError("AR0019E", f"DATABASE {path} CANNOT BE READ BY THIS PROCESS")
        store = cls(path)
        try:
            store.migrate()
        except ArError:
            store.close()
            raise
        except sqlite3.OperationalError as exc:
            store.close()
            raise refusal(exc, path) from exc
        except sqlite3.DatabaseError as exc:
            store.close()
            raise ArError("AR0012E", f"{path} IS NOT AN AR-TUI DATABASE ({exc})") from exc
        return store

    def connection(self) -> sqlite3.Connection:
        """This thread's connection, in autocommit mode so transactions are explicit."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self._real, isolation_level=None, check_same_thread=False)
            self._hold_inode(conn)
            configure(conn)
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    def _hold_inode(self, conn: sqlite3.Connection) -> None:
        try:
            st = os.stat(self._real)
        except OSError:
            return  # SQLite itself says what is wrong with the file at the first query
        inode = (st.st_dev, st.st_ino)
        if self._inode is None:
            self._inode = inode
        elif inode != self._inode:
            conn.close()
            raise ArError(
                "AR0905E", f"DATABASE {self.path} WAS REPLACED WHILE IN USE: NOTHING DONE"
            )

    def close(self) -> None:
        """Close every connection this store opened, in every thread; what this store
        wrote is checkpointed into the database first."""
        if self._wrote:
            with suppress(sqlite3.Error, ArError):
                self.checkpoint()
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()

    # -- transactions ---------------------------------------------------------------

    def when_idle(self, job: Callable[[], None]) -> None:
        """Run `job` (a write of its own) now, or once this thread's transaction has ended:
        a refused attempt is audited after the attempt itself rolled back."""
        self._when_idle.append(job)
        if not self.connection().in_transaction:
            self._run_idle_jobs()

    def _run_idle_jobs(self) -> None:
        while self._when_idle:
            self._when_idle.pop(0)()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One `BEGIN IMMEDIATE` transaction: committed on success, rolled back on any error.

        It waits and runs in its turn (see `turns`): a bank file posting in chunks lets it
        in between two of them.
        """
        try:
            with turns.in_turn(self._real, BUSY_TIMEOUT_MS / 1000), self._transaction() as conn:
                yield conn
        finally:
            # Jobs waiting for the transaction to end write on their own: out of turn here,
            # they would wait for the writer's lock this thread still held.
            self._run_idle_jobs()

    def make_way(self) -> bool:
        """Between two chunks of a long job: the saves waiting now go first (see `turns`)."""
        return turns.make_way(self._real)

    def checkpoint(self) -> None:
        """Copy what the log holds into the database, as far as readers allow; writers go on
        meanwhile (a passive checkpoint takes no write lock)."""
        self._wrote = False
        self.connection().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()

    def checkpoint_if_written(self) -> bool:
        """Checkpoint when this store wrote since the last one (the TUI's timer)."""
        if not self._wrote:
            return False
        self.checkpoint()
        return True

    def only_import(self) -> AbstractContextManager[None]:
        """Held while a bank file posts: one at a time per database (see `turns`)."""
        return turns.only_import(self._real)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        conn = self.connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise refusal(exc, self.path) from exc
        try:
            yield conn
        except sqlite3.OperationalError as exc:  # busy, read-only, disk: one line, not a trace
            self._rollback(conn)
            raise refusal(exc, self.path) from exc
        except BaseException:
            self._rollback(conn)
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            self._rollback(conn)
            raise refusal(exc, self.path) from exc
        self._wrote = True

    def _rollback(self, conn: sqlite3.Connection) -> None:
        """Roll back what is left of the transaction (SQLite ends some itself on an error)."""
        if conn.in_transaction:
            conn.execute("ROLLBACK")

    @contextmanager
    def large_cache(self, mebibytes: int = 256) -> Iterator[None]:
        """A bigger page cache for one bulk write (a bank file), back to the default after.

        A batch touches pages all over a large database; with the default 2 MB cache
        SQLite spills dirty pages to the log mid-transaction and reads them back.
        """
        conn = self.connection()
        before = conn.execute("PRAGMA cache_size").fetchone()[0]
        conn.execute(f"PRAGMA cache_size = -{mebibytes * 1024}")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA cache_size = {before}")
            conn.execute("PRAGMA shrink_memory")

    @contextmanager
    def read(self) -> Iterator[sqlite3.Connection]:
        """A read transaction, so the queries of one screen see one consistent state."""
        conn = self.connection()
        if conn.in_transaction:
            yield conn
            return
        conn.execute("BEGIN DEFERRED")
        try:
            yield conn
        finally:
            conn.execute("COMMIT")
            self._run_idle_jobs()

    # -- bulk loading a new file ------------------------------------------------------

    def bulk_load_mode(self) -> None:
        """No journal and no fsync: only for a scratch file that is discarded if a load fails."""
        conn = self.connection()
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        conn.execute("PRAGMA cache_size = -200000")

    def finish_bulk_load(self) -> None:
        """Statistics for the query planner, then back to the store rules (WAL)."""
        conn = self.connection()
        conn.execute("ANALYZE")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")

    # -- schema ---------------------------------------------------------------------

    def schema_version(self) -> int:
        conn = self.connection()
        return int(conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self) -> list[int]:
        """Run every migration newer than the file's version, each in its own transaction."""
        applied = []
        current = self.schema_version()
        if current > LATEST_VERSION:
            raise ArError(
                "AR0013E",
                f"DATABASE SCHEMA {current} IS NEWER THAN THIS PROGRAM ({LATEST_VERSION})",
            )
        for version in sorted(v for v in MIGRATIONS if v > current):
            _name, migration = MIGRATIONS[version]
            conn = self.connection()
            if version in REBUILDS:
                conn.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction
            try:
                with self.write() as conn:
                    migration(conn)
                    conn.execute(f"PRAGMA user_version = {version}")
            finally:
                conn.execute("PRAGMA foreign_keys = ON")
            applied.append(version)
        return applied


def refusal(exc: sqlite3.Error, path: Path | None) -> ArError:
    """The one-line message for a database that is busy, read-only or cannot be opened."""
    text = str(exc)
    path = path or Path("(the database)")
    if "locked" in text or "busy" in text:
        return Busy("AR0901E", "THE DATABASE IS BUSY WITH ANOTHER SESSION'S WORK: TRY AGAIN")
    if "readonly" in text or "read-only" in text:
        return ArError("AR0903E", f"DATABASE {path} IS READ-ONLY FOR THIS PROCESS: NOTHING CHANGED")
    return ArError("AR0904E", f"DATABASE {path} CANNOT BE USED: {text.upper()}")


def _check_sqlite_version() -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        wanted = ".".join(map(str, MIN_SQLITE))
        raise ArError(
            "AR0014E", f"SQLITE {sqlite3.sqlite_version} IS TOO OLD: {wanted} OR NEWER NEEDED"
        )
