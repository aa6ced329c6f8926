"""Database settings: business date, locale, currency, region and company policy values."""

from __future__ import annotations

import sqlite3
from datetime import date

DEFAULTS = {
    "business_date": "2026-11-25",
    "locale": "en_US",
    "currency": "USD",
    "region": "PROD",
    "company_name": "AR-TUI INSURANCE SERVICES",
    "max_payment_cents": "100000000",
    "returned_payment_fee_cents": "0",
    "returned_payment_fee_codes": "R01,R09",
    "plan_grace_days": "5",
    "settlement_max_days": "30",
    "referral_min_balance_cents": "10000",
    "referral_min_attempts": "6",
    "referral_attempt_days": "90",
    "exhibit_dir": "",
    "phone_display": "full",
    "banking_calendar": "XFED",
}


def get_all(conn: sqlite3.Connection) -> dict[str, str]:
    """Every setting, defaults filled in for those never set."""
    stored = dict(conn.execute("SELECT name, value FROM settings").fetchall())
    return {**DEFAULTS, **stored}


def get(conn: sqlite3.Connection, name: str) -> str:
    row = conn.execute("SELECT value FROM settings WHERE name = ?", (name,)).fetchone()
    return row[0] if row else DEFAULTS[name]


def put(conn: sqlite3.Connection, name: str, value: str) -> None:
    conn.execute(
        "INSERT INTO settings(name, value) VALUES (?, ?) "
        "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        (name, value),
    )


def last_money_day(conn: sqlite3.Connection) -> str | None:
    """The latest business date a payment was posted on, if any."""
    (day,) = conn.execute("SELECT max(business_date) FROM payments").fetchone()
    return str(day) if day else None


def business_date(conn: sqlite3.Connection) -> date:
    return date.fromisoformat(get(conn, "business_date"))
