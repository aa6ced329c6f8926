"""The account history exhibit as a PDF (fpdf2): header, items, ledger with running balance,
contacts summary, disputes; every page numbered and signed "prepared by"."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from ar_tui.domain.exhibit import Exhibit
from ar_tui.domain.money import cents_to_str

LINE = 4.2  # mm per line of 8-point Courier


def _latin(text: str) -> str:
    """The PDF core fonts speak Latin-1; anything else prints as '?'."""
    return text.encode("latin-1", "replace").decode("latin-1")


class _ExhibitPdf(FPDF):
    def __init__(self, exhibit: Exhibit) -> None:
        super().__init__(orientation="P", unit="mm", format="Letter")
        self.exhibit = exhibit
        self.alias_nb_pages()
        self.set_auto_page_break(auto=True, margin=16)
        self.set_margins(12, 12, 12)

    def header(self) -> None:
        e = self.exhibit
        self.set_font("Courier", "B", 10)
        self.cell(0, 5, _latin(f"{e.company} - ACCOUNT HISTORY EXHIBIT"), new_x="LMARGIN",
                  new_y="NEXT")  # fmt: skip
        self.set_font("Courier", "", 8)
        self.cell(0, LINE, _latin(f"ACCOUNT {e.account_number}  {e.name}"), new_x="LMARGIN",
                  new_y="NEXT")  # fmt: skip
        self.ln(1)

    def footer(self) -> None:
        e = self.exhibit
        self.set_y(-12)
        self.set_font("Courier", "", 7)
        self.cell(
            0, 4,
            _latin(f"Prepared by {e.prepared_by} on {e.prepared_on}   Page {self.page_no()}"
                   " of {nb}"),
            align="C",
        )  # fmt: skip

    def line_of(self, text: str, bold: bool = False) -> None:
        self.set_font("Courier", "B" if bold else "", 8)
        self.cell(0, LINE, _latin(text), new_x="LMARGIN", new_y="NEXT")

    def section(self, title: str) -> None:
        self.ln(2)
        self.line_of(title, bold=True)


def write_pdf(exhibit: Exhibit, path: Path) -> int:
    """Write the exhibit; returns its page count."""
    pdf = _ExhibitPdf(exhibit)
    pdf.add_page()
    e = exhibit
    pdf.section("ACCOUNT")
    for text in (
        f"Name: {e.name}",
        f"Customer type: {e.customer_type}   Bill type: {e.bill_type}   State: {e.state}",
        f"Collector: {e.collector}   Status: {e.status}   Currency: {e.currency}",
        f"Balance: {cents_to_str(e.balance_cents)}",
    ):
        pdf.line_of(text)
    pdf.section("ITEMS (OPEN AMOUNT NOW)")
    pdf.line_of(f"{'DOCUMENT':<14}{'TYPE':<11}{'DUE':<11}{'AMOUNT':>14}{'OPEN':>14}")
    for item in e.items:
        pdf.line_of(
            f"{item.document_number[:13]:<14}{item.item_type[:10]:<11}{item.due_date:<11}"
            f"{cents_to_str(item.amount_cents):>14}{cents_to_str(item.open_cents):>14}"
        )
    pdf.line_of(f"{'Open items total':<50}{cents_to_str(e.open_total_cents):>14}")
    pdf.section("LEDGER (EVERY ENTRY, WITH RUNNING BALANCE)")
    pdf.line_of(
        f"{'DATE':<11}{'TYPE':<11}{'DOCUMENT':<13}{'REFERENCE':<13}{'MEMO':<24}"
        f"{'AMOUNT':>12}{'BALANCE':>13}"
    )
    for entry in e.entries:
        pdf.line_of(
            f"{entry.business_date:<11}{entry.entry_type[:10]:<11}{entry.document_number[:12]:<13}"
            f"{entry.reference[:12]:<13}{entry.memo[:23]:<24}"
            f"{cents_to_str(entry.amount_cents):>12}{cents_to_str(entry.balance_cents):>13}"
        )
    pdf.line_of(f"Total charges: {cents_to_str(e.charges_cents)}")
    pdf.line_of(f"Total credits: {cents_to_str(e.credits_cents)}")
    pdf.line_of(f"Ending balance: {cents_to_str(e.balance_cents)}", bold=True)
    pdf.section("CONTACTS SUMMARY")
    for label, value in e.contacts:
        pdf.line_of(f"{label}: {value}")
    pdf.section("DISPUTES")
    if not e.disputes:
        pdf.line_of("None.")
    for d in e.disputes:
        pdf.line_of(
            f"{d.opened:<11}{d.reason[:20]:<21}{d.department[:19]:<20}"
            f"{cents_to_str(d.amount_cents):>12}  {d.status} {d.resolved}"
        )
    pdf.output(str(path))
    return pdf.page_no()
