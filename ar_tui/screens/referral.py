"""RFRL: refer an account to an agency or counsel (eligibility explained), suit, recall."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.domain.display import format_date
from ar_tui.domain.errors import UsageError
from ar_tui.domain.money import parse_money
from ar_tui.domain.referrals import rate_text
from ar_tui.screens.arrangement_base import ArrangementScreen
from ar_tui.services import referrals
from ar_tui.widgets.fields import DATE, Field
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("CODE", 5, False),
    ("KIND", 8, False),
    ("RATE", 7, True),
    ("NAME", 30, False),
    ("CONTACT", 25, False),
)
FIELDS = ("act", "agency", "override", "amount", "date", "note")


class ReferralScreen(ArrangementScreen):
    """ACT P places (a collector proposes), R recalls, S authorizes suit, J records judgment."""

    CODE = "RFRL"
    TITLE = "REFERRAL TO AGENCY OR COUNSEL"
    FIRST_FIELD = "act"
    HELP = (
        "RFRL refers the account to an outside agency or to legal counsel (the list).\n"
        "The ELIGIBILITY line says why it may not be: bankruptcy, an open dispute or\n"
        "an earlier referral stop it; a balance at or under the minimum or too few\n"
        "contact attempts may be overridden by a supervisor (OVR Y). ACT P with the\n"
        "AGENCY code: a supervisor places it and the documentation package (exhibit\n"
        "PDF and CSV) is written; a collector's waits for approval. ACT R recalls it.\n"
        "ACT S authorizes counsel to sue (supervisors). ACT J records the judgment:\n"
        "AMOUNT and DATE. Payments posted with method AGENCY record the commission."
    )

    def compose_body(self) -> ComposeResult:
        yield Static(id="account-line")
        with Horizontal(classes="row"):
            yield Label(" ACT ===> ", classes="label")
            yield Field(1, field_name="act", restrict=r"[PpRrSsJj]?")
            yield Label(" AGENCY ===> ", classes="label")
            yield Field(6, field_name="agency", restrict=r"[A-Za-z0-9]*")
            yield Label(" OVR ===> ", classes="label")
            yield Field(1, field_name="override", restrict=r"[YyNn]?")
            yield Label("  Y: A SUPERVISOR OVERRIDES POLICY", classes="label")
        with Horizontal(classes="row"):
            yield Label(" JUDGMENT AMOUNT ===> ", classes="label")
            yield Field(12, field_name="amount", restrict=r"[0-9$,.]*")
            yield Label(" DATE ===> ", classes="label")
            yield Field(10, field_name="date", restrict=DATE)
        with Horizontal(classes="row"):
            yield Label(" NOTE ===> ", classes="label")
            yield Field(60, field_name="note")
        yield Static(" ACT: P PLACE  R RECALL  S AUTHORIZE SUIT  J JUDGMENT", classes="hint")
        yield Static(id="eligibility")
        yield Static(id="referral-line")
        yield Static(id="referral-money")
        yield Static(" AGENCIES AND COUNSEL", classes="hint")
        yield PageTable(COLUMNS, id="agency-list")

    def refresh_data(self) -> None:
        async def job() -> None:
            await self.account_line()
            session = self.ar_app.session
            locale = self.ar_app.header.locale
            found = await self.call(referrals.check_eligibility, session, self.account_number)
            reasons = [*found.blocking, *found.overridable]
            self.query_one("#eligibility", Static).update(
                " ELIGIBLE FOR REFERRAL"
                if found.eligible
                else f" NOT ELIGIBLE: {'; '.join(reasons).upper()}"[:78]
            )
            lines = await self.call(referrals.referrals_of, session, self.account_number)
            line = self.query_one("#referral-line", Static)
            money = self.query_one("#referral-money", Static)
            if not lines:
                line.update(" NOT REFERRED")
                money.update("")
            else:
                r = lines[0].referral
                line.update(
                    f" {r.agency_code} ({r.agency_kind.upper()}) {r.status.upper()}"
                    f" {format_date(date.fromisoformat(r.placed_date), locale)}"
                    f" PLACED {self.money(r.placed_cents)}"
                    + (f" JUDGMENT {self.money(r.judgment_cents)}" if r.judgment_cents else "")
                )
                money.update(
                    f" COLLECTED {self.money(r.collected_cents)}  COMMISSION"
                    f" {self.money(r.commission_cents)} AT {rate_text(r.commission_rate_bp)}"
                )
            agencies = await self.call(referrals.agencies, session)
            self.query_one(PageTable).show_page(
                (
                    (a, (a.code, a.kind.upper(),
                         rate_text(a.commission_rate_bp),
                         a.name, f"{a.contact_name} {a.phone}"))
                    for a in agencies[: max(4, self.app.size.height - 16)]
                ),
                None,
            )  # fmt: skip

        self.load(job)

    async def process(self) -> None:
        self.require_lock()
        act = self.value_of("act").upper()
        session = self.ar_app.session
        note = self.value_of("note")
        if act == "P":
            agency = self.value_of("agency")
            if not agency:
                raise UsageError("AR0931E", "THE AGENCY CODE IS REQUIRED", "agency")
            request = tuple(self.value_of(name) for name in FIELDS)
            if request != self.shown:
                # Placing ends our own collection: the first Enter says what will happen.
                outcome = await self.call(
                    referrals.preview_referral, session, self.account_number, agency,
                    self.value_of("override").upper() == "Y",
                )  # fmt: skip
                self.shown = request
                what = "PLACE" if outcome == "placed" else "PROPOSE (FOR APPROVAL)"
                self.say(
                    f"AR0939I PRESS ENTER TO {what} THE REFERRAL TO {agency.upper()},"
                    " PF12 TO CANCEL"[:79]
                )
                return
            placed = await self.call(
                referrals.refer, session, self.account_number, agency,
                override=self.value_of("override").upper() == "Y", note=note, source="RFRL",
            )  # fmt: skip
            if placed.package is not None:
                said = f"AR0932I PLACED; PACKAGE IN {placed.package.folder}"
            else:
                said = f"AR0933I REFERRAL PROPOSED: APPROVAL {placed.approval_id} REQUESTED"
        elif act == "R":
            await self.call(referrals.recall, session, self.account_number, note, "RFRL")
            said = "AR0934I REFERRAL RECALLED"
        elif act == "S":
            await self.call(referrals.authorize_suit, session, self.account_number, note, "RFRL")
            said = "AR0935I SUIT AUTHORIZED"
        elif act == "J":
            text = self.value_of("amount")
            if not text:
                raise UsageError("AR0936E", "THE JUDGMENT AMOUNT IS REQUIRED", "amount")
            on = self.day_in("date")
            await self.call(
                referrals.record_judgment, session, self.account_number, parse_money(text), on,
                note, "RFRL",
            )  # fmt: skip
            said = "AR0937I JUDGMENT RECORDED"
        else:
            raise UsageError("AR0938E", "ACT MUST BE P, R, S OR J", "act")
        self.done(said[:79], FIELDS)
