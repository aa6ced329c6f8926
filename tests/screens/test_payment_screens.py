"""PAYP, BTCH and RECN driven with the keyboard."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from ar_tui.app import ArApp
from ar_tui.screens.batches import BatchScreen
from ar_tui.screens.payment_posting import PaymentPosting
from ar_tui.screens.reconciliation import Reconciliation
from ar_tui.services import accounts
from ar_tui.services.integrity import check_database
from ar_tui.widgets.pagetable import PageTable
from tests.screens.helpers import message, screen_of, settle, type_command, type_text

SIZE = (80, 24)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "bank"


async def test_payp_previews_then_posts(app: ArApp) -> None:
    session = app.session
    before = Decimal(accounts.as_json(session, "1000477")["balance"])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP")
        assert isinstance(app.screen, PaymentPosting)
        await type_text(pilot, "1000477")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "175")
        await pilot.press("tab")
        await type_text(pilot, "check")
        await pilot.press("tab")
        await type_text(pilot, "20331")
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0440I RECEIVED 11/25/2026: ENTER POSTS AS SHOWN")
        assert app.screen.preview == {
            row.id: cents
            for row, cents in zip(
                app.screen.query_one(PageTable).row_values[:2], (11600, 5900), strict=True
            )
        }
        assert Decimal(accounts.as_json(session, "1000477")["balance"]) == before  # not yet
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0441I RECEIPT R")
        assert "$175.00 APPLIED" in message(app)
    assert Decimal(accounts.as_json(session, "1000477")["balance"]) == before - Decimal("175")
    assert check_database(session) == []


async def test_payp_marked_items_and_bad_amount(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "PAYP")
        await type_text(pilot, "1000477")
        await pilot.press("enter")
        await settle(pilot)
        await type_text(pilot, "12.345")
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0403E")
        assert app.screen.focused is not None and app.screen.focused.id == "amount"
        app.screen.query_one("#amount").value = "116"  # type: ignore[attr-defined]
        table = screen_of(app).query_one(PageTable)
        table.focus()
        await pilot.press(*["down"] * (len(table.row_values) - 1), "space")  # mark the newest
        marked = table.row_values[-1]
        app.screen.query_one("#method").value = "ach"  # type: ignore[attr-defined]
        app.screen.query_one("#reference").value = "T55"  # type: ignore[attr-defined]
        app.screen.query_one("#amount").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.preview == {marked.id: 11600}
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0441I")
    items = {i["document_number"] for i in accounts.as_json(app.session, "1000477")["items"]}
    assert marked.document_number not in items


async def test_btch_checks_then_posts_a_file(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "BTCH")
        assert isinstance(app.screen, BatchScreen)
        await type_text(pilot, str(FIXTURES / "lockbox-invoices.bai2"))
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0612I")
        summary = str(app.screen.query_one("#btch-summary").render())
        assert "MATCHED 3" in summary and "UNMATCHED 1" in summary
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0613I BATCH")
        await type_text(pilot, str(FIXTURES / "lockbox-invoices.bai2"))
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0610E") and "ALREADY POSTED" in message(app)
    assert check_database(app.session) == []


async def test_recn_picks_a_receipt_and_applies_it(app: ArApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "RECN")
        assert isinstance(app.screen, Reconciliation)
        queue = app.screen.query_one("#recn-queue", PageTable)
        first = queue.row_values[0]
        queue.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.value_of("receipt") == first.receipt
        await type_text(pilot, "A")
        app.screen.query_one("#account").value = "1000477"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0465I") and "APPLIED TO 1000477" in message(app)
        assert first.receipt not in [line.receipt for line in queue.row_values]
        app.screen.query_one("#action").value = "R"  # type: ignore[attr-defined]
        app.screen.query_one("#receipt").value = first.receipt  # type: ignore[attr-defined]
        app.screen.query_one("#action").focus()
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0462E")  # a reversal needs a reason
        app.screen.query_one("#action").value = "D"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert "DEPOSITS OF" in str(app.screen.query_one("#recn-heading").render())
    assert check_database(app.session) == []


async def test_pf9_opens_the_contact_log_and_a_refused_contact_says_why(app: ArApp) -> None:
    from ar_tui.screens.contact_log import ContactLog

    ceased = (
        app.session.store.connection()
        .execute(
            "SELECT account_number FROM accounts WHERE cease_communication = 1 ORDER BY 1 LIMIT 1"
        )
        .fetchone()[0]
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, f"ACIQ {ceased}")
        await pilot.press("f9")
        await settle(pilot)
        assert isinstance(app.screen, ContactLog) and app.screen.account_number == ceased
        assert "NEXT NOT ALLOWED" in str(app.screen.query_one("#note-account").render())
        before = app.screen.query_one(PageTable).row_count
        await type_text(pilot, "letter")
        await pilot.press("tab")
        await type_text(pilot, "left_message")
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0701E")
        assert app.screen.focused is not None and app.screen.focused.id == "channel"
        app.screen.query_one("#party").value = "attorney"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0720I CONTACT LOGGED")
        assert app.screen.query_one(PageTable).row_count == before + 1


async def test_btch_posts_only_the_file_it_showed(app: ArApp, tmp_path: Path) -> None:
    """A file changed between the check and the second Enter is refused, not posted unseen."""
    path = tmp_path / "lockbox.bai2"
    path.write_bytes((FIXTURES / "lockbox-invoices.bai2").read_bytes())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await type_command(pilot, "BTCH")
        await type_text(pilot, str(path))
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0612I")
        path.write_bytes((FIXTURES / "bai2-wire-remittance.bai2").read_bytes())
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0614E lockbox.bai2 CHANGED SINCE IT WAS CHECKED")
        conn = app.session.store.connection()
        assert conn.execute("SELECT count(*) FROM batches WHERE file_name = 'lockbox.bai2'"
                            ).fetchone() == (0,)  # fmt: skip
        await pilot.press("enter")
        await settle(pilot)
        assert message(app).startswith("AR0612I")  # checked again: what it is now
