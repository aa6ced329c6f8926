"""What the roles, limits and locks cost a person's change, on a large database.

Usage:
    python benchmarks/bench_guards.py --db big.db [--runs 300]

Every change a person makes now checks its role, the account's lock and (for money) the
day's limit inside its transaction. This posts payments and logs contacts through the
services on random accounts of a copy of the database, times the checks alone, and
prints both beside the floor: bare sqlite3 committing one row per transaction with the
same pragmas (synchronous FULL, WAL), which is what any durable change costs here.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from copies import copy_of

from ar_tui.services import contacts, limits, locks, payments
from ar_tui.services.session import Session, open_session
from ar_tui.store import connection


def median_ms(fn: Callable[[int], object], runs: int) -> float:
    times = []
    for n in range(runs):
        start = time.perf_counter()
        fn(n)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def floor_ms(folder: Path, runs: int) -> float:
    """One row committed per transaction, bare sqlite3, the store's pragmas."""
    conn = sqlite3.connect(folder / "floor.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    connection.configure(conn)
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, account INTEGER, cents INTEGER)")

    def write(n: int) -> None:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO t(account, cents) VALUES (?, ?)", (n, 1000))
        conn.execute("COMMIT")

    result = median_ms(write, runs)
    conn.close()
    return result


def checks_ms(session: Session, numbers: list[str], runs: int) -> float:
    """The role, the lock and the limit, read in one write transaction, nothing written."""
    ids = [
        session.store.connection()
        .execute("SELECT id FROM accounts WHERE account_number = ?", (n,))
        .fetchone()[0]
        for n in numbers
    ]

    def check(n: int) -> None:
        session.require("payment.post")
        with session.store.read() as conn:
            locks.guard_in(session, conn, ids[n % len(ids)], "payment.post")
            limits.remaining_in(session, conn, "writeoff")

    return median_ms(check, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-guards-") as scratch:
        folder = Path(scratch)
        db = copy_of(args.db, folder, "guards.db")
        session = open_session(db)
        (count,) = session.store.connection().execute("SELECT count(*) FROM accounts").fetchone()
        rng = random.Random(11)
        numbers = [str(1_000_000 + rng.randrange(count)) for _ in range(args.runs)]
        other = open_session(db)  # another operator's session holds some accounts
        for number in numbers[: args.runs // 10]:
            locks.acquire(other, str(int(number) + 1), other.session_id)
        floor = floor_ms(folder, args.runs)
        guard = checks_ms(session, numbers, args.runs)
        post = median_ms(
            lambda n: payments.post_payment(session, numbers[n], 1000, "check", f"B{n}"),
            args.runs,
        )
        contact = median_ms(
            lambda n: contacts.log_contact(session, numbers[n], "letter", "left_message"),
            args.runs,
        )
        print(f"accounts                  {count:>12,}")
        print(f"floor: one durable commit {floor:>9.2f} ms  (bare sqlite3, synchronous FULL)")
        print(f"checks alone              {guard:>9.3f} ms  ({guard / floor:.2f} x floor)")
        print(f"post one payment          {post:>9.2f} ms  ({post / floor:.2f} x floor;"
              f" checks {100 * guard / post:.1f}%)")  # fmt: skip
        print(f"log one contact           {contact:>9.2f} ms  ({contact / floor:.2f} x floor;"
              f" checks {100 * guard / contact:.1f}%)")  # fmt: skip


if __name__ == "__main__":
    main()
