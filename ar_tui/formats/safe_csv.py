"""CSV that a spreadsheet opens as data: a cell that could start a formula is neutralised."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

# What Excel, LibreOffice and Google Sheets read as the start of a formula or a command.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain amount such as -12.50 is a number, never a formula: it stays a number.
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def neutralise(value: Any) -> str:
    """The cell as text, prefixed with `'` when a spreadsheet would run it (OWASP CSV
    injection); plain numbers are left as they are."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


class SafeWriter:
    """`csv.writer` whose every cell is neutralised."""

    def __init__(self, handle: IO[str]) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([neutralise(cell) for cell in row])
