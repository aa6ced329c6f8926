"""A bank file of 100,000 payments on a large database, beside its fair floor; PAYP's latency;
collectors' saves while a file posts.

Usage:
    python benchmarks/bench_payments.py --db big.db [--small small.db] [--payments 100000]
        [--collectors 10,50] [--think 5] [--runs 300] [--seed N]

Prints, all measured in this run:

1. The import: payments/s, and the longest and p99 hold of the writer by one chunk.
2. The fair floor: bare sqlite3 writing exactly the rows the import wrote (its payments,
   ledger rows, item updates, batch row and exceptions) into an untouched copy of the same
   database, same pragmas, indexes and cache, in one transaction, committed and
   checkpointed; and the ratio import / floor (target <= 2x). Both times include the
   final checkpoint of the log into the database file.
3. PAYP at the service level: preview and post, p50 and p99, on `--db` and on `--small`
   (built with 100,000 accounts when not given); the ratio of the large p99 to the small
   (target: post p99 <= 5 ms on 1M accounts, ratio <= 1.3).
4. While another file of `--payments` imports: N collectors (separate processes) each
   posting a payment every `--think` seconds on average (5: a fast collector; people save
   a contact or a payment every half minute or so); p50, p99 and the longest save, and how
   many failed (targets at N = 50: p99 <= 250 ms, max <= 1 s, no failure).

The database given is never written: the work happens on copies in a temporary folder
beside it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from copies import copy_of

from ar_tui.domain.errors import ArError, Busy
from ar_tui.services import batches, databases, payments
from ar_tui.services.session import Session, open_session
from ar_tui.store import connection


def write_file(path: Path, payments_count: int, accounts: int, seed: int) -> None:
    rng = random.Random(seed)
    lines = ["received_date,amount,method,reference,account_number"]
    for n in range(payments_count):
        account = 1_000_000 + rng.randrange(accounts)
        cents = rng.randrange(500, 150_000)
        lines.append(f"2026-11-24,{cents // 100}.{cents % 100:02d},check,B{seed}-{n},{account}")
    path.write_text("\n".join(lines) + "\n")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


class HoldTimer(sqlite3.Connection):
    """Records how long each write transaction held the lock: BEGIN IMMEDIATE granted to
    COMMIT done."""

    holds: list[float] = []
    began = 0.0

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        result = super().execute(sql, *args)
        if sql.startswith("BEGIN IMMEDIATE"):
            HoldTimer.began = time.perf_counter()
        elif sql.startswith("COMMIT") and HoldTimer.began:
            HoldTimer.holds.append(time.perf_counter() - HoldTimer.began)
            HoldTimer.began = 0.0
        return result


def checkpoint(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def import_file(db: Path, path: Path) -> tuple[batches.BatchReport, float, list[float]]:
    """Import `path` into `db`: the report, seconds (with the final checkpoint), chunk holds."""
    connect = connection.sqlite3.connect
    HoldTimer.holds = []
    connection.sqlite3.connect = lambda *a, **k: connect(*a, factory=HoldTimer, **k)  # type: ignore[assignment]
    try:
        session = open_session(db)
        session.settings()  # the session's first queries are not the import's
        start = time.perf_counter()
        report = batches.import_payments(session, path)
        session.store.close()
        checkpoint(db)
        seconds = time.perf_counter() - start
    finally:
        connection.sqlite3.connect = connect
    return report, seconds, list(HoldTimer.holds)


def rows_written(db: Path, batch_id: int) -> dict[str, list[tuple]]:
    """Every row the batch wrote, as bare inserts and updates would write them again."""
    conn = sqlite3.connect(db)
    found = {
        "batches": conn.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchall(),
        "payments": conn.execute(
            "SELECT * FROM payments WHERE batch_id = ? ORDER BY id", (batch_id,)
        ).fetchall(),
        "ledger": conn.execute(
            "SELECT * FROM ledger WHERE payment_id IN (SELECT id FROM payments WHERE batch_id = ?)"
            " ORDER BY id",
            (batch_id,),
        ).fetchall(),
        "batch_exceptions": conn.execute(
            "SELECT * FROM batch_exceptions WHERE batch_id = ?", (batch_id,)
        ).fetchall(),
        "items": conn.execute(
            "SELECT open_cents, status, updated_at, id FROM items WHERE id IN"
            " (SELECT DISTINCT item_id FROM ledger WHERE item_id IS NOT NULL AND payment_id IN"
            " (SELECT id FROM payments WHERE batch_id = ?)) ORDER BY id",
            (batch_id,),
        ).fetchall(),
    }
    conn.close()
    return found


def floor_seconds(db: Path, rows: dict[str, list[tuple]]) -> float:
    """Bare sqlite3 writing `rows` into `db` (untouched, same schema): one transaction,
    committed, the log checkpointed into the file."""
    conn = sqlite3.connect(db, isolation_level=None)
    connection.configure(conn)
    conn.execute("PRAGMA cache_size = -262144")  # what the import's large_cache sets
    start = time.perf_counter()
    conn.execute("BEGIN IMMEDIATE")
    for table in ("batches", "payments", "ledger", "batch_exceptions"):
        if rows[table]:
            marks = ",".join("?" * len(rows[table][0]))
            conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
    conn.executemany(
        "UPDATE items SET open_cents = ?, status = ?, updated_at = ? WHERE id = ?", rows["items"]
    )
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    seconds = time.perf_counter() - start
    conn.close()
    return seconds


def accounts_with_open_items(session: Session, count: int, seed: int) -> list[str]:
    conn = session.store.connection()
    (highest,) = conn.execute("SELECT max(id) FROM accounts").fetchone()
    rng = random.Random(seed)
    numbers: list[str] = []
    while len(numbers) < count:
        row = conn.execute(
            "SELECT a.account_number FROM accounts a WHERE a.id = ? AND EXISTS"
            " (SELECT 1 FROM items i WHERE i.account_id = a.id AND i.open_cents > 0)",
            (rng.randrange(1, highest + 1),),
        ).fetchone()
        if row:
            numbers.append(row[0])
    return numbers


def payp_ms(db: Path, runs: int, seed: int) -> tuple[int, dict[str, tuple[float, float]]]:
    """PAYP through the services: the accounts in `db`, and (p50, p99) ms of a preview and
    of a post."""
    session = open_session(db)
    (accounts,) = session.store.connection().execute("SELECT count(*) FROM accounts").fetchone()
    numbers = accounts_with_open_items(session, runs, seed)
    found: dict[str, tuple[float, float]] = {}
    steps: dict[str, Callable[[int, str], object]] = {
        "preview": lambda n, number: payments.preview(session, number, 10_00),
        "post": lambda n, number: payments.post_payment(
            session, number, 10_00, "check", f"BENCH-{seed}-{n}", source="bench"
        ),
    }
    for name, step in steps.items():
        times = []
        for n, number in enumerate(numbers):
            start = time.perf_counter()
            step(n, number)
            times.append((time.perf_counter() - start) * 1000)
        found[name] = (statistics.median(times), pct(times, 99))
    session.store.close()
    return accounts, found


def collector(
    db: Path, worker: int, accounts: list[str], think: float, ready: Any, stop: Any, out: Any
) -> None:
    """One collector: a payment on a random account every `think` seconds on average (the
    first at a random moment) until told to stop."""
    session = open_session(db)
    rng = random.Random(worker)
    waits: list[float] = []
    failures = refused = 0
    ready.release()
    n = 0
    stop.wait(rng.uniform(0, think))
    while not stop.is_set():
        number = rng.choice(accounts)
        start = time.perf_counter()
        try:
            payments.post_payment(session, number, 1_00, "check", f"C{worker}-{n}", source="bench")
        except Busy:
            failures += 1
        except ArError:
            refused += 1  # a rule said no: not the writer's doing
        waits.append((time.perf_counter() - start) * 1000)
        n += 1
        stop.wait(rng.uniform(0.5 * think, 1.5 * think))
    session.store.close()
    out.put((waits, failures, refused))


def under_load(db: Path, path: Path, collectors: int, think: float, seed: int) -> str:
    """Import `path` while `collectors` processes post payments; one line of figures."""
    session = open_session(db)
    accounts = accounts_with_open_items(session, 500, seed)
    session.store.close()
    context = multiprocessing.get_context("spawn")
    ready = context.Semaphore(0)
    stop = context.Event()
    out = context.Queue()
    workers = [
        context.Process(target=collector, args=(db, w, accounts, think, ready, stop, out))
        for w in range(collectors)
    ]
    for worker in workers:
        worker.start()
    for _ in workers:
        ready.acquire()  # every collector has its session and is saving
    report, seconds, holds = import_file(db, path)
    stop.set()
    results = [out.get() for _ in workers]
    for worker in workers:
        worker.join()
    waits = [w for r in results for w in r[0]]
    failures = sum(r[1] for r in results)
    refused = sum(r[2] for r in results)
    return (
        f"N={collectors}, a save every {think:g} s each: {len(waits):,} saves during a"
        f" {report.items:,}-payment import"
        f" ({seconds:.1f} s): p50 {statistics.median(waits):.1f} ms, p99 {pct(waits, 99):.1f} ms,"
        f" max {max(waits):.1f} ms, failed {failures}, refused by a rule {refused}"
        f" (targets p99 <= 250 ms, max <= 1000 ms, 0 failed); longest chunk"
        f" {max(holds) * 1000:.0f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--small", type=Path, help="a 100,000-account database for PAYP")
    parser.add_argument("--payments", type=int, default=100_000)
    parser.add_argument("--collectors", default="10,50")
    parser.add_argument("--think", type=float, default=5.0, help="seconds between saves")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.db.parent) as name:
        folder = Path(name)
        work = copy_of(args.db, folder, "work.db")
        untouched = copy_of(args.db, folder, "floor.db")
        open_session(untouched).store.close()  # the same migrations as the import's copy
        checkpoint(untouched)
        session = open_session(work)
        (accounts,) = session.store.connection().execute("SELECT count(*) FROM accounts").fetchone()
        session.store.close()
        print(f"accounts in database: {accounts:,}")

        path = folder / "payments.csv"
        write_file(path, args.payments, accounts, args.seed)
        report, seconds, holds = import_file(work, path)
        rows = rows_written(work, report.batch_id or 0)
        print(
            f"import payments: {report.items:,} payments in {seconds:.2f} s ="
            f" {report.items / seconds:,.0f} payments/s; {len(holds)} commits, longest hold"
            f" {max(holds) * 1000:.0f} ms, p99 {pct(holds, 99) * 1000:.0f} ms (target <= 100 ms)"
        )
        floor = floor_seconds(untouched, rows)
        untouched.unlink()
        print(
            f"fair floor: bare sqlite3 writing the same {len(rows['payments']):,} payments,"
            f" {len(rows['ledger']):,} ledger rows and {len(rows['items']):,} item updates in one"
            f" transaction, committed and checkpointed: {floor:.2f} s;"
            f" import / floor = {seconds / floor:.2f}x (target <= 2x)"
        )

        small = args.small
        if small is None:
            small = folder / "small.db"
            databases.build_portfolio(
                small, "root", accounts=100_000, seed=1, business_date=date(2026, 11, 25),
                demo=False,
            )  # fmt: skip
        else:
            small = copy_of(small, folder, "small.db")
        _, large_payp = payp_ms(work, args.runs, args.seed)
        small_accounts, small_payp = payp_ms(small, args.runs, args.seed)
        for step in ("preview", "post"):
            (l50, l99), (s50, s99) = large_payp[step], small_payp[step]
            print(
                f"PAYP {step}: {accounts:,} accounts p50 {l50:.2f} ms, p99 {l99:.2f} ms;"
                f" {small_accounts:,} accounts p50 {s50:.2f} ms, p99 {s99:.2f} ms;"
                f" p99 large / small = {l99 / s99:.2f} (target <= 1.3"
                + (", post p99 <= 5 ms)" if step == "post" else ")")
            )
        for count in (int(c) for c in args.collectors.split(",") if c):
            loaded = folder / f"load-{count}.csv"
            write_file(loaded, args.payments, accounts, args.seed + count)
            print(under_load(work, loaded, count, args.think, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
