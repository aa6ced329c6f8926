"""Which account a bank item pays: by account number, then document number, then policy number.

Nothing is ever guessed: an item whose keys point to no account, or to more than
one, goes to unapplied cash with the reason.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from ar_tui.domain.search import code_key, is_account_number
from ar_tui.formats.model import BankItem
from ar_tui.store import matching as lookups

# An account number in free text only counts when it is labelled as one.
_LABELLED_ACCOUNT = re.compile(
    r"\b(?:ACCT|ACCOUNT|ACC|A/C|CUST(?:OMER)?|POLICYHOLDER)\s*(?:NO|NUM|NUMBER|ID)?[\s:=#.]*(\d{1,12})\b",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{2,}")


@dataclass(frozen=True)
class Match:
    """The account an item pays (or None), the items it names, and how it was found."""

    account_id: int | None
    preferred_items: tuple[int, ...] = ()
    how: str = ""
    reason: str = ""


def _account_keys(item: BankItem) -> list[str]:
    keys = []
    if item.account_hint and is_account_number(item.account_hint.strip()):
        keys.append(item.account_hint.strip())
    for text in item.texts:
        keys += _LABELLED_ACCOUNT.findall(text)
    return keys


def _document_keys(item: BankItem) -> list[str]:
    keys = list(item.document_hints)
    for text in item.texts:
        keys += [t.upper() for t in _TOKEN.findall(text)]
    return keys


def _policy_keys(item: BankItem) -> list[str]:
    keys = [code_key(item.policy_hint)] if item.policy_hint else []
    for text in item.texts:
        keys += [code_key(t) for t in _TOKEN.findall(text)]
    return keys


def match_items(conn: sqlite3.Connection, items: Sequence[BankItem]) -> list[Match]:
    """One Match per item, looked up in three indexed passes over all the items at once."""
    account_keys = [_account_keys(i) for i in items]
    document_keys = [_document_keys(i) for i in items]
    policy_keys = [_policy_keys(i) for i in items]
    accounts = lookups.accounts_by_number(conn, (k for keys in account_keys for k in keys))
    documents = lookups.items_by_document(conn, (k for keys in document_keys for k in keys))
    policies = lookups.accounts_by_policy(conn, (k for keys in policy_keys for k in keys))
    results = []
    for index in range(len(items)):
        results.append(
            _decide(
                [accounts[k] for k in account_keys[index] if k in accounts],
                [hit for k in document_keys[index] for hit in documents.get(k, [])],
                [policies[k] for k in policy_keys[index] if k in policies],
                bool(account_keys[index] or item_has_keys(items[index])),
            )
        )
    return results


def item_has_keys(item: BankItem) -> bool:
    return bool(item.account_hint or item.document_hints or item.policy_hint or item.texts)


def _decide(
    by_account: list[int], by_document: list[tuple[int, int]], by_policy: list[int], had_keys: bool
) -> Match:
    for how, ids in (("account", set(by_account)), ("document", {a for a, _ in by_document})):
        if len(ids) > 1:
            listed = ", ".join(str(i) for i in sorted(ids))
            return Match(None, how=how, reason=f"{how} keys point to several accounts ({listed})")
        if ids:
            account = next(iter(ids))
            preferred = tuple(item for acct, item in by_document if acct == account)
            return Match(account, preferred, how)
    ids = set(by_policy)
    if len(ids) > 1:
        return Match(None, how="policy", reason="policy numbers point to several accounts")
    if ids:
        return Match(next(iter(ids)), how="policy")
    reason = (
        "no account, document or policy number matched" if had_keys else "no reference to match"
    )
    return Match(None, reason=reason)
