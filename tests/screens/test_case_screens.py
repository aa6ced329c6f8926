"""DISP, BKRP, RFRL and WOFF driven from the keyboard: each action, and a refusal on its field."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from ar_tui.app import ArApp, make_app
from ar_tui.services import accounts, admin, bankruptcy
from ar_tui.services.session import open_session
from ar_tui.widgets.fields import Field
from ar_tui.widgets.pagetable import PageTable
from tests.screens.helpers import message, screen_of, settle, text_of, type_command

SIZE = (80, 24)
CONSUMER = "1000477"  # 605.00
COMMERCIAL = "1000147"


def focused_field(app: ArApp) -> str:
    focused = app.focused
    assert isinstance(focused, Field)
    return focused.field_name


def fill(app: ArApp, **values: str) -> None:
    for name, value in values.items():
        screen_of(app).query_one(f"#{name}", Field).value = value


async def enter(pilot: Pilot[Any]) -> None:
    await pilot.press("enter")
    await settle(pilot)


async def test_disp_opens_researches_and_resolves_on_the_cursor_row(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, f"DISP {CONSUMER}")
        fill(app, act="O", amount="50", reason="duplicate charge", dept="billing operations")
        await enter(pilot)
        assert message(app).startswith("AR0913I DISPUTE") and message(app).endswith("OPENED")
        assert "1 OPEN, $50.00 HELD BACK" in text_of(app, "#dispute-summary")
        assert screen_of(app).query_one(PageTable).row_count == 1
        assert accounts.as_json(app.session, CONSUMER)["collection_status"] == "dispute"
        fill(app, act="R", note="ASKED BILLING")
        await enter(pilot)
        assert "IN RESEARCH" in message(app)
        assert "IN_RESEARCH BY TESTER: ASKED BILLING" in text_of(app, "#dispute-history")
        fill(app, act="N")
        await enter(pilot)
        assert "RESOLVED_INVALID" in message(app)
        assert accounts.as_json(app.session, CONSUMER)["collection_status"] == "active"


async def test_disp_refuses_a_bad_reason_with_the_cursor_on_it(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, f"DISP {CONSUMER}")
        fill(app, act="O", reason="angry", dept="claims")
        await enter(pilot)
        assert message(app).startswith("AR0870E REASON 'ANGRY'")
        assert focused_field(app) == "reason"
        assert accounts.as_json(app.session, CONSUMER)["disputes"] == []


async def test_bkrp_sets_the_flag_and_the_stay_refuses_a_promise(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, f"BKRP {CONSUMER}")
        assert text_of(app, "#case-line") == " NO BANKRUPTCY ON THIS ACCOUNT"
        fill(app, act="S", chapter="13", case="26-B-77", filed="11/20/2026", claim="12/10/2026")
        await enter(pilot)
        assert message(app).startswith("AR0925I THE STAY STOPS ALL COLLECTION: ENTER TO SET IT")
        assert accounts.as_json(app.session, CONSUMER)["bankruptcy"] is None  # asked, not set
        await enter(pilot)
        assert message(app) == "AR0922I BANKRUPTCY SET: THE AUTOMATIC STAY HOLDS"
        assert text_of(app, "#case-line").startswith(" CHAPTER 13  CASE 26-B-77  ACTIVE")
        claims = [c.account_number for c in screen_of(app).query_one(PageTable).row_values]
        assert CONSUMER in claims
        await type_command(pilot, "PROM")
        fill(app, amount="10", date="11/30/2026")
        await enter(pilot)
        assert message(app) == "AR0810E AUTOMATIC STAY: NO PROMISE WHILE IN BANKRUPTCY"


async def test_bkrp_refuses_a_filing_in_the_future_on_its_field(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, f"BKRP {CONSUMER}")
        fill(app, act="S", chapter="7", case="26-1", filed="12/01/2026")
        await enter(pilot)
        await enter(pilot)
        assert message(app).startswith("AR0883E") and focused_field(app) == "filed"


async def test_rfrl_explains_eligibility_and_places_with_the_package(
    app: ArApp, tmp_path: Path
) -> None:
    admin.set_setting(app.session, "exhibit_dir", str(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, f"RFRL {COMMERCIAL}")
        assert text_of(app, "#eligibility").startswith(" NOT ELIGIBLE: 3 OF 6 CONTACT ATTEMPTS")
        fill(app, act="P", agency="CCS")
        await enter(pilot)
        assert message(app).startswith("AR0893E NOT ELIGIBLE")  # policy: override needed
        fill(app, act="P", agency="CCS", override="Y")
        await enter(pilot)
        assert message(app).startswith("AR0939I PRESS ENTER TO PLACE THE REFERRAL TO CCS")
        assert not list(tmp_path.glob(f"{COMMERCIAL}_*/*.pdf"))
        await enter(pilot)
        assert message(app).startswith("AR0932I PLACED; PACKAGE IN")
        assert text_of(app, "#referral-line").startswith(" CCS (AGENCY) PLACED")
        assert len(list(tmp_path.glob(f"{COMMERCIAL}_*/*.pdf"))) == 1


async def test_woff_shows_then_posts(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, f"WOFF {CONSUMER}")
        fill(app, amount="605", reason="uncollectible")
        await enter(pilot)
        summary = text_of(app, "#writeoff-summary")
        assert "WRITE OFF $605.00 OF $605.00" in summary and "(ALL: CHARGED OFF)" in summary
        assert accounts.as_json(app.session, CONSUMER)["writeoffs"] == []  # nothing yet
        await enter(pilot)
        assert message(app).startswith("AR0867I WRITE-OFF")
        data = accounts.as_json(app.session, CONSUMER)
        assert data["balance"] == "0.00" and data["collection_status"] == "charged_off"
        assert screen_of(app).query_one(PageTable).row_count == 1


async def test_the_collector_is_told_on_the_menu_when_a_bankruptcy_is_dismissed(
    demo_db: Path,
) -> None:
    tester = open_session(demo_db, "tester")
    bankruptcy.set_bankruptcy(tester, CONSUMER, 7, "26-B-5", date(2026, 11, 20))
    bankruptcy.end_bankruptcy(tester, CONSUMER, "dismissed")
    maria = make_app(open_session(demo_db, "mlopez"))  # the account's collector
    async with maria.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert message(maria) == (
            f"AR0020I {CONSUMER}: BANKRUPTCY 26-B-5 DISMISSED: COLLECTION MAY RESUME"
        )
