"""Post a bank file of 100,000 payments on a large database; compare with bare executemany.

Usage:
    python benchmarks/bench_payments.py --db big.db [--payments 100000] [--in-place]

Target (issue 3): at least 20,000 payments per second, and no more than 5 times the
time bare sqlite3 `executemany` takes to write the same number of ledger rows. The
file is posted for real, into a copy of the database unless --in-place (then the
database keeps the batch, and every run finds a bigger ledger).

Also prints where the import's time went (reading the file, look-ups, each bulk
write, the commit with its WAL checkpoint) and how much it wrote to the WAL, which
is what a bank file spread over a large database costs.
"""

from __future__ import annotations

import argparse
import functools
import random
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from copies import copy_of

from ar_tui.services import batches
from ar_tui.services.session import open_session
from ar_tui.store import connection, matching
from ar_tui.store import payments as payment_store


def write_file(path: Path, payments: int, accounts: int, seed: int) -> None:
    rng = random.Random(seed)
    lines = ["received_date,amount,method,reference,account_number"]
    for n in range(payments):
        account = 1_000_000 + rng.randrange(accounts)
        cents = rng.randrange(500, 150_000)
        lines.append(f"2026-11-24,{cents // 100}.{cents % 100:02d},check,B{seed}-{n},{account}")
    path.write_text("\n".join(lines) + "\n")


def floor_seconds(db: Path, rows: int, spread: bool) -> float:
    """Bare executemany of `rows` ledger rows in one transaction (rolled back).

    `spread` False writes them for a thousand accounts (every page stays in cache);
    True spreads them over every account and item as a bank file's payments are,
    in account order as the import writes them.
    """
    session = open_session(db)
    conn = session.store.connection()
    conn.execute("PRAGMA cache_size = -262144")
    (accounts,) = conn.execute("SELECT count(*) FROM accounts").fetchone()
    (items,) = conn.execute("SELECT max(id) FROM items").fetchone()
    rng = random.Random(7)
    data = sorted(
        (
            rng.randrange(1, accounts + 1) if spread else 1 + n % 1000,
            rng.randrange(1, items + 1) if spread else None,
            "payment",
            -100,
            "2026-11-25",
            "bench",
            "2026-11-25T00:00:00+00:00",
        )
        for n in range(rows)
    )
    conn.execute("BEGIN IMMEDIATE")
    start = time.perf_counter()
    conn.executemany(
        "INSERT INTO ledger(account_id, item_id, entry_type, amount_cents, business_date, memo,"
        " created_at) VALUES (?,?,?,?,?,?,?)",
        data,
    )
    seconds = time.perf_counter() - start
    conn.execute("ROLLBACK")
    session.store.close()
    return seconds


class _TimedConnection(sqlite3.Connection):
    """Adds each bulk write's and the commit's time to `spent`."""

    spent: defaultdict[str, float] = defaultdict(float)

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        start = time.perf_counter()
        try:
            return super().execute(sql, *args)
        finally:
            if sql.startswith("COMMIT"):
                self.spent["COMMIT (and the WAL checkpoint it runs)"] += time.perf_counter() - start

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        start = time.perf_counter()
        try:
            return super().executemany(sql, *args)
        finally:
            if "wanted_" not in sql:
                self.spent["write: " + " ".join(sql.replace("(", " ").split()[:3])] += (
                    time.perf_counter() - start
                )


@contextmanager
def timed_phases(spent: defaultdict[str, float]) -> Iterator[None]:
    """Time the import's look-ups, bulk writes and commit while the block runs."""
    patched: list[tuple[Any, str, Callable[..., Any]]] = []

    def wrap(module: Any, name: str, label: str) -> None:
        original = getattr(module, name)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label] += time.perf_counter() - start

        patched.append((module, name, original))
        setattr(module, name, timed)

    wrap(batches, "read_file", "read and check the file")
    wrap(batches, "match_items", "match: account, document, policy look-ups")
    wrap(matching, "account_states", "read account states")
    wrap(payment_store, "open_items_of", "read open items")
    connect = connection.sqlite3.connect
    _TimedConnection.spent = spent
    connection.sqlite3.connect = functools.partial(connect, factory=_TimedConnection)  # type: ignore[assignment]
    try:
        yield
    finally:
        connection.sqlite3.connect = connect
        for module, name, original in patched:
            setattr(module, name, original)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--in-place", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.db.parent) as folder:
        db = args.db if args.in_place else copy_of(args.db, Path(folder), "payments.db")
        measure(db, args.payments, args.seed, Path(folder))
    return 0


def measure(db: Path, payments: int, seed: int, folder: Path) -> None:
    """Import a generated file into `db`, then time the floors on the same database."""
    spent: defaultdict[str, float] = defaultdict(float)
    with timed_phases(spent):
        session = open_session(db)
        conn = session.store.connection()
        (accounts,) = conn.execute("SELECT count(*) FROM accounts").fetchone()
        ledger_before = conn.execute("SELECT max(id) FROM ledger").fetchone()[0]
        path = folder / f"payments-{seed}.csv"
        write_file(path, payments, accounts, seed)
        # An empty log first, so its size afterwards is what the import wrote to it.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        wal = Path(f"{db}-wal")
        spent.clear()
        start = time.perf_counter()
        report = batches.import_payments(session, path)
        seconds = time.perf_counter() - start
        wal_bytes = wal.stat().st_size if wal.exists() else 0
    (ledger_rows,) = conn.execute(
        "SELECT count(*) FROM ledger WHERE id > ?", (ledger_before,)
    ).fetchone()
    session.store.close()
    print(f"accounts in database: {accounts:,}")
    print(
        f"import payments: {report.items:,} payments in {seconds:.2f} s ="
        f" {report.items / seconds:,.0f} payments/s (target >= 20,000/s);"
        f" {report.matched:,} matched, {ledger_rows:,} ledger rows written"
    )
    for label, phase_seconds in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {phase_seconds:6.2f} s  {label}")
    rest = seconds - sum(spent.values())
    print(f"  {rest:6.2f} s  the rest: checks, allocation and rows in Python, small queries")
    print(f"  written to the WAL: {wal_bytes / 2**20:,.0f} MiB")
    for spread, label in ((False, "for 1,000 accounts"), (True, "spread over all accounts")):
        floor = floor_seconds(db, payments, spread)
        print(
            f"floor: bare executemany of {payments:,} ledger rows {label}: {floor:.2f} s;"
            f" import / floor = {seconds / floor:.1f}x (target <= 5x)"
        )


if __name__ == "__main__":
    raise SystemExit(main())
