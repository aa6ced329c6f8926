"""Builders for small, correct bank files (controls computed), used to write the test fixtures."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Detail:
    """A BAI2 16 record and the text of its 88 continuations."""

    type_code: int
    cents: int
    customer_ref: str = ""
    continuations: Sequence[str] = ()


def bai2(as_of: str, details: Sequence[Detail], account: str = "4400112233") -> str:
    """A one-group, one-account BAI2 file with its 49/98/99 totals and record counts."""
    lines = [f"03,{account},USD,010,0,,/"]
    for detail in details:
        lines.append(
            f"16,{detail.type_code},{detail.cents},Z,B{len(lines):05d},{detail.customer_ref},/"
        )
        lines += [f"88,{text}" for text in detail.continuations]
    total = sum(d.cents for d in details)
    lines.append(f"49,{total},{len(lines) + 1}/")
    group = [f"02,AR-TUI,BANK,1,{as_of},0800,USD,2/", *lines]
    group.append(f"98,{total},1,{len(group) + 1}/")
    records = [f"01,BANK,AR-TUI,{as_of},0800,1,,,2/", *group]
    records.append(f"99,{total},1,{len(records) + 1}/")
    return "\n".join(records) + "\n"


@dataclass(frozen=True)
class Entry:
    """An ACH entry: code 27 is a debit we collect; an addenda 99 makes it a return."""

    code: str
    cents: int
    individual_id: str
    name: str
    trace: str
    return_code: str | None = None
    original_trace: str | None = None
    change_code: str | None = None
    change_data: str = ""


def ach(effective: str, entries: Sequence[Entry], batch: int = 1) -> str:
    """An ACH file with one batch; entry hash, totals, counts and blocks computed."""
    routing = "09100001"
    rows = [
        "101 0910000191234567891" + effective + "0800A094101" + "BANK".ljust(23) + "AR-TUI".ljust(23) + " " * 8,
        "5200" + "AR-TUI INSURANCE".ljust(16) + " " * 20 + "1234567890" + "PPD" + "PREMIUM".ljust(10)
        + effective + effective + "   1" + routing + f"{batch:07d}",
    ]  # fmt: skip
    count = debit = credit = 0
    for entry in entries:
        addenda = "1" if entry.return_code or entry.change_code else "0"
        rows.append(
            "6" + entry.code + routing + "1" + "12345678901234567" + f"{entry.cents:010d}"
            + entry.individual_id.ljust(15) + entry.name.ljust(22) + "  " + addenda + entry.trace
        )  # fmt: skip
        count += 1
        if entry.code[1] in "56789":
            debit += entry.cents
        else:
            credit += entry.cents
        if entry.return_code:
            rows.append(
                "799" + entry.return_code + (entry.original_trace or "").ljust(15) + " " * 6
                + routing + " " * 44 + entry.trace
            )  # fmt: skip
            count += 1
        if entry.change_code:
            rows.append(
                "798" + entry.change_code + (entry.original_trace or "").ljust(15) + " " * 6
                + routing + entry.change_data.ljust(29) + " " * 15 + entry.trace
            )  # fmt: skip
            count += 1
    entry_hash = int(routing) * len(entries)
    rows.append(
        "8200" + f"{count:06d}" + f"{entry_hash % 10**10:010d}" + f"{debit:012d}" + f"{credit:012d}"
        + "1234567890" + " " * 25 + routing + f"{batch:07d}"
    )  # fmt: skip
    blocks = -(-(len(rows) + 1) // 10)
    rows.append(
        "9" + f"{1:06d}" + f"{blocks:06d}" + f"{count:08d}" + f"{entry_hash % 10**10:010d}"
        + f"{debit:012d}" + f"{credit:012d}" + " " * 39
    )  # fmt: skip
    while len(rows) % 10:
        rows.append("9" * 94)
    for row in rows:
        assert len(row) == 94, (len(row), row)
    return "\n".join(rows) + "\n"
