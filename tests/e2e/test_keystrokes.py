"""A fast typist's keystroke corpus: the real `ar-tui` in tmux at 80x24, each burst sent in
one `send-keys` (so it reaches the terminal as a fast typist's keys do: while the screen
is still changing), and the exact screen state read once the app is quiet again.

Quiet means: the text the burst ends on is drawn and `X SYSTEM` (keys held) is gone. No
test waits for a number of seconds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ar_tui.cli import main
from tests.e2e.test_terminal import Terminal, _tmux_or_skip

COMMAND, MESSAGE, PFKEYS = 21, 22, 23  # rows of the frame (0-based) at 80x24


@dataclass(frozen=True)
class Burst:
    """Keys sent at once, the text the final screen shows, and what must hold there."""

    keys: tuple[str, ...]
    until: str
    rows: dict[int, str] = field(default_factory=dict)  # row -> exact text (right-trimmed)
    starts: dict[int, str] = field(default_factory=dict)  # row -> how it begins
    cursor: tuple[int, int] | None = None  # (column, row) of the cursor afterwards
    keymap: str = "3270"
    before: tuple[str, ...] = ()  # keys sent (and waited for) first, not part of the burst
    before_until: str = ""
    has: dict[int, str] = field(default_factory=dict)  # row -> text somewhere on it

    def holds(self, rows: list[str]) -> bool:
        """Whether `rows` read as this burst says its final screen does."""
        if len(rows) <= max([*self.rows, *self.starts, *self.has], default=0):
            return False
        return (
            all(rows[row] == text for row, text in self.rows.items())
            and all(rows[row].startswith(text) for row, text in self.starts.items())
            and all(text in rows[row] for row, text in self.has.items())
        )


def K(text: str) -> tuple[str, ...]:
    """Literal text for send-keys (`-l` is not needed: these words are no key names)."""
    return (text,)


PAYP_ROW = " AMOUNT  ===> {amount:<16}METHOD ===> {method:<10}REF ===> {ref}"
BURSTS: dict[str, Burst] = {
    # -- type-ahead across one screen change --------------------------------------------
    "payp_fields_after_the_code": Burst(
        (*K("PAYP 1001789"), "Enter", *K("3000"), "Tab", *K("ACH"), "Tab", *K("T55501"), "Enter"),
        until="AR0440I",
        rows={
            2: PAYP_ROW.format(amount="3000", method="ACH", ref="T55501"),
            MESSAGE: "AR0440I RECEIVED 11/25/2026: ENTER POSTS AS SHOWN, PF12 CANCELS",
            COMMAND: "COMMAND ===>",
        },
        starts={0: "PAYP  PAYMENT POSTING", 1: " ACCOUNT ===> 1001789"},
    ),
    "payp_posted_in_one_burst": Burst(
        (
            *K("PAYP 1001789"),
            "Enter",
            *K("25"),
            "Tab",
            *K("CHECK"),
            "Tab",
            *K("881"),
            "Enter",
            "Enter",
        ),
        until="AR0441I",
        rows={2: PAYP_ROW.format(amount="", method="CHECK", ref="").rstrip()},
        starts={MESSAGE: "AR0441I RECEIPT R"},
    ),
    "aciq_code_then_pf11": Burst(
        (*K("ACIQ 1000234"), "Enter", "F11"),
        until="ITEM  OPEN ITEMS",
        starts={0: "ITEM  OPEN ITEMS", 1: " ACCOUNT 1000234"},
    ),
    "menu_option_then_search": Burst(
        (*K("1"), "Enter", *K("SMITH"), "Enter"),
        until="ACCOUNTS BY NAME",
        starts={0: "FIND  ACCOUNT SEARCH"},
    ),
    "find_then_enter_opens_the_first": Burst(
        (*K("FIND SMITH"), "Enter", "Enter"),
        until="ACIQ  ACCOUNT INQUIRY",
        starts={0: "ACIQ  ACCOUNT INQUIRY"},
    ),
    "work_then_refresh": Burst(
        (*K("WORK"), "Enter", "F5"),
        until="WORK  WORK QUEUE",
        starts={0: "WORK  WORK QUEUE"},
        rows={COMMAND: "COMMAND ===>"},
    ),
    # -- type-ahead across two screen changes ---------------------------------------------
    "aciq_item_hist": Burst(
        (*K("ACIQ 1000234"), "Enter", "F11", "F11"),
        until="HIST  TRANSACTION HISTORY",
        starts={0: "HIST  TRANSACTION HISTORY", 1: " ACCOUNT 1000234"},
    ),
    "find_open_notes": Burst(
        (*K("FIND SMITH"), "Enter", "Enter", "F9"),
        until="NOTE  CONTACT LOG",
        starts={0: "NOTE  CONTACT LOG"},
    ),
    "payp_back_to_menu_then_aciq": Burst(
        (*K("PAYP 1000477"), "Enter", "F3", *K("ACIQ 1000234"), "Enter"),
        until="ACCOUNT 1000234",
        starts={0: "ACIQ  ACCOUNT INQUIRY", 1: " ACCOUNT 1000234"},
    ),
    "two_codes_in_a_row": Burst(
        (*K("ACIQ 1000234"), "Enter", *K("HIST"), "Enter"),
        until="HIST  TRANSACTION HISTORY",
        starts={0: "HIST  TRANSACTION HISTORY", 1: " ACCOUNT 1000234"},
    ),
    # -- type-ahead across three screen changes -------------------------------------------
    "aciq_item_hist_and_back": Burst(
        (*K("ACIQ 1000234"), "Enter", "F11", "F11", "F10"),
        until="ITEM  OPEN ITEMS",
        starts={0: "ITEM  OPEN ITEMS", 1: " ACCOUNT 1000234"},
    ),
    "three_codes_in_a_row": Burst(
        (*K("ACIQ 1000234"), "Enter", *K("ITEM"), "Enter", *K("HIST 1000477"), "Enter"),
        until="HIST  TRANSACTION HISTORY",
        starts={0: "HIST  TRANSACTION HISTORY", 1: " ACCOUNT 1000477"},
    ),
    "find_open_hist_exit": Burst(
        (*K("ACIQ 1000234"), "Enter", "F11", "F11", "F3", *K("PAYP 1000477"), "Enter"),
        until="SMITH, JULIA",
        starts={0: "PAYP  PAYMENT POSTING", 1: " ACCOUNT ===> 1000477"},
        cursor=(14, 2),  # on AMOUNT
    ),
    # -- the Esc keymap: Esc and the digit in one write ------------------------------------
    # MENU, FIND, PF3 back to MENU, then ACIQ: the burst ends on a screen it did not start
    # on, so the end cannot be taken for the first MENU before the keys were read.
    "esc_3_exits_in_one_write": Burst(
        (*K("FIND"), "Enter", "Escape", *K("3"), *K("ACIQ 1000234"), "Enter"),
        until="ACCOUNT 1000234",
        rows={COMMAND: "COMMAND ===>"},
        starts={0: "ACIQ  ACCOUNT INQUIRY", 1: " ACCOUNT 1000234"},
        keymap="esc",
    ),
    "esc_minus_is_pf11": Burst(
        (*K("ACIQ 1000234"), "Enter", "Escape", *K("-")),
        until="ITEM  OPEN ITEMS",
        starts={0: "ITEM  OPEN ITEMS", 1: " ACCOUNT 1000234"},
        keymap="esc",
    ),
    "esc_equals_is_pf12": Burst(
        (*K("PAYP 1000477"), "Enter", *K("12"), "Escape", *K("=")),
        until="PAYP  PAYMENT POSTING",
        starts={0: "PAYP  PAYMENT POSTING"},
        rows={1: " ACCOUNT ===>", 2: PAYP_ROW.format(amount="", method="", ref="").rstrip()},
        cursor=(14, 1),
        keymap="esc",
    ),
    "esc_apart_then_4": Burst(
        (*K("4"),),
        until="MENU  AR COLLECTIONS",
        starts={0: "MENU  AR COLLECTIONS - MAIN MENU"},
        keymap="esc",
        before=(*K("ACIQ 1000234"), "Enter", "Escape"),
        before_until="AR0006I PF:",
    ),
    "esc_two_pf_keys_in_one_write": Burst(
        (*K("ACIQ 1000234"), "Enter", "Escape", *K("-"), "Escape", *K("-")),
        until="HIST  TRANSACTION HISTORY",
        starts={0: "HIST  TRANSACTION HISTORY"},
        keymap="esc",
    ),
    # -- corrections ------------------------------------------------------------------------
    "backspace_then_a_digit": Burst(
        (*K("67"), "BSpace", *K("8")),
        until="COMMAND ===> 68",
        rows={COMMAND: "COMMAND ===> 68"},
        cursor=(15, COMMAND),
    ),
    "backspace_on_a_full_field": Burst(
        (*K("123456789012"), "BSpace", "BSpace", *K("99")),
        until="1234567890 99".replace(" ", ""),
        rows={1: " ACCOUNT ===> 123456789099"},
        before=(*K("PAYP"), "Enter"),
        before_until="PAYP  PAYMENT POSTING",
    ),
    "backspace_fixes_a_number": Burst(
        (*K("ACIQ 10002345"), "BSpace", "Enter"),
        until="ACCOUNT 1000234",
        starts={0: "ACIQ  ACCOUNT INQUIRY", 1: " ACCOUNT 1000234"},
    ),
    "erase_eof_then_enter": Burst(
        (*K("ACIQ 1000234XYZ"), "Left", "Left", "Left", "C-k", "Enter"),
        until="ACCOUNT 1000234",
        starts={0: "ACIQ  ACCOUNT INQUIRY", 1: " ACCOUNT 1000234"},
    ),
    # Overtype (Insert) and Field Exit: HIST typed over ITEM, and Enter clears the rest of
    # the field, so HIST opens for the account being worked, not for 1000234.
    "overtype_then_field_exit": Burst(
        (*K("ITEM 1000234"), "Home", "IC", *K("HIST"), "Enter"),
        until="HIST  TRANSACTION HISTORY",
        starts={0: "HIST  TRANSACTION HISTORY", 1: " ACCOUNT 1000477"},
        before=(*K("ACIQ 1000477"), "Enter"),
        before_until="ACCOUNT 1000477",
    ),
    "overtype_then_end_keeps_the_rest": Burst(
        (*K("ITEM 1000234"), "Home", "IC", *K("HIST"), "End", "Enter"),
        until="HIST  TRANSACTION HISTORY",
        starts={0: "HIST  TRANSACTION HISTORY", 1: " ACCOUNT 1000234"},
    ),
    "delete_at_the_start": Burst(
        (*K("XACIQ 1000234"), "Home", "DC", "Enter"),
        until="ACCOUNT 1000234",
        starts={0: "ACIQ  ACCOUNT INQUIRY"},
    ),
    # -- Tab chains -------------------------------------------------------------------------
    "tab_chain_through_payp": Burst(
        (
            *K("PAYP"),
            "Enter",
            *K("1000477"),
            "Tab",
            *K("175"),
            "Tab",
            *K("check"),
            "Tab",
            *K("20331"),
            "Tab",
            *K("11/24/2026"),
            "Enter",
        ),
        until="AR0440I",
        rows={
            2: PAYP_ROW.format(amount="175", method="check", ref="20331"),
            MESSAGE: "AR0440I RECEIVED 11/24/2026: ENTER POSTS AS SHOWN, PF12 CANCELS",
        },
        starts={1: " ACCOUNT ===> 1000477", 3: " RECEIVED ===> 11/24/2026"},
    ),
    "back_tab": Burst(
        (
            *K("PAYP 1000477"),
            "Enter",
            "Tab",
            *K("check"),
            "Tab",
            *K("77"),
            "BTab",
            "BTab",
            *K("25"),
            "Enter",
        ),
        until="AR0440I",
        rows={2: PAYP_ROW.format(amount="25", method="check", ref="77")},
    ),
    # -- PF keys mid-load -----------------------------------------------------------------
    "pf12_while_payp_loads": Burst(
        (*K("PAYP 1000477"), "Enter", *K("50"), "F12"),
        until="PAYP  PAYMENT POSTING",
        starts={0: "PAYP  PAYMENT POSTING"},
        rows={1: " ACCOUNT ===>", 2: PAYP_ROW.format(amount="", method="", ref="").rstrip()},
        cursor=(14, 1),
    ),
    "pf8_while_hist_loads": Burst(
        (*K("HIST 1000234"), "Enter", "F8"),
        until="AR0306W NO MORE",
        starts={0: "HIST  TRANSACTION HISTORY", MESSAGE: "AR0306W NO MORE"},
    ),
    "pf3_twice_leaves": Burst(
        (*K("ACIQ 1000234"), "Enter", "F3", "F3"),
        until="EXITED 0",
    ),
    "pf4_from_deep": Burst(
        (*K("ACIQ 1000234"), "Enter", "F11", "F4", *K("WORK"), "Enter"),
        until="WORK  WORK QUEUE",
        starts={0: "WORK  WORK QUEUE"},
    ),
    # -- refusals and the cursor -------------------------------------------------------------
    "minus_in_an_amount": Burst(
        (*K("PAYP 1000477"), "Enter", *K("-5")),
        until="AR0021E",
        rows={2: PAYP_ROW.format(amount="5", method="", ref="").rstrip()},
        starts={MESSAGE: "AR0021E AMOUNT: '-' IS REFUSED"},
        cursor=(15, 2),
    ),
    "impossible_date": Burst(
        (
            *K("PAYP 1000477"),
            "Enter",
            *K("10"),
            "Tab",
            *K("check"),
            "Tab",
            *K("1"),
            "Tab",
            *K("13/01/2026"),
            "Enter",
        ),
        until="AR0451E",
        rows={MESSAGE: "AR0451E '13/01/2026' IS NOT A DATE (MM/DD/YYYY)"},
        cursor=(25, 3),
    ),
    "bad_code_then_a_good_one": Burst(
        (*K("XYZZ"), "Enter", *K("ACIQ 1000234"), "Enter"),
        until="ACCOUNT 1000234",
        starts={0: "ACIQ  ACCOUNT INQUIRY", 1: " ACCOUNT 1000234"},
        rows={COMMAND: "COMMAND ===>"},
    ),
    "refused_enter_then_the_field_at_fault": Burst(
        # The first Enter is refused (no reason) on the database thread: what follows it
        # waits for the refusal, then goes into REASON, where the cursor was put.
        (*K("PSTP 1000477"), "Enter", *K("11/27/2026 16:55"), "Enter", *K("my reason"), "Enter"),
        until="AR0757I",
        starts={
            0: "PSTP  POSTPONE ACCOUNT",
            MESSAGE: "AR0757I POSTPONED TO 16:55",
            5: " WAITING: POSTPONED TO 11/27/2026 16:55 BY ",
        },
        has={5: ": MY REASON"},
    ),
    "error_on_the_offer": Burst(
        (*K("SETL 1000477"), "Enter", *K("1.234"), "Tab", *K("12/10/2026"), "Enter"),
        until="AR0403E",
        starts={MESSAGE: "AR0403E"},
        cursor=(17, 2),  # at the end of OFFER
    ),
}


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "demo.db"
    assert main(["--db", str(path), "db", "init", "--demo"]) == 0
    return path


@pytest.fixture
def fresh_db(corpus_db: Path, tmp_path: Path) -> Path:
    """Each burst on its own copy: a payment one burst posts never changes another's screen."""
    copy = tmp_path / "demo.db"
    shutil.copyfile(corpus_db, copy)
    return copy


def quiet(
    term: Terminal, text: str, title: str = "", timeout: float = 30.0, burst: Burst | None = None
) -> list[str]:
    """The screen's rows once `text` is drawn (with row 1 starting `title`), no keys are
    held (`X SYSTEM` gone) and, for a burst, its rows read as it says: the state the burst
    ends in. A loaded machine may draw a screen on the way there (the first screen, before
    the burst's last keys were read): that is waited past, never taken for the end. After
    `timeout` the screen as it stands is returned, for the asserts to name what is wrong."""
    deadline = time.monotonic() + timeout
    while True:
        shown = term.screen()
        rows = [row.rstrip() for row in shown.splitlines()]
        drawn = text in shown and shown.startswith(title) and "X SYSTEM" not in shown
        if drawn and (burst is None or burst.holds(rows)) and term.screen() == shown:
            return rows
        if time.monotonic() > deadline:
            if drawn and burst is not None:
                return rows
            raise AssertionError(f"{text!r} never appeared quietly; the screen shows:\n{shown}")
        time.sleep(0.05)


def cursor_of(term: Terminal) -> tuple[int, int]:
    done = subprocess.run(
        [*term.tmux, "display-message", "-p", "-t", term.name, "#{cursor_x},#{cursor_y}"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    x, y = done.stdout.strip().split(",")
    return int(x), int(y)


@pytest.fixture
def tmux() -> Iterator[str]:
    yield _tmux_or_skip()


@pytest.mark.xdist_group("tmux")
@pytest.mark.parametrize("name", sorted(BURSTS))
def test_burst(name: str, tmux: str, fresh_db: Path) -> None:
    burst = BURSTS[name]
    env = {"TERM": "xterm-256color", "AR_TUI_DB": str(fresh_db)}
    command = [sys.executable, "-m", "ar_tui", "--keymap", burst.keymap]
    term = Terminal(tmux, command, env)
    try:
        quiet(term, "PF1=Help")
        if burst.before:
            term.keys(*burst.before)
            quiet(term, burst.before_until)
        term.keys(*burst.keys)
        rows = quiet(term, burst.until, burst.starts.get(0, ""), burst=burst)
        shown = "\n".join(rows)
        for row, text in burst.rows.items():
            assert rows[row] == text, f"row {row} of:\n{shown}"
        for row, text in burst.starts.items():
            assert rows[row].startswith(text), f"row {row} of:\n{shown}"
        for row, text in burst.has.items():
            assert text in rows[row], f"row {row} of:\n{shown}"
        if burst.cursor is not None:
            # tmux puts the terminal's cursor one cell right of the cell Textual draws it on.
            column, row = burst.cursor
            assert cursor_of(term) == (column + 1, row), shown
    finally:
        term.close()


def test_the_corpus_is_large_enough() -> None:
    """Issue 13 asks for at least 30 recorded bursts."""
    assert len(BURSTS) >= 30
