"""The holidays of a banking calendar, one row a year (ISO days separated by spaces)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import date


def years(conn: sqlite3.Connection, calendar: str) -> dict[int, list[date]]:
    """Every year kept for `calendar`, with its holidays."""
    return {
        year: [date.fromisoformat(day) for day in days.split()]
        for year, days in conn.execute(
            "SELECT year, days FROM bank_holidays WHERE calendar = ?", (calendar,)
        )
    }


def save(conn: sqlite3.Connection, calendar: str, year: int, closed: Iterable[date]) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO bank_holidays(calendar, year, days) VALUES (?, ?, ?)",
        (calendar, year, " ".join(sorted(day.isoformat() for day in closed))),
    )
