"""The work queue: the inputs of every account's priority, and accounts in priority order."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date

from ar_tui.domain.priority import inputs_at, priority

WORKABLE = ("active", "promise", "plan")
# Off the normal path: nothing is collectible, so the priority is nought.
STOPPED = "('bankruptcy', 'dispute', 'referred', 'legal')"
_DISPUTED = "('open', 'in_research', 'credit_pending')"

_INPUTS = f"""
SELECT a.id, a.priority,
       CASE WHEN a.collection_status IN {STOPPED} THEN 0
            ELSE coalesce(i.open, 0) - coalesce(p.unapplied, 0) - coalesce(d.disputed, 0) END,
       i.oldest_due,
       coalesce(bp.n, 0),
       coalesce(mi.n, 0),
       a.next_follow_up,
       act.last_day
FROM accounts a
LEFT JOIN (SELECT account_id, sum(open_cents) AS open,
                  min(CASE WHEN open_cents > 0 THEN due_date END) AS oldest_due
           FROM items GROUP BY account_id) i ON i.account_id = a.id
LEFT JOIN (SELECT account_id, sum(unapplied_cents) AS unapplied FROM payments
           WHERE account_id IS NOT NULL GROUP BY account_id) p ON p.account_id = a.id
LEFT JOIN (SELECT account_id, count(*) AS n FROM promises WHERE status = 'broken'
           GROUP BY account_id) bp ON bp.account_id = a.id
LEFT JOIN (SELECT pl.account_id, count(*) AS n FROM installments s
           JOIN plans pl ON pl.id = s.plan_id WHERE s.status = 'missed'
           GROUP BY pl.account_id) mi ON mi.account_id = a.id
LEFT JOIN (SELECT account_id, max(business_date) AS last_day FROM activities
           GROUP BY account_id) act ON act.account_id = a.id
LEFT JOIN (SELECT account_id, sum(amount_cents) AS disputed FROM disputes
           WHERE status IN {_DISPUTED} GROUP BY account_id) d ON d.account_id = a.id
"""


def priority_inputs(conn: sqlite3.Connection) -> Iterator[tuple]:
    """(id, priority now, balance, oldest due, broken promises, missed, follow-up, last contact)."""
    cursor = conn.execute(_INPUTS)
    while rows := cursor.fetchmany(10_000):
        yield from rows


_INPUTS_OF_ONE = f"""
SELECT a.id, a.priority,
       CASE WHEN a.collection_status IN {STOPPED} THEN 0 ELSE
       (SELECT coalesce(sum(open_cents), 0) FROM items WHERE account_id = a.id)
         - (SELECT coalesce(sum(unapplied_cents), 0) FROM payments WHERE account_id = a.id)
         - (SELECT coalesce(sum(amount_cents), 0) FROM disputes WHERE account_id = a.id
            AND status IN {_DISPUTED}) END,
       (SELECT min(due_date) FROM items WHERE account_id = a.id AND open_cents > 0),
       (SELECT count(*) FROM promises WHERE account_id = a.id AND status = 'broken'),
       (SELECT count(*) FROM installments s JOIN plans pl ON pl.id = s.plan_id
         WHERE pl.account_id = a.id AND s.status = 'missed'),
       a.next_follow_up,
       (SELECT max(business_date) FROM activities WHERE account_id = a.id)
FROM accounts a WHERE a.id = ?
"""


def priority_inputs_of(conn: sqlite3.Connection, account_id: int) -> tuple:
    """The same inputs as `priority_inputs`, for one account."""
    return tuple(conn.execute(_INPUTS_OF_ONE, (account_id,)).fetchone())


def set_priorities(conn: sqlite3.Connection, changes: list[tuple[int, int]]) -> None:
    """(priority, account id) pairs."""
    conn.executemany("UPDATE accounts SET priority = ? WHERE id = ?", changes)


def candidates(
    conn: sqlite3.Connection,
    collector_id: int | None,
    after: tuple[int, int] | None,
    limit: int,
    *,
    unheld: bool = False,
) -> list[tuple[int, str, int]]:
    """Workable accounts by priority (highest first): (id, number, priority).

    With a collector, that collector's accounts; without, everyone's. `unheld`: only those
    no hold keeps back, read from the partial index of them (the terms below name its
    WHERE exactly, which is what lets SQLite use it).
    """
    priority, last_id = after if after else (2**62, 0)
    # Highest priority first, ties newest id first: one row-value comparison that walks
    # the (collector, priority, id) index backwards.
    statuses = ",".join(f"'{s}'" for s in WORKABLE)
    owner = "a.collector_id = ? AND" if collector_id is not None else ""
    args: list[object] = [collector_id] if collector_id is not None else []
    open_only = " a.held_day IS NULL AND a.held_at IS NULL AND" if unheld else ""
    # Named, because with a portfolio's statistics the planner prefers the older
    # (collector, priority) index and would read every held account to pass it.
    index = ""
    if unheld:
        index = " INDEXED BY " + (
            "accounts_queue_open" if collector_id is not None else "accounts_priority_open"
        )
    return conn.execute(
        f"SELECT a.id, a.account_number, a.priority FROM accounts a{index} WHERE"
        f" {owner}{open_only}"
        f" a.collection_status IN ({statuses}) AND a.priority > 0"
        " AND (a.priority, a.id) < (?, ?)"
        " ORDER BY a.priority DESC, a.id DESC LIMIT ?",
        (*args, priority, last_id, limit),
    ).fetchall()


def team_of(conn: sqlite3.Connection, operator_id: int) -> list[int]:
    """The collectors in the operator's team (the operator alone without a team)."""
    return [
        row[0]
        for row in conn.execute(
            "SELECT o.id FROM operators o JOIN operators me ON me.id = ?"
            " WHERE o.id = me.id OR (o.team = me.team AND o.role = 'collector')"
            " ORDER BY o.id",
            (operator_id,),
        )
    ]


def queue_page(
    conn: sqlite3.Connection,
    collector_ids: list[int] | None,
    after: tuple[int, int] | None,
    limit: int,
) -> list[tuple]:
    """Workable accounts by priority, for the WORK list: (id, number, name, collector,
    priority, status, balance, oldest due). `collector_ids` None: everyone's.

    A team's page merges each collector's own first page (each one read down the
    (collector, priority, id) index), so no query sorts a team's whole queue.
    """
    if collector_ids is None:
        keys = [(p, i) for i, _n, p in candidates(conn, None, after, limit)]
    else:
        keys = sorted(
            ((p, i) for c in collector_ids for i, _n, p in candidates(conn, c, after, limit)),
            reverse=True,
        )[:limit]
    if not keys:
        return []
    ids = ",".join(str(account_id) for _p, account_id in keys)
    return conn.execute(
        "SELECT a.id, a.account_number, a.name, coalesce(o.login, ''), a.priority,"
        " a.collection_status,"
        " (SELECT coalesce(sum(open_cents), 0) FROM items WHERE account_id = a.id)"
        "   - (SELECT coalesce(sum(unapplied_cents), 0) FROM payments WHERE account_id = a.id),"
        " (SELECT min(due_date) FROM items WHERE account_id = a.id AND open_cents > 0)"
        " FROM accounts a LEFT JOIN operators o ON o.id = a.collector_id"
        f" WHERE a.id IN ({ids}) ORDER BY a.priority DESC, a.id DESC"
    ).fetchall()


def refresh_priority(conn: sqlite3.Connection, account_id: int, today: date) -> None:
    """Store the account's priority as it is now (after a change a person made to it)."""
    row = priority_inputs_of(conn, account_id)
    value = priority(inputs_at(today, *row[2:]))
    if value != row[1]:
        conn.execute("UPDATE accounts SET priority = ? WHERE id = ?", (value, account_id))


def hold(conn: sqlite3.Connection, holds: list[tuple[str | None, str | None, int]]) -> None:
    """(business date, UTC instant, account id): PF6 passes each until both have come."""
    conn.executemany("UPDATE accounts SET held_day = ?, held_at = ? WHERE id = ?", holds)


def release_all(conn: sqlite3.Connection) -> int:
    """End every hold: PF6 reads each account again (after a change to the rules, or to
    accounts no audit names one by one, such as an import). Reads only the held."""
    days = conn.execute("UPDATE accounts SET held_day = NULL WHERE held_day IS NOT NULL")
    instants = conn.execute("UPDATE accounts SET held_at = NULL WHERE held_at IS NOT NULL")
    return days.rowcount + instants.rowcount


def any_due(conn: sqlite3.Connection, today: str, now: str) -> bool:
    """Whether a hold has come to its end (each test reads the holds index, not accounts)."""
    return (
        conn.execute(
            "SELECT EXISTS (SELECT 1 FROM accounts WHERE held_day <= ?)"
            " OR EXISTS (SELECT 1 FROM accounts WHERE held_at <= ?)",
            (today, now),
        ).fetchone()[0]
        == 1
    )


def release_due(conn: sqlite3.Connection, today: str, now: str) -> int:
    """End the holds whose business date or instant has come; how many ended."""
    days = conn.execute("UPDATE accounts SET held_day = NULL WHERE held_day <= ?", (today,))
    instants = conn.execute("UPDATE accounts SET held_at = NULL WHERE held_at <= ?", (now,))
    return days.rowcount + instants.rowcount


def held_count(conn: sqlite3.Connection) -> int:
    """Accounts a hold keeps back now (for the tests and the benchmark)."""
    return int(
        conn.execute(
            "SELECT count(*) FROM accounts WHERE held_day IS NOT NULL OR held_at IS NOT NULL"
        ).fetchone()[0]
    )


def follow_ups_due(
    conn: sqlite3.Connection, collector_ids: list[int] | None, today: str, limit: int
) -> list[tuple]:
    """Accounts whose follow-up date has come and no contact has answered it yet, oldest
    first: (number, name, collector, follow-up date, outcome and note of the contact that
    set it). `collector_ids` None: everyone's."""
    owner = (
        f"a.collector_id IN ({','.join(str(i) for i in collector_ids)}) AND"
        if collector_ids is not None
        else ""
    )
    setter = (
        "(SELECT t.{0} FROM activities t WHERE t.account_id = a.id"
        " AND t.follow_up_date = a.next_follow_up ORDER BY t.id DESC LIMIT 1)"
    )
    return conn.execute(
        f"SELECT a.account_number, a.name, coalesce(o.login, ''), a.next_follow_up,"
        f" coalesce({setter.format('outcome')}, ''), coalesce({setter.format('note')}, '')"
        " FROM accounts a LEFT JOIN operators o ON o.id = a.collector_id"
        f" WHERE {owner} a.next_follow_up IS NOT NULL AND a.next_follow_up <= ?"
        " ORDER BY a.next_follow_up, a.id LIMIT ?",
        (today, limit),
    ).fetchall()
