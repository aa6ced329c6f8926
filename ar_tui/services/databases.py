"""Creating databases: empty, the demo portfolio, or a large seeded one for benchmarks."""

from __future__ import annotations

import os
import pwd
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ar_tui.domain.errors import ArError
from ar_tui.seed.demo import DEMO_OPERATORS, DemoLife
from ar_tui.seed.portfolio import Counts, generate
from ar_tui.services import banking_calendar
from ar_tui.services.operators import limits_for, uid_of
from ar_tui.services.queue import recompute_in
from ar_tui.store import audit, operators, settings, turns
from ar_tui.store.connection import Store
from ar_tui.store.schema import create_indexes, drop_indexes

DEMO_ACCOUNTS = 2_000
DEMO_SEED = 20261125
DEMO_BUSINESS_DATE = date(2026, 11, 25)
BUILD_STAMP = "T06:00:00+00:00"


def _full_name(login: str) -> str:
    try:
        gecos = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except KeyError:
        gecos = ""
    return (gecos or login).upper()


def _refuse_existing(path: Path) -> None:
    if path.exists():
        raise ArError("AR0010E", f"DATABASE {path} ALREADY EXISTS: NOT OVERWRITTEN")
    for suffix in ("-wal", "-shm"):
        # A write-ahead log left by a deleted database would be replayed into the new
        # file and corrupt it.
        leftover = Path(f"{path}{suffix}")
        if leftover.exists():
            raise ArError("AR0017E", f"{leftover} IS LEFT FROM ANOTHER DATABASE: REMOVE IT FIRST")


def _first_admin(store: Store, login: str, business_date: date, source: str) -> int:
    """The person who creates a database is its first administrator."""
    stamp = business_date.isoformat() + BUILD_STAMP
    with store.write() as conn:
        settings.put(conn, "business_date", business_date.isoformat())
        banking_calendar.keep(conn, business_date)
        admin = operators.insert(
            conn,
            login=login,
            name=_full_name(login),
            role="admin",
            limits=limits_for("admin", None),
            now=stamp,
            uid=uid_of(login),
        )
        audit.record(
            conn,
            at=stamp,
            business_date=business_date.isoformat(),
            operator_login=login,
            source=source,
            action="db.init",
            detail={"path": str(store.path)},
        )
    return admin.id


def init_database(path: Path, login: str, business_date: date | None = None) -> None:
    """An empty database with its schema and its first administrator."""
    _refuse_existing(path)
    store = Store.create(path)
    try:
        _first_admin(store, login, business_date or date.today(), "db init")
    finally:
        store.close()


def build_portfolio(
    path: Path,
    login: str,
    *,
    accounts: int,
    seed: int,
    business_date: date,
    demo: bool,
    progress: Callable[[int], None] | None = None,
) -> Counts:
    """Build a portfolio into a new file, then move it into place.

    The rows are loaded into a scratch file without journal or fsync and with the
    indexes dropped, which is what makes a million accounts take a minute and not an
    hour; the file only becomes `path` (in WAL mode) once it is complete, so a
    build that dies leaves nothing half-made behind.
    """
    _refuse_existing(path)
    if accounts < 1:
        raise ArError("AR0015E", "THE NUMBER OF ACCOUNTS MUST BE AT LEAST 1")
    scratch = path.with_name(path.name + ".building")
    for leftover in (scratch, Path(f"{scratch}-wal"), Path(f"{scratch}-shm")):
        leftover.unlink(missing_ok=True)
    store = Store.create(scratch)
    try:
        admin_id = _first_admin(
            store, login, business_date, "db init --demo" if demo else "db seed"
        )
        store.bulk_load_mode()
        with store.write() as conn:
            collector_ids = _demo_operators(conn, business_date)
            drop_indexes(conn)
            counts = generate(
                conn,
                accounts=accounts,
                seed=seed,
                business_date=business_date,
                collector_ids=collector_ids,
                progress=progress,
            )
            create_indexes(conn)
            if demo:
                DemoLife(conn, seed, business_date, admin_id).run()
            recompute_in(conn, business_date)
            audit.record(
                conn,
                at=business_date.isoformat() + BUILD_STAMP,
                business_date=business_date.isoformat(),
                operator_login=login,
                source="db init --demo" if demo else "db seed",
                action="db.portfolio",
                detail={"seed": seed, **counts.as_dict()},
            )
        store.finish_bulk_load()
    finally:
        store.close()
        for lock in (
            turns.turnstile_of(scratch), turns.import_lock_of(scratch),
            turns.writer_lock_of(scratch),
        ):  # fmt: skip
            lock.unlink(missing_ok=True)
    os.replace(scratch, path)
    return counts


def _demo_operators(conn: sqlite3.Connection, business_date: date) -> list[int]:
    """The demo's collectors, supervisor and trainer; the ids of the collectors."""
    stamp = business_date.isoformat() + BUILD_STAMP
    ids = []
    for login, name, role, limit, team in DEMO_OPERATORS:
        if operators.by_login(conn, login) is None:
            operator = operators.insert(
                conn,
                login=login,
                name=name,
                role=role,
                limits=limits_for(role, limit),
                now=stamp,
                team=team,
            )
            if role == "collector":
                ids.append(operator.id)
    return ids


def demo_database(path: Path, login: str) -> Counts:
    """The demo portfolio: about 2,000 accounts at business date 11/25/2026."""
    return build_portfolio(
        path,
        login,
        accounts=DEMO_ACCOUNTS,
        seed=DEMO_SEED,
        business_date=DEMO_BUSINESS_DATE,
        demo=True,
    )
