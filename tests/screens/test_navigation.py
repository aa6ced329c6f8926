"""Keyboard-only walks through MENU, FIND, ACIQ, ITEM, HIST and HELP."""

from __future__ import annotations

from ar_tui.app import ArApp, make_app
from ar_tui.screens.acct_inquiry import AccountInquiry
from ar_tui.screens.find import FindScreen
from ar_tui.screens.help import HelpScreen
from ar_tui.screens.history import History
from ar_tui.screens.menu import MenuScreen
from ar_tui.screens.open_items import OpenItems
from ar_tui.services.session import Session
from ar_tui.widgets.frame import TitleLine
from ar_tui.widgets.pagetable import PageTable
from tests.screens.helpers import message, screen_of, settle, text_of, type_command, type_text

SIZE = (80, 24)


async def test_opens_at_the_menu_with_the_title_line(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        title = str(app.screen.query_one(TitleLine).render())
        assert title.startswith("MENU  AR COLLECTIONS - MAIN MENU")
        assert "BUS DATE 11/25/2026" in title and "OPER TESTER" in title and title.endswith("PROD")
        assert len(title) == 80
        assert app.screen.focused is not None and app.screen.focused.id == "command"


async def test_find_select_and_move_between_account_screens(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "1")
        assert isinstance(app.screen, FindScreen)
        assert app.screen.focused is not None and app.screen.focused.id == "search"
        await type_text(pilot, "SMITH")
        await pilot.press("enter")
        await settle(pilot)
        table = app.screen.query_one(PageTable)
        assert table.row_count > 0 and "ACCOUNTS BY NAME" in message(app)
        assert all(v.name.startswith("SMITH") for v in table.row_values)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountInquiry)
        chosen = table.row_values[1].account_number
        assert app.screen.account_number == chosen
        assert f"ACCOUNT {chosen}" in text_of(app, "#aciq")
        await pilot.press("f11")
        await settle(pilot)
        assert isinstance(app.screen, OpenItems) and app.screen.account_number == chosen
        await pilot.press("f11")
        await settle(pilot)
        assert isinstance(app.screen, History)
        await pilot.press("f11")
        await settle(pilot)
        assert isinstance(app.screen, AccountInquiry)
        await pilot.press("f10")
        await settle(pilot)
        assert isinstance(app.screen, History)
        await pilot.press("f3")  # back to the search, its results still there
        await settle(pilot)
        assert isinstance(app.screen, FindScreen)
        assert app.screen.query_one(PageTable).row_count == table.row_count
        await pilot.press("f4")
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)


async def test_transaction_code_with_account_from_any_command_line(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "aciq 1000234")
        assert isinstance(app.screen, AccountInquiry) and app.screen.account_number == "1000234"
        await type_command(pilot, "HIST")  # the current account carries over
        assert isinstance(app.screen, History) and app.screen.account_number == "1000234"
        await type_command(pilot, "FIND")
        await type_command(pilot, "ITEM 1000235")
        assert isinstance(app.screen, OpenItems) and app.screen.account_number == "1000235"
        await type_command(pilot, "PF3")
        assert isinstance(app.screen, FindScreen)
        await type_command(pilot, "END")
        assert isinstance(app.screen, History)


async def test_bad_input_shows_a_message_and_puts_the_cursor_on_the_field(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for command, code in [
            ("XYZZY", "AR0004E"),
            ("ACIQ 12AB", "AR0202E"),
            ("ACIQ 9999999", "AR0203E"),
            ("ACIQ", "AR0201E"),
            ("99", "AR0009E"),
            ("PF2", "AR0005E"),
        ]:
            await type_command(pilot, command)
            assert isinstance(app.screen, MenuScreen), command
            assert message(app).startswith(code), (command, message(app))
            assert app.screen.focused is not None and app.screen.focused.id == "command"
        await type_command(pilot, "FIND")
        await pilot.press("enter")  # an empty search
        await settle(pilot)
        assert message(app).startswith("AR0301E")
        assert app.screen.focused is not None and app.screen.focused.id == "search"
        await type_text(pilot, "zzzzq")
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0304W NO ACCOUNT MATCHES")


async def test_pf1_shows_help_for_the_current_screen_and_pf3_returns(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "ACIQ 1000234")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        help_text = text_of(app, "#help-text")
        assert help_text.startswith(" ACIQ  ACCOUNT INQUIRY")
        assert "PF10 F10" in help_text and "PF3  F3" in help_text
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, AccountInquiry)


async def test_paging_forward_and_back_in_find(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "FIND S")
        table = screen_of(app).query_one(PageTable)
        first = [v.account_number for v in table.row_values]
        assert len(first) == 15
        await pilot.press("f8")
        await settle(pilot)
        second = [v.account_number for v in table.row_values]
        assert second and not set(first) & set(second)
        assert "PAGE 2" in message(app)
        await pilot.press("f7")
        await settle(pilot)
        assert [v.account_number for v in table.row_values] == first
        await pilot.press("f7")
        await settle(pilot)
        assert message(app).startswith("AR0307W")


async def test_larger_terminals_get_more_rows(app: ArApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await type_command(pilot, "FIND S")
        assert screen_of(app).query_one(PageTable).row_count == 31


async def test_a_pf_key_not_active_here_says_so(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        assert message(app).startswith("AR0008W PF8 (FWD) IS NOT ACTIVE HERE")


async def test_typing_on_a_list_goes_to_the_command_line(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "FIND SMITH")
        assert app.screen.focused is not None and app.screen.focused.id == "results"
        await type_text(pilot, "ACIQ 1000234")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, AccountInquiry) and app.screen.account_number == "1000234"


async def test_too_small_a_window_says_so_and_recovers(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(70, 20)
        await settle(pilot)
        assert app.screen.has_class("-too-small")
        assert "ENLARGE THE WINDOW TO AT LEAST 80X24" in str(
            app.screen.query_one("#too-small").render()
        )
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not app.screen.has_class("-too-small")


async def test_esc_keymap_reads_escape_then_a_digit(demo_session: Session) -> None:
    app = make_app(demo_session, "esc")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "ACIQ 1000234")
        await pilot.press("escape")
        assert message(app).startswith("AR0006I")
        await pilot.press("minus")  # Esc - = PF11
        await settle(pilot)
        assert isinstance(app.screen, OpenItems)
        await pilot.press("alt+3")  # Esc 3 typed quickly arrives as alt+3
        await settle(pilot)
        assert isinstance(app.screen, MenuScreen)
        await pilot.press("escape", "1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "ESC 1" in text_of(app, "#help-text")


async def test_pf3_on_the_menu_leaves(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await pilot.pause()
        assert app.return_code == 0 and not app.is_running
