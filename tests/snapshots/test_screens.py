"""Every screen at 80x24 on the demo data at business date 11/25/2026, held still."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from ar_tui.app import make_app
from ar_tui.services.session import Session
from tests.screens.helpers import settle, type_command

SIZE = (80, 24)
Steps = Callable[[Pilot[Any]], Awaitable[None]]


def commands(*lines: str, keys: tuple[str, ...] = ()) -> Steps:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for line in lines:
            await type_command(pilot, line)
        if keys:
            await pilot.press(*keys)
        await settle(pilot)

    return run


def flagged_account(session: Session) -> str:
    """The first demo account in bankruptcy, by account number."""
    row = (
        session.store.connection()
        .execute(
            "SELECT a.account_number FROM accounts a JOIN bankruptcies b ON b.account_id = a.id"
            " ORDER BY a.account_number LIMIT 1"
        )
        .fetchone()
    )
    return str(row[0])


@pytest.mark.parametrize(
    ("name", "steps"),
    [
        ("menu", commands()),
        ("find_results", commands("FIND SMITH")),
        ("find_empty_search", commands("FIND", keys=("enter",))),
        ("aciq", commands("ACIQ 1000234")),
        ("item", commands("ITEM 1000234")),
        ("hist", commands("HIST 1000234")),
        ("help_aciq", commands("ACIQ 1000234", keys=("f1",))),
        ("unknown_code", commands("XYZZY")),
        (
            "payp_preview",
            commands("PAYP 1000477", keys=(*"175", "tab", *"check", "tab", *"20331", "enter")),
        ),
        ("btch_list", commands("BTCH")),
        ("recn_queue", commands("RECN")),
        ("note_log", commands("NOTE 1000234")),
        ("work_queue", commands("WORK")),
        ("prom_recorded", commands("PROM 1000477", keys=(*"100", "tab", *"12/01/2026", "enter"))),
        (
            "plan_preview",
            commands(
                "PLAN 1000477",
                keys=(
                    *"605",
                    "tab",
                    *"60",
                    "tab",
                    "6",
                    "tab",
                    *"monthly",
                    "tab",
                    *"12/15/2026",
                    "enter",
                ),
            ),
        ),
        ("setl_preview", commands("SETL 1000477", keys=(*"60%", "tab", *"12/10/2026", "enter"))),
        ("woff_preview", commands("WOFF 1000477", keys=(*"25", "tab", *"other", "enter"))),
        ("rfrl_eligibility", commands("RFRL 1000147")),
    ],
)
def test_screen(snap_compare: Any, demo_session: Session, name: str, steps: Steps) -> None:
    assert snap_compare(make_app(demo_session), terminal_size=SIZE, run_before=steps)


def test_aciq_flags(snap_compare: Any, demo_session: Session) -> None:
    number = flagged_account(demo_session)
    assert snap_compare(
        make_app(demo_session), terminal_size=SIZE, run_before=commands(f"ACIQ {number}")
    )


def test_bkrp_case_and_claims(snap_compare: Any, demo_session: Session) -> None:
    number = flagged_account(demo_session)
    assert snap_compare(
        make_app(demo_session), terminal_size=SIZE, run_before=commands(f"BKRP {number}")
    )


def test_disp_log(snap_compare: Any, demo_session: Session) -> None:
    number = (
        demo_session.store.connection()
        .execute(
            "SELECT a.account_number FROM accounts a JOIN disputes d ON d.account_id = a.id"
            " ORDER BY a.account_number LIMIT 1"
        )
        .fetchone()[0]
    )
    assert snap_compare(
        make_app(demo_session), terminal_size=SIZE, run_before=commands(f"DISP {number}")
    )


@pytest.mark.parametrize("theme", ["amber", "3279", "mono"])
def test_themes(snap_compare: Any, demo_session: Session, theme: str) -> None:
    assert snap_compare(
        make_app(demo_session, theme=theme), terminal_size=SIZE, run_before=commands("ACIQ 1000234")
    )


def test_too_small(snap_compare: Any, demo_session: Session) -> None:
    assert snap_compare(make_app(demo_session), terminal_size=(60, 20), run_before=settle)
