"""Time `import receivables` on a generated extract of a million rows (target: under 2 minutes).

Usage:
    python benchmarks/bench_import.py [--rows 1000000]

Writes the CSV and a fresh database into a temporary folder, imports the file, then
imports it again (which must change nothing), and prints the times and counts.
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from ar_tui.domain.receivables import COLUMNS
from ar_tui.services import databases, receivables
from ar_tui.services.session import open_session, os_login

STATES = ("IL", "CA", "TX", "NY", "FL", "OH", "GA", "WA")


def write_extract(path: Path, rows: int, items_per_account: int = 5) -> None:
    rng = random.Random(3)
    start = date(2026, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for n in range(rows):
            account = 3_000_000 + n // items_per_account
            commercial = account % 3 == 0
            due = start + timedelta(days=rng.randrange(330))
            writer.writerow(
                [
                    account,
                    f"CUSTOMER {account}" + (" LLC" if commercial else ""),
                    "commercial" if commercial else "consumer",
                    "agency" if account % 7 == 0 else "direct",
                    "Small Commercial" if commercial else "Personal Lines",
                    f"AG{account % 300:04d}",
                    STATES[account % len(STATES)],
                    "",
                    f"(312) 555-{account % 10000:04d}",
                    f"c{account}@example.com",
                    f"{account % 9000 + 100} MAIN ST",
                    f"PX{account}",
                    f"D{n}",
                    "premium",
                    (due - timedelta(days=20)).isoformat(),
                    due.isoformat(),
                    f"{rng.randrange(1000, 500000) / 100:.2f}",
                ]
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    extract = folder / "extract.csv"
    write_extract(extract, args.rows)
    db = folder / "import.db"
    databases.init_database(db, os_login(), date(2026, 11, 25))
    session = open_session(db)
    for attempt in ("first import", "same file again"):
        start = time.perf_counter()
        report = receivables.import_receivables(session, extract)
        seconds = time.perf_counter() - start
        print(
            f"{attempt}: {report.rows:,} rows in {seconds:.1f} s"
            f" ({report.rows / seconds:,.0f} rows/s); accounts added {report.accounts_added:,},"
            f" items added {report.items_added:,}, updated {report.items_updated:,},"
            f" unchanged {report.items_unchanged:,}   (target < 120 s)"
        )
    session.store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
