"""A benchmark's own copy of a large database, so runs that write start from the same state."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path


def copy_of(db: Path, folder: Path, name: str) -> Path:
    """Copy `db` (its log checkpointed in first) to `folder/name`, flushed to disk.

    The flush keeps the kernel from writing the fresh gigabytes back while the
    benchmark measures.
    """
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    target = folder / name
    shutil.copyfile(db, target)
    os.sync()
    return target
