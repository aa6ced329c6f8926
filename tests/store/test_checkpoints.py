"""No save copies the log into the database (SQLite's automatic checkpoint made a post take
130 ms); a store that wrote does it when it closes, and the TUI on a timer."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ar_tui.store.connection import Store

BLOB = b"x" * 40_000  # ten pages a commit


def rows_in_the_file(db: Path) -> int:
    """What the database file itself holds, the log not read (as after a crash of the log)."""
    conn = sqlite3.connect(f"file:{db}?immutable=1", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM upkeep_probe").fetchone()[0])
    finally:
        conn.close()


def test_saves_leave_the_log_alone_and_closing_the_store_checkpoints(demo_db: Path) -> None:
    store = Store.open(demo_db)
    conn = store.connection()
    assert conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    with store.write() as c:
        c.execute("CREATE TABLE upkeep_probe (data BLOB)")
    store.checkpoint()
    # 150 commits of ten pages: SQLite's default would have checkpointed at 1,000 pages.
    for _ in range(150):
        with store.write() as c:
            c.execute("INSERT INTO upkeep_probe VALUES (?)", (BLOB,))
    assert rows_in_the_file(demo_db) == 0
    assert Path(f"{demo_db}-wal").stat().st_size > 1_500 * 4096
    assert store.checkpoint_if_written() is True
    assert rows_in_the_file(demo_db) == 150
    assert store.checkpoint_if_written() is False  # nothing written since
    with store.write() as c:
        c.execute("INSERT INTO upkeep_probe VALUES (?)", (BLOB,))
    assert rows_in_the_file(demo_db) == 150
    store.close()
    assert rows_in_the_file(demo_db) == 151


def test_a_store_that_only_read_does_not_checkpoint_when_it_closes(demo_db: Path) -> None:
    writer = Store.open(demo_db)
    with writer.write() as c:
        c.execute("CREATE TABLE upkeep_probe (data BLOB)")
    writer.checkpoint()
    with writer.write() as c:
        c.execute("INSERT INTO upkeep_probe VALUES (?)", (BLOB,))
    reader = Store.open(demo_db)
    with reader.read() as c:
        assert c.execute("SELECT count(*) FROM upkeep_probe").fetchone()[0] == 1
    reader.close()
    assert rows_in_the_file(demo_db) == 0
    writer.close()
    assert rows_in_the_file(demo_db) == 1
