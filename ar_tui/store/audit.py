"""The append-only audit log: who changed what, when, from which screen or command."""

from __future__ import annotations

import json
import sqlite3
from typing import Any


def record(
    conn: sqlite3.Connection,
    *,
    at: str,
    business_date: str,
    operator_login: str,
    source: str,
    action: str,
    account_id: int | None = None,
    subject: str = "",
    detail: dict[str, Any] | None = None,
) -> int:
    """Write one audit row inside the caller's transaction."""
    cursor = conn.execute(
        "INSERT INTO audit_log(at, business_date, operator_login, source, action, account_id,"
        " subject, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            at,
            business_date,
            operator_login,
            source,
            action,
            account_id,
            subject,
            json.dumps(detail or {}, sort_keys=True, default=str),
        ),
    )
    return int(cursor.lastrowid or 0)
