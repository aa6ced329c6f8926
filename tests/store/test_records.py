"""What the store hands a screen: frozen records with dates as dates, never stored text."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from ar_tui.domain.models import Page
from ar_tui.services import accounts
from ar_tui.services.session import Session
from ar_tui.store.accounts import stored_day


def _an_account_with_everything(session: Session) -> str:
    """The demo account with a policy, an open item, a payment and an open action."""
    with session.store.read() as conn:
        row = conn.execute(
            "SELECT a.account_number FROM accounts a"
            " WHERE EXISTS (SELECT 1 FROM policies p WHERE p.account_id = a.id)"
            " AND EXISTS (SELECT 1 FROM items i WHERE i.account_id = a.id AND i.open_cents <> 0"
            "             AND i.bill_date IS NOT NULL)"
            " AND EXISTS (SELECT 1 FROM payments y WHERE y.account_id = a.id"
            "             AND y.status <> 'reversed')"
            " AND EXISTS (SELECT 1 FROM promises r WHERE r.account_id = a.id"
            "             AND r.status = 'pending')"
            " ORDER BY a.id LIMIT 1"
        ).fetchone()
    assert row is not None, "the demo portfolio has such an account"
    return str(row[0])


def test_every_date_an_inquiry_reads_is_a_date(demo_session: Session) -> None:
    number = _an_account_with_everything(demo_session)
    view = accounts.view(demo_session, number)
    items = accounts.open_items(demo_session, number).rows
    entries = accounts.history(demo_session, number).rows
    days = [
        *(p.effective_date for p in view.policies),
        *(p.expiration_date for p in view.policies),
        *(a.on_date for a in view.open_actions if a.kind == "promise"),
        *(i.due_date for i in items),
        *(i.bill_date for i in items if i.bill_date is not None),
        *(e.business_date for e in entries),
    ]
    assert view.last_payment is not None
    days.append(view.last_payment.business_date)
    assert len(days) >= 6
    assert all(type(day) is date for day in days), days


def test_records_cannot_be_changed_by_whoever_holds_them(demo_session: Session) -> None:
    number = _an_account_with_everything(demo_session)
    view = accounts.view(demo_session, number)
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.account.collection_status = "paid"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.aging.current = 0  # type: ignore[misc]
    page = accounts.open_items(demo_session, number)
    with pytest.raises(dataclasses.FrozenInstanceError):
        page.has_more = True  # type: ignore[misc]
    assert isinstance(page, Page)


def test_a_stored_day_is_a_date_or_none() -> None:
    assert stored_day("2026-02-28") == date(2026, 2, 28)
    assert stored_day(None) is None
    assert stored_day("") is None
