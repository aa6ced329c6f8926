"""`db check` passes after any sequence of extracts, postings, bank files and reversals.

A hypothesis state machine drives random sequences through the services on a copy of the
demo database: receivables extracts that bill, re-bill higher or lower, or repeat an older
extract; payments posted by hand and by bank file (some cut short by a crash between two
chunks and finished by the next file); reversals, applications of unapplied cash and
transfers. After every step the ledger must explain every open amount, credit and batch.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from ar_tui.domain.errors import ArError
from ar_tui.services import batches, payments, receivables
from ar_tui.services.integrity import check_database
from ar_tui.services.session import Session, open_session
from tests.conftest import TEST_LOGIN, fixed_clock

ACCOUNTS = ("6000001", "6000002", "6000003")
HEADER = (
    "account_number,account_name,customer_type,bill_type,line_of_business,state,"
    "document_number,item_type,bill_date,due_date,amount\n"
)
amounts = st.integers(min_value=1, max_value=90_000)


class Crash(Exception):
    """A bank file's process dying between two chunks."""


def extract(bills: dict[tuple[str, int], int]) -> str:
    lines = [
        f"{number},CUSTOMER {number},consumer,direct,Personal Lines,OH,D{number}-{n},premium,"
        f"2026-10-01,2026-10-{10 + n:02d},{cents // 100}.{cents % 100:02d}"
        for (number, n), cents in sorted(bills.items())
    ]
    return HEADER + "\n".join(lines) + "\n"


def money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


class Ledger(RuleBasedStateMachine):
    template: Path

    @initialize()
    def open(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="ledger-"))
        db = self.folder / "demo.db"
        shutil.copy(self.template, db)
        self.session: Session = open_session(db, TEST_LOGIN, clock=fixed_clock)
        self.files = 0
        self.extracts: list[str] = []
        self.bills: dict[tuple[str, int], int] = {}
        self.receipts: list[str] = []

    def teardown(self) -> None:
        if hasattr(self, "session"):
            self.session.store.close()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _write(self, text: str, suffix: str) -> Path:
        self.files += 1
        path = self.folder / f"f{self.files}{suffix}"
        path.write_text(text)
        return path

    @rule(
        number=st.sampled_from(ACCOUNTS),
        item=st.integers(min_value=1, max_value=3),
        cents=amounts,
    )
    def bill(self, number: str, item: int, cents: int) -> None:
        """An extract that bills a new item, or re-bills one higher or lower."""
        bills = {**self.bills, (number, item): cents}
        text = extract(bills)
        try:
            receivables.import_receivables(self.session, self._write(text, ".csv"))
        except ArError as refused:
            assert refused.code == "AR0509E", refused.text  # billed below what was paid
            return
        self.bills = bills
        self.extracts.append(text)

    @rule(data=st.data())
    def an_older_extract_again(self, data: st.DataObject) -> None:
        if self.extracts:
            text = data.draw(st.sampled_from(self.extracts))
            try:
                receivables.import_receivables(self.session, self._write(text, ".csv"))
            except ArError as refused:
                assert refused.code == "AR0509E", refused.text

    @rule(number=st.sampled_from((*ACCOUNTS, "1000477", "1000234")), cents=amounts)
    def post(self, number: str, cents: int) -> None:
        try:
            result = payments.post_payment(self.session, number, cents, "check", f"P{self.files}")
        except ArError:
            return  # not found yet (no extract billed it), or refused by a rule
        self.files += 1
        self.receipts.append(result.receipt)

    @rule(
        rows=st.lists(
            st.tuples(st.sampled_from((*ACCOUNTS, "1000477", "9999999")), amounts),
            min_size=1,
            max_size=30,
        ),
        crash_after=st.one_of(st.none(), st.integers(min_value=1, max_value=3)),
    )
    def bank_file(self, rows: list[tuple[str, int]], crash_after: int | None) -> None:
        """A remittance file; with `crash_after`, the process dies after that many chunks
        (the next bank file finishes it first)."""
        self.files += 1
        lines = ["received_date,amount,method,reference,account_number"]
        lines += [
            f"2026-11-24,{money(cents)},check,F{self.files}-{n},{number}"
            for n, (number, cents) in enumerate(rows)
        ]
        path = self._write("\n".join(lines) + "\n", ".csv")
        store = self.session.store
        real = store.make_way
        seen = {"chunks": 0}

        def make_way() -> bool:
            seen["chunks"] += 1
            if crash_after is not None and seen["chunks"] == crash_after:
                raise Crash
            return real()

        previous = batches.FIRST_CHUNK_ITEMS
        batches.FIRST_CHUNK_ITEMS = 4
        store.make_way = make_way  # type: ignore[method-assign]
        try:
            batches.import_payments(self.session, path)
        except Crash:
            pass
        finally:
            store.make_way = real  # type: ignore[method-assign]
            batches.FIRST_CHUNK_ITEMS = previous

    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        if self.receipts:
            receipt = data.draw(st.sampled_from(self.receipts))
            with contextlib.suppress(ArError):  # already reversed
                payments.reverse_payment(self.session, receipt, "nsf")

    @rule(data=st.data(), number=st.sampled_from(ACCOUNTS))
    def apply_or_transfer(self, data: st.DataObject, number: str) -> None:
        if self.receipts:
            receipt = data.draw(st.sampled_from(self.receipts))
            action = data.draw(
                st.sampled_from((payments.apply_unapplied, payments.transfer_payment))
            )
            # refused: nothing unapplied, reversed, or the account not billed yet
            with contextlib.suppress(ArError):
                action(self.session, receipt, number)

    @invariant()
    def the_ledger_explains_everything(self) -> None:
        if hasattr(self, "session"):
            assert check_database(self.session) == []


@pytest.mark.xdist_group("heavy")
def test_db_check_passes_after_any_sequence(demo_template: Path) -> None:
    Ledger.template = demo_template
    run_state_machine_as_test(
        Ledger,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=(HealthCheck.too_slow,),
        ),
    )
