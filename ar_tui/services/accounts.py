"""Finding and reading accounts: search, inquiry, open items, history and the JSON contract."""

from __future__ import annotations

import sqlite3
from typing import Any

from ar_tui.domain import aging as aging_rules
from ar_tui.domain.errors import UsageError
from ar_tui.domain.flags import ordered_flags
from ar_tui.domain.models import AccountSummary, AccountView, Item, LedgerEntry, Page
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.search import (
    SEARCH_KINDS,
    SearchKind,
    candidate_kinds,
    code_key,
    is_account_number,
    name_key,
    phone_key,
)
from ar_tui.services import (
    arrangements,
    bankruptcy,
    contacts,
    disputes,
    referrals,
    settlements,
    writeoffs,
)
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import accounts as q
from ar_tui.store import actions, standing
from ar_tui.store import payments as payment_store

POLICIES_SHOWN = 3


def _search_kind(
    session: Session, kind: SearchKind, text: str, after: tuple | None, limit: int
) -> Page[AccountSummary]:
    conn = session.store.connection()
    if kind == "number":
        return q.search_number(conn, text.strip(), after, limit)
    if kind == "name":
        return q.search_name(conn, name_key(text), after, limit)
    if kind == "policy":
        return q.search_policy(conn, code_key(text), limit)
    if kind == "phone":
        return q.search_phone(conn, phone_key(text), after, limit)
    return q.search_agency(conn, code_key(text), after, limit)


def search(
    session: Session,
    text: str,
    kind: str | None = None,
    after: tuple | None = None,
    limit: int = 15,
) -> tuple[SearchKind, Page[AccountSummary]]:
    """Accounts matching `text`, one page at a time.

    With no `kind` the text is tried as each kind of key it could be, most specific
    first (account number, phone, policy, agency code, name); the first kind with a
    match answers. Every kind is an indexed look-up, never a scan.
    """
    text = text.strip()
    if not text:
        raise UsageError("AR0301E", "ENTER AN ACCOUNT, NAME, POLICY, PHONE OR AGENCY", "search")
    if kind:
        wanted = kind.strip().lower()
        if wanted not in SEARCH_KINDS:
            raise UsageError(
                "AR0302E",
                f"SEARCH BY {kind.upper()!r} IS NOT ONE OF {', '.join(SEARCH_KINDS)}",
                "by",
            )
        kinds: tuple[SearchKind, ...] = (SEARCH_KINDS[SEARCH_KINDS.index(wanted)],)
        if wanted == "number" and not is_account_number(text):
            raise UsageError("AR0202E", f"ACCOUNT NUMBER {text!r} MUST BE 1 TO 12 DIGITS", "search")
    else:
        kinds = candidate_kinds(text)
        if not kinds:
            raise UsageError("AR0303E", f"NOTHING TO SEARCH FOR IN {text!r}", "search")
    with session.store.read():
        for candidate in kinds:
            page = _search_kind(session, candidate, text, after, limit)
            if page.rows:
                return candidate, page
    return kinds[-1], Page(rows=(), has_more=False)


def view(session: Session, number: str) -> AccountView:
    """Everything ACIQ shows for account `number`."""
    with session.store.read() as conn:
        account_id = account_id_for(session, number)
        account = q.get(conn, account_id)
        assert account is not None
        open_total, unapplied = q.balance(conn, account_id)
        open_actions, flag_names = actions.in_force(conn, account_id)
        if account.cease_communication:
            flag_names.add("cease_communication")
        if account.attorney_represented:
            flag_names.add("attorney")
        if account.collection_status == "charged_off":
            flag_names.add("written_off")
        return AccountView(
            account=account,
            balance_cents=open_total - unapplied,
            open_items_cents=open_total,
            aging=aging_rules.age(q.open_by_due_date(conn, account_id), session.business_date()),
            flags=ordered_flags(flag_names),
            contacts=q.contacts(conn, account_id),
            policies=q.policies(conn, account_id, POLICIES_SHOWN),
            policy_count=q.policy_count(conn, account_id),
            open_item_count=q.open_item_count(conn, account_id),
            open_actions=tuple(open_actions),
            last_payment=q.last_payment(conn, account_id),
        )


def open_items(
    session: Session, number: str, after: tuple | None = None, limit: int = 12
) -> Page[Item]:
    """One page of the account's open items, oldest due first."""
    with session.store.read() as conn:
        return q.open_items(conn, account_id_for(session, number), after, limit)


def history(
    session: Session, number: str, before: tuple | None = None, limit: int = 12
) -> Page[LedgerEntry]:
    """One page of the account's ledger, newest first, with the running balance."""
    with session.store.read() as conn:
        return q.history(conn, account_id_for(session, number), before, limit)


def as_json(session: Session, number: str) -> dict[str, Any]:
    """The account as `ar-tui account show --format json` prints it (money as strings)."""
    found = view(session, number)
    account = found.account
    with session.store.read() as conn:
        items = q.all_open_items(conn, account.id)
        payments = _payments(conn, account.id)
        collectible = standing.collectible(conn, account.id)
    attempts, next_allowed = contacts.contact_status(session, account.id)
    business_date = session.business_date()
    return {
        "account_number": account.account_number,
        "name": account.name,
        "customer_type": account.customer_type,
        "bill_type": account.bill_type,
        "line_of_business": account.line_of_business,
        "agency_code": account.agency_code,
        "state": account.state,
        "time_zone": account.time_zone,
        "collector": account.collector_login,
        "collection_status": account.collection_status,
        "business_date": business_date.isoformat(),
        "balance": cents_to_str(found.balance_cents),
        "unapplied": cents_to_str(found.open_items_cents - found.balance_cents),
        "aging": {name: cents_to_str(cents) for name, cents in found.aging.as_dict().items()},
        "flags": list(found.flags),
        "contacts": [
            {
                "kind": c.kind,
                "value": c.value,
                "label": c.label,
                "primary": c.is_primary,
                "do_not_contact": c.do_not_contact,
            }
            for c in found.contacts
        ],
        "items": [
            {
                "document_number": item.document_number,
                "item_type": item.item_type,
                "policy_number": item.policy_number,
                "bill_date": item.bill_date.isoformat() if item.bill_date else None,
                "due_date": item.due_date.isoformat(),
                "days_past_due": max(0, aging_rules.days_past_due(item.due_date, business_date)),
                "amount": cents_to_str(item.amount_cents),
                "open_amount": cents_to_str(item.open_cents),
            }
            for item in items
        ],
        "payments": payments,
        **arrangements.as_json(session, account.id),
        "settlements": settlements.as_json(session, account.id),
        "writeoffs": writeoffs.as_json(session, account.id),
        "disputes": disputes.as_json(session, account.account_number),
        "bankruptcy": bankruptcy.as_json(session, account.account_number),
        "referral": referrals.as_json(session, account.account_number),
        "collectible": cents_to_str(collectible),
        "contacts_7d": attempts,
        "next_contact_allowed": None if next_allowed is None else next_allowed.isoformat(),
    }


def _payments(conn: sqlite3.Connection, account_id: int) -> list[dict[str, Any]]:
    """The account's payments newest first, with what each still applies and holds."""
    return [
        {
            "receipt": row.receipt,
            "amount": cents_to_str(row.amount_cents),
            "method": row.method,
            "reference": row.reference,
            "received_date": row.received_date,
            "status": row.status,
            "category": row.category,
            "applied": cents_to_str(
                sum(c for _, _, c, _ in payment_store.net_allocations(conn, row.id))
            ),
            "unapplied": cents_to_str(row.unapplied_cents),
            "review": row.review_flag,
        }
        for row in payment_store.for_account(conn, account_id)
    ]
