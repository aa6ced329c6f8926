"""What `ar-tui` defers until its first frame is drawn: garbage collection, the holiday
calendars, the rules a change to an account needs (issue 13: first frame <= 1.5x a bare
Textual app's; the figure is the benchmark's, this holds what it rests on)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ar_tui.app import WARM_AFTER_FIRST_FRAME, make_app
from ar_tui.services.session import open_session
from tests.conftest import TEST_LOGIN, fixed_clock
from tests.probe import in_a_new_process
from tests.screens.helpers import settle


@pytest.fixture
def started_as_ar_tui() -> Iterator[None]:
    """Garbage collection off, as `ar_tui.start` leaves it for the TUI."""
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        gc.enable()


async def test_the_tui_collects_garbage_again_once_its_first_frame_is_up(
    demo_db: Path, started_as_ar_tui: None
) -> None:
    session = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    app = make_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for _ in range(500):  # the after-first-frame work runs on the database thread
            if gc.isenabled() and not app.workers:
                break
            await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # start-up's objects are left out of collections
        assert all(name in sys.modules for name in WARM_AFTER_FIRST_FRAME)
    session.store.close()


def test_ar_tui_starts_without_collecting_and_a_command_collects_again() -> None:
    probe = (
        "import gc, json, ar_tui.start\n"
        "before = gc.isenabled()\n"
        "code = ar_tui.start.main(['roles'])\n"
        "print(json.dumps([before, gc.isenabled(), code]))\n"
    )
    out = in_a_new_process(probe)
    assert out == [False, True, 0]


def test_the_program_and_python_dash_m_both_start_there() -> None:
    pyproject = (Path(__file__).parents[2] / "pyproject.toml").read_text()
    assert 'ar-tui = "ar_tui.start:main"' in pyproject
    main_module = (Path(__file__).parents[2] / "ar_tui" / "__main__.py").read_text()
    assert "from ar_tui.start import main" in main_module
