"""The nightly cycle on a large database, with promises, plans and settlements to resolve.

Usage:
    python benchmarks/bench_nightly.py --db big.db [--promises 50000] [--plans 20000]
                                       [--settlements 5000] [--in-place]

Target (issue 4): the nightly cycle for a million accounts in under 2 minutes. The
database is copied first (the cycle moves the business date), unless --in-place.
Arrangements are added as collectors would have made them: promises due today, half
of them paid; monthly plans made 40 days ago, a fifth of them an installment short
(so broken); settlements due today, half of them paid. Prints the setup, the cycle's
report, its time and peak RSS.
"""

from __future__ import annotations

import argparse
import random
import resource
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from copies import copy_of

from ar_tui.domain.plans import schedule
from ar_tui.services import nightly
from ar_tui.services.session import Session, open_session
from ar_tui.store.payments import NewPayment, post


def arrange(session: Session, promises: int, plans: int, deals: int, seed: int) -> None:
    """Pending promises, plans and settlements on random accounts with a balance."""
    rng = random.Random(seed)
    today = session.business_date()
    day = today.isoformat()
    made = today - timedelta(days=40)
    operator = session.operator.id
    with session.write() as conn:
        balances = conn.execute(
            "SELECT account_id, sum(open_cents) FROM items WHERE open_cents > 0"
            " GROUP BY account_id HAVING sum(open_cents) > 10000"
        ).fetchall()
        chosen = rng.sample(balances, promises + plans + deals)
        paid: list[NewPayment] = []
        for account_id, balance in chosen[:promises]:
            amount = balance // 2
            conn.execute(
                "INSERT INTO promises(account_id, amount_cents, promised_date, created_by,"
                " created_date) VALUES (?,?,?,?,?)",
                (account_id, amount, day, operator, (today - timedelta(days=7)).isoformat()),
            )
            if rng.random() < 0.5:
                paid.append(NewPayment(amount, "check", "PROMISE", day, account_id))
        for account_id, balance in chosen[promises : promises + plans]:
            down = balance // 10
            installments = schedule(balance, down, 6, "monthly", made + timedelta(days=3))
            plan_id = conn.execute(
                "INSERT INTO plans(account_id, total_cents, down_payment_cents,"
                " installment_count, frequency, first_due_date, created_by, created_date)"
                " VALUES (?,?,?,6,'monthly',?,?,?)",
                (account_id, balance, down, installments[0].due_date.isoformat(), operator,
                 made.isoformat()),
            ).lastrowid  # fmt: skip
            conn.executemany(
                "INSERT INTO installments(plan_id, seq, due_date, amount_cents) VALUES (?,?,?,?)",
                [(plan_id, i.seq, i.due_date.isoformat(), i.amount_cents) for i in installments],
            )
            kept = down + sum(
                i.amount_cents for i in installments[: 2 if rng.random() < 0.8 else 1]
            )
            paid.append(NewPayment(kept, "ach", "PLAN", made.isoformat(), account_id))
        for account_id, balance in chosen[promises + plans :]:
            offer = balance * 6 // 10
            conn.execute(
                "INSERT INTO settlements(account_id, balance_cents, offer_cents, due_date,"
                " status, created_by, approved_by, created_date)"
                " VALUES (?,?,?,?,'approved',?,?,?)",
                (account_id, balance, offer, day, operator, operator,
                 (today - timedelta(days=10)).isoformat()),
            )  # fmt: skip
            if rng.random() < 0.5:
                paid.append(NewPayment(offer, "wire", "SETTLE", day, account_id))
        post(conn, paid, batch_id=None, business_date=day, operator_id=operator, now=session.now())
    print(f"setup: {promises:,} promises, {plans:,} plans, {deals:,} settlements,"
          f" {len(paid):,} payments toward them")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--promises", type=int, default=50_000)
    parser.add_argument("--plans", type=int, default=20_000)
    parser.add_argument("--settlements", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--in-place", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.db.parent) as folder:
        db = args.db if args.in_place else copy_of(args.db, Path(folder), "nightly.db")
        session = open_session(db)
        arrange(session, args.promises, args.plans, args.settlements, args.seed)
        (accounts,) = session.store.connection().execute("SELECT count(*) FROM accounts").fetchone()
        start = time.perf_counter()
        report = nightly.run_nightly(session)
        seconds = time.perf_counter() - start
        print("\n".join(report.lines()))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"nightly cycle, {accounts:,} accounts: {seconds:.1f} s (target < 120 s),"
              f" peak RSS {peak:.0f} MB")  # fmt: skip
        session.store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
