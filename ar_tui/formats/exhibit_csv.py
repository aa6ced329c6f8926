"""The account history exhibit as CSV: one section column, so one file opens in Excel."""

from __future__ import annotations

from pathlib import Path

from ar_tui.domain.exhibit import Exhibit
from ar_tui.domain.money import cents_to_str
from ar_tui.formats.safe_csv import SafeWriter

COLUMNS = (
    "section", "date", "type", "document", "reference", "description", "amount", "balance",
)  # fmt: skip


def write_csv(exhibit: Exhibit, path: Path) -> None:
    """Header, items, every ledger entry with its running balance, contacts, disputes, totals."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = SafeWriter(out)
        writer.writerow(COLUMNS)
        header = (
            ("account", exhibit.account_number), ("name", exhibit.name),
            ("customer type", exhibit.customer_type), ("bill type", exhibit.bill_type),
            ("state", exhibit.state), ("collector", exhibit.collector),
            ("status", exhibit.status), ("prepared by", exhibit.prepared_by),
            ("prepared on", exhibit.prepared_on), ("currency", exhibit.currency),
        )  # fmt: skip
        for label, value in header:
            writer.writerow(("header", "", label, "", "", value, "", ""))
        for item in exhibit.items:
            writer.writerow(
                ("item", item.due_date, item.item_type, item.document_number, "",
                 f"amount {cents_to_str(item.amount_cents)}", cents_to_str(item.open_cents), "")
            )  # fmt: skip
        for e in exhibit.entries:
            writer.writerow(
                ("ledger", e.business_date, e.entry_type, e.document_number, e.reference, e.memo,
                 cents_to_str(e.amount_cents), cents_to_str(e.balance_cents))
            )  # fmt: skip
        for label, value in exhibit.contacts:
            writer.writerow(("contacts", "", label, "", "", value, "", ""))
        for d in exhibit.disputes:
            status = f"{d.status} {d.resolved}".strip()
            writer.writerow(
                ("dispute", d.opened, d.reason, "", d.department, status,
                 cents_to_str(d.amount_cents), "")
            )  # fmt: skip
        day = exhibit.prepared_on
        for name, cents in (
            ("charges", exhibit.charges_cents),
            ("credits", exhibit.credits_cents),
            ("balance", exhibit.balance_cents),
        ):
            balance = cents_to_str(cents) if name == "balance" else ""
            writer.writerow(("total", day, name, "", "", "", cents_to_str(cents), balance))
