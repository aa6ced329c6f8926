"""Generate a realistic receivables portfolio into the store's tables, fast and repeatable."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from ar_tui.domain.geography import STATE_TIME_ZONES
from ar_tui.domain.search import name_key
from ar_tui.seed import names

CHUNK = 20_000
FIRST_ACCOUNT_NUMBER = 1_000_000

# (line of business, policy prefix, weight) for each customer type.
CONSUMER_LINES = (("Personal Lines", "PA", 8), ("Personal Lines", "HO", 5))
COMMERCIAL_LINES = (
    ("Small Commercial", "BOP", 6),
    ("Middle Market", "CPP", 3),
    ("Workers Compensation", "WC", 3),
    ("Commercial Auto", "CA", 2),
    ("Claims Deductible", "LDP", 2),
    ("Business Invoice", "SVC", 1),
)


@dataclass
class Counts:
    """How many rows of each kind a build wrote."""

    accounts: int = 0
    contacts: int = 0
    policies: int = 0
    items: int = 0
    ledger: int = 0
    agencies: int = 0

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


@dataclass
class _Rows:
    accounts: list[tuple] = field(default_factory=list)
    contacts: list[tuple] = field(default_factory=list)
    policies: list[tuple] = field(default_factory=list)
    items: list[tuple] = field(default_factory=list)
    ledger: list[tuple] = field(default_factory=list)


def _weighted(choices: tuple, weight_at: int) -> list:
    return [choice for choice in choices for _ in range(choice[weight_at])]


class PortfolioGenerator:
    """Makes the rows for accounts `FIRST_ACCOUNT_NUMBER + i`; the same seed gives the same rows."""

    def __init__(self, seed: int, business_date: date, collector_ids: list[int], agency_count: int):
        self.rng = random.Random(seed)
        self.business_date = business_date
        self.collector_ids: list[int | None] = list(collector_ids) or [None]
        self.agency_count = agency_count
        self.states = _weighted(names.STATES, 1)
        self.consumer_lines = _weighted(CONSUMER_LINES, 2)
        self.commercial_lines = _weighted(COMMERCIAL_LINES, 2)
        self.created_at = f"{business_date.isoformat()}T06:00:00+00:00"
        self._dates: dict[int, str] = {}
        self.next_policy_id = 1
        self.next_item_id = 1
        self.next_contact_id = 1
        self.next_ledger_id = 1

    def day(self, offset: int) -> str:
        """The ISO date `offset` days after the business date (cached: asked millions of times)."""
        text = self._dates.get(offset)
        if text is None:
            text = (self.business_date + timedelta(days=offset)).isoformat()
            self._dates[offset] = text
        return text

    def _name(self, commercial: bool) -> str:
        rng = self.rng
        if commercial:
            return (
                f"{rng.choice(names.COMPANY_FIRST)} {rng.choice(names.COMPANY_TRADE)} "
                f"{rng.choice(names.COMPANY_SUFFIX)}"
            )
        return f"{rng.choice(names.LAST_NAMES)}, {rng.choice(names.FIRST_NAMES)}"

    def _oldest_days_past_due(self) -> int:
        """Spread accounts over every aging bucket, most of them young."""
        r = self.rng.random()
        if r < 0.30:
            return -int(self.rng.random() * 25)
        if r < 0.52:
            return 1 + int(self.rng.random() * 30)
        if r < 0.68:
            return 31 + int(self.rng.random() * 30)
        if r < 0.79:
            return 61 + int(self.rng.random() * 30)
        if r < 0.86:
            return 91 + int(self.rng.random() * 30)
        return 121 + int(self.rng.random() * 600)

    def account_rows(self, index: int, rows: _Rows) -> None:
        """Append one account with its contacts, policies, open items and their charges."""
        rng = self.rng
        account_id = index + 1
        commercial = rng.random() < 0.4
        line, prefix, _ = rng.choice(self.commercial_lines if commercial else self.consumer_lines)
        state, _, area_codes, city = rng.choice(self.states)
        has_agency = rng.random() < 0.8
        agency_id = 1 + int(rng.random() * self.agency_count) if has_agency else None
        bill_type = (
            "agency" if has_agency and rng.random() < (0.35 if commercial else 0.1) else "direct"
        )
        name = self._name(commercial)
        collector = self.collector_ids[index % len(self.collector_ids)]
        rows.accounts.append(
            (
                account_id,
                str(FIRST_ACCOUNT_NUMBER + index),
                name,
                name_key(name),
                "commercial" if commercial else "consumer",
                bill_type,
                line,
                agency_id,
                state,
                STATE_TIME_ZONES[state],
                collector,
                self.created_at,
                self.created_at,
            )
        )
        self._contacts(account_id, rows, area_codes, city, state, name, commercial)
        policy_ids = self._policies(account_id, rows, prefix, line, commercial)
        self._items(account_id, rows, policy_ids, commercial, line)

    def _contacts(
        self,
        account_id: int,
        rows: _Rows,
        area_codes: tuple,
        city: str,
        state: str,
        name: str,
        commercial: bool,
    ) -> None:
        rng = self.rng
        area = rng.choice(area_codes)
        digits = f"{area}{200 + int(rng.random() * 800)}{int(rng.random() * 10000):04d}"
        phone = f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
        dnc = 1 if rng.random() < 0.02 else 0
        label = "work" if commercial else rng.choice(("mobile", "home"))
        now = self.created_at
        rows.contacts.append(
            (self.next_contact_id, account_id, "phone", phone, digits, label, 1, dnc, now, now)
        )
        self.next_contact_id += 1
        if rng.random() < 0.6:
            local = name_key(name).split(" ")[0].lower()
            email = f"{local}{account_id}@example.com"
            rows.contacts.append(
                (self.next_contact_id, account_id, "email", email, email, "", 1, 0, now, now)
            )
            self.next_contact_id += 1
        street = (
            f"{100 + int(rng.random() * 9800)} {rng.choice(names.STREETS)} "
            f"{rng.choice(names.STREET_KINDS)}, {city}, {state} {10000 + int(rng.random() * 89999)}"
        )
        rows.contacts.append(
            (self.next_contact_id, account_id, "address", street, "", "mailing", 1, 0, now, now)
        )
        self.next_contact_id += 1

    def _policies(
        self, account_id: int, rows: _Rows, prefix: str, line: str, commercial: bool
    ) -> list[int]:
        count = 1 + (int(self.rng.random() * 3) if commercial else 0)
        ids = []
        for _ in range(count):
            policy_id = self.next_policy_id
            self.next_policy_id += 1
            effective = -int(self.rng.random() * 300) - 30
            rows.policies.append(
                (
                    policy_id,
                    account_id,
                    f"{prefix}{3_000_000 + policy_id}",
                    line,
                    self.day(effective),
                    self.day(effective + 365),
                )
            )
            ids.append(policy_id)
        return ids

    def _items(
        self, account_id: int, rows: _Rows, policy_ids: list[int], commercial: bool, line: str
    ) -> None:
        rng = self.rng
        count = 1 + int(rng.random() * 5) + int(rng.random() * 5)
        oldest = self._oldest_days_past_due()
        span = oldest + 20  # the newest item is billed at the latest today, due 20 days on
        step = 30 if span >= 30 * (count - 1) else max(1, span // max(1, count - 1))
        low, high = (15_000, 1_200_000) if commercial else (4_000, 45_000)
        installment = low + int(rng.random() * (high - low))
        for k in range(count):
            due = -oldest + k * step
            kind, doc_prefix, cents = "premium", "INV", installment
            roll = rng.random()
            if line == "Claims Deductible" and roll < 0.6:
                kind, doc_prefix, cents = (
                    "deductible",
                    "DED",
                    50_000 + int(rng.random() * 2_000_000),
                )
            elif commercial and roll < 0.08:
                kind, doc_prefix, cents = "audit", "AUD", 20_000 + int(rng.random() * 3_000_000)
            elif due < -30 and roll > 0.93:
                kind, doc_prefix, cents = "fee", "FEE", 2_500
            item_id = self.next_item_id
            self.next_item_id += 1
            bill = self.day(due - 20)
            rows.items.append(
                (
                    item_id,
                    account_id,
                    policy_ids[k % len(policy_ids)],
                    f"{doc_prefix}{10_000_000 + item_id}",
                    kind,
                    bill,
                    self.day(due),
                    cents,
                    cents,
                    self.created_at,
                    self.created_at,
                )
            )
            rows.ledger.append(
                (
                    self.next_ledger_id,
                    account_id,
                    item_id,
                    "fee" if kind == "fee" else "charge",
                    cents,
                    bill,
                    f"{kind} billed",
                    self.created_at,
                )
            )
            self.next_ledger_id += 1


def insert_agencies(conn: sqlite3.Connection, rng: random.Random, count: int) -> None:
    rows = []
    for n in range(1, count + 1):
        owner = rng.choice(names.LAST_NAMES)
        rows.append(
            (
                n,
                f"AG{n:04d}",
                f"{owner} {rng.choice(names.AGENCY_WORDS)}",
                f"(800) 555-{n % 10000:04d}",
            )
        )
    conn.executemany("INSERT INTO agencies(id, code, name, phone) VALUES (?, ?, ?, ?)", rows)


def _flush(conn: sqlite3.Connection, rows: _Rows) -> None:
    conn.executemany(
        "INSERT INTO accounts(id, account_number, name, name_key, customer_type, bill_type,"
        " line_of_business, agency_id, state, time_zone, collector_id, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        rows.accounts,
    )
    conn.executemany(
        "INSERT INTO contacts(id, account_id, kind, value, value_key, label, is_primary,"
        " do_not_contact, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        rows.contacts,
    )
    conn.executemany(
        "INSERT INTO policies(id, account_id, policy_number, line_of_business, effective_date,"
        " expiration_date) VALUES (?,?,?,?,?,?)",
        rows.policies,
    )
    conn.executemany(
        "INSERT INTO items(id, account_id, policy_id, document_number, item_type, bill_date,"
        " due_date, amount_cents, open_cents, created_at, updated_at)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        rows.items,
    )
    conn.executemany(
        "INSERT INTO ledger(id, account_id, item_id, entry_type, amount_cents, business_date,"
        " memo, created_at) VALUES (?,?,?,?,?,?,?,?)",
        rows.ledger,
    )


def generate(
    conn: sqlite3.Connection,
    *,
    accounts: int,
    seed: int,
    business_date: date,
    collector_ids: list[int],
    progress: Callable[[int], None] | None = None,
) -> Counts:
    """Write `accounts` accounts with their parts inside the caller's transaction."""
    agency_count = max(25, min(400, accounts // 500))
    insert_agencies(conn, random.Random(seed ^ 0xA6E), agency_count)
    generator = PortfolioGenerator(seed, business_date, collector_ids, agency_count)
    counts = Counts(agencies=agency_count)
    for start in range(0, accounts, CHUNK):
        rows = _Rows()
        for index in range(start, min(accounts, start + CHUNK)):
            generator.account_rows(index, rows)
        _flush(conn, rows)
        counts.accounts += len(rows.accounts)
        counts.contacts += len(rows.contacts)
        counts.policies += len(rows.policies)
        counts.items += len(rows.items)
        counts.ledger += len(rows.ledger)
        if progress:
            progress(counts.accounts)
    return counts
