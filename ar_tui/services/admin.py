"""Database settings an administrator may change: company policy, locale, the business date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.numbers import get_currency_name

from ar_tui.domain.banking_days import calendars
from ar_tui.domain.errors import ArError, UsageError
from ar_tui.domain.privacy import PHONE_DISPLAYS
from ar_tui.services import banking_calendar
from ar_tui.services.session import Session
from ar_tui.store import queue as queue_store
from ar_tui.store import settings


def _whole(minimum: int) -> Callable[[str], str]:
    def check(value: str) -> str:
        text = value.strip()
        if not (text.isascii() and text.isdigit()) or int(text) < minimum:
            raise ValueError(f"a whole number of at least {minimum}")
        return str(int(value))

    return check


def _choice(*allowed: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(f"one of {', '.join(allowed)}")
        return value

    return check


def _locale(value: str) -> str:
    try:
        Locale.parse(value)
    except (UnknownLocaleError, ValueError):
        raise ValueError("a locale such as en_US") from None
    return value


def _currency(value: str) -> str:
    code = value.upper()
    if len(code) != 3 or get_currency_name(code, locale="en_US") == code:
        raise ValueError("an ISO 4217 currency code such as USD")
    return code


def _text(value: str) -> str:
    if not value.strip() or len(value) > 60:
        raise ValueError("1 to 60 characters")
    return value.strip()


def _folder(value: str) -> str:
    """An absolute folder path (the exhibits go there, one folder per account and date)."""
    if not value.startswith("/") or len(value) > 500:
        raise ValueError("an absolute folder path such as /srv/ar/exhibits")
    return value.rstrip("/") or "/"


def _calendar(value: str) -> str:
    code = value.strip().upper()
    if code not in calendars():
        raise ValueError("a financial calendar such as XFED (the Federal Reserve) or XNYS")
    return code


def _codes(value: str) -> str:
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    if not all(len(c) == 3 and c[0] == "R" and c[1:].isascii() and c[1:].isdigit() for c in codes):
        raise ValueError("ACH return codes separated by commas, such as R01,R09")
    return ",".join(codes)


# Every setting a person may change, with its check. The business date is moved by
# `db set-date` and the nightly cycle only.
# Settings a hold of the work queue may depend on (the contact rules that apply).
QUEUE_SETTINGS = frozenset({"commercial_contact_rules", "banking_calendar"})

CHECKS: dict[str, Callable[[str], str]] = {
    "locale": _locale,
    "currency": _currency,
    "region": _choice("PROD", "TRAINING"),
    "company_name": _text,
    "max_payment_cents": _whole(1),
    "returned_payment_fee_cents": _whole(0),
    "returned_payment_fee_codes": _codes,
    "commercial_contact_rules": _choice("consumer", "none"),
    "promise_max_days": _whole(1),
    "duplicate_payment_days": _whole(0),
    "several_arrangements": _choice("no", "yes"),
    "plan_longest_term_months": _whole(1),
    "plan_smallest_installment_cents": _whole(0),
    "plan_smallest_down_payment_bp": _whole(0),
    "plan_grace_days": _whole(0),
    "settlement_max_days": _whole(1),
    "referral_min_balance_cents": _whole(0),
    "referral_min_attempts": _whole(0),
    "referral_attempt_days": _whole(1),
    "exhibit_dir": _folder,
    "phone_display": _choice(*PHONE_DISPLAYS),
    "banking_calendar": _calendar,
}


def set_setting(session: Session, name: str, value: str, source: str = "settings set") -> str:
    """Change one setting (administrators only); returns the value as stored."""
    session.require("settings.set", subject=name)
    check = CHECKS.get(name)
    if check is None:
        raise UsageError(
            "AR0030E", f"SETTING {name!r} IS NOT ONE OF {', '.join(sorted(CHECKS))}", "name"
        )
    try:
        stored = check(value)
    except ValueError as exc:
        raise UsageError("AR0031E", f"{name.upper()} MUST BE {str(exc).upper()}", "value") from None
    with session.write() as conn:
        before = settings.get_all(conn).get(name)
        settings.put(conn, name, stored)
        session.audit(
            conn, source, "setting.set", subject=name, detail={"from": before, "to": stored}
        )
        if name == "banking_calendar":
            banking_calendar.keep(conn, session.business_date(), stored)
        if name in QUEUE_SETTINGS:  # the contact rules changed: PF6 reads every account again
            queue_store.release_all(conn)
    return stored


def set_business_date(session: Session, day: date, source: str = "db set-date") -> None:
    """Move the business date (administrators only; training regions hold a fixed date).

    In PROD the date never goes back before the last day money was posted: a payment dated
    after its own business date would make aging, promises and the ledger disagree.
    """
    session.require("business_date.set", subject=day.isoformat())
    with session.write() as conn:
        before = settings.get(conn, "business_date")
        last = settings.last_money_day(conn)
        if last and day.isoformat() < last and settings.get(conn, "region") != "TRAINING":
            raise ArError(
                "AR0033E", f"MONEY WAS POSTED ON {last}: THE BUSINESS DATE CANNOT GO BACK"
                f" BEFORE IT (ONLY A TRAINING REGION MAY)", "date",
            )  # fmt: skip
        settings.put(conn, "business_date", day.isoformat())
        session.audit(
            conn, source, "business_date.set", subject=day.isoformat(), detail={"from": before}
        )
