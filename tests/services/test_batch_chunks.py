"""Bank files post in chunks: collectors' saves go between them, a crash leaves a batch to
finish, and the batch still posts exactly once and all of it."""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from ar_tui.domain.errors import ArError, Busy, NotFound
from ar_tui.services import batches, nightly
from ar_tui.services.integrity import check_database
from ar_tui.services.session import Session
from ar_tui.store import batches as batch_store
from ar_tui.store import payments as payment_store
from ar_tui.store import turns
from ar_tui.store.connection import BUSY_TIMEOUT_MS, Store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank"
CHUNK = 7


class Crash(Exception):
    """Stands for the process dying where it is raised."""


def payments_csv(path: Path, rows: int, accounts: int = 40, start: int = 1_000_100) -> Path:
    """`rows` checks spread over `accounts` demo accounts, the same account every
    `accounts` rows, so an account's payments fall in several chunks."""
    lines = ["received_date,amount,method,reference,account_number"]
    for n in range(rows):
        cents = 2_500 + (n * 7_919) % 40_000
        lines.append(
            f"2026-11-24,{cents // 100}.{cents % 100:02d},check,K{n},{start + n % accounts}"
        )
    path.write_text("\n".join(lines) + "\n")
    return path


def one(session: Session, sql: str, *args: object) -> object:
    return session.store.connection().execute(sql, args).fetchone()[0]


def batch_of(session: Session, name: str) -> batch_store.Progress:
    batch_id = one(session, "SELECT max(id) FROM batches WHERE file_name = ?", name)
    assert isinstance(batch_id, int)
    with session.store.read() as conn:
        found = batch_store.progress(conn, batch_id)
    assert found is not None
    return found


@pytest.fixture
def fixed_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of CHUNK items, whatever the last one took."""
    monkeypatch.setattr(batches, "FIRST_CHUNK_ITEMS", CHUNK)
    monkeypatch.setattr(batches, "_next_size", lambda size, held: size)


def crash_at_boundary(
    monkeypatch: pytest.MonkeyPatch, session: Session, boundary: int
) -> Callable[[], None]:
    """Die between two chunks, after chunk number `boundary` committed."""
    seen = {"boundaries": 0}
    real = session.store.make_way

    def make_way() -> bool:
        seen["boundaries"] += 1
        if seen["boundaries"] == boundary:
            raise Crash
        return real()

    monkeypatch.setattr(session.store, "make_way", make_way)
    return lambda: monkeypatch.setattr(session.store, "make_way", real)


def cut_short(monkeypatch: pytest.MonkeyPatch, session: Session, path: Path, boundary: int) -> None:
    """Import `path` and die after chunk number `boundary` committed."""
    restore = crash_at_boundary(monkeypatch, session, boundary)
    with pytest.raises(Crash):
        batches.import_payments(session, path)
    restore()


def test_chunk_sizes_follow_the_last_chunk_and_stay_within_their_limits() -> None:
    assert batches.CHUNK_SECONDS == 0.05
    assert batches._next_size(200, 0.05) == 200
    assert batches._next_size(200, 0.1) == 100
    assert batches._next_size(200, 0.2) == 50
    # no more than double at a time, however fast the last one was
    assert batches._next_size(200, 0.001) == 400
    # at least 20 items: a chunk that slow is still worth its commit
    assert batches.MIN_CHUNK_ITEMS == 20
    assert batches._next_size(21, 0.05) == 21
    assert batches._next_size(20, 0.05) == 20
    assert batches._next_size(40, 0.1) == 20
    assert batches._next_size(40, 0.11) == 20  # wants 18
    assert batches._next_size(100, 5.0) == 20
    # at most 5,000 items
    assert batches.MAX_CHUNK_ITEMS == 5000
    assert batches._next_size(4999, 0.05) == 4999
    assert batches._next_size(5000, 0.05) == 5000
    assert batches._next_size(5001, 0.05) == 5000
    assert batches._next_size(4000, 0.001) == 5000


def test_an_interactive_save_waits_longer_than_any_chunk_and_the_way_it_is_made() -> None:
    chunk_ms = batches.CHUNK_SECONDS * 1000
    assert BUSY_TIMEOUT_MS == 10_000
    # a chunk twice its target, and the wait for saves before the next: far inside the timeout
    assert 10 * (2 * chunk_ms + turns.MAKE_WAY_SECONDS * 1000) < BUSY_TIMEOUT_MS


def test_each_chunk_is_a_commit_and_db_check_passes_at_every_boundary(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_chunks: None
) -> None:
    path = payments_csv(tmp_path / "chunks.csv", 52)
    seen: list[tuple[str, int, int, list]] = []
    real = demo_session.store.make_way

    def make_way() -> bool:
        at = batch_of(demo_session, "chunks.csv")
        posted = one(demo_session, "SELECT count(*) FROM payments WHERE batch_id = ?", at.id)
        seen.append((at.status, at.posted_through, posted, check_database(demo_session)))
        return real()

    monkeypatch.setattr(demo_session.store, "make_way", make_way)
    report = batches.import_payments(demo_session, path)
    # 52 items in chunks of 7: seven full chunks, then three items
    assert [through for _, through, _, _ in seen] == [7, 14, 21, 28, 35, 42, 49]
    for status, through, posted, problems in seen:
        assert (status, posted, problems) == ("posting", through, [])
    done = batch_of(demo_session, "chunks.csv")
    assert (done.status, done.posted_through) == ("posted", 52)
    assert done.posted_cents + done.unapplied_cents == report.control_total_cents
    assert (done.posted_cents, done.unapplied_cents) == (
        report.posted_cents,
        report.unapplied_cents,
    )
    assert done.summary["matched"] == report.matched == 52
    assert one(demo_session, "SELECT count(*) FROM batch_files WHERE batch_id = ?", done.id) == 0
    assert check_database(demo_session) == []


def test_a_crash_inside_a_chunk_rolls_back_that_chunk_only(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_chunks: None
) -> None:
    path = payments_csv(tmp_path / "inside.csv", 30)
    calls = {"n": 0}
    real = payment_store.write_ledger

    def write_ledger(*args: object, **kwargs: object) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise Crash
        real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(payment_store, "write_ledger", write_ledger)
    with pytest.raises(Crash):
        batches.import_payments(demo_session, path)
    at = batch_of(demo_session, "inside.csv")
    assert (at.status, at.posted_through) == ("posting", 14)
    assert one(demo_session, "SELECT count(*) FROM payments WHERE batch_id = ?", at.id) == 14
    assert check_database(demo_session) == []


def test_a_crash_between_chunks_leaves_a_batch_posting_that_resume_finishes(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_chunks: None
) -> None:
    path = payments_csv(tmp_path / "cut.csv", 40)
    cut_short(monkeypatch, demo_session, path, 3)
    at = batch_of(demo_session, "cut.csv")
    assert (at.status, at.posted_through) == ("posting", 21)
    assert one(demo_session, "SELECT count(*) FROM payments WHERE batch_id = ?", at.id) == 21
    assert check_database(demo_session) == []
    listed = {line.id: line for line in batches.recent(demo_session)}
    assert listed[at.id].status == "posting"
    path.unlink()  # the batch keeps its own copy of the file
    report = batches.resume(demo_session, at.id)
    assert report.batch_id == at.id and report.resumed_from == 21
    assert "RESUMED AT ITEM 22" in report.line()
    done = batch_of(demo_session, "cut.csv")
    assert (done.status, done.posted_through) == ("posted", 40)
    assert one(demo_session, "SELECT count(*) FROM payments WHERE batch_id = ?", at.id) == 40
    assert report.posted_cents + report.unapplied_cents == report.control_total_cents
    assert (report.matched, report.posted_cents) == (40, done.posted_cents)
    assert one(demo_session, "SELECT count(*) FROM batch_files WHERE batch_id = ?", at.id) == 0
    actions = [
        row[0]
        for row in demo_session.store.connection().execute(
            "SELECT action FROM audit_log WHERE subject = 'cut.csv' ORDER BY id"
        )
    ]
    assert actions == ["batch.resume", "batch.post"]
    assert check_database(demo_session) == []
    with pytest.raises(ArError, match=r"AR0619E BATCH \d+ IS POSTED, NOT POSTING"):
        batches.resume(demo_session, at.id)
    with pytest.raises(NotFound, match="AR0618E"):
        batches.resume(demo_session, 99_999)


def test_a_batch_kept_in_several_parts_is_finished_on_its_business_date(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_chunks: None
) -> None:
    monkeypatch.setattr(batches, "FILE_PART_BYTES", 100)
    path = payments_csv(tmp_path / "parts.csv", 30)
    parts = -(-path.stat().st_size // 100)
    assert parts > 5
    # the import makes way between two parts of the file too, then after each chunk
    cut_short(monkeypatch, demo_session, path, parts - 1 + 2)
    at = batch_of(demo_session, "parts.csv")
    kept = "SELECT count(*) FROM batch_files WHERE batch_id = ?"
    assert one(demo_session, kept, at.id) == parts
    with demo_session.write() as conn:  # the nightly cycle moved the day on meanwhile
        conn.execute("UPDATE settings SET value = '2026-11-27' WHERE name = 'business_date'")
    path.unlink()
    report = batches.resume(demo_session, at.id)
    assert (report.resumed_from, report.matched, report.rejected) == (14, 30, 0)
    days = (
        demo_session.store.connection()
        .execute("SELECT DISTINCT business_date FROM payments WHERE batch_id = ?", (at.id,))
        .fetchall()
    )
    assert days == [("2026-11-25",)]  # the batch's day, not the day it was finished
    assert check_database(demo_session) == []


def test_a_finished_batch_posts_what_the_file_would_have_posted_whole(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_chunks: None
) -> None:
    from ar_tui.services.session import open_session
    from tests.conftest import TEST_LOGIN, fixed_clock

    copy = tmp_path / "copy.db"
    copy.write_bytes(demo_db.read_bytes())
    path = payments_csv(tmp_path / "same.csv", 40, accounts=3)
    whole = open_session(copy, TEST_LOGIN, clock=fixed_clock)
    cut = open_session(demo_db, TEST_LOGIN, clock=fixed_clock)
    try:
        expected = batches.import_payments(whole, path)
        cut_short(monkeypatch, cut, path, 2)
        finished = batches.resume(cut, batch_of(cut, "same.csv").id)
        assert (finished.posted_cents, finished.unapplied_cents, finished.matched) == (
            expected.posted_cents, expected.unapplied_cents, expected.matched,
        )  # fmt: skip
        ledger = "SELECT account_id, item_id, entry_type, amount_cents FROM ledger WHERE payment_id IN (SELECT id FROM payments WHERE batch_id = ?) ORDER BY 1, 2, 3, 4"
        assert (
            cut.store.connection().execute(ledger, (finished.batch_id,)).fetchall()
            == whole.store.connection().execute(ledger, (expected.batch_id,)).fetchall()
        )
    finally:
        whole.store.close()
        cut.store.close()


def test_the_next_import_finishes_a_batch_cut_short_first(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_chunks: None
) -> None:
    cut_short(monkeypatch, demo_session, payments_csv(tmp_path / "first.csv", 20), 1)
    tables = ("payments", "ledger", "batches", "audit_log")
    before = {t: one(demo_session, f"SELECT count(*) FROM {t}") for t in tables}
    checked = batches.import_payments(demo_session, FIXTURES / "remittance.csv", dry_run=True)
    assert checked.resumed == [] and batch_of(demo_session, "first.csv").status == "posting"
    assert {t: one(demo_session, f"SELECT count(*) FROM {t}") for t in tables} == before
    report = batches.import_payments(demo_session, FIXTURES / "remittance.csv")
    [finished] = report.resumed
    assert finished.file_name == "first.csv" and finished.resumed_from == CHUNK
    assert batch_of(demo_session, "first.csv").status == "posted"
    assert batch_of(demo_session, "remittance.csv").status == "posted"
    assert check_database(demo_session) == []


def test_importing_the_file_of_a_batch_still_posting_finishes_it_and_posts_it_once(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_chunks: None
) -> None:
    path = payments_csv(tmp_path / "again.csv", 20)
    cut_short(monkeypatch, demo_session, path, 2)
    with pytest.raises(ArError, match=r"AR0610E again\.csv WAS ALREADY POSTED AS BATCH"):
        batches.import_payments(demo_session, path)
    assert one(demo_session, "SELECT count(*) FROM payments WHERE reference GLOB 'K*'") == 20
    assert batch_of(demo_session, "again.csv").status == "posted"


def test_the_nightly_cycle_finishes_a_batch_cut_short_before_it_closes_the_day(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixed_chunks: None
) -> None:
    cut_short(monkeypatch, demo_session, payments_csv(tmp_path / "late.csv", 10), 1)
    report = nightly.run_nightly(demo_session)
    assert report.lines()[0].startswith("BATCH ") and "RESUMED AT ITEM 8" in report.lines()[0]
    assert batch_of(demo_session, "late.csv").status == "posted"
    assert check_database(demo_session) == []


def test_a_crash_while_the_file_is_kept_posts_nothing_and_the_file_can_be_posted(
    demo_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = payments_csv(tmp_path / "kept.csv", 12)
    monkeypatch.setattr(batches, "FILE_PART_BYTES", 64)
    real = batch_store.add_file_part

    def add_file_part(conn: object, batch_id: int, part: int, content: bytes) -> None:
        if part == 2:
            raise Crash
        real(conn, batch_id, part, content)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_store, "add_file_part", add_file_part)
    payments_before = one(demo_session, "SELECT count(*) FROM payments")
    with pytest.raises(Crash):
        batches.import_payments(demo_session, path)
    monkeypatch.setattr(batch_store, "add_file_part", real)
    cut = batch_of(demo_session, "kept.csv")
    assert (cut.status, cut.posted_through) == ("posting", 0)
    assert one(demo_session, "SELECT count(*) FROM payments") == payments_before
    report = batches.import_payments(demo_session, path)
    [failed] = report.resumed
    assert failed.status == "failed" and "MARKED FAILED, NOTHING POSTED" in failed.line()
    assert batch_of(demo_session, "kept.csv").id == report.batch_id != cut.id
    with demo_session.store.read() as conn:
        again = batch_store.progress(conn, cut.id)
    assert again is not None and again.status == "failed"
    assert one(demo_session, "SELECT count(*) FROM batch_files") == 0
    assert one(demo_session, "SELECT count(*) FROM payments WHERE reference GLOB 'K*'") == 12


def test_a_dry_run_in_chunks_shows_what_posting_will_do_and_leaves_nothing(
    demo_session: Session, tmp_path: Path, fixed_chunks: None
) -> None:
    # 30 payments to 3 accounts: each pays off an account's items and then becomes credit
    path = payments_csv(tmp_path / "dry.csv", 30, accounts=3)
    tables = ("payments", "ledger", "batches", "batch_exceptions", "audit_log")
    before = {t: one(demo_session, f"SELECT count(*) FROM {t}") for t in tables}
    shown = batches.import_payments(demo_session, path, dry_run=True)
    assert {t: one(demo_session, f"SELECT count(*) FROM {t}") for t in tables} == before
    assert shown.batch_id is None and shown.unapplied_cents > 0 and shown.posted_cents > 0
    posted = batches.import_payments(demo_session, path, expect_sha256=shown.sha256)
    assert (shown.posted_cents, shown.unapplied_cents, shown.matched) == (
        posted.posted_cents, posted.unapplied_cents, posted.matched,
    )  # fmt: skip


def test_only_one_bank_file_posts_at_a_time(demo_session: Session, demo_db: Path) -> None:
    other = Store.open(demo_db)  # another process's hold of the import lock
    tables = ("payments", "batches", "audit_log")
    before = {t: one(demo_session, f"SELECT count(*) FROM {t}") for t in tables}
    try:
        with other.only_import():
            with pytest.raises(Busy, match="AR0616E ANOTHER BANK FILE IS POSTING") as refused:
                batches.import_payments(demo_session, FIXTURES / "remittance.csv")
            assert refused.value.exit_code == 5
            with pytest.raises(Busy, match="AR0616E"):
                nightly.run_nightly(demo_session)
    finally:
        other.close()
    assert {t: one(demo_session, f"SELECT count(*) FROM {t}") for t in tables} == before
    assert batches.import_payments(demo_session, FIXTURES / "remittance.csv").batch_id


def test_an_import_makes_way_for_the_saves_waiting_between_two_chunks(demo_db: Path) -> None:
    waiting = threading.Event()
    release = threading.Event()

    def save() -> None:
        with turns.in_turn(Path(str(demo_db)), 10):
            waiting.set()
            release.wait()

    collector = threading.Thread(target=save)
    collector.start()
    try:
        assert waiting.wait(timeout=30)
        # A save is waiting or running: the import does not begin its next chunk yet.
        assert turns.make_way(demo_db, wait_seconds=0) is False
    finally:
        release.set()
        collector.join()
    assert turns.make_way(demo_db, wait_seconds=0) is True


def test_saves_queue_for_the_writer_s_lock_while_they_run(demo_db: Path) -> None:
    def taken(path: Path, mode: int) -> bool:
        fd = os.open(path, os.O_RDWR)
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return False
        except BlockingIOError:
            return True
        finally:
            os.close(fd)

    with turns.in_turn(demo_db, 10):
        # the next writer waits in the kernel's queue; one waiting to go between chunks too
        assert taken(turns.writer_lock_of(demo_db), fcntl.LOCK_EX)
        assert taken(turns.turnstile_of(demo_db), fcntl.LOCK_EX)
        assert not taken(turns.turnstile_of(demo_db), fcntl.LOCK_SH)  # saves queue behind it
    assert not taken(turns.writer_lock_of(demo_db), fcntl.LOCK_EX)
    assert not taken(turns.turnstile_of(demo_db), fcntl.LOCK_EX)


def test_a_writer_that_waits_past_the_busy_timeout_is_refused_as_busy(demo_db: Path) -> None:
    holder = os.open(turns.writer_lock_of(demo_db), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)  # another process's save, stuck in its transaction
        with (
            pytest.raises(Busy, match="AR0901E THE DATABASE IS BUSY") as refused,
            turns.in_turn(demo_db, 0.02),
        ):
            pytest.fail("got in while another writer held the lock")
        assert refused.value.exit_code == 5
    finally:
        os.close(holder)
    with turns.in_turn(demo_db, 0.02):
        pass  # free again
