"""Frozen records the store returns and the screens show; money fields are integer cents.

Frozen so a screen cannot change what it was given; plain dataclasses because the store
builds each from typed values (dates as `date`, flags as `bool`): no validation library
is imported before the first screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Generic, Literal, TypeVar

from ar_tui.domain.aging import Aging

Role = Literal["collector", "supervisor", "billing", "trainer", "admin", "auditor"]
ROLES: tuple[Role, ...] = ("collector", "supervisor", "billing", "trainer", "admin", "auditor")
CustomerType = Literal["consumer", "commercial"]
BillType = Literal["direct", "agency"]
ItemType = Literal["premium", "audit", "deductible", "fee"]
ITEM_TYPES: tuple[ItemType, ...] = ("premium", "audit", "deductible", "fee")
ContactKind = Literal["phone", "email", "address"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Operator:
    id: int
    login: str
    name: str
    role: Role
    uid: int | None = None
    active: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountSummary:
    """One line of a search result."""

    id: int
    account_number: str
    name: str
    customer_type: CustomerType
    state: str
    collection_status: str
    balance_cents: int
    matched_on: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Account:
    id: int
    account_number: str
    name: str
    customer_type: CustomerType
    bill_type: BillType
    line_of_business: str
    agency_code: str | None = None
    agency_name: str | None = None
    state: str
    time_zone: str
    collector_login: str | None = None
    collection_status: str
    cease_communication: bool = False
    attorney_represented: bool = False
    # Changes to the account's own record (status, follow-up, address) raise it.
    # Money is not versioned here: every money change is a new ledger row, and
    # postings run inside one BEGIN IMMEDIATE transaction that reads open amounts
    # afresh, so no posting can overwrite another's.
    version: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class Contact:
    kind: ContactKind
    value: str
    label: str = ""
    is_primary: bool = False
    do_not_contact: bool = False
    source: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    policy_number: str
    line_of_business: str
    effective_date: date | None = None
    expiration_date: date | None = None
    status: str = "active"


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    id: int
    document_number: str
    item_type: ItemType
    policy_number: str | None = None
    bill_date: date | None = None
    due_date: date
    amount_cents: int
    open_cents: int
    status: str = "open"


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerEntry:
    id: int
    business_date: date
    entry_type: str
    amount_cents: int
    document_number: str | None = None
    memo: str = ""
    operator_login: str | None = None
    balance_after_cents: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenAction:
    """A promise, plan, dispute, bankruptcy or referral in force, as one line on ACIQ."""

    kind: str
    status: str
    amount_cents: int | None = None
    on_date: date | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class AccountView:
    """Everything ACIQ shows for one account."""

    account: Account
    balance_cents: int
    open_items_cents: int
    aging: Aging
    flags: tuple[str, ...]
    contacts: tuple[Contact, ...]
    policies: tuple[Policy, ...]
    policy_count: int
    open_item_count: int
    open_actions: tuple[OpenAction, ...]
    last_payment: LedgerEntry | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportReport:
    """What a receivables import did (or, with errors, would refuse to do)."""

    rows: int
    accounts_added: int = 0
    accounts_updated: int = 0
    items_added: int = 0
    items_updated: int = 0
    items_unchanged: int = 0
    items_absent: int = 0
    rejected: int = 0
    errors: tuple[str, ...] = ()
    reject_file: str | None = None


T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Page(Generic[T]):
    """One page of a list read by key: the rows and the keys to read on from."""

    rows: tuple[T, ...]
    has_more: bool
    next_key: tuple[str | int, ...] | None = None
