"""The collector's keyboard: type-ahead, editing keys in bursts, refused keys, dates, the
cursor after an error, and the frame that never moves (issue 13)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from textual import events
from textual._xterm_parser import XTermParser

from ar_tui.app import ArApp, make_app
from ar_tui.keyboard import read_escape_digits_as_alt
from ar_tui.keymaps import load
from ar_tui.screens.acct_inquiry import AccountInquiry
from ar_tui.screens.history import History
from ar_tui.screens.menu import MenuScreen
from ar_tui.screens.payment_posting import PaymentPosting
from ar_tui.screens.registry import TRANSACTIONS
from ar_tui.services.session import Session
from ar_tui.widgets.fields import Field
from ar_tui.widgets.frame import INHIBITED, MessageLine, legend
from tests.screens.helpers import _keys, message, screen_of, settle, type_command

SIZE = (80, 24)


async def until(condition: Callable[[], bool]) -> None:
    """Wait for a state (never for a number of seconds); a state that never comes fails."""
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the state never came")


def value(app: ArApp, name: str) -> str:
    return screen_of(app).query_one(f"#{name}", Field).value


def focused_name(app: ArApp) -> str:
    focused = app.focused
    return focused.field_name if isinstance(focused, Field) else type(focused).__name__


async def typed(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """Keys pressed one after another, then the app left to finish what they started."""
    await pilot.press(*keys)
    await pilot.app.typeahead.idle()
    await settle(pilot)


# -- type-ahead ---------------------------------------------------------------------------


async def test_keys_typed_across_a_screen_change_fill_the_new_screen(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = [*_keys("PAYP 1000477"), "enter", *_keys("175"), "tab", *_keys("check")]
        await typed(pilot, *keys, "tab", *_keys("20331"), "enter")
        assert isinstance(app.screen, PaymentPosting)
        assert (value(app, "amount"), value(app, "method"), value(app, "reference")) == (
            "175",
            "check",
            "20331",
        )
        assert message(app).startswith("AR0440I RECEIVED 11/25/2026: ENTER POSTS AS SHOWN")


async def test_pf_keys_typed_ahead_across_three_screen_changes(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(pilot, *_keys("ACIQ 1000234"), "enter", "f11", "f11")
        assert isinstance(app.screen, History)  # ACIQ -> ITEM -> HIST
        # PF3 back to MENU, then a code typed on MENU's command line before it was shown.
        await typed(pilot, "f3", *_keys("ACIQ 1000477"), "enter", "f11", "f10")
        assert isinstance(app.screen, AccountInquiry)
        assert app.current_account == "1000477"


async def test_keys_wait_while_the_system_works_and_x_system_shows(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        gate = threading.Event()
        app._db.submit(gate.wait)  # the database thread is busy until the gate opens
        # Posted as a terminal sends them: the pilot's own press would wait for the screen.
        for key in [*_keys("ACIQ 1000234"), "enter", "f11"]:
            app.post_message(
                events.Key(key, {"space": " "}.get(key, key[:1] if len(key) == 1 else None))
            )
        await until(lambda: [key.key for key in app.typeahead.held][-1:] == ["f11"])
        line = screen_of(app).query_one(MessageLine)
        assert app.input_inhibited
        assert str(line.render()).endswith(INHIBITED)
        gate.set()
        await app.typeahead.idle()
        await settle(pilot)
        assert app.screen.CODE == "ITEM"  # the held PF11 went to ACIQ once it was shown
        assert not app.input_inhibited
        assert INHIBITED not in str(screen_of(app).query_one(MessageLine).render())
        # The screen left behind shows no stale indicator either.
        assert all(
            INHIBITED not in str(line.render())
            for screen in app.screen_stack
            for line in screen.query(MessageLine)
        )


async def test_a_page_load_does_not_take_the_enter_typed_after_it(app: ArApp) -> None:
    """FIND's results take the cursor when they load; an Enter typed before they loaded
    opens the first account instead of searching again."""
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(pilot, *_keys("FIND SMITH"), "enter", "enter")
        assert isinstance(app.screen, AccountInquiry)


# -- editing keys in bursts -------------------------------------------------------------


async def test_backspace_in_a_burst_deletes_in_order(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("6", "7", "backspace", "8")
        assert screen_of(app).command_field().value == "68"
        await pilot.press("backspace", "backspace", "backspace")
        assert screen_of(app).command_field().value == ""


async def test_backspace_on_a_full_field_makes_room(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP")
        await pilot.press(*"123456789012")  # ACCOUNT takes 12 digits
        assert value(app, "account") == "123456789012"
        await pilot.press("3")
        assert value(app, "account") == "123456789012"
        assert message(app) == "AR0022W ACCOUNT IS FULL: 12 CHARACTERS"
        await pilot.press("backspace", "backspace", "9", "9")
        assert value(app, "account") == "1234567890" + "99"


async def test_erase_eof_delete_home_end_and_arrows(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        command = screen_of(app).command_field()
        await pilot.press(*"12345", "home", "right", "right", "ctrl+k")
        assert command.value == "12"
        await pilot.press("end", "9", "home", "delete", "left", "0")
        assert command.value == "029"
        await pilot.press("end", "left", "backspace")
        assert command.value == "09"


async def test_insert_switches_to_overtype_and_enter_exits_the_field(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        command = screen_of(app).command_field()
        await pilot.press(*"MENUXX", "home")
        await pilot.press("insert", *"ACIQ 1000234")
        assert app.overtype
        assert command.value == "ACIQ 1000234"
        await pilot.press("home", *"HIST")  # overtype: HIST replaces ACIQ, the rest stays
        assert command.value == "HIST 1000234"
        await pilot.press("home", *"ITEM", "space")
        # Enter in overtype clears from the cursor on (Field Exit): ITEM alone opens ITEM
        # for the account being worked, never `ITEM 000234`.
        await typed(pilot, "enter")
        assert isinstance(app.screen, MenuScreen)
        assert message(app).startswith("AR0201E")  # no account worked yet: ITEM NNNNNNN
        await pilot.press("insert")
        assert not app.overtype


async def test_enter_in_insert_mode_keeps_the_rest_of_the_field(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(*"ACIQ 100234", "left", "left", "left", "left", "left", "0")
        await typed(pilot, "enter")
        assert isinstance(app.screen, AccountInquiry)
        assert app.current_account == "1000234"


# -- fields as on a 3270 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("keys", "kept", "said"),
    [
        ("-5", "5", "AR0021E AMOUNT: '-' IS REFUSED: DIGITS, '.', ',' AND '$' ONLY (NO SIGN)"),
        ("12a.50", "12.50", "AR0021E AMOUNT: 'a' IS REFUSED: DIGITS, '.', ',' AND '$' ONLY"),
        ("1,234.50", "1,234.50", ""),
    ],
)
async def test_an_amount_refuses_other_keys_and_says_so(
    app: ArApp, keys: str, kept: str, said: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP 1000477")
        await pilot.press(*_keys(keys))
        assert value(app, "amount") == kept
        if said:
            assert message(app).startswith(said)
        else:
            assert not message(app).startswith("AR0021E")


async def test_digit_and_date_fields_refuse_letters(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP")
        await pilot.press("x")
        assert value(app, "account") == ""
        assert message(app) == "AR0021E ACCOUNT: 'x' IS REFUSED: DIGITS ONLY"
        screen_of(app).query_one("#received", Field).focus()
        await pilot.press(*"1/2/2026", "x")
        assert value(app, "received") == "1/2/2026"
        assert message(app).startswith("AR0021E RECEIVED: 'x' IS REFUSED")


@pytest.mark.parametrize(
    ("typed_date", "said"),
    [
        ("13/01/2026", "AR0451E '13/01/2026' IS NOT A DATE (MM/DD/YYYY)"),
        ("02/29/2026", "AR0451E '02/29/2026' IS NOT A DATE (MM/DD/YYYY)"),
        ("1/2/26", "AR0451E '1/2/26' IS NOT A DATE (MM/DD/YYYY)"),
    ],
)
async def test_payp_refuses_an_impossible_or_ambiguous_date(
    app: ArApp, typed_date: str, said: str
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP 1000477")
        await typed(pilot, *"10", "tab", *"check", "tab", *"77", "tab", *_keys(typed_date))
        await typed(pilot, "enter")
        assert message(app) == said
        assert focused_name(app) == "received"
        assert screen_of(app).confirmed is None  # nothing previewed, nothing posted


async def test_payp_preview_shows_the_date_it_understood(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP 1000477")
        await typed(pilot, *"10", "tab", *"check", "tab", *"77", "tab", *_keys("1/2/2026"))
        await typed(pilot, "enter")
        assert value(app, "received") == "01/02/2026"
        assert message(app).startswith("AR0440I RECEIVED 01/02/2026: ENTER POSTS AS SHOWN")


async def test_messages_on_screens_show_dates_the_screen_way(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PROM 1000477")
        await typed(pilot, *"50", "tab", *_keys("12/31/2027"), "enter")
        # The rule says 2026-11-25 (the command line prints that); the screen says it its way.
        assert message(app) == "AR0812E THE PROMISED DATE MUST BE FROM 11/25/2026 TO 12/25/2026"


# -- Enter, PF12 and the cursor -----------------------------------------------------------


async def test_payp_first_enter_previews_when_every_field_is_filled(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP")
        await typed(pilot, *"1000477", "tab", *"175", "tab", *"check", "tab", *"20331")
        await typed(pilot, "enter")
        assert message(app).startswith("AR0440I")
        await typed(pilot, "enter")
        assert message(app).startswith("AR0441I RECEIPT R")


async def test_payp_pf12_puts_the_cursor_on_the_first_field(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP 1000477")
        assert focused_name(app) == "amount"
        await typed(pilot, *"12", "f12")
        assert value(app, "account") == "" and value(app, "amount") == ""
        assert focused_name(app) == "account"


async def test_a_refused_code_leaves_the_command_line_empty(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(pilot, *"XYZZ", "enter")
        assert message(app).startswith("AR0004E")
        assert screen_of(app).command_field().value == ""
        await typed(pilot, *_keys("ACIQ 9999999"), "enter")
        assert "9999999" in message(app)
        assert screen_of(app).command_field().value == ""
        assert focused_name(app) == "command"


async def test_an_error_puts_the_cursor_on_the_field_the_screen_calls_it(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "SETL 1000477")
        await typed(pilot, *"1.234", "tab", *_keys("12/10/2026"), "enter")
        assert message(app).startswith("AR0403E")  # the rule says AMOUNT; SETL says OFFER
        assert focused_name(app) == "offer"
        await type_command(pilot, "DISP 1000477")
        await typed(pilot, "O", "tab", "tab", *"10", "tab", "tab", *_keys("billing_error"))
        await typed(pilot, "tab", *"XYZ", "enter")
        assert message(app).startswith("AR0871E")
        assert focused_name(app) == "dept"


async def test_an_error_naming_no_field_here_goes_to_the_first_field(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "RFRL 1000477")
        await typed(pilot, "P", "tab", *"ABC", "enter")
        assert message(app).startswith("AR0")
        assert focused_name(app) in {"act", "agency"}
        assert focused_name(app) != "command"


# -- the frame ------------------------------------------------------------------------------


async def test_a_long_message_keeps_its_row_and_ends_in_a_mark(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = screen_of(app)
        command_row = screen.query_one("#cmdline").region.y
        screen.say("AR0999I " + "WORD " * 40)
        await pilot.pause()
        line = screen.query_one(MessageLine)
        assert line.region.height == 1
        assert screen.query_one("#cmdline").region.y == command_row == 21
        shown = str(line.render())
        assert len(shown) == 79 and shown.endswith(" +")


@pytest.mark.parametrize("keymap", ["3270", "esc"])
@pytest.mark.parametrize("code", sorted(TRANSACTIONS))
def test_the_pf_key_legend_is_one_row_with_every_key(keymap: str, code: str) -> None:
    screen = TRANSACTIONS[code].build("1000477")
    shown = legend(load(keymap), screen.PF_KEYS)
    assert "\n" not in shown and len(shown) <= 79
    numbers = [word.split("=")[0].removeprefix("PF") for word in shown.split()]
    from ar_tui.keymaps import BY_NAME

    assert numbers == [str(BY_NAME[name].pf) for name in screen.PF_KEYS]


# -- the Esc keymap -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed_after_esc", "key"),
    [(str(n), f"alt+{n}") for n in range(10)] + [("-", "alt+minus"), ("=", "alt+equals_sign")],
)
def test_esc_and_a_digit_in_one_write_read_as_alt(typed_after_esc: str, key: str) -> None:
    read_escape_digits_as_alt()
    parser = XTermParser()
    keys = [*parser.feed(f"\x1b{typed_after_esc}FIND"), *parser.feed("")]
    assert [(k.key, k.character) for k in keys][:2] == [(key, None), ("F", "F")]


@pytest.mark.parametrize("keys", [("alt+3",), ("escape", "3")])
async def test_esc_keymap_pf3_however_the_keys_arrive(demo_session: Session, keys: tuple) -> None:
    app = make_app(demo_session, "esc")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(pilot, *_keys("ACIQ 1000234"), "enter", *keys)
        assert isinstance(app.screen, MenuScreen)
        assert screen_of(app).command_field().value == ""


async def test_esc_keymap_pf_keys_typed_ahead(demo_session: Session) -> None:
    app = make_app(demo_session, "esc")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(pilot, *_keys("ACIQ 1000234"), "enter", "escape", "minus", "alt+minus")
        assert isinstance(app.screen, History)


# -- a session stays small -------------------------------------------------------------------


async def test_opening_accounts_keeps_one_screen_over_menu(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for number in ("1000234", "1000477", "1000235", "1000236"):
            await type_command(pilot, f"ACIQ {number}")
        assert len(app.screen_stack) == 3  # the default screen, MENU and the account
        await typed(pilot, "f1")
        assert len(app.screen_stack) == 4  # help over the account
        await type_command(pilot, "ACIQ 1000237")
        assert len(app.screen_stack) == 3


async def test_pf3_goes_back_along_the_history_then_to_menu(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "FIND SMITH")
        for number in ("1000234", "1000477"):
            await type_command(pilot, f"ACIQ {number}")
        await typed(pilot, "f3")
        assert app.current_account == "1000234"
        await typed(pilot, "f3")
        assert app.screen.CODE == "FIND"
        assert screen_of(app).argument == "SMITH"
        await typed(pilot, "f3")
        assert isinstance(app.screen, MenuScreen)


async def test_the_history_is_bounded(app: ArApp) -> None:
    from ar_tui.app import HISTORY_DEPTH

    assert HISTORY_DEPTH == 10
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        numbers = [str(1_000_100 + n) for n in range(HISTORY_DEPTH + 2)]
        for number in numbers:
            await type_command(pilot, f"ACIQ {number}")
        assert len(app.history) == HISTORY_DEPTH
        assert [argument for _, argument in app.history] == numbers[1:-1]
        for _ in range(HISTORY_DEPTH):
            await typed(pilot, "f3")
        assert app.current_account == numbers[1]  # the oldest kept; the first dropped off
        await typed(pilot, "f3")
        assert isinstance(app.screen, MenuScreen)


async def test_help_shows_all_of_a_long_message(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        long = "AR0999W " + " ".join(f"WORD{n}" for n in range(30))
        screen_of(app).say(long)
        await typed(pilot, "f1")
        shown = str(screen_of(app).query_one("#help-text").render())
        assert "WORD29" in shown and "WORD0" in shown


async def test_enter_on_a_note_shows_it_in_full_and_pf3_goes_back(app: ArApp) -> None:
    from ar_tui.widgets.pagetable import PageTable

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "NOTE 1000000")
        table = screen_of(app).query_one(PageTable)
        assert table.row_cells, "the demo account has contacts"
        note = table.row_cells[0][-1]
        table.focus()
        await typed(pilot, "enter")
        assert app.screen.CODE == "DETL"
        assert note.split()[-1] in str(screen_of(app).query_one("#detail-text").render())
        await typed(pilot, "f3")
        assert app.screen.CODE == "NOTE"


async def test_a_wider_terminal_shows_more_rows_and_a_wider_last_column(app: ArApp) -> None:
    from ar_tui.widgets.pagetable import PageTable

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_command(pilot, "HIST 1000234")
        table = screen_of(app).query_one(PageTable)
        assert table.region.width == 120
        assert table.region.height > 24 - 6
        base = sum(width + 1 for _label, width, _right in table._base_columns)
        assert sum(column.width for column in table.columns.values()) == base + 40
        title = str(screen_of(app).query_one("#title").render())
        assert len(title) == 120 and title.endswith("PROD")


# -- the collector's loop ----------------------------------------------------------------


async def test_a_promise_outcome_on_note_opens_prom_with_the_channel(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "NOTE 1000477")
        await typed(pilot, *"email", "tab", *"promise", "enter")
        assert app.screen.CODE == "PROM"
        assert message(app).startswith("AR0721I CONTACT LOGGED: TYPE THE PROMISED AMOUNT")
        assert value(app, "channel") == "EMAIL"
        assert focused_name(app) == "amount"
        await typed(pilot, *"50", "tab", *_keys("12/01/2026"), "enter")
        assert message(app) == "AR0814I PROMISE OF $50.00 BY 12/01/2026 RECORDED"


async def test_another_outcome_stays_on_note(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "NOTE 1000477")
        await typed(pilot, *"email", "tab", *"no_answer", "enter")
        assert app.screen.CODE == "NOTE"
        assert message(app).startswith("AR0720I CONTACT LOGGED")


async def test_pf6_on_an_account_skips_it_for_the_session(demo_db) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from ar_tui.services.session import open_session

    noon = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # midday in every US zone
    session = open_session(demo_db, "jdoe", clock=lambda: noon)
    app = make_app(session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await typed(pilot, "f6")
        first = app.current_account
        assert isinstance(app.screen, AccountInquiry) and first
        await typed(pilot, "f6")
        second = app.current_account
        assert second and second != first
        await typed(pilot, "f6")
        assert app.current_account not in (first, second)
        assert app.passed == {first, second}
    session.store.close()


async def test_payp_warns_of_a_duplicate_and_the_second_enter_posts_it(app: ArApp) -> None:
    from ar_tui.services import payments

    first = payments.post_payment(app.session, "1000477", 1750, "check", "20331")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP 1000477")
        await typed(pilot, *"17.50", "tab", *"check", "tab", *"20331", "enter")
        assert message(app) == (
            f"AR0444W SAME AS {first.receipt} OF 11/25/2026: ENTER POSTS IT AGAIN, PF12 CANCELS"
        )
        await typed(pilot, "enter")
        assert message(app).startswith("AR0441I RECEIPT R")
        assert first.receipt not in message(app)


async def test_keys_typed_after_an_enter_that_fails_go_to_the_field_at_fault(
    app: ArApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The refusal (a reason is required) comes back from the database thread, here a slow
    # one: the keys typed after that Enter wait for it, then fill the field it names.
    from ar_tui.services import queue

    original = queue.postpone

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.3)  # the database busy with another session's write
        return original(*args, **kwargs)

    monkeypatch.setattr(queue, "postpone", slow)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # All at once, as one read from the terminal brings them (pilot.press waits for
        # the app between keys, and would never meet the refusal still on its way).
        burst = [*_keys("PSTP 1000477"), "enter", *_keys("16:55"), "enter",
                 *_keys("my reason"), "enter"]  # fmt: skip
        for key in burst:
            character = {"enter": "\r", "space": " ", "colon": ":"}.get(key, key)
            app.post_message(events.Key(key, character))
        await until(lambda: app.typeahead._worker is not None)  # the first Enter held
        await app.typeahead.idle()
        await settle(pilot)
        assert message(app).startswith("AR0757I POSTPONED TO 16:55")
        assert "WAITING: POSTPONED TO 16:55 BY TESTER: MY REASON" in str(
            screen_of(app).query_one("#postpone-last").render()
        )
