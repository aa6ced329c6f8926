"""BKRP: set the bankruptcy flag (the automatic stay) and end the case; claims falling due."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Label, Static

from ar_tui.domain.display import format_date
from ar_tui.domain.errors import UsageError
from ar_tui.screens.arrangement_base import ArrangementScreen
from ar_tui.services import bankruptcy
from ar_tui.widgets.fields import DATE, Field
from ar_tui.widgets.pagetable import PageTable

COLUMNS = (
    ("CLAIM DUE", 10, False),
    ("ACCOUNT", 12, False),
    ("CH", 2, True),
    ("CASE", 14, False),
    ("NAME", 34, False),
)
ENDS = {"D": "discharged", "X": "dismissed", "C": "closed"}
FIELDS = ("act", "chapter", "case", "filed", "court", "attorney", "claim", "note")


class BankruptcyFlag(ArrangementScreen):
    """ACT S sets the flag with the case's facts; D, X, C end the case."""

    CODE = "BKRP"
    TITLE = "BANKRUPTCY FLAG"
    FIRST_FIELD = "act"
    HELP = (
        "BKRP records a bankruptcy. ACT S sets the flag: CHAPTER (7, 11, 13), CASE\n"
        "number, FILED date, COURT district, the debtor's ATTORNEY and the CLAIM\n"
        "(proof-of-claim) deadline. From then on the automatic stay holds everywhere:\n"
        "promises, plans and offers end, a referral is recalled, only the attorney or\n"
        "the court may be contacted, and the account leaves every queue. ACT D: the\n"
        "debt is discharged and the balance written off (BANKRUPTCY_DISCHARGE). ACT X:\n"
        "dismissed, collection resumes and the collector is told. ACT C: case closed.\n"
        "S and D ask first: Enter shows what will happen, Enter again does it.\n"
        "The list shows every proof-of-claim deadline within the next 30 days."
    )

    def compose_body(self) -> ComposeResult:
        yield Static(id="account-line")
        with Horizontal(classes="row"):
            yield Label(" ACT ===> ", classes="label")
            yield Field(1, field_name="act", restrict=r"[SsDdXxCc]?")
            yield Label(" CHAPTER ===> ", classes="label")
            yield Field(2, field_name="chapter", restrict=r"[0-9]*")
            yield Label(" CASE ===> ", classes="label")
            yield Field(
                14,
                field_name="case",
                restrict=r"[A-Za-z0-9\-:]*",
                accepts="LETTERS, DIGITS, '-' AND ':' ONLY",
            )
            yield Label(" FILED ===> ", classes="label")
            yield Field(10, field_name="filed", restrict=DATE)
        with Horizontal(classes="row"):
            yield Label(" COURT ===> ", classes="label")
            yield Field(12, field_name="court", max_length=40)
            yield Label(" ATTORNEY ===> ", classes="label")
            yield Field(16, field_name="attorney", max_length=40)
            yield Label(" CLAIM ===> ", classes="label")
            yield Field(10, field_name="claim", restrict=DATE)
        with Horizontal(classes="row"):
            yield Label(" NOTE ===> ", classes="label")
            yield Field(60, field_name="note")
        yield Static(" ACT: S SET THE FLAG  D DISCHARGED  X DISMISSED  C CLOSED", classes="hint")
        yield Static(id="case-line")
        yield Static(id="case-parties")
        yield Static(id="case-history")
        yield Static(" PROOF-OF-CLAIM DEADLINES WITHIN 30 DAYS", classes="hint")
        yield PageTable(COLUMNS, id="claims-list")

    def refresh_data(self) -> None:
        async def job() -> None:
            await self.account_line()
            session = self.ar_app.session
            locale = self.ar_app.header.locale
            found = await self.call(bankruptcy.bankruptcies_of, session, self.account_number)
            line = self.query_one("#case-line", Static)
            parties = self.query_one("#case-parties", Static)
            history = self.query_one("#case-history", Static)
            if not found:
                line.update(" NO BANKRUPTCY ON THIS ACCOUNT")
                parties.update("")
                history.update("")
            else:
                case = found[0].case
                claim = case.proof_of_claim_deadline
                line.update(
                    f" CHAPTER {case.chapter}  CASE {case.case_number}  {case.status.upper()}"
                    f"  FILED {format_date(date.fromisoformat(case.filed_date), locale)}"
                    f"  CLAIM {format_date(date.fromisoformat(claim), locale) if claim else '-'}"
                )
                parties.update(
                    f" COURT {case.court_district or '-'}  ATTORNEY {case.attorney or '-'}"[:78]
                )
                history.update("")
                if found[0].history:
                    day, status, login, note = found[0].history[-1]
                    history.update(
                        f" LAST: {day} {status.upper()} BY {login.upper()} {note.upper()}"[:78]
                    )
            claims = await self.call(bankruptcy.claims_due, session)
            self.query_one(PageTable).show_page(
                (
                    (c, (format_date(c.deadline, locale), c.account_number, str(c.chapter),
                         c.case_number, c.name))
                    for c in claims[: max(4, self.app.size.height - 16)]
                ),
                None,
            )  # fmt: skip

        self.load(job)

    async def process(self) -> None:
        self.require_lock()
        act = self.value_of("act").upper()
        session = self.ar_app.session
        note = self.value_of("note")
        if act == "S":
            chapter = self.value_of("chapter")
            if not chapter:
                raise UsageError("AR0921E", "THE CHAPTER IS REQUIRED: 7, 11 OR 13", "chapter")
            filed = self.day_in("filed")
            claim = self.optional_day_in("claim")
            if not self.value_of("case"):
                raise UsageError("AR0881E", "THE CASE NUMBER IS REQUIRED", "case")
            if not self.confirmed(
                "AR0925I THE STAY STOPS ALL COLLECTION: ENTER TO SET IT, PF12 TO CANCEL"
            ):
                return
            await self.call(
                bankruptcy.set_bankruptcy, session, self.account_number, int(chapter),
                self.value_of("case"), filed, self.value_of("court"), self.value_of("attorney"),
                claim, "BKRP",
            )  # fmt: skip
            said = "AR0922I BANKRUPTCY SET: THE AUTOMATIC STAY HOLDS"
        elif act in ENDS:
            if act == "D" and self.request() != self.shown:
                shown = await self.call(
                    bankruptcy.preview_end, session, self.account_number, ENDS[act]
                )
                money = self.money(shown.writeoff_cents)
                limit = "" if shown.within_limit else " (OVER YOUR LIMIT: FOR APPROVAL)"
                self.query_one("#case-history", Static).update(
                    f" DISCHARGE {shown.case_number}: WRITES OFF {money}{limit}"[:78]
                )
                self.confirmed("AR0926I PRESS ENTER TO DISCHARGE AND WRITE OFF, PF12 TO CANCEL")
                return
            ended = await self.call(
                bankruptcy.end_bankruptcy, session, self.account_number, ENDS[act], note, "BKRP"
            )
            said = f"AR0923I BANKRUPTCY {ended.status.upper()}"
            if ended.writeoff is not None:
                said += f"; WRITE-OFF {ended.writeoff.status.upper()}"
        else:
            raise UsageError("AR0924E", "ACT MUST BE S, D, X OR C", "act")
        self.done(said, FIELDS)

    def request(self) -> tuple[str, ...]:
        return tuple(self.value_of(name) for name in FIELDS)

    def confirmed(self, ask: str) -> bool:
        """Setting the flag and a discharge end collection: the first Enter asks, the same
        fields again do it."""
        if self.request() == self.shown:
            return True
        self.shown = self.request()
        self.say(ask)
        return False
