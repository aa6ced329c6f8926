"""The store rules: WAL and FULL sync, foreign keys, append-only tables, no float money."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from ar_tui.domain.errors import ArError, NotFound
from ar_tui.store.connection import Store
from ar_tui.store.schema import LATEST_VERSION


def test_every_connection_runs_wal_full_and_foreign_keys(fresh_db: Path) -> None:
    store = Store.open(fresh_db)
    conn = store.connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    store.close()


def test_schema_version_is_recorded(fresh_db: Path) -> None:
    store = Store.open(fresh_db)
    assert store.schema_version() == LATEST_VERSION
    assert store.migrate() == []  # nothing left to run
    store.close()


def test_a_newer_schema_is_refused(fresh_db: Path) -> None:
    conn = sqlite3.connect(fresh_db)
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.close()
    with pytest.raises(ArError, match="NEWER THAN THIS PROGRAM"):
        Store.open(fresh_db)


def test_create_refuses_an_existing_file_and_open_a_missing_one(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_text("precious")
    with pytest.raises(ArError, match="ALREADY EXISTS"):
        Store.create(path)
    assert path.read_text() == "precious"
    with pytest.raises(NotFound):
        Store.open(tmp_path / "missing.db")


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"not sqlite at all" * 100)
    with pytest.raises(ArError, match="NOT AN AR-TUI DATABASE"):
        Store.open(path)


@pytest.mark.parametrize("table", ["ledger", "audit_log", "dispute_events"])
def test_append_only_tables_refuse_update_and_delete(demo_db: Path, table: str) -> None:
    store = Store.open(demo_db)
    conn = store.connection()
    count = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert count > 0, f"the demo has rows in {table}"
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"UPDATE {table} SET id = id")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"DELETE FROM {table}")
    assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count
    store.close()


def test_allocations_are_read_from_the_ledger_and_cannot_be_edited(demo_db: Path) -> None:
    store = Store.open(demo_db)
    conn = store.connection()
    paid = conn.execute(
        "SELECT sum(-amount_cents) FROM ledger WHERE payment_id IS NOT NULL AND item_id IS NOT NULL"
    ).fetchone()[0]
    assert paid > 0
    assert conn.execute("SELECT sum(amount_cents) FROM allocations").fetchone()[0] == paid
    with pytest.raises(sqlite3.OperationalError, match="view"):
        conn.execute("DELETE FROM allocations")
    store.close()


def test_money_columns_are_integers_in_strict_tables(demo_db: Path) -> None:
    db = sqlite_utils.Database(demo_db)
    money = 0
    for table in (t for t in db.tables if not t.name.startswith("sqlite_")):
        assert table.schema.rstrip().endswith("STRICT"), table.name
        for column in table.columns:
            assert column.type != "REAL", f"{table.name}.{column.name} is REAL"
            if column.name.endswith("_cents"):
                money += 1
                assert column.type == "INTEGER", f"{table.name}.{column.name} is {column.type}"
                stored = {
                    r[0]
                    for r in db.execute(f"SELECT DISTINCT typeof({column.name}) FROM {table.name}")
                }
                assert stored <= {"integer", "null"}, f"{table.name}.{column.name} holds {stored}"
    assert money > 20
    db.close()


def test_a_float_cannot_be_stored_as_money(fresh_db: Path) -> None:
    store = Store.open(fresh_db)
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute("INSERT INTO agencies(code, name) VALUES ('A1', 'A')")
        conn.execute(
            "INSERT INTO accounts(account_number, name, name_key, customer_type, bill_type,"
            " line_of_business, state, time_zone, created_at, updated_at)"
            " VALUES ('1', 'X', 'X', 'consumer', 'direct', 'Personal Lines', 'IL',"
            " 'America/Chicago', 'now', 'now')"
        )
        conn.execute(
            "INSERT INTO items(account_id, document_number, item_type, due_date, amount_cents,"
            " open_cents, created_at, updated_at) VALUES (1, 'D', 'premium', '2026-01-01',"
            " 10.5, 10.5, 'now', 'now')"
        )
    # the failed transaction left nothing behind
    assert store.connection().execute("SELECT count(*) FROM agencies").fetchone()[0] == 0
    store.close()


def test_foreign_keys_are_enforced(fresh_db: Path) -> None:
    store = Store.open(fresh_db)
    with pytest.raises(sqlite3.IntegrityError), store.write() as conn:
        conn.execute(
            "INSERT INTO ledger(account_id, entry_type, amount_cents, business_date, created_at)"
            " VALUES (999, 'charge', 100, '2026-11-25', 'now')"
        )
    store.close()


def _indexes(path: Path) -> set[str]:
    store = Store.open(path)
    rows = store.connection().execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    )
    names = {name for (name,) in rows}
    store.close()
    return names


def test_a_bulk_built_database_has_the_indexes_of_a_migrated_one(
    fresh_db: Path, demo_db: Path
) -> None:
    # The demo is loaded with its indexes dropped and rebuilt; an index a migration
    # dropped (ledger_item) must not come back, and none may be missing.
    built = _indexes(demo_db)
    assert built == _indexes(fresh_db)
    assert "ledger_item" not in built and "ledger_account" in built


def test_a_store_keeps_to_the_file_it_opened(tmp_path: Path) -> None:
    """A thread connecting later reaches the same file, or nothing: a link flipped to
    another database, or the file replaced, is refused."""
    import shutil
    import threading

    from ar_tui.services import databases

    first, second = tmp_path / "first.db", tmp_path / "second.db"
    for path in (first, second):
        databases.init_database(path, "tester", date(2026, 11, 25))
    link = tmp_path / "link.db"
    link.symlink_to(first)
    store = Store.open(link)
    link.unlink()
    link.symlink_to(second)  # flipped after the open
    seen: list[object] = []
    worker = threading.Thread(target=lambda: seen.append(store.connection().execute(
        "PRAGMA database_list").fetchone()[2]))  # fmt: skip
    worker.start()
    worker.join()
    assert seen == [str(first)]
    shutil.copyfile(second, tmp_path / "copy.db")
    (tmp_path / "copy.db").replace(first)  # the file itself replaced
    errors: list[str] = []

    def connect() -> None:
        try:
            store.connection()
        except ArError as error:
            errors.append(error.code)

    worker = threading.Thread(target=connect)
    worker.start()
    worker.join()
    assert errors == ["AR0905E"]
    store.close()


def test_migration_7_keeps_every_operator_and_turns_limits_daily(tmp_path: Path) -> None:
    """A database of schema 6 (one approval limit per operator) opened by this program."""
    from ar_tui.store.schema import MIGRATIONS

    path = tmp_path / "v6.db"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    for version in range(1, 7):
        conn.execute("BEGIN")
        MIGRATIONS[version][1](conn)
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    conn.executemany(
        "INSERT INTO operators(id, login, name, role, approval_limit_cents, created_at)"
        " VALUES (?, ?, ?, ?, ?, '2026-01-01')",
        [(1, "boss", "BOSS", "admin", 10_000_000_00), (2, "jane", "JANE", "collector", 1_000_00),
         (3, "kara", "KARA", "supervisor", 2_500_000)],
    )  # fmt: skip
    conn.execute(
        "INSERT INTO audit_log(at, business_date, operator_login, source, action)"
        " VALUES ('t', '2026-01-01', 'boss', 'x', 'y')"
    )
    conn.execute(
        "INSERT INTO file_imports(kind, file_name, sha256, rows, summary, operator_id,"
        " imported_at) VALUES ('r', 'f', 's', 0, '{}', 2, 't')"
    )
    conn.close()
    store = Store.open(path)
    migrated = store.connection()
    assert store.schema_version() == LATEST_VERSION
    limits = migrated.execute(
        "SELECT o.login, l.kind, l.daily_cents FROM operator_limits l"
        " JOIN operators o ON o.id = l.operator_id ORDER BY o.id, l.kind"
    ).fetchall()
    assert limits == [
        ("boss", "credit", 100_000_00), ("boss", "reversal", 100_000_00),
        ("boss", "settlement_discount", 100_000_00), ("boss", "writeoff", 100_000_00),
        ("jane", "credit", 1_000_00), ("jane", "reversal", 0),
        ("jane", "settlement_discount", 1_000_00), ("jane", "writeoff", 1_000_00),
        ("kara", "credit", 25_000_00), ("kara", "reversal", 25_000_00),
        ("kara", "settlement_discount", 25_000_00), ("kara", "writeoff", 25_000_00),
    ]  # fmt: skip
    assert migrated.execute("PRAGMA foreign_key_check").fetchall() == []
    assert migrated.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with pytest.raises(sqlite3.IntegrityError):  # references still hold after the rebuild
        migrated.execute(
            "INSERT INTO file_imports(kind, file_name, sha256, rows, summary, operator_id,"
            " imported_at) VALUES ('r', 'f', 's', 0, '{}', 99, 't')"
        )
    migrated.execute(
        "INSERT INTO operators(login, name, role, created_at) VALUES ('lisa', 'L', 'billing', 't')"
    )
    with pytest.raises(sqlite3.IntegrityError):
        migrated.execute(
            "INSERT INTO operators(login, name, role, created_at) VALUES ('x', 'X', 'root', 't')"
        )
    store.close()
