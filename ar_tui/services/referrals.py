"""Referral to an outside agency or legal counsel: eligibility, placement with its documents,
suit, judgment and recall."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from ar_tui.domain.errors import ArError, NotFound, UsageError
from ar_tui.domain.money import cents_to_str, parse_money
from ar_tui.domain.referrals import REFERRAL, Eligibility, Standing, eligibility, rate_text
from ar_tui.domain.states import History, history_json
from ar_tui.services import exhibits, locks
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import accounts, arrangements, cases, disputes, settings, standing
from ar_tui.store.cases import Agency, ReferralRow


def agencies(session: Session) -> list[Agency]:
    """The outside agencies and counsel accounts may be referred to."""
    with session.store.read() as conn:
        return cases.agencies(conn)


def save_agency(
    session: Session,
    code: str,
    name: str,
    kind: str,
    rate: str,
    contact: str = "",
    phone: str = "",
    active: bool = True,
    source: str = "agency save",
) -> bool:
    """Add or change an agency or counsel (administrators and supervisors); True when new.

    `rate` is the commission as a percentage with up to two decimals: `25`, `33.33%`.
    """
    session.require("agency.save", subject=code.strip().upper())
    code = code.strip().upper()
    if not code.isalnum() or len(code) > 6:
        raise UsageError("AR0941E", "THE AGENCY CODE IS 1 TO 6 LETTERS OR DIGITS", "code")
    kind = kind.strip().lower()
    if kind not in ("agency", "counsel"):
        raise UsageError("AR0942E", "THE KIND IS AGENCY OR COUNSEL", "kind")
    if not name.strip():
        raise UsageError("AR0943E", "THE AGENCY NEEDS A NAME", "name")
    try:
        rate_bp = parse_money(rate.strip().rstrip("%"))  # hundredths of a percent
    except ArError:
        raise UsageError("AR0944E", f"RATE {rate!r} IS NOT A PERCENTAGE", "rate") from None
    if not 0 <= rate_bp <= 10_000:
        raise UsageError("AR0945E", "THE RATE IS FROM 0% TO 100%", "rate")
    with session.write() as conn:
        new = cases.save_agency(
            conn, code=code, name=name.strip().upper(), kind=kind, rate_bp=rate_bp,
            contact=contact.strip().upper(), phone=phone.strip(), active=active,
        )  # fmt: skip
        session.audit(
            conn, source, "agency.add" if new else "agency.change", subject=code,
            detail={"name": name.strip().upper(), "kind": kind, "rate_bp": rate_bp,
                    "active": active},
        )  # fmt: skip
    return new


def _standing(conn: sqlite3.Connection, account_id: int) -> Standing:
    values = settings.get_all(conn)
    today = date.fromisoformat(values["business_date"])
    since = today - timedelta(days=int(values["referral_attempt_days"]) - 1)
    attempts = conn.execute(
        "SELECT count(*) FROM activities WHERE account_id = ? AND is_attempt = 1"
        " AND business_date >= ?",
        (account_id, since.isoformat()),
    ).fetchone()[0]
    return Standing(
        bankrupt=arrangements.bankrupt(conn, account_id),
        open_disputes=1 if disputes.disputed_cents(conn, account_id) else 0,
        collectible_cents=standing.collectible(conn, account_id),
        minimum_cents=int(values["referral_min_balance_cents"]),
        call_attempts=int(attempts),
        attempts_needed=int(values["referral_min_attempts"]),
        already_referred=cases.referral_in_force(conn, account_id) is not None,
    )


def check_eligibility(session: Session, number: str) -> Eligibility:
    """Whether the account may be referred, and every reason it may not."""
    account_id = account_id_for(session, number)
    with session.store.read() as conn:
        return eligibility(_standing(conn, account_id))


def _refuse_unless_eligible(
    session: Session, conn: sqlite3.Connection, account_id: int, override: bool
) -> Eligibility:
    found = eligibility(_standing(conn, account_id))
    if found.blocking:
        raise ArError("AR0891E", f"NOT ELIGIBLE: {'; '.join(found.blocking).upper()}", "account")
    if found.overridable and not override:
        raise ArError(
            "AR0893E",
            f"NOT ELIGIBLE: {'; '.join(found.overridable).upper()} (A SUPERVISOR MAY OVERRIDE)",
            "account",
        )
    if found.overridable and not session.may("referral.place"):
        error = ArError("AR0894E", "ONLY A SUPERVISOR MAY OVERRIDE ELIGIBILITY", "override")
        session.refused("referral.place", error, account_id=account_id)
        raise error
    return found


def preview_referral(session: Session, number: str, agency_code: str, override: bool) -> str:
    """Every check `refer` makes, without referring: what Enter again would do, `placed` or
    `proposed` (for RFRL's first Enter)."""
    account_id = account_id_for(session, number)
    session.require("referral.propose", account_id=account_id, subject=number.strip())
    with session.store.read() as conn:
        locks.guard_in(session, conn, account_id, "referral.propose")
        if cases.agency_by_code(conn, agency_code) is None:
            raise NotFound("AR0890E", f"AGENCY {agency_code.strip().upper()} NOT FOUND", "agency")
        _refuse_unless_eligible(session, conn, account_id, override)
    return "placed" if session.may("referral.place") else "proposed"


@dataclass(frozen=True)
class Placement:
    referral_id: int
    status: str  # placed, or proposed (waiting for a supervisor)
    placed_cents: int
    approval_id: int = 0
    package: exhibits.Package | None = None


def _place_in(
    session: Session,
    conn: sqlite3.Connection,
    referral_id: int,
    account_id: int,
    out_dir: Path | None,
) -> tuple[int, exhibits.Package]:
    """Place a referral now: the amount owed, the documents, the account off our queues."""
    day = settings.get(conn, "business_date")
    owed = accounts.owed(conn, account_id)
    cases.update_referral(conn, referral_id, status="placed", placed_date=day, placed_cents=owed)
    # The agency collects now; the referral's own approval is being decided, not ended.
    standing.stop_collection(
        conn, account_id, day, session.now(), "referred", requests=("plan", "settlement")
    )
    standing.restore(conn, account_id, session.now())
    package = exhibits.write_package_in(session, conn, account_id, out_dir)
    cases.add_event(
        conn, kind="referral", subject_id=referral_id, account_id=account_id, status="placed",
        day=day, operator_id=session.operator.id,
        note=f"placed {cents_to_str(owed)}; package {package.folder}", now=session.now(),
    )  # fmt: skip
    return owed, package


def refer(
    session: Session,
    number: str,
    agency_code: str,
    *,
    override: bool = False,
    note: str = "",
    out_dir: Path | None = None,
    source: str = "RFRL",
) -> Placement:
    """Refer an account to an agency or counsel. A supervisor's referral is placed at once
    (with its documentation package); a collector's is proposed for a supervisor."""
    account_id = account_id_for(session, number)
    session.require("referral.propose", account_id=account_id, subject=number.strip())
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "referral.propose")
        agency = cases.agency_by_code(conn, agency_code)
        if agency is None:
            raise NotFound("AR0890E", f"AGENCY {agency_code.strip().upper()} NOT FOUND", "agency")
        found = _refuse_unless_eligible(session, conn, account_id, override)
        day = settings.get(conn, "business_date")
        owed = accounts.owed(conn, account_id)
        places = session.may("referral.place")
        referral_id = cases.insert_referral(
            conn, account_id=account_id, agency=agency, placed_cents=owed,
            status="proposed", operator_id=session.operator.id, day=day,
        )  # fmt: skip
        why = f"{note.strip()} override: {'; '.join(found.overridable)}" if override else note
        cases.add_event(
            conn, kind="referral", subject_id=referral_id, account_id=account_id,
            status="proposed", day=day, operator_id=session.operator.id,
            note=f"to {agency.code} {why.strip()}".strip(), now=session.now(),
        )  # fmt: skip
        approval_id, package = 0, None
        if places:
            owed, package = _place_in(session, conn, referral_id, account_id, out_dir)
        else:
            approval_id = arrangements.request_approval(
                conn, kind="referral", subject_id=referral_id, account_id=account_id,
                amount_cents=0, operator_id=session.operator.id, now=session.now(),
                note=f"referral to {agency.code} ({agency.kind}) of {cents_to_str(owed)}",
            )  # fmt: skip
        session.audit(
            conn, source, "referral.place" if places else "referral.propose",
            account_id=account_id, subject=str(referral_id),
            detail={"agency": agency.code, "amount": cents_to_str(owed),
                    "override": list(found.overridable) if override else [],
                    "package": str(package.folder) if package else None},
        )  # fmt: skip
    return Placement(referral_id, "placed" if places else "proposed", owed, approval_id, package)


def decide_in(
    session: Session, conn: sqlite3.Connection, referral_id: int, approve: bool
) -> exhibits.Package | None:
    """A supervisor's decision on a collector's proposed referral."""
    found = cases.referral(conn, referral_id)
    if found is None:
        raise NotFound("AR0895E", f"REFERRAL {referral_id} NOT FOUND", "referral")
    status = "placed" if approve else "rejected"
    REFERRAL.check(found.status, status)
    if not approve:
        cases.update_referral(conn, referral_id, status="rejected")
        cases.add_event(
            conn, kind="referral", subject_id=referral_id, account_id=found.account_id,
            status="rejected", day=settings.get(conn, "business_date"),
            operator_id=session.operator.id, note="", now=session.now(),
        )  # fmt: skip
        return None
    # The law's reasons are checked again; the policy's were the proposer's to argue.
    blocking = eligibility(_standing(conn, found.account_id)).blocking
    blocking = tuple(b for b in blocking if b != "already referred")
    if blocking:
        raise ArError("AR0891E", f"NOT ELIGIBLE: {'; '.join(blocking).upper()}", "account")
    return _place_in(session, conn, referral_id, found.account_id, None)[1]


def _in_force(conn: sqlite3.Connection, account_id: int, number: str) -> ReferralRow:
    placed = cases.referral_in_force(conn, account_id)
    if placed is None:
        raise NotFound("AR0896E", f"ACCOUNT {number.strip()} IS NOT REFERRED", "account")
    return placed


def _move(
    session: Session,
    number: str,
    status: str,
    source: str,
    note: str = "",
    **columns: object,
) -> ReferralRow:
    action = {"recalled": "referral.recall", "suit_authorized": "referral.suit",
              "judgment": "referral.judgment"}[status]  # fmt: skip
    account_id = account_id_for(session, number)
    session.require(action, account_id=account_id, subject=number.strip())
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, action)
        placed = _in_force(conn, account_id, number)
        REFERRAL.check(placed.status, status)
        if status == "suit_authorized" and placed.agency_kind != "counsel":
            raise ArError(
                "AR0897E", f"{placed.agency_code} IS AN AGENCY: ONLY COUNSEL FILES SUIT", "agency"
            )
        day = settings.get(conn, "business_date")
        cases.update_referral(conn, placed.id, status=status, **columns)
        cases.add_event(
            conn, kind="referral", subject_id=placed.id, account_id=account_id, status=status,
            day=day, operator_id=session.operator.id, note=note.strip(), now=session.now(),
        )  # fmt: skip
        standing.restore(conn, account_id, session.now())
        session.audit(
            conn, source, f"referral.{status}", account_id=account_id, subject=str(placed.id),
            detail={"from": placed.status, "note": note.strip(),
                    **{k: v for k, v in columns.items() if k != "suit_authorized_by"}},
        )  # fmt: skip
    return placed


def recall(session: Session, number: str, note: str = "", source: str = "RFRL") -> ReferralRow:
    """Take the account back from the agency: it returns to the internal queues."""
    return _move(
        session, number, "recalled", source, note,
        recalled_date=session.business_date().isoformat(),
    )  # fmt: skip


def authorize_suit(
    session: Session, number: str, note: str = "", source: str = "RFRL"
) -> ReferralRow:
    """Counsel may file suit: a supervisor's decision."""
    return _move(
        session, number, "suit_authorized", source, note, suit_authorized_by=session.operator.id
    )


def record_judgment(
    session: Session,
    number: str,
    amount_cents: int,
    on: date,
    note: str = "",
    source: str = "RFRL",
) -> ReferralRow:
    """The court's judgment for the amount awarded."""
    if amount_cents <= 0:
        raise UsageError("AR0412E", "AMOUNT MUST BE GREATER THAN ZERO", "amount")
    if on > session.business_date():
        raise ArError("AR0898E", "THE JUDGMENT DATE IS AFTER THE BUSINESS DATE", "date")
    return _move(
        session, number, "judgment", source, note,
        judgment_date=on.isoformat(), judgment_cents=amount_cents,
    )  # fmt: skip


@dataclass(frozen=True)
class ReferralLine:
    referral: ReferralRow
    history: History


def referrals_of(session: Session, number: str) -> list[ReferralLine]:
    account_id = account_id_for(session, number)
    with session.store.read() as conn:
        return [
            ReferralLine(row, tuple(cases.events(conn, "referral", row.id)))
            for row in cases.referrals_of(conn, account_id)
        ]


def as_json(session: Session, number: str) -> dict[str, object] | None:
    """`referral` for `account show --format json`: the latest referral, or None."""
    found = referrals_of(session, number)
    if not found:
        return None
    r = found[0].referral
    return {
        "id": r.id, "agency": r.agency_code, "kind": r.agency_kind, "status": r.status,
        "placed": r.placed_date, "placed_amount": cents_to_str(r.placed_cents),
        "commission_rate": rate_text(r.commission_rate_bp),
        "collected": cents_to_str(r.collected_cents),
        "commission": cents_to_str(r.commission_cents),
        "suit_authorized": r.suit_authorized_by is not None,
        "judgment_date": r.judgment_date,
        "judgment_amount": cents_to_str(r.judgment_cents) if r.judgment_cents else None,
        "recalled": r.recalled_date,
        "history": history_json(found[0].history),
    }  # fmt: skip
