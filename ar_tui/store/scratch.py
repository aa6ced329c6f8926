"""Temp tables of keys, so a look-up of many keys is one indexed join, not many queries."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable


def fill_ids(conn: sqlite3.Connection, ids: Iterable[int]) -> int:
    """Put `ids` in temp table `wanted_accounts` (replacing what was there); how many."""
    wanted = sorted(set(ids))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_accounts (id INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM wanted_accounts")
    conn.executemany("INSERT INTO wanted_accounts VALUES (?)", ((i,) for i in wanted))
    return len(wanted)


def fill_keys(conn: sqlite3.Connection, keys: Iterable[str]) -> int:
    """Put `keys` in temp table `wanted_keys` (replacing what was there); how many."""
    wanted = sorted(set(keys))
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_keys (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM wanted_keys")
    conn.executemany("INSERT INTO wanted_keys VALUES (?)", ((k,) for k in wanted))
    return len(wanted)
