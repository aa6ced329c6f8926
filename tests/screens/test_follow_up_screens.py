"""PSTP postpones the account on screen with a reason and a time; FOLW lists the day's
callbacks and follow-ups; ACIQ and NOTE show the customer's clock and the next call."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ar_tui.app import ArApp, make_app
from ar_tui.screens.acct_inquiry import AccountInquiry
from ar_tui.screens.follow_ups import FollowUps
from ar_tui.screens.postpone import PostponeScreen
from ar_tui.services import contacts, queue
from ar_tui.services.session import open_session
from ar_tui.widgets.fields import Field
from ar_tui.widgets.pagetable import PageTable
from tests.screens.helpers import message, screen_of, settle, text_of, type_command, type_text

SIZE = (80, 24)
NOON = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # 12:00 CST, 13:00 EST


def focused_field(app: ArApp) -> str:
    focused = app.focused
    assert isinstance(focused, Field)
    return focused.field_name


async def open_pstp(pilot, jane: ArApp) -> str:  # type: ignore[no-untyped-def]
    await pilot.press("f6")
    await settle(pilot)
    assert isinstance(jane.screen, AccountInquiry)
    number = jane.screen.account_number
    await type_command(pilot, "PSTP")
    assert isinstance(jane.screen, PostponeScreen) and jane.screen.account_number == number
    return number


async def test_pstp_postpones_to_a_time_and_pf6_passes_the_account(demo_db: Path) -> None:
    jane = make_app(open_session(demo_db, "jdoe", clock=lambda: NOON))
    async with jane.run_test(size=SIZE) as pilot:
        await settle(pilot)
        number = await open_pstp(pilot, jane)
        local = queue.customer_now(jane.session, number)
        assert f"CUSTOMER'S TIME {local:%H:%M %Z}  NEXT CALL NOW" in text_of(
            jane, "#postpone-clock"
        )
        assert focused_field(jane) == "until"
        await type_text(pilot, "16:45")
        await pilot.press("tab")
        await type_text(pilot, "at the doctor")
        await pilot.press("enter")
        await settle(pilot)
        assert message(jane) == f"AR0757I POSTPONED TO 16:45 {local:%Z}: PF6 FOR THE NEXT ACCOUNT"
        assert "WAITING: POSTPONED TO 16:45 BY JDOE: AT THE DOCTOR" in text_of(
            jane, "#postpone-last"
        )
        assert focused_field(jane) == "until"
        await pilot.press("f6")
        await settle(pilot)
        assert isinstance(jane.screen, AccountInquiry) and jane.screen.account_number != number


async def test_pstp_puts_the_cursor_on_the_field_at_fault(demo_db: Path) -> None:
    jane = make_app(open_session(demo_db, "jdoe", clock=lambda: NOON))
    async with jane.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_pstp(pilot, jane)
        await type_text(pilot, "25:00")
        await pilot.press("tab")
        await type_text(pilot, "later")
        await pilot.press("enter")
        await settle(pilot)
        assert message(jane).startswith("AR0452E '25:00' IS NOT A TIME")
        assert focused_field(jane) == "until"
        field = screen_of(jane).query_one("#until", Field)
        field.value = "11/26/2026"
        screen_of(jane).query_one("#reason", Field).value = ""
        await pilot.press("enter")
        await settle(pilot)
        assert message(jane).startswith("AR0750E")
        assert focused_field(jane) == "reason"


async def test_folw_lists_the_days_callbacks_and_follow_ups(demo_db: Path) -> None:
    session = open_session(demo_db, "jdoe", clock=lambda: NOON)
    first = queue.next_account(session).account_number
    assert first is not None
    contacts.log_contact(session, first, "email", "no_answer")
    with session.write() as conn:  # a follow-up set on an earlier day falls due today
        conn.execute(
            "UPDATE accounts SET next_follow_up = '2026-11-25' WHERE account_number = ?",
            (first,),
        )
    second = queue.next_account(session).account_number
    assert second is not None and second != first
    local = queue.customer_now(session, second)
    queue.postpone(session, second, at=local.time().replace(hour=20, minute=0), reason="eve")
    jane = make_app(session)
    async with jane.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "FOLW")
        assert isinstance(jane.screen, FollowUps)
        table = screen_of(jane).query_one(PageTable)
        shown = {line.account_number: line for line in table.row_values}
        assert set(shown) == {first, second}
        assert shown[first].kind == "follow-up" and shown[first].due_now
        assert shown[second].kind == "callback" and not shown[second].due_now
        cells = dict(zip((line.account_number for line in table.row_values),
                         table.row_cells, strict=True))  # fmt: skip
        assert cells[first][0] == "*11/25/2026"
        assert cells[second][0] == f" 20:00 {local:%Z}" and cells[second][5] == "EVE"
        assert message(jane) == "AR0760I 2 FOLLOW-UPS AND CALLBACKS, 1 DUE NOW"
        table.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(jane.screen, AccountInquiry)
        assert jane.screen.account_number == table.row_values[0].account_number
