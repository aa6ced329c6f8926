"""What is in force on an account: promises, plans, settlements, disputes, bankruptcy, referral."""

from __future__ import annotations

import sqlite3

from ar_tui.domain.disputes import ACTIVE as ACTIVE_DISPUTE
from ar_tui.domain.models import OpenAction
from ar_tui.domain.referrals import IN_FORCE as ACTIVE_REFERRAL
from ar_tui.store.accounts import stored_day


def in_force(conn: sqlite3.Connection, account_id: int) -> tuple[list[OpenAction], set[str]]:
    """One line per open action, and the flag names they raise."""
    actions: list[OpenAction] = []
    flags: set[str] = set()
    for amount, due, status in conn.execute(
        "SELECT amount_cents, promised_date, status FROM promises"
        " WHERE account_id = ? AND status = 'pending' ORDER BY promised_date",
        (account_id,),
    ):
        flags.add("promise")
        actions.append(
            OpenAction(kind="promise", status=status, amount_cents=amount, on_date=stored_day(due))
        )
    for total, count, frequency, status in conn.execute(
        "SELECT total_cents, installment_count, frequency, status FROM plans"
        " WHERE account_id = ? AND status IN ('active', 'pending_approval')",
        (account_id,),
    ):
        flags.add("plan")
        actions.append(
            OpenAction(
                kind="plan", status=status, amount_cents=total, detail=f"{count} {frequency}"
            )
        )
    for offer, due, status in conn.execute(
        "SELECT offer_cents, due_date, status FROM settlements"
        " WHERE account_id = ? AND status IN ('proposed', 'approved')",
        (account_id,),
    ):
        flags.add("settlement")
        actions.append(
            OpenAction(
                kind="settlement", status=status, amount_cents=offer, on_date=stored_day(due)
            )
        )
    for amount, reason, status, opened in conn.execute(
        "SELECT amount_cents, reason, status, opened_date FROM disputes"
        f" WHERE account_id = ? AND status IN {ACTIVE_DISPUTE}",
        (account_id,),
    ):
        flags.add("dispute")
        actions.append(
            OpenAction(
                kind="dispute",
                status=status,
                amount_cents=amount,
                on_date=stored_day(opened),
                detail=reason,
            )
        )
    for chapter, case, filed in conn.execute(
        "SELECT chapter, case_number, filed_date FROM bankruptcies"
        " WHERE account_id = ? AND status = 'active'",
        (account_id,),
    ):
        flags.add("bankruptcy")
        actions.append(
            OpenAction(
                kind="bankruptcy",
                status="active",
                on_date=stored_day(filed),
                detail=f"CH {chapter} {case}",
            )
        )
    for code, kind, placed, amount, status in conn.execute(
        "SELECT c.code, c.kind, r.placed_date, r.placed_cents, r.status FROM referrals r"
        " JOIN collection_agencies c ON c.id = r.collection_agency_id"
        f" WHERE r.account_id = ? AND r.status IN {ACTIVE_REFERRAL}",
        (account_id,),
    ):
        flags.add("legal" if kind == "counsel" else "referred")
        actions.append(
            OpenAction(
                kind="referral",
                status=status,
                amount_cents=amount,
                on_date=stored_day(placed),
                detail=code,
            )
        )
    if conn.execute(
        "SELECT 1 FROM writeoffs WHERE account_id = ? AND status = 'posted' LIMIT 1",
        (account_id,),
    ).fetchone():
        flags.add("written_off")
    return actions, flags
