"""Locks on screen: read only shows on row 1 and protects the fields; a released or taken lock
is noticed by both screens at their next action; money moves only after a confirming Enter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import Static

from ar_tui.app import ArApp, make_app
from ar_tui.services import bankruptcy, locks, payments
from ar_tui.services.session import open_session
from ar_tui.widgets.fields import Field
from tests.conftest import TEST_LOGIN
from tests.screens.helpers import message, screen_of, settle, text_of, type_command, type_text
from tests.screens.test_case_screens import enter, fill

SIZE = (80, 24)
ACCOUNT = "1000477"


def title(app: ArApp) -> str:
    return text_of(app, "#title")


def field(app: ArApp, name: str) -> Field:
    return screen_of(app).query_one(f"#{name}", Field)


async def test_a_released_lock_is_noticed_by_both_screens_at_their_next_action(
    demo_db: Path,
) -> None:
    jane = make_app(open_session(demo_db, "jdoe"))
    karen = make_app(open_session(demo_db, "kwright"))
    async with jane.run_test(size=SIZE) as jane_pilot, karen.run_test(size=SIZE) as karen_pilot:
        await settle(jane_pilot)
        await settle(karen_pilot)
        await type_command(jane_pilot, f"NOTE {ACCOUNT}")
        assert jane.lock.mine and "READ ONLY" not in title(jane)
        await type_command(karen_pilot, f"NOTE {ACCOUNT}")
        assert title(karen).startswith("NOTE  CONTACT LOG") and "READ ONLY" in title(karen)
        assert message(karen).startswith("AR0731W IN USE BY JANE DOE SINCE")
        channel = field(karen, "channel")
        assert channel.protected
        channel.focus()
        await type_text(karen_pilot, "email")
        await settle(karen_pilot)
        assert channel.value == "" and message(karen).startswith("AR0733W PROTECTED FIELD")
        assert not field(karen, "command").protected  # the command line is never protected
        # the supervisor frees the account (`ar-tui lock release`, another process)
        supervisor = open_session(demo_db, "kwright")
        assert locks.force_release(supervisor, ACCOUNT, "left for the day") == "jdoe"
        await karen_pilot.press("enter")
        await settle(karen_pilot)
        assert (
            message(karen) == f"AR0735I ACCOUNT {ACCOUNT} IS YOURS NOW: TYPE THE CHANGE, THEN ENTER"
        )
        assert karen.lock.mine and not channel.protected and "READ ONLY" not in title(karen)
        # Jane's next action: she is told, and her screen is read only
        field(jane, "channel").value = "letter"
        field(jane, "outcome").value = "left_message"
        await jane_pilot.press("enter")
        await settle(jane_pilot)
        assert message(jane).startswith(f"AR0734W LOCK ON {ACCOUNT} TAKEN: IN USE BY")
        assert "KAREN WRIGHT" in message(jane) and "READ ONLY" in title(jane)
        assert field(jane, "channel").protected
        history = supervisor.store.connection().execute(
            "SELECT count(*) FROM activities a JOIN accounts c ON c.id = a.account_id"
            " WHERE c.account_number = ? AND a.outcome = 'left_message'", (ACCOUNT,)
        ).fetchone()  # fmt: skip
        assert history == (0,)  # her Enter changed nothing


async def test_payp_shows_read_only_and_protects_its_fields(demo_db: Path) -> None:
    jane = open_session(demo_db, "jdoe")
    assert locks.acquire(jane, ACCOUNT, jane.session_id).mine
    maria = make_app(open_session(demo_db, "mlopez"))
    async with maria.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP")
        assert "READ ONLY" not in title(maria)
        field(maria, "account").value = ACCOUNT
        await pilot.press("enter")
        await settle(pilot)
        assert title(maria).startswith("PAYP  PAYMENT POSTING") and "READ ONLY" in title(maria)
        assert message(maria).startswith("AR0731W IN USE BY JANE DOE SINCE")
        assert field(maria, "amount").protected and not field(maria, "account").protected
        await pilot.press("1", "0")
        await settle(pilot)
        assert field(maria, "amount").value == ""
        await pilot.press("f12")  # another account: the screen opens again
        await settle(pilot)
        assert not field(maria, "amount").protected and "READ ONLY" not in title(maria)


async def test_an_auditor_reads_everything_and_is_read_only_everywhere(demo_db: Path) -> None:
    pat = make_app(open_session(demo_db, "pgrant"))
    async with pat.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, f"ACIQ {ACCOUNT}")
        assert "READ ONLY" in title(pat)
        assert message(pat) == "AR0731W YOUR ROLE AUDITOR CHANGES NO ACCOUNT HERE: READ ONLY"
    conn = open_session(demo_db, TEST_LOGIN).store.connection()
    assert conn.execute("SELECT count(*) FROM account_locks").fetchone() == (0,)


async def test_recn_shows_a_reversal_then_does_it_on_the_second_enter(demo_db: Path) -> None:
    session = open_session(demo_db, TEST_LOGIN)
    receipt = payments.post_payment(session, ACCOUNT, 30000, "check", "555").receipt
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "RECN")
        fill(app, action="R", receipt=receipt, reason="nsf")
        await enter(pilot)
        assert message(app) == "AR0468I PRESS ENTER TO DO THIS, PF12 TO CANCEL"
        heading = str(screen_of(app).query_one("#recn-heading", Static).render())
        assert heading.startswith(f" REVERSE {receipt} $300.00 (NSF)")
        status = "SELECT status FROM payments WHERE receipt_number = ?"
        conn = session.store.connection()
        assert conn.execute(status, (receipt,)).fetchone() == ("posted",)
        await enter(pilot)
        assert message(app) == f"AR0463I {receipt} REVERSED; 3 ITEMS REOPENED"
        assert conn.execute(status, (receipt,)).fetchone() == ("reversed",)


async def test_bkrp_discharge_shows_the_write_off_then_does_it(demo_db: Path) -> None:
    session = open_session(demo_db, TEST_LOGIN)
    bankruptcy.set_bankruptcy(session, ACCOUNT, 7, "26-B-9", date(2026, 11, 20))
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, f"BKRP {ACCOUNT}")
        fill(app, act="D")
        await enter(pilot)
        assert message(app) == "AR0926I PRESS ENTER TO DISCHARGE AND WRITE OFF, PF12 TO CANCEL"
        assert text_of(app, "#case-history") == " DISCHARGE 26-B-9: WRITES OFF $605.00"
        assert bankruptcy.bankruptcies_of(session, ACCOUNT)[0].case.status == "active"
        await enter(pilot)
        assert message(app) == "AR0923I BANKRUPTCY DISCHARGED; WRITE-OFF POSTED"
        assert bankruptcy.bankruptcies_of(session, ACCOUNT)[0].case.status == "discharged"


async def test_a_defect_is_a_message_line_not_the_end_of_the_session(
    demo_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ar_tui.services import accounts

    def broken(*_args: object, **_kwargs: object) -> object:
        raise KeyError("amount")

    monkeypatch.setattr(accounts, "view", broken)
    app = make_app(open_session(demo_db, TEST_LOGIN))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, f"ACIQ {ACCOUNT}")
        assert message(app) == "AR0999E INTERNAL ERROR KeyError: 'amount'"
        assert app.is_running
        await type_command(pilot, "MENU")
        assert screen_of(app).CODE == "MENU"


def test_the_mono_theme_strips_every_colour(demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.filter import NoColor

    monkeypatch.setenv("NO_COLOR", "1")  # what the command sets for mono
    mono = make_app(open_session(demo_db, TEST_LOGIN), theme="mono")
    assert mono.native_ansi_color and any(isinstance(f, NoColor) for f in mono._filters)
    green = make_app(open_session(demo_db, TEST_LOGIN), theme="green")
    assert not green.native_ansi_color


async def test_a_business_date_that_is_no_banking_day_is_marked(demo_db: Path) -> None:
    from datetime import date as day

    from ar_tui.services import admin

    session = open_session(demo_db, TEST_LOGIN)
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "BUS DATE 11/25/2026  OPER" in title(app)
    admin.set_setting(session, "region", "TRAINING")
    admin.set_business_date(session, day(2026, 11, 26))  # Thanksgiving
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "BUS DATE 11/26/2026* OPER" in title(app)
