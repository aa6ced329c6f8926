"""Bankruptcies and referrals: the rows, their dated history, agency payments and messages."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ar_tui.domain.referrals import IN_FORCE


@dataclass(frozen=True)
class BankruptcyRow:
    id: int
    account_id: int
    chapter: int
    case_number: str
    court_district: str
    filed_date: str
    attorney: str
    proof_of_claim_deadline: str | None
    status: str
    status_date: str


_BANKRUPTCY = (
    "SELECT id, account_id, chapter, case_number, court_district, filed_date, attorney,"
    " proof_of_claim_deadline, status, status_date FROM bankruptcies"
)


def bankruptcies_of(conn: sqlite3.Connection, account_id: int) -> list[BankruptcyRow]:
    """The account's bankruptcies, the one in force first, then newest first."""
    return [
        BankruptcyRow(*row)
        for row in conn.execute(
            f"{_BANKRUPTCY} WHERE account_id = ? ORDER BY status = 'active' DESC, id DESC",
            (account_id,),
        )
    ]


def insert_bankruptcy(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    chapter: int,
    case_number: str,
    court: str,
    filed: str,
    attorney: str,
    claim_deadline: str | None,
    operator_id: int,
    day: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO bankruptcies(account_id, chapter, case_number, court_district, filed_date,"
        " attorney, proof_of_claim_deadline, status, status_date, created_by)"
        " VALUES (?,?,?,?,?,?,?,'active',?,?)",
        (account_id, chapter, case_number, court, filed, attorney, claim_deadline, day,
         operator_id),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def set_bankruptcy_status(conn: sqlite3.Connection, bankruptcy_id: int, status: str, day: str):
    conn.execute(
        "UPDATE bankruptcies SET status = ?, status_date = ? WHERE id = ?",
        (status, day, bankruptcy_id),
    )


def claims_due(conn: sqlite3.Connection, first: str, last: str, limit: int) -> list[tuple]:
    """Active cases whose proof-of-claim deadline falls from `first` to `last`:
    (deadline, account number, name, chapter, case number), soonest first."""
    return conn.execute(
        "SELECT b.proof_of_claim_deadline, a.account_number, a.name, b.chapter, b.case_number"
        " FROM bankruptcies b JOIN accounts a ON a.id = b.account_id"
        " WHERE b.status = 'active' AND b.proof_of_claim_deadline BETWEEN ? AND ?"
        " ORDER BY b.proof_of_claim_deadline, b.id LIMIT ?",
        (first, last, limit),
    ).fetchall()


def add_event(
    conn: sqlite3.Connection,
    *,
    kind: str,
    subject_id: int,
    account_id: int,
    status: str,
    day: str,
    operator_id: int,
    note: str,
    now: str,
) -> None:
    conn.execute(
        "INSERT INTO case_events(kind, subject_id, account_id, status, business_date,"
        " operator_id, note, created_at) VALUES (?,?,?,?,?,?,?,?)",
        (kind, subject_id, account_id, status, day, operator_id, note, now),
    )


def events(conn: sqlite3.Connection, kind: str, subject_id: int) -> list[tuple[str, str, str, str]]:
    """(business date, status, operator login, note), oldest first."""
    return conn.execute(
        "SELECT e.business_date, e.status, o.login, e.note FROM case_events e"
        " JOIN operators o ON o.id = e.operator_id WHERE e.kind = ? AND e.subject_id = ?"
        " ORDER BY e.id",
        (kind, subject_id),
    ).fetchall()


@dataclass(frozen=True)
class Agency:
    id: int
    code: str
    name: str
    kind: str  # agency or counsel
    commission_rate_bp: int
    contact_name: str
    phone: str


def agencies(conn: sqlite3.Connection) -> list[Agency]:
    return [
        Agency(*row)
        for row in conn.execute(
            "SELECT id, code, name, kind, commission_rate_bp, coalesce(contact_name, ''),"
            " coalesce(phone, '') FROM collection_agencies WHERE active = 1 ORDER BY code"
        )
    ]


def agency_by_code(conn: sqlite3.Connection, code: str) -> Agency | None:
    row = conn.execute(
        "SELECT id, code, name, kind, commission_rate_bp, coalesce(contact_name, ''),"
        " coalesce(phone, '') FROM collection_agencies WHERE code = ? AND active = 1",
        (code.strip().upper(),),
    ).fetchone()
    return Agency(*row) if row else None


@dataclass(frozen=True)
class ReferralRow:
    id: int
    account_id: int
    agency_code: str
    agency_kind: str
    placed_date: str
    placed_cents: int
    commission_rate_bp: int
    status: str
    suit_authorized_by: int | None
    judgment_date: str | None
    judgment_cents: int | None
    recalled_date: str | None
    created_by: int
    collected_cents: int
    commission_cents: int


_REFERRAL = (
    "SELECT r.id, r.account_id, c.code, c.kind, r.placed_date, r.placed_cents,"
    " r.commission_rate_bp, r.status, r.suit_authorized_by, r.judgment_date, r.judgment_cents,"
    " r.recalled_date, r.created_by,"
    " (SELECT coalesce(sum(amount_cents), 0) FROM referral_payments WHERE referral_id = r.id),"
    " (SELECT coalesce(sum(commission_cents), 0) FROM referral_payments"
    "   WHERE referral_id = r.id)"
    " FROM referrals r JOIN collection_agencies c ON c.id = r.collection_agency_id"
)
_IN_FORCE = ",".join(f"'{status}'" for status in IN_FORCE)


def referrals_of(conn: sqlite3.Connection, account_id: int) -> list[ReferralRow]:
    """The account's referrals, the one in force (or proposed) first, then newest first."""
    return [
        ReferralRow(*row)
        for row in conn.execute(
            f"{_REFERRAL} WHERE r.account_id = ?"
            f" ORDER BY r.status IN ({_IN_FORCE}, 'proposed') DESC, r.id DESC LIMIT 20",
            (account_id,),
        )
    ]


def referral(conn: sqlite3.Connection, referral_id: int) -> ReferralRow | None:
    row = conn.execute(f"{_REFERRAL} WHERE r.id = ?", (referral_id,)).fetchone()
    return ReferralRow(*row) if row else None


def referral_in_force(conn: sqlite3.Connection, account_id: int) -> ReferralRow | None:
    """The referral placed with an agency now, or proposed for one."""
    row = conn.execute(
        f"{_REFERRAL} WHERE r.account_id = ? AND r.status IN ({_IN_FORCE}, 'proposed')"
        " ORDER BY r.id DESC LIMIT 1",
        (account_id,),
    ).fetchone()
    return ReferralRow(*row) if row else None


def insert_referral(
    conn: sqlite3.Connection,
    *,
    account_id: int,
    agency: Agency,
    placed_cents: int,
    status: str,
    operator_id: int,
    day: str,
) -> int:
    cursor = conn.execute(
        "INSERT INTO referrals(account_id, collection_agency_id, placed_date, placed_cents,"
        " commission_rate_bp, status, created_by) VALUES (?,?,?,?,?,?,?)",
        (account_id, agency.id, day, placed_cents, agency.commission_rate_bp, status,
         operator_id),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def update_referral(conn: sqlite3.Connection, referral_id: int, **columns: object) -> None:
    """Set some of: status, placed_date, placed_cents, suit_authorized_by, judgment_date,
    judgment_cents, recalled_date."""
    allowed = {
        "status", "placed_date", "placed_cents", "suit_authorized_by", "judgment_date",
        "judgment_cents", "recalled_date",
    }  # fmt: skip
    names = [name for name in columns if name in allowed]
    assignments = ", ".join(f"{name} = ?" for name in names)
    conn.execute(
        f"UPDATE referrals SET {assignments} WHERE id = ?",
        (*[columns[name] for name in names], referral_id),
    )


def add_referral_payment(
    conn: sqlite3.Connection,
    *,
    referral_id: int,
    payment_id: int,
    amount_cents: int,
    rate_bp: int,
    commission_cents: int,
    day: str,
) -> None:
    conn.execute(
        "INSERT INTO referral_payments(referral_id, payment_id, amount_cents,"
        " commission_rate_bp, commission_cents, business_date) VALUES (?,?,?,?,?,?)",
        (referral_id, payment_id, amount_cents, rate_bp, commission_cents, day),
    )


def save_agency(
    conn: sqlite3.Connection,
    *,
    code: str,
    name: str,
    kind: str,
    rate_bp: int,
    contact: str,
    phone: str,
    active: bool,
) -> bool:
    """Add the agency, or change the one with this code; True when it was new.

    Referrals keep the commission rate they were placed at, so changing it here is safe.
    """
    existed = conn.execute("SELECT 1 FROM collection_agencies WHERE code = ?", (code,)).fetchone()
    conn.execute(
        "INSERT INTO collection_agencies(code, name, kind, commission_rate_bp, contact_name,"
        " phone, active) VALUES (?,?,?,?,?,?,?) ON CONFLICT(code) DO UPDATE SET"
        " name = excluded.name, kind = excluded.kind,"
        " commission_rate_bp = excluded.commission_rate_bp,"
        " contact_name = excluded.contact_name, phone = excluded.phone, active = excluded.active",
        (code, name, kind, rate_bp, contact, phone, int(active)),
    )
    return existed is None
