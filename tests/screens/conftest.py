"""The app on a copy of the demo database, as the CLI builds it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ar_tui.app import ArApp, make_app
from ar_tui.services.session import Session


@pytest.fixture
def app(demo_session: Session) -> Iterator[ArApp]:
    yield make_app(demo_session)
