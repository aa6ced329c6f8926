"""The demo portfolio's life: payments made, contacts logged, and accounts off the normal path."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

from ar_tui.domain.payments import receipt_number
from ar_tui.domain.plans import schedule
from ar_tui.store import standing
from ar_tui.store.payments import NewPayment, post

DEMO_OPERATORS = (
    # login, name, role, daily limit in cents (None: the role's defaults), team
    ("jdoe", "JANE DOE", "collector", 50_000, "PERSONAL"),
    ("mlopez", "MARIA LOPEZ", "collector", 50_000, "PERSONAL"),
    ("tchen", "TOM CHEN", "collector", 100_000, "COMMERCIAL"),
    ("rpatel", "RAJ PATEL", "collector", 100_000, "COMMERCIAL"),
    ("kwright", "KAREN WRIGHT", "supervisor", 2_500_000, None),
    ("bnash", "BEN NASH", "trainer", 0, None),
    ("lbaker", "LISA BAKER", "billing", None, None),
    ("pgrant", "PAT GRANT", "auditor", None, None),
)

COLLECTION_AGENCIES = (
    # code, name, kind, commission in basis points, contact, phone
    ("CCS", "CONSOLIDATED CREDIT SERVICES", "agency", 2500, "DANA PRICE", "(800) 555-0141"),
    ("NRA", "NATIONAL RECOVERY ASSOCIATES", "agency", 3000, "LEE OWENS", "(800) 555-0177"),
    ("BLLP", "BARRETT & LOWE LLP", "counsel", 3333, "A. BARRETT ESQ", "(312) 555-0110"),
    ("HLG", "HARMON LEGAL GROUP", "counsel", 3000, "J. HARMON ESQ", "(404) 555-0165"),
)

DISPUTE_REASONS = ("billing_error", "payment_not_applied", "premium_audit", "cancellation")
DEPARTMENTS = ("Billing Operations", "Underwriting", "Premium Audit", "Agency Bill")
OUTCOMES = ("left_message", "no_answer", "right_party", "busy", "promise", "callback")


class DemoLife:
    """Adds history and special states to a generated portfolio, deterministically."""

    def __init__(self, conn: sqlite3.Connection, seed: int, business_date: date, operator_id: int):
        self.conn = conn
        self.rng = random.Random(seed * 7919)
        self.bd = business_date
        self.operator_id = operator_id
        self.stamp = f"{business_date.isoformat()}T06:00:00+00:00"
        self.receipt = 0

    def day(self, offset: int) -> str:
        return (self.bd + timedelta(days=offset)).isoformat()

    def run(self) -> None:
        self.conn.executemany(
            "INSERT INTO collection_agencies(code, name, kind, commission_rate_bp, contact_name,"
            " phone) VALUES (?,?,?,?,?,?)",
            COLLECTION_AGENCIES,
        )
        delinquent = [
            row[0]
            for row in self.conn.execute(
                "SELECT DISTINCT account_id FROM items WHERE due_date < ? ORDER BY account_id",
                (self.bd.isoformat(),),
            )
        ]
        all_ids = [row[0] for row in self.conn.execute("SELECT id FROM accounts ORDER BY id")]
        self.payments(all_ids)
        self.activities(delinquent)
        picks = self.rng.sample(delinquent, min(len(delinquent), 150))
        groups = {
            "promise": picks[0:40],
            "plan": picks[40:65],
            "dispute": picks[65:85],
            "bankruptcy": picks[85:97],
            "referred": picks[97:112],
            "cease": picks[112:122],
            "attorney": picks[122:132],
        }
        for account_id in groups["promise"]:
            self.promise(account_id)
        for account_id in groups["plan"]:
            self.plan(account_id)
        for account_id in groups["dispute"]:
            self.dispute(account_id)
        for account_id in groups["bankruptcy"]:
            self.bankruptcy(account_id)
        for n, account_id in enumerate(groups["referred"]):
            self.referral(account_id, counsel=n % 3 == 0)
        self.unapplied_cash(all_ids)
        self.conn.execute(
            "INSERT INTO settings(name, value) VALUES ('returned_payment_fee_cents', '2500')"
        )
        self.conn.executemany(
            "UPDATE accounts SET cease_communication = 1 WHERE id = ?",
            [(a,) for a in groups["cease"]],
        )
        self.conn.executemany(
            "UPDATE accounts SET attorney_represented = 1, attorney_name = 'R. GOLDMAN ESQ',"
            " attorney_phone = '(212) 555-0188' WHERE id = ?",
            [(a,) for a in groups["attorney"]],
        )

    def _balance(self, account_id: int) -> int:
        return int(
            self.conn.execute(
                "SELECT coalesce(sum(open_cents), 0) FROM items WHERE account_id = ?",
                (account_id,),
            ).fetchone()[0]
        )

    def payments(self, account_ids: list[int]) -> None:
        """About a third of the accounts paid part of what they owe, oldest items first."""
        for account_id in account_ids:
            if self.rng.random() > 0.35:
                continue
            items = self.conn.execute(
                "SELECT id, open_cents, due_date, bill_date FROM items WHERE account_id = ?"
                " ORDER BY due_date, id",
                (account_id,),
            ).fetchall()
            # Paid a few days after the last bill, so the history reads in date order.
            last_bill = date.fromisoformat(max(i[3] for i in items))
            paid_on = min(self.bd, last_bill + timedelta(days=1 + int(self.rng.random() * 9)))
            budget = int(sum(i[1] for i in items) * (0.2 + self.rng.random() * 0.5))
            if budget <= 0:
                continue
            self.receipt += 1
            method = self.rng.choice(("check", "ach", "card"))
            reference = f"{method.upper()}{100000 + self.receipt}"
            cursor = self.conn.execute(
                "INSERT INTO payments(id, receipt_number, account_id, amount_cents, method,"
                " reference, received_date, business_date, operator_id, created_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    self.receipt,
                    receipt_number(self.receipt),
                    account_id,
                    budget,
                    method,
                    reference,
                    paid_on.isoformat(),
                    paid_on.isoformat(),
                    self.operator_id,
                    self.stamp,
                ),
            )
            payment_id = cursor.lastrowid
            left = budget
            for item_id, open_cents, _due, _bill in items:
                if left <= 0:
                    break
                applied = min(left, open_cents)
                left -= applied
                self.conn.execute(
                    "INSERT INTO ledger(account_id, item_id, payment_id, entry_type, amount_cents,"
                    " business_date, memo, operator_id, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
                    (
                        account_id,
                        item_id,
                        payment_id,
                        "payment",
                        -applied,
                        paid_on.isoformat(),
                        f"{method} {reference}",
                        self.operator_id,
                        self.stamp,
                    ),
                )
                self.conn.execute(
                    "UPDATE items SET open_cents = open_cents - ?,"
                    " status = CASE WHEN open_cents - ? = 0 THEN 'paid' ELSE 'open' END"
                    " WHERE id = ?",
                    (applied, applied, item_id),
                )

    def unapplied_cash(self, account_ids: list[int]) -> None:
        """Yesterday's lockbox: a few checks that matched no account, and two overpayments."""
        day = self.day(-1)
        batch_id = self.conn.execute(
            "INSERT INTO batches(source, format, file_name, business_date, item_count,"
            " control_total_cents, status, operator_id, created_at, posted_at)"
            " VALUES ('bank file', 'bai2', 'LOCKBOX-1124.BAI', ?, 5, 0, 'posted', ?, ?, ?)",
            (day, self.operator_id, self.stamp, self.stamp),
        ).lastrowid
        overpaid = self.rng.sample(account_ids, 2)
        new = [
            NewPayment(12_500, "lockbox", "CHK 4471", day, None, payer="J SMYTHE",
                       unapplied_reason="no account, document or policy number matched"),
            NewPayment(38_840, "lockbox", "CHK 10293", day, None, payer="ACME HOLDINGS",
                       unapplied_reason="no account, document or policy number matched"),
            NewPayment(5_000, "lockbox", "CHK 877", day, None, payer="R PEREZ",
                       unapplied_reason="account keys point to several accounts"),
        ] + [
            NewPayment(self._balance(a) + 7_500, "lockbox", f"CHK {5000 + a}", day, a)
            for a in overpaid
        ]  # fmt: skip
        posted = post(
            self.conn, new, batch_id=batch_id, business_date=day,
            operator_id=self.operator_id, now=self.stamp,
        )  # fmt: skip
        total = sum(p.amount_cents for p in new)
        unapplied = sum(p.unapplied_cents for p in posted)
        self.conn.execute(
            "UPDATE batches SET control_total_cents = ?, posted_total_cents = ?,"
            " unapplied_cents = ? WHERE id = ?",
            (total, total - unapplied, unapplied, batch_id),
        )

    def activities(self, account_ids: list[int]) -> None:
        """Recent call attempts and conversations on delinquent accounts."""
        rows = []
        for account_id in account_ids:
            for _ in range(int(self.rng.random() * 4)):
                back = 1 + int(self.rng.random() * 20)
                outcome = self.rng.choice(OUTCOMES)
                talk = outcome in ("right_party", "promise", "callback")
                hour = 9 + int(self.rng.random() * 9)
                rows.append(
                    (
                        account_id,
                        self.operator_id,
                        "call",
                        outcome,
                        1,
                        1 if talk else 0,
                        "DEMO HISTORY",
                        f"{self.day(-back)}T{hour + 5:02d}:15:00+00:00",
                        self.day(-back),
                    )
                )
        self.conn.executemany(
            "INSERT INTO activities(account_id, operator_id, channel, outcome, is_attempt,"
            " is_conversation, note, occurred_at, business_date) VALUES (?,?,?,?,?,?,?,?,?)",
            rows,
        )

    def _status(self, account_id: int, status: str) -> None:
        self.conn.execute(
            "UPDATE accounts SET collection_status = ? WHERE id = ?", (status, account_id)
        )

    def promise(self, account_id: int) -> None:
        amount = max(1000, self._balance(account_id) // 2 // 100 * 100)
        self.conn.execute(
            "INSERT INTO promises(account_id, amount_cents, promised_date, channel, created_by,"
            " created_date) VALUES (?,?,?,?,?,?)",
            (account_id, amount, self.day(1 + int(self.rng.random() * 14)), "call",
             self.operator_id, self.day(-1)),
        )  # fmt: skip
        self._status(account_id, "promise")

    def plan(self, account_id: int) -> None:
        """A monthly plan made weeks ago and kept so far; a few are a few days late."""
        total = self._balance(account_id)
        count = 3 + int(self.rng.random() * 6)
        down = total // 10
        first = self.bd + timedelta(days=-int(self.rng.random() * 40))
        made = first - timedelta(days=10)
        installments = schedule(total, down, count, "monthly", first)
        cursor = self.conn.execute(
            "INSERT INTO plans(account_id, total_cents, down_payment_cents, installment_count,"
            " frequency, first_due_date, created_by, approved_by, created_date)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (account_id, total, down, count, "monthly", first.isoformat(), self.operator_id,
             self.operator_id, made.isoformat()),
        )  # fmt: skip
        paid = [(made, down)] if down else []
        rows = []
        for installment in installments:
            due = installment.due_date
            late = due >= self.bd - timedelta(days=4) and self.rng.random() < 0.3
            if due < self.bd and not late:
                paid.append((due, installment.amount_cents))
                status, paid_cents = "paid", installment.amount_cents
            else:
                status, paid_cents = ("missed" if due < self.bd else "due"), 0
            rows.append((cursor.lastrowid, installment.seq, due.isoformat(),
                         installment.amount_cents, paid_cents, status))  # fmt: skip
        self.conn.executemany(
            "INSERT INTO installments(plan_id, seq, due_date, amount_cents, paid_cents, status)"
            " VALUES (?,?,?,?,?,?)",
            rows,
        )
        for day, cents in paid:
            post(
                self.conn, [NewPayment(cents, "ach", f"PLAN {account_id}", day.isoformat(),
                                       account_id)],
                batch_id=None, business_date=day.isoformat(), operator_id=self.operator_id,
                now=self.stamp,
            )  # fmt: skip
        self._status(account_id, "plan")

    def dispute(self, account_id: int) -> None:
        item = self.conn.execute(
            "SELECT id, open_cents FROM items WHERE account_id = ? AND open_cents > 0"
            " ORDER BY due_date LIMIT 1",
            (account_id,),
        ).fetchone()
        status = self.rng.choice(("open", "in_research"))
        opened = -int(self.rng.random() * 45)
        cursor = self.conn.execute(
            "INSERT INTO disputes(account_id, amount_cents, reason, department, status,"
            " opened_date, created_by) VALUES (?,?,?,?,?,?,?)",
            (account_id, item[1], self.rng.choice(DISPUTE_REASONS), self.rng.choice(DEPARTMENTS),
             status, self.day(opened), self.operator_id),
        )  # fmt: skip
        self.conn.execute(
            "INSERT INTO dispute_items(dispute_id, item_id, amount_cents) VALUES (?,?,?)",
            (cursor.lastrowid, item[0], item[1]),
        )
        self.conn.execute(
            "INSERT INTO dispute_events(dispute_id, status, business_date, operator_id, note,"
            " created_at) VALUES (?,?,?,?,?,?)",
            (cursor.lastrowid, "open", self.day(opened), self.operator_id,
             "CUSTOMER DISPUTES INVOICE", self.stamp),
        )  # fmt: skip
        # The rule decides, not the seed: a consumer's dispute holds the whole account
        # until verification is sent; a business's dispute of one invoice does not.
        standing.restore(self.conn, account_id, self.stamp)

    def bankruptcy(self, account_id: int) -> None:
        filed = -int(self.rng.random() * 90) - 5
        chapter = self.rng.choice((7, 7, 13, 11))
        cursor = self.conn.execute(
            "INSERT INTO bankruptcies(account_id, chapter, case_number, court_district,"
            " filed_date, attorney, proof_of_claim_deadline, status_date, created_by)"
            " VALUES (?,?,?,?,?,?,?,?,?)",
            (account_id, chapter, f"26-{10000 + account_id}", "N.D. ILL.", self.day(filed),
             "S. WEISS ESQ", self.day(filed + 90), self.day(filed + 3), self.operator_id),
        )  # fmt: skip
        self._case_event(
            "bankruptcy", int(cursor.lastrowid or 0), account_id, "active", self.day(filed + 3),
            "NOTICE OF FILING RECEIVED",
        )  # fmt: skip
        self._status(account_id, "bankruptcy")

    def _case_event(
        self, kind: str, subject_id: int, account_id: int, status: str, day: str, note: str
    ) -> None:
        self.conn.execute(
            "INSERT INTO case_events(kind, subject_id, account_id, status, business_date,"
            " operator_id, note, created_at) VALUES (?,?,?,?,?,?,?,?)",
            (kind, subject_id, account_id, status, day, self.operator_id, note, self.stamp),
        )

    def referral(self, account_id: int, counsel: bool) -> None:
        code = "BLLP" if counsel else self.rng.choice(("CCS", "NRA"))
        agency_id, rate = self.conn.execute(
            "SELECT id, commission_rate_bp FROM collection_agencies WHERE code = ?", (code,)
        ).fetchone()
        placed = self.day(-int(self.rng.random() * 60))
        cursor = self.conn.execute(
            "INSERT INTO referrals(account_id, collection_agency_id, placed_date, placed_cents,"
            " commission_rate_bp, created_by) VALUES (?,?,?,?,?,?)",
            (account_id, agency_id, placed, self._balance(account_id), rate, self.operator_id),
        )  # fmt: skip
        self._case_event(
            "referral", int(cursor.lastrowid or 0), account_id, "placed", placed, f"to {code}"
        )
        self._status(account_id, "legal" if counsel else "referred")
