"""A day of accounts opened keeps no screen's rendering alive (issue 13: a session stays
small all day). The RSS figures are the benchmark's; this holds what they rest on."""

from __future__ import annotations

import gc
from pathlib import Path

from textual._styles_cache import StylesCache

from ar_tui.app import make_app
from ar_tui.services.session import open_session
from tests.conftest import TEST_LOGIN, fixed_clock
from tests.screens.helpers import settle


def live_styles_caches() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, StylesCache))


async def test_accounts_opened_one_after_another_leave_no_rendering_behind(
    demo_db: Path,
) -> None:
    session = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    numbers = [
        row[0]
        for row in session.store.connection().execute(
            "SELECT account_number FROM accounts ORDER BY id LIMIT 40"
        )
    ]
    app = make_app(session)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        async def open_all(batch: list[str]) -> None:
            for number in batch:
                await app.navigate("ACIQ", number)
                await settle(pilot)

        await open_all(numbers[:10])
        after_10 = live_styles_caches()
        await open_all(numbers[10:])
        after_40 = live_styles_caches()
        # Thirty more screens shown and removed: what lives is one screen's widgets.
        assert after_40 <= after_10 + 5, (after_10, after_40)
        assert StylesCache.get_inner_outer.cache_info().currsize < 100
