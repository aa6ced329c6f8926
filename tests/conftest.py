"""Shared fixtures: a fresh database, the demo database built once, sessions and the app."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ar_tui import config
from ar_tui.services import databases
from ar_tui.services.session import Session, open_session
from ar_tui.store.connection import Store
from tests.fuzz import profiles as _fuzz_profiles  # noqa: F401  registers --hypothesis-profile=long

TEST_LOGIN = "tester"
FIXED_NOW = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture(autouse=True)
def _no_user_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Tests never see the developer's database, theme or keymap settings, their config
    file, or a host's /etc/ar-tui/config.toml."""
    for name in ("AR_TUI_DB", "AR_TUI_THEME", "AR_TUI_KEYMAP", "NO_COLOR", "SUDO_UID"):
        monkeypatch.delenv(name, raising=False)
    nowhere = tmp_path_factory.getbasetemp() / "no-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(nowhere / "user"))
    monkeypatch.setattr(config, "SYSTEM_CONFIG", nowhere / "etc" / "config.toml")


@pytest.fixture(autouse=True)
def _every_store_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every store a test opens is closed when it ends: no connection is left to the garbage
    collector (Python 3.13 reports each one as a ResourceWarning)."""
    opened: list[Store] = []
    original = Store.__init__

    def init(self: Store, path: Path) -> None:
        original(self, path)
        opened.append(self)

    monkeypatch.setattr(Store, "__init__", init)
    yield
    for store in opened:
        store.close()


@pytest.fixture
def fresh_db(tmp_path: Path) -> Path:
    """An empty database whose administrator is TEST_LOGIN."""
    path = tmp_path / "fresh.db"
    databases.init_database(path, TEST_LOGIN, date(2026, 11, 25))
    return path


@pytest.fixture
def fresh_session(fresh_db: Path) -> Iterator[Session]:
    session = open_session(fresh_db, TEST_LOGIN, clock=fixed_clock)
    yield session
    session.store.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database, built once per test process; tests get copies."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    databases.demo_database(path, TEST_LOGIN)
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo database that a test may change."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def demo_session(demo_db: Path) -> Iterator[Session]:
    session = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    yield session
    session.store.close()
