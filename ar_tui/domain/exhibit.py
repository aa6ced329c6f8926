"""The account history exhibit handed to an agency or counsel: what it holds, format aside."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExhibitItem:
    document_number: str
    item_type: str
    due_date: str
    amount_cents: int
    open_cents: int


@dataclass(frozen=True)
class ExhibitEntry:
    """One ledger entry, with the balance after it (the running balance)."""

    entry_id: int
    business_date: str
    entry_type: str
    document_number: str
    reference: str
    memo: str
    amount_cents: int
    balance_cents: int


@dataclass(frozen=True)
class ExhibitDispute:
    opened: str
    reason: str
    department: str
    amount_cents: int
    status: str
    resolved: str


@dataclass(frozen=True)
class Exhibit:
    company: str
    account_number: str
    name: str
    customer_type: str
    bill_type: str
    state: str
    collector: str
    status: str
    prepared_by: str
    prepared_on: str  # business date
    currency: str
    items: tuple[ExhibitItem, ...]
    entries: tuple[ExhibitEntry, ...]
    contacts: tuple[tuple[str, str], ...]  # (label, value) lines of the contacts summary
    disputes: tuple[ExhibitDispute, ...]

    @property
    def open_total_cents(self) -> int:
        return sum(item.open_cents for item in self.items)

    @property
    def balance_cents(self) -> int:
        """The ledger's ending balance (the last running balance)."""
        return self.entries[-1].balance_cents if self.entries else 0

    @property
    def charges_cents(self) -> int:
        return sum(e.amount_cents for e in self.entries if e.amount_cents > 0)

    @property
    def credits_cents(self) -> int:
        return sum(-e.amount_cents for e in self.entries if e.amount_cents < 0)
