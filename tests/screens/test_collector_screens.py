"""The collector's loop on screens: WORK, PF6, NOTE, PROM, PF6 again; PLAN and SETL twice-Enter."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ar_tui.app import ArApp, make_app
from ar_tui.screens.acct_inquiry import AccountInquiry
from ar_tui.screens.plan import PlanScreen
from ar_tui.screens.promise import PromiseScreen
from ar_tui.services import accounts
from ar_tui.services.session import open_session
from ar_tui.widgets.fields import Field
from ar_tui.widgets.pagetable import PageTable
from tests.screens.helpers import message, screen_of, settle, text_of, type_command, type_text

SIZE = (80, 24)
NOON = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # inside calling hours in every US zone


def focused_field(app: ArApp) -> str:
    focused = app.focused
    assert isinstance(focused, Field)
    return focused.field_name


async def test_pf6_note_promise_pf6(demo_db: Path) -> None:
    jane = make_app(open_session(demo_db, "jdoe", clock=lambda: NOON))
    async with jane.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(jane.screen, AccountInquiry)
        first = jane.screen.account_number
        assert jane.lock.mine and jane.current_account == first  # PF6 locked it to me
        await pilot.press("f9")
        await settle(pilot)
        await type_text(pilot, "call")
        await pilot.press("tab")
        await type_text(pilot, "promise")
        await pilot.press("enter")
        await settle(pilot)
        # A promise outcome goes straight to PROM for the account, the channel filled in.
        assert message(jane).startswith("AR0721I CONTACT LOGGED")
        assert isinstance(jane.screen, PromiseScreen) and jane.screen.account_number == first
        await type_text(pilot, "25.00")
        await pilot.press("tab")
        await type_text(pilot, "12/04/2026")
        await pilot.press("enter")
        await settle(pilot)
        assert message(jane) == "AR0814I PROMISE OF $25.00 BY 12/04/2026 RECORDED"
        table = screen_of(jane).query_one(PageTable)
        assert table.row_count >= 1 and table.row_values[0].status == "pending"
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(jane.screen, AccountInquiry) and jane.screen.account_number != first
    session = open_session(demo_db, "jdoe")
    promises = accounts.as_json(session, first)["promises"]
    assert (promises[0]["amount"], promises[0]["date"]) == ("25.00", "2026-12-04")


async def test_a_bad_promise_puts_the_cursor_on_the_field(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PROM 1000477")
        await type_text(pilot, "999999")
        await pilot.press("tab")
        await type_text(pilot, "12/01/2026")
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0811E THE PROMISE IS MORE THAN THE BALANCE")
        assert focused_field(app) == "amount"
        await pilot.press("tab", "tab")
        await type_text(pilot, "smoke")
        await pilot.press("enter")
        await settle(pilot)
        assert message(app) == (
            "AR0813E CHANNEL 'SMOKE' IS NOT ONE OF CALL, EMAIL, LETTER, TEXT, INBOUND"
        )
        assert focused_field(app) == "channel"
        screen_of(app).query_one("#amount", Field).value = "10"
        screen_of(app).query_one("#date", Field).value = "13/45/2026"
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR045") and focused_field(app) == "date"


async def test_plan_shows_the_schedule_then_sets_it_up(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PLAN 1000477")
        assert text_of(app, "#plan-summary") == " NO PLAN ON THIS ACCOUNT"
        for text in ("605", "60.50", "6", "monthly"):
            await type_text(pilot, text)
            await pilot.press("tab")
        await type_text(pilot, "12/15/2026")
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0824I PRESS ENTER TO SET UP THIS PLAN")
        await pilot.press("f12")  # cancel: the preview goes, nothing is set up
        await settle(pilot)
        assert text_of(app, "#plan-summary") == " NO PLAN ON THIS ACCOUNT"
        assert screen_of(app).query_one(PageTable).row_count == 0
        screen = screen_of(app)
        for name, value in (("total", "605"), ("down", "60.50"), ("count", "6"),
                            ("every", "monthly"), ("first", "12/15/2026")):  # fmt: skip
            screen.query_one(f"#{name}", Field).value = value
        await pilot.press("enter")
        await settle(pilot)
        summary = text_of(app, "#plan-summary")
        assert "DOWN $60.50 + 6 INSTALLMENTS = $605.00" in summary
        assert screen_of(app).query_one(PageTable).row_count == 6
        number = screen_of(app).account_number  # type: ignore[attr-defined]
        assert accounts.as_json(app.session, number)["plan"] is None  # nothing recorded yet
        await pilot.press("enter")
        await settle(pilot)
        assert message(app) == "AR0825I PLAN SET UP"
        assert text_of(app, "#plan-summary").startswith(" PLAN ACTIVE: $605.00")
        assert accounts.as_json(app.session, number)["plan"]["status"] == "active"


async def test_plan_outside_policy_says_it_needs_approval(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PLAN 1000477")
        screen = screen_of(app)
        assert isinstance(screen, PlanScreen)
        for name, value in (("total", "605"), ("count", "24"), ("every", "weekly"),
                            ("first", "12/01/2026")):  # fmt: skip
            screen.query_one(f"#{name}", Field).value = value
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0826W NEEDS APPROVAL: THE DOWN PAYMENT")
        await pilot.press("enter")
        await settle(pilot)
        assert message(app) == "AR0825I PLAN SET UP; WAITS FOR A SUPERVISOR'S APPROVAL"
        # Changing a field after the preview shows the new schedule before anything is set up.
        screen.query_one("#total", Field).value = "100"
        screen.query_one("#count", Field).value = "2"
        screen.query_one("#first", Field).value = "12/01/2026"
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0821E THE ACCOUNT ALREADY HAS A PLAN")


async def test_settlement_shows_the_discount_then_records_the_offer(demo_db: Path) -> None:
    jane = make_app(open_session(demo_db, "jdoe", clock=lambda: NOON))
    async with jane.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "SETL 1000477")
        await type_text(pilot, "10%")
        await pilot.press("tab")
        await type_text(pilot, "12/10/2026")
        await pilot.press("enter")
        await settle(pilot)
        assert text_of(jane, "#settlement-summary") == (
            " OFFER $60.50 OF $605.00, DISCOUNT $544.50: NEEDS APPROVAL"
        )
        await pilot.press("f12")
        await settle(pilot)
        assert text_of(jane, "#settlement-summary") == ""
        await type_text(pilot, "10%")
        await pilot.press("tab")
        await type_text(pilot, "12/10/2026")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert message(jane).startswith("AR0838I SETTLEMENT OFFER RECORDED; APPROVAL")
        table = screen_of(jane).query_one(PageTable)
        assert table.row_values[0].status == "proposed"


async def test_work_lists_the_queue_and_explains_the_line(demo_db: Path) -> None:
    jane = make_app(open_session(demo_db, "jdoe", clock=lambda: NOON))
    async with jane.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "WORK")
        table = screen_of(jane).query_one(PageTable)
        lines = table.row_values
        assert lines and all(line.collector == "jdoe" for line in lines)
        assert [line.priority for line in lines] == sorted(
            (line.priority for line in lines), reverse=True
        )
        assert message(jane).startswith("AR0745I PAGE 1: 14 ACCOUNTS")  # 24 rows - 10
        table.focus()
        await pilot.press("down")
        await settle(pilot)
        score = text_of(jane, "#work-score")
        assert score.startswith(f" {lines[1].account_number} PRIORITY {lines[1].priority} = BAL")
        await pilot.press("f8")
        await settle(pilot)
        assert message(jane).startswith("AR0745I PAGE 2")
        assert table.row_values[0].priority <= lines[-1].priority
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(jane.screen, AccountInquiry)
        assert jane.lock.mine and jane.current_account == jane.screen.account_number
        await type_command(pilot, "WORK")
        screen_of(jane).query_one("#queue", Field).value = "TEAM"
        screen_of(jane).query_one("#queue", Field).focus()
        await pilot.press("enter")
        await settle(pilot)
        collectors = {line.collector for line in screen_of(jane).query_one(PageTable).row_values}
        assert collectors <= {"jdoe", "mlopez"} and collectors
        screen_of(jane).query_one("#queue", Field).value = "X"
        screen_of(jane).query_one("#queue", Field).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert message(jane).startswith("AR0742E") and focused_field(jane) == "queue"
