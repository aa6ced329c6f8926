"""Bankruptcy: set the flag (the automatic stay), then discharge, dismiss or close the case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ar_tui.domain.bankruptcy import BANKRUPTCY, CHAPTERS, PROOF_OF_CLAIM_WINDOW_DAYS
from ar_tui.domain.errors import ArError, NotFound, UsageError
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.states import History, history_json
from ar_tui.services import limits, locks, writeoffs
from ar_tui.services.lookup import account_id_for
from ar_tui.services.session import Session
from ar_tui.store import accounts, cases, messages, settings, standing
from ar_tui.store.cases import BankruptcyRow


def set_bankruptcy(
    session: Session,
    number: str,
    chapter: int,
    case_number: str,
    filed: date,
    court: str = "",
    attorney: str = "",
    claim_deadline: date | None = None,
    source: str = "BKRP",
) -> int:
    """Flag the account bankrupt. From now on the automatic stay holds: every promise, plan
    and settlement offer ends, a referral is recalled, and the account leaves every queue."""
    account_id = account_id_for(session, number)
    session.require("bankruptcy.set", account_id=account_id, subject=number.strip())
    if chapter not in CHAPTERS:
        raise UsageError("AR0880E", f"CHAPTER {chapter} IS NOT 7, 11 OR 13", "chapter")
    case_number = case_number.strip().upper()
    if not case_number:
        raise UsageError("AR0881E", "THE CASE NUMBER IS REQUIRED", "case")
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "bankruptcy.set")
        today = date.fromisoformat(settings.get(conn, "business_date"))
        day = today.isoformat()
        if filed > today:
            raise ArError("AR0883E", "THE FILED DATE IS AFTER THE BUSINESS DATE", "filed")
        if claim_deadline is not None and claim_deadline < filed:
            raise ArError("AR0884E", "THE PROOF-OF-CLAIM DEADLINE IS BEFORE THE FILING", "claim")
        if any(b.status == "active" for b in cases.bankruptcies_of(conn, account_id)):
            raise ArError("AR0885E", "THE ACCOUNT IS ALREADY IN BANKRUPTCY", "account")
        bankruptcy_id = cases.insert_bankruptcy(
            conn, account_id=account_id, chapter=chapter, case_number=case_number,
            court=court.strip().upper(), filed=filed.isoformat(),
            attorney=attorney.strip().upper(),
            claim_deadline=claim_deadline.isoformat() if claim_deadline else None,
            operator_id=session.operator.id, day=day,
        )  # fmt: skip
        cases.add_event(
            conn, kind="bankruptcy", subject_id=bankruptcy_id, account_id=account_id,
            status="active", day=day, operator_id=session.operator.id,
            note=f"chapter {chapter} case {case_number} filed {filed.isoformat()}",
            now=session.now(),
        )  # fmt: skip
        ended = standing.stop_collection(conn, account_id, day, session.now(), "automatic stay")
        referral = cases.referral_in_force(conn, account_id)
        if referral is not None:
            # The agency must stop too: a proposal is turned down, a placement recalled.
            status = "rejected" if referral.status == "proposed" else "recalled"
            cases.update_referral(
                conn, referral.id, status=status,
                recalled_date=day if status == "recalled" else None,
            )  # fmt: skip
            cases.add_event(
                conn, kind="referral", subject_id=referral.id, account_id=account_id,
                status=status, day=day, operator_id=session.operator.id,
                note="automatic stay: bankruptcy filed", now=session.now(),
            )  # fmt: skip
        standing.restore(conn, account_id, session.now())
        session.audit(
            conn, source, "bankruptcy.set", account_id=account_id, subject=str(bankruptcy_id),
            detail={"chapter": chapter, "case": case_number, "filed": filed.isoformat(),
                    "arrangements_ended": ended,
                    "referral": referral.id if referral is not None else None},
        )  # fmt: skip
    return bankruptcy_id


@dataclass(frozen=True)
class CaseEnd:
    bankruptcy_id: int
    status: str
    writeoff: writeoffs.WriteOff | None = None


def end_bankruptcy(
    session: Session, number: str, status: str, note: str = "", source: str = "BKRP"
) -> CaseEnd:
    """Discharged: the balance is written off (reason bankruptcy_discharge). Dismissed or
    closed while active: the stay lifts and the assigned collector is told collection resumes.
    """
    status = status.strip().lower()
    account_id = account_id_for(session, number)
    session.require("bankruptcy.end", account_id=account_id, subject=number.strip())
    with session.write() as conn:
        locks.guard_in(session, conn, account_id, "bankruptcy.end")
        day = settings.get(conn, "business_date")
        found = cases.bankruptcies_of(conn, account_id)
        if not found:
            raise NotFound("AR0886E", f"ACCOUNT {number} HAS NO BANKRUPTCY", "account")
        case = found[0]
        BANKRUPTCY.check(case.status, status)
        cases.set_bankruptcy_status(conn, case.id, status, day)
        cases.add_event(
            conn, kind="bankruptcy", subject_id=case.id, account_id=account_id, status=status,
            day=day, operator_id=session.operator.id, note=note.strip(), now=session.now(),
        )  # fmt: skip
        written = None
        owed = accounts.owed(conn, account_id)
        if status == "discharged" and owed > 0:
            written = writeoffs.request_in(
                session, conn, account_id, owed, "bankruptcy_discharge", source
            )
        standing.restore(conn, account_id, session.now())
        if case.status == "active" and status in ("dismissed", "closed"):
            collector = conn.execute(
                "SELECT collector_id FROM accounts WHERE id = ?", (account_id,)
            ).fetchone()[0]
            if collector is not None:
                messages.add_message(
                    conn, collector, account_id,
                    f"BANKRUPTCY {case.case_number} {status.upper()}: COLLECTION MAY RESUME",
                    day, session.now(),
                )  # fmt: skip
        session.audit(
            conn, source, f"bankruptcy.{status}", account_id=account_id, subject=str(case.id),
            detail={"from": case.status, "note": note.strip(),
                    "written_off": cents_to_str(written.amount_cents) if written else None},
        )  # fmt: skip
    return CaseEnd(case.id, status, written)


@dataclass(frozen=True)
class EndPreview:
    """What ending the case would do: the write-off a discharge makes, and whether it is
    within what is left of the operator's daily write-off limit."""

    status: str
    case_number: str
    writeoff_cents: int
    within_limit: bool


def preview_end(session: Session, number: str, status: str) -> EndPreview:
    """Every check `end_bankruptcy` makes, without changing anything (BKRP's first Enter)."""
    status = status.strip().lower()
    account_id = account_id_for(session, number)
    session.require("bankruptcy.end", account_id=account_id, subject=number.strip())
    with session.store.read() as conn:
        locks.guard_in(session, conn, account_id, "bankruptcy.end")
        found = cases.bankruptcies_of(conn, account_id)
        if not found:
            raise NotFound("AR0886E", f"ACCOUNT {number} HAS NO BANKRUPTCY", "account")
        BANKRUPTCY.check(found[0].status, status)
        owed = accounts.owed(conn, account_id) if status == "discharged" else 0
        left = limits.remaining_in(session, conn, "writeoff")
    return EndPreview(status, found[0].case_number, max(owed, 0), owed <= left)


@dataclass(frozen=True)
class ClaimDue:
    deadline: date
    account_number: str
    name: str
    chapter: int
    case_number: str


def claims_due(
    session: Session, within_days: int = PROOF_OF_CLAIM_WINDOW_DAYS, limit: int = 200
) -> list[ClaimDue]:
    """Active cases whose proof-of-claim deadline is within `within_days` of today."""
    with session.store.read() as conn:
        today = date.fromisoformat(settings.get(conn, "business_date"))
        rows = cases.claims_due(
            conn, today.isoformat(), (today + timedelta(days=within_days)).isoformat(), limit
        )
    return [ClaimDue(date.fromisoformat(r[0]), *r[1:]) for r in rows]


@dataclass(frozen=True)
class BankruptcyLine:
    case: BankruptcyRow
    history: History


def bankruptcies_of(session: Session, number: str) -> list[BankruptcyLine]:
    account_id = account_id_for(session, number)
    with session.store.read() as conn:
        return [
            BankruptcyLine(row, tuple(cases.events(conn, "bankruptcy", row.id)))
            for row in cases.bankruptcies_of(conn, account_id)
        ]


def as_json(session: Session, number: str) -> dict[str, object] | None:
    """`bankruptcy` for `account show --format json`: the latest case, or None."""
    found = bankruptcies_of(session, number)
    if not found:
        return None
    case = found[0].case
    return {
        "id": case.id, "chapter": case.chapter, "case_number": case.case_number,
        "court": case.court_district, "filed": case.filed_date, "attorney": case.attorney,
        "proof_of_claim_deadline": case.proof_of_claim_deadline, "status": case.status,
        "status_date": case.status_date,
        "history": history_json(found[0].history),
    }  # fmt: skip
