"""Finding an account by the number a person typed: the one check every service makes first."""

from __future__ import annotations

from ar_tui.domain.errors import NotFound, UsageError
from ar_tui.domain.search import is_account_number
from ar_tui.services.session import Session
from ar_tui.store import accounts as q


def check_account_number(text: str, field: str = "account") -> str:
    """The account number as typed, or a message saying what is wrong with it."""
    number = text.strip()
    if not number:
        raise UsageError("AR0201E", "ACCOUNT NUMBER IS REQUIRED", field)
    if not is_account_number(number):
        raise UsageError("AR0202E", f"ACCOUNT NUMBER {number!r} MUST BE 1 TO 12 DIGITS", field)
    return number


def account_id_for(session: Session, number: str, field: str = "account") -> int:
    """The id of account `number`, or NotFound (exit 4)."""
    number = check_account_number(number, field)
    account_id = q.account_id(session.store.connection(), number)
    if account_id is None:
        raise NotFound("AR0203E", f"ACCOUNT {number} NOT FOUND", field)
    return account_id
