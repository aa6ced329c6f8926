"""Two sessions on one database: the second sees who works the account, read-only, until released."""

from __future__ import annotations

from pathlib import Path

from ar_tui.app import make_app
from ar_tui.screens.acct_inquiry import AccountInquiry
from ar_tui.services.session import open_session
from tests.screens.helpers import message, settle, type_command, type_text

SIZE = (80, 24)


async def test_the_lock_is_shown_to_the_second_session_and_released_on_exit(demo_db: Path) -> None:
    jane = make_app(open_session(demo_db, "jdoe"))
    maria = make_app(open_session(demo_db, "mlopez"))
    async with jane.run_test(size=SIZE) as jane_pilot:
        await settle(jane_pilot)
        await type_command(jane_pilot, "ACIQ 1000234")
        assert jane.lock.mine and message(jane) == ""
        async with maria.run_test(size=SIZE) as maria_pilot:
            await settle(maria_pilot)
            await type_command(maria_pilot, "ACIQ 1000234")
            assert isinstance(maria.screen, AccountInquiry)
            assert message(maria).startswith("AR0731W IN USE BY JANE DOE SINCE")
            assert message(maria).endswith("READ ONLY")
            await maria_pilot.press("f9")
            await settle(maria_pilot)
            await type_text(maria_pilot, "email")
            await maria_pilot.press("enter")
            await settle(maria_pilot)
            assert message(maria).startswith("AR0732E ACCOUNT IN USE BY JANE DOE")
            await type_command(maria_pilot, "END")
        # Jane moves to another account: 1000234 is free again.
        await type_command(jane_pilot, "ACIQ 1000235")
    other = make_app(open_session(demo_db, "mlopez"))
    async with other.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "ACIQ 1000234")
        assert other.lock.mine and not message(other).startswith("AR0731W")
    # every session gave its locks back when it ended
    conn = open_session(demo_db, "kwright").store.connection()
    assert conn.execute("SELECT count(*) FROM account_locks").fetchone() == (0,)


async def test_the_heartbeat_keeps_the_locks_fresh_and_survives_a_busy_database(
    demo_db: Path,
) -> None:
    from ar_tui.domain.errors import ArError
    from ar_tui.services import locks

    jane = make_app(open_session(demo_db, "jdoe"))
    async with jane.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "ACIQ 1000234")
        conn = jane.session.store.connection()
        conn.execute("UPDATE account_locks SET heartbeat_at = '2000-01-01T00:00:00+00:00'")
        await jane.heartbeat()
        (beat,) = conn.execute("SELECT heartbeat_at FROM account_locks").fetchone()
        assert beat > "2026"

        def busy(*_args: object) -> int:
            raise ArError("AR0901E", "BUSY")

        original = locks.heartbeat
        locks.heartbeat = busy  # type: ignore[assignment]
        try:
            await jane.heartbeat()  # no crash: the next beat tries again
        finally:
            locks.heartbeat = original
        assert jane.is_running
