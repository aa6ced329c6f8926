"""A BAI2 detail with 20,000 continuation records is read (the reader is linear)."""

from __future__ import annotations

from ar_tui.formats import bai2


def test_a_detail_with_20000_continuations_parses() -> None:
    count = 20_000
    lines = [
        "01,BANK,AR-TUI,261124,0800,1,,,2/",
        "02,AR-TUI,BANK,1,261123,0800,USD,2/",
        "03,4400112233,USD,010,0,,/",
        "16,115,12345,Z,B00001,1000234,REMITTANCE",
        *(f"88,INV{n:08d}" for n in range(count)),
        f"49,12345,{count + 3}/",
        f"98,12345,1,{count + 5}/",
        f"99,12345,1,{count + 7}/",
    ]
    bank = bai2.parse("\n".join(lines) + "\n", "long.bai2")
    assert bank.declared_total_cents == 12345 and bank.record_count == count + 7
    (item,) = bank.items
    assert (item.kind, item.amount_cents, item.account_hint) == ("payment", 12345, "1000234")
    text = item.texts[-1]
    assert text.startswith("REMITTANCE INV00000000 INV00000001")
    assert text.endswith(f"INV{count - 1:08d}") and text.count("INV") == count
