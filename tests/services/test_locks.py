"""Account locks between sessions: held, seen read-only by others, reclaimed when dead, released."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError
from ar_tui.services import locks
from ar_tui.services.session import Session, open_session

T0 = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)


def sessions(db: Path, when: datetime = T0) -> tuple[Session, Session]:
    jane = open_session(db, "jdoe", clock=lambda: when)
    maria = open_session(db, "mlopez", clock=lambda: when)
    return jane, maria


def test_the_second_operator_sees_who_holds_the_account(demo_db: Path) -> None:
    jane, maria = sessions(demo_db)
    assert locks.acquire(jane, "1000234", "S-JANE", alive=lambda h, p: True).mine
    state = locks.acquire(maria, "1000234", "S-MARIA", alive=lambda h, p: True)
    assert not state.mine and state.holder_login == "jdoe"
    assert state.message() == "IN USE BY JANE DOE SINCE 15:00"
    locks.release(jane, "1000234", "S-JANE")
    assert locks.acquire(maria, "1000234", "S-MARIA", alive=lambda h, p: True).mine


def test_a_lock_whose_session_died_is_reclaimed_and_audited(demo_db: Path) -> None:
    jane, maria = sessions(demo_db)
    locks.acquire(jane, "1000234", "S-JANE", pid=999_999)
    state = locks.acquire(maria, "1000234", "S-MARIA", alive=lambda h, p: p != 999_999)
    assert state.mine and state.reclaimed_from == "jdoe"
    (action,) = (
        maria.store.connection()
        .execute("SELECT action FROM audit_log WHERE action LIKE 'lock.%'")
        .fetchone()
    )
    assert action == "lock.reclaim"


def test_a_stale_lock_is_reclaimed_even_when_its_process_looks_alive(demo_db: Path) -> None:
    jane, _ = sessions(demo_db)
    locks.acquire(jane, "1000234", "S-JANE", alive=lambda h, p: True)
    _, later = sessions(demo_db, T0 + locks.STALE_AFTER + timedelta(minutes=1))
    assert locks.acquire(later, "1000234", "S-MARIA", alive=lambda h, p: True).mine


def test_only_a_supervisor_frees_another_operators_lock(demo_db: Path) -> None:
    jane, maria = sessions(demo_db)
    locks.acquire(jane, "1000234", "S-JANE", alive=lambda h, p: True)
    with pytest.raises(ArError, match="NEEDS SUPERVISOR"):
        locks.force_release(maria, "1000234", "stuck")
    supervisor = open_session(demo_db, "kwright", clock=lambda: T0)
    assert locks.force_release(supervisor, "1000234", "stuck") == "jdoe"
    with pytest.raises(ArError, match="NOT LOCKED"):
        locks.force_release(supervisor, "1000234", "stuck")


def test_a_session_gives_back_all_its_locks(demo_db: Path) -> None:
    jane, _ = sessions(demo_db)
    for number in ("1000234", "1000235", "1000236"):
        locks.acquire(jane, number, "S-JANE", alive=lambda h, p: True)
    assert locks.release_all(jane, "S-JANE") == 3
    assert jane.store.connection().execute("SELECT count(*) FROM account_locks").fetchone() == (0,)


def test_this_process_is_alive_and_a_finished_one_is_not() -> None:
    import os
    import socket
    import subprocess

    assert locks.process_alive(socket.gethostname(), os.getpid())
    child = subprocess.Popen(["true"])
    child.wait()
    assert not locks.process_alive(socket.gethostname(), child.pid)
    assert locks.process_alive("some-other-host", 1)


def test_a_release_says_why_in_one_to_sixty_characters(demo_db: Path) -> None:
    assert locks.REASON_MAX == 60
    jane, _ = sessions(demo_db)
    supervisor = open_session(demo_db, "kwright", clock=lambda: T0)
    for number in ("1000234", "1000477"):
        locks.acquire(jane, number, "S-JANE", alive=lambda h, p: True)
    for blank in ("", "   "):
        with pytest.raises(ArError, match="AR0736E A RELEASE NEEDS A REASON"):
            locks.force_release(supervisor, "1000234", blank)
    with pytest.raises(ArError, match="AR0737E THE REASON IS LONGER THAN 60 CHARACTERS"):
        locks.force_release(supervisor, "1000234", "x" * 61)
    assert locks.state(jane, "1000234", "S-JANE").mine  # a refused release frees nothing
    assert locks.force_release(supervisor, "1000234", "x" * 60) == "jdoe"
    assert locks.force_release(supervisor, "1000477", "y") == "jdoe"
    details = [
        json.loads(row[0])
        for row in supervisor.store.connection().execute(
            "SELECT detail FROM audit_log WHERE action = 'lock.release' ORDER BY id"
        )
    ]
    assert [d["reason"] for d in details] == ["x" * 60, "y"]


def test_a_supervisor_sees_who_holds_what_longest_first(demo_db: Path) -> None:
    jane, maria = sessions(demo_db)
    locks.acquire(jane, "1000477", "S-JANE", alive=lambda h, p: True)
    _, later = sessions(demo_db, T0 + timedelta(minutes=5))
    locks.acquire(later, "1000234", "S-MARIA", alive=lambda h, p: True)
    supervisor = open_session(demo_db, "kwright", clock=lambda: T0 + timedelta(minutes=10))
    with pytest.raises(ArError, match="NEEDS SUPERVISOR"):
        locks.held(maria)
    shown = locks.held(supervisor, alive=lambda h, p: h != "gone")
    assert [(h.account_number, h.login, h.since) for h in shown] == [
        ("1000477", "jdoe", T0),
        ("1000234", "mlopez", T0 + timedelta(minutes=5)),
    ]
    assert not any(h.dead for h in shown)
    # silent for more than 30 minutes: dead, and the next to open it takes it
    quiet = open_session(demo_db, "kwright", clock=lambda: T0 + timedelta(minutes=31))
    assert [h.dead for h in locks.held(quiet, alive=lambda h, p: True)] == [True, False]
