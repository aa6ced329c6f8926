"""The nightly cycle: close a business day, once, and open the next one.

One transaction does it all, so a cycle that fails leaves the day as it was and can
simply be run again; one that finished leaves a row in `nightly_runs`, so running it
again for the same date does nothing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ar_tui.domain.aging import BUCKET_LABELS, BUCKETS, age
from ar_tui.domain.banking_days import banking_day_after, next_banking_day
from ar_tui.domain.errors import ArError
from ar_tui.domain.money import cents_to_str
from ar_tui.domain.plans import Installment, plan_standing
from ar_tui.domain.promises import promise_standing, settlement_standing
from ar_tui.services import banking_calendar, batches, locks
from ar_tui.services.queue import recompute_in
from ar_tui.services.session import Session
from ar_tui.store import nightly as store
from ar_tui.store import settings, writeoffs

SOURCE = "batch nightly"


@dataclass
class NightlyReport:
    """What one cycle did (or, with `already_ran`, what the earlier run for the date did)."""

    as_of: str
    already_ran: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    aging: dict[str, str] = field(default_factory=dict)
    written_off: str = "0.00"
    next_date: str = ""
    #: set when a run without --as-of came after a run earlier the same day: it did nothing
    retried: bool = False
    #: the summary lines of batches a crash had cut short, finished before the cycle ran
    resumed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "counts": self.counts,
            "aging": self.aging,
            "written_off": self.written_off,
            "next_date": self.next_date,
        }

    def lines(self) -> list[str]:
        c = self.counts
        head = f"nightly for {self.as_of}" + (
            " already ran: nothing done" if self.already_ran else ""
        )
        if self.retried:
            head = (
                f"nightly for {self.as_of} already ran today: nothing done (to close"
                f" {self.next_date} as well, run it with --as-of {self.next_date})"
            )
        aging = "  ".join(
            f"{BUCKET_LABELS[name]} {self.aging[name]}" for name in BUCKETS if name in self.aging
        )
        return [
            *self.resumed,
            head,
            f"  aged open balances: {aging}",
            f"  promises kept {c['promises_kept']}, broken {c['promises_broken']}",
            f"  installments paid {c['installments_paid']}, missed {c['installments_missed']};"
            f" plans broken {c['plans_broken']}, completed {c['plans_completed']}",
            f"  settlements paid {c['settlements_paid']} (written off {self.written_off}),"
            f" failed {c['settlements_failed']}, expired {c['settlements_expired']}",
            f"  priorities changed {c['priorities_changed']}",
            f"  dead locks cleared {c['locks_cleared']}",
            f"  business date is {'now ' if not self.already_ran else ''}{self.next_date}",
        ]


def run_nightly(
    session: Session,
    as_of: date | None = None,
    alive: Callable[[str, int], bool] = locks.process_alive,
) -> NightlyReport:
    """Close business day `as_of` (default: the business date) and advance the business date
    to the next banking day of the `banking_calendar` setting.

    Without `as_of`, a run after one that already closed a day today (by the wall clock) is
    taken for a retry of that one and does nothing: a cycle whose commit landed but whose
    caller did not hear of it must not close a second day. Naming the date closes it.
    """
    session.require("nightly.run")
    # No bank file posts during the cycle; one a crash cut short is finished before it.
    with session.store.only_import():
        finished = batches.resume_cut_short(session)
        report = _close_day(session, as_of, alive)
    report.resumed = [batch.line() for batch in finished]
    return report


def _close_day(
    session: Session, as_of: date | None, alive: Callable[[str, int], bool]
) -> NightlyReport:
    started = session.now()
    with session.write() as conn:
        today = date.fromisoformat(settings.get(conn, "business_date"))
        day = (as_of or today).isoformat()
        latest = store.latest_run(conn) if as_of is None else None
        if latest is not None and latest[0][:10] == started[:10]:
            summary = latest[1]
            if summary["next_date"] == today.isoformat():
                return NightlyReport(
                    summary["as_of"], True, summary["counts"], summary["aging"],
                    summary["written_off"], summary["next_date"], retried=True,
                )  # fmt: skip
        earlier = store.ran_for(conn, day)
        if earlier is not None:
            return NightlyReport(
                day, True, earlier["counts"], earlier["aging"], earlier["written_off"],
                earlier["next_date"],
            )  # fmt: skip
        if as_of is not None and as_of != today:
            raise ArError(
                "AR0850E",
                f"THE NIGHTLY CYCLE CLOSES THE BUSINESS DATE {today.isoformat()}, NOT {day}",
                "as_of",
            )
        report = NightlyReport(day)
        calendar = settings.get(conn, "banking_calendar")
        banking_calendar.keep(conn, today, calendar)  # a new year comes into the window
        store.fill_honoured_through(conn, {
            due: next_banking_day(date.fromisoformat(due), calendar).isoformat()
            for due in store.dates_due(conn)
        })  # fmt: skip
        cycle = _Cycle(session, conn, today, report)
        cycle.promises()
        cycle.plans()
        cycle.settlements()
        report.aging = {
            name: cents_to_str(cents)
            for name, cents in age(
                ((date.fromisoformat(due), cents) for due, cents in store.open_by_due_date(conn)),
                today,
            )
            .as_dict()
            .items()
        }
        tomorrow = banking_day_after(today, calendar)
        report.counts["priorities_changed"] = recompute_in(conn, tomorrow)
        report.counts["locks_cleared"] = len(locks.clear_dead_in(session, conn, SOURCE, alive))
        report.next_date = tomorrow.isoformat()
        settings.put(conn, "business_date", report.next_date)
        store.record_run(conn, day, session.operator.login, started, report.as_dict())
        session.audit(conn, SOURCE, "nightly.run", subject=day, detail=report.as_dict())
    return report


class _Cycle:
    """The steps of one cycle, inside its transaction."""

    def __init__(
        self, session: Session, conn: sqlite3.Connection, today: date, report: NightlyReport
    ) -> None:
        self.session = session
        self.conn = conn
        self.today = today
        self.day = today.isoformat()
        self.now = session.now()
        self.report = report
        self.counts = report.counts
        self.counts.update(
            dict.fromkeys(
                ("promises_kept", "promises_broken", "installments_paid", "installments_missed",
                 "plans_broken", "plans_completed", "settlements_paid", "settlements_failed",
                 "settlements_expired"),
                0,
            )
        )  # fmt: skip

    def promises(self) -> None:
        """Kept when covered by payments on or before the promised date; broken after it."""
        resolved = []
        for promise_id, account_id, amount, promised, paid in store.pending_promises(
            self.conn, self.day
        ):
            standing = promise_standing(amount, paid, date.fromisoformat(promised), self.today)
            if standing == "pending":
                continue
            resolved.append((standing, min(paid, amount), self.day, promise_id))
            self.counts[f"promises_{standing}"] += 1
            store.end_status(self.conn, account_id, "promise", "active", self.now)
        store.resolve_promises(self.conn, resolved)

    def plans(self) -> None:
        """Installments paid or missed in order; a plan breaks after the grace days."""
        grace = int(settings.get(self.conn, "plan_grace_days"))
        for plan_id, account_id, down, made, paid in store.active_plans(self.conn, self.day):
            rows = store.installments_of(self.conn, plan_id)
            schedule = [
                Installment(seq, date.fromisoformat(due), amount) for seq, due, amount, _, _ in rows
            ]
            states, standing = plan_standing(
                paid, down, date.fromisoformat(made), schedule, self.today, grace
            )
            changed = []
            for (seq, _due, _amount, was_paid, was), state in zip(rows, states, strict=True):
                if (state.paid_cents, state.status) != (was_paid, was):
                    changed.append((state.paid_cents, state.status, plan_id, seq))
                    if state.status != was and state.status in ("paid", "missed"):
                        self.counts[f"installments_{state.status}"] += 1
            store.update_installments(self.conn, changed)
            if standing != "active":
                store.set_plan_status(self.conn, plan_id, standing, self.day)
                store.end_status(self.conn, account_id, "plan", "active", self.now)
                self.counts[f"plans_{standing}"] += 1

    def settlements(self) -> None:
        """A paid settlement writes off the rest; an unpaid or undecided one ends at its date."""
        written_off = 0
        for (
            sid,
            account_id,
            status,
            offer,
            due,
            made_by,
            approved_by,
            paid,
        ) in store.open_settlements(self.conn, self.day):
            due_day = date.fromisoformat(due)
            if status == "proposed":
                if due_day <= self.today:
                    store.set_settlement_status(self.conn, sid, "expired", self.day)
                    store.expire_approvals(self.conn, "settlement", sid, self.now)
                    self.counts["settlements_expired"] += 1
                continue
            standing = settlement_standing(offer, paid, due_day, self.today)
            if standing == "pending":
                continue
            store.set_settlement_status(self.conn, sid, standing, self.day)
            self.counts[f"settlements_{standing}"] += 1
            if standing == "paid":
                cents = writeoffs.write_off_items(
                    self.conn, account_id=account_id, amount_cents=None, reason="settlement",
                    operator_id=None, business_date=self.day, now=self.now,
                )  # fmt: skip
                if cents:
                    writeoffs.insert(
                        self.conn, account_id=account_id, amount_cents=cents,
                        reason="settlement", status="posted", requested_by=made_by,
                        approved_by=approved_by, day=self.day,
                    )  # fmt: skip
                written_off += cents
                store.close_arrangements(self.conn, account_id, "settled", self.day)
                store.end_status(self.conn, account_id, "active", "settled", self.now)
                for ended in ("promise", "plan"):
                    store.end_status(self.conn, account_id, ended, "settled", self.now)
                self.session.audit(
                    self.conn, SOURCE, "settlement.paid", account_id=account_id,
                    subject=str(sid), detail={"written_off": cents_to_str(cents)},
                    reconsider=False,
                )  # fmt: skip
        self.report.written_off = cents_to_str(written_off)
