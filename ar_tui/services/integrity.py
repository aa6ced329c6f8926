"""`db check`: prove the ledger balances for the whole database."""

from __future__ import annotations

from ar_tui.domain.money import cents_to_str
from ar_tui.services.session import Session
from ar_tui.store import integrity


def check_database(session: Session) -> list[str]:
    """One line per problem found; an empty list means every account, item and payment agrees."""
    session.require("db.check")
    with session.store.read() as conn:
        found = integrity.problems(conn)
    return [
        f"{name}: {key} expected {cents_to_str(expected)} found {cents_to_str(actual)}"
        for name, key, expected, actual in found
    ]
