"""What every bank-file reader returns: the file's items, ready to be matched and posted."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, NamedTuple

from ar_tui.domain.errors import ArError

ItemKind = Literal["payment", "return", "change", "other"]

# Amounts in cents below this: 13 digits of whole currency units. Beyond it an amount is
# absurd, and the store's 64-bit integers overflow at 2**63 (19 digits).
MAX_AMOUNT_CENTS = 10**15


def digits(text: str) -> bool:
    """True when `text` is ASCII digits only.

    `str.isdigit()` and `int()` also take superscripts ("²"), circled ("①"), fullwidth
    (U+FF11) and Arabic-Indic ("٢") digits; no bank file field is made of those.
    """
    return text.isascii() and text.isdigit()


def physical_lines(text: str) -> list[str]:
    """The lines of `text` as a bank counts them: ended by LF, CR LF or CR only.

    `str.splitlines()` also breaks at form feeds, the FS, GS and RS controls, NEL and
    the Unicode line separators, which would number the lines after them wrongly.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


class FileRefused(ArError):
    """A malformed file, or one whose totals or counts disagree: nothing of it is posted."""

    def __init__(self, name: str, line: int | None, reason: str) -> None:
        where = f" LINE {line}" if line else ""
        super().__init__("AR0601E", f"{name}{where}: {reason.upper()}; NOTHING POSTED")
        self.line = line
        self.reason = reason


class Correction(NamedTuple):
    """The corrected data of an ACH notification of change, each field checked.

    Only the fields the change code corrects are set; `account_type` is the one the
    corrected transaction code names (checking, savings, general ledger, loan).
    """

    routing: str | None = None
    dfi_account: str | None = None
    transaction_code: str | None = None
    account_type: str | None = None


class BankItem(NamedTuple):
    """One item of a bank file.

    `kind` is "payment" for money received, "return" for an ACH return of an earlier
    payment, "change" for a notification of change (no money), and "other" for an
    item that is not a receipt (a debit, a prenote) which is shown but never posted.
    `key` identifies the item at its bank, so the same item is never posted twice.
    A change's `change_data` is its corrected data, checked, its fields (routing,
    account, transaction code) separated by one space; `correction` holds them apart.
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
    correction: Correction | None = None


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
