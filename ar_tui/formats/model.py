"""What every bank-file reader returns: the file's items, ready to be matched and posted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

from ar_tui.domain.errors import ArError

ItemKind = Literal["payment", "return", "change", "other"]


class FileRefused(ArError):
    """A malformed file, or one whose totals or counts disagree: nothing of it is posted."""

    def __init__(self, name: str, line: int | None, reason: str) -> None:
        where = f" LINE {line}" if line else ""
        super().__init__("AR0601E", f"{name}{where}: {reason.upper()}; NOTHING POSTED")
        self.line = line
        self.reason = reason


class BankItem(NamedTuple):
    """One item of a bank file.

    `kind` is "payment" for money received, "return" for an ACH return of an earlier
    payment, "change" for a notification of change (no money), and "other" for an
    item that is not a receipt (a debit, a prenote) which is shown but never posted.
    `key` identifies the item at its bank, so the same item is never posted twice.
    A tuple, not a frozen dataclass: a file has up to hundreds of thousands of them,
    and a tuple is built three times faster.
    """

    line: int
    kind: ItemKind
    key: str
    amount_cents: int
    received_date: date
    method: str
    reference: str = ""
    currency: str = "USD"
    payer: str = ""
    account_hint: str | None = None
    document_hints: tuple[str, ...] = ()
    policy_hint: str | None = None
    texts: tuple[str, ...] = ()
    return_code: str | None = None
    original_trace: str | None = None
    change_code: str | None = None
    change_data: str | None = None
    note: str = ""


@dataclass(frozen=True)
class BankFile:
    """A file that passed its own checks: format, items, and the totals it declared."""

    format: str
    items: tuple[BankItem, ...]
    declared_total_cents: int
    record_count: int
    currency: str = "USD"
    file_date: date | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def receipts_cents(self) -> int:
        return sum(item.amount_cents for item in self.items if item.kind == "payment")
