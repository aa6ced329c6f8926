"""Messages the system leaves for an operator (a dismissed bankruptcy: collection resumes)."""

from __future__ import annotations

from ar_tui.services.session import Session
from ar_tui.store import messages as store


def unread(session: Session, limit: int = 50) -> list[tuple[int, str, str, str]]:
    """(id, business date, account number, text) of the operator's unread messages, oldest
    first; they are marked read as they are returned."""
    # Read first: the MENU asks at every sign-on, and most days there is nothing to mark,
    # so no write lock is taken for nothing.
    with session.store.read() as conn:
        rows = store.unread_messages(conn, session.operator.id, limit)
    if rows:
        with session.write() as conn:
            store.mark_read(conn, [row[0] for row in rows], session.now())
    return rows


def unread_count(session: Session) -> int:
    conn = session.store.connection()
    return len(store.unread_messages(conn, session.operator.id, 100))
