"""A DataTable that holds one page of rows at a time, with the keys to page by."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import DataTable, Input

Column = tuple[str, int, bool]
"""(label, width, right-aligned)."""


class PageTable(DataTable[Any]):
    """Shows exactly one page; the screen reads the next page by key from the service.

    DataTable keeps and measures every row it is given, so it is never given more
    than one page. `starts` remembers where each page began, for PF7.
    """

    def __init__(
        self, columns: Sequence[Column], *, id: str | None = None, shows_detail: bool = True
    ) -> None:
        super().__init__(
            id=id, cursor_type="row", zebra_stripes=False, show_cursor=True, cell_padding=0
        )
        self.shows_detail = shows_detail
        self._base_columns = list(columns)
        self._columns = list(columns)
        self.starts: list[tuple | None] = [None]
        self.next_key: tuple | None = None
        self.row_values: list[Any] = []
        #: The whole text of every cell on the page, however much of it fits its column.
        self.row_cells: list[Sequence[str]] = []

    def on_mount(self) -> None:
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Each column is one space then `width` characters, so 80 columns add up exactly;
        on a wider terminal the last column takes the extra width."""
        extra = max(0, self.app.size.width - 80)
        label, width, right = self._base_columns[-1]
        self._columns = [*self._base_columns[:-1], (label, width + extra, right)]
        self.clear(columns=True)
        for label, width, right in self._columns:
            self.add_column(self._cell(label, width, right), width=width + 1)

    def on_resize(self) -> None:
        _label, width, _right = self._columns[-1]
        if width - self._base_columns[-1][1] != max(0, self.app.size.width - 80):
            cursor = self.cursor_row
            self._fit_columns()
            self._add_rows(list(zip(self.row_values, self.row_cells, strict=True)))
            if self.row_count:
                self.move_cursor(row=min(cursor, self.row_count - 1))

    class Detail(Message):
        """Enter on a row of a list whose Enter does nothing else: show the whole row."""

        def __init__(self, labels: list[str], cells: Sequence[str]) -> None:
            super().__init__()
            self.labels = labels
            self.cells = cells

    class Submit(Message):
        """Enter on a list that marks rows: the screen's Enter."""

    def clipped(self) -> bool:
        """Whether any cell of the cursor row is longer than its column."""
        cells = self.selected_cells()
        return any(
            len(cell) > width for cell, (_l, width, _r) in zip(cells, self._columns, strict=True)
        )

    def selected_cells(self) -> Sequence[str]:
        if not self.row_cells:
            return ()
        return self.row_cells[min(self.cursor_row, len(self.row_cells) - 1)]

    @staticmethod
    def _cell(text: str, width: int, right: bool) -> Text:
        text = text[:width]
        return Text(" " + (text.rjust(width) if right else text.ljust(width)))

    class Marked(Message):
        """Space on a row of a markable table: the screen toggles that row's mark."""

        def __init__(self, value: Any) -> None:
            super().__init__()
            self.value = value

    markable = False
    """When True, Space marks the cursor row instead of going to the command line."""

    def on_key(self, event: events.Key) -> None:
        """Typing on a list goes to the command line, as on a 3270 where only fields take keys."""
        if event.key == "enter" and self.markable:  # marks made: Enter processes the screen
            event.stop()
            self.post_message(self.Submit())
            return
        if event.key == "enter" and self.shows_detail and self.row_cells:
            event.stop()
            labels = [label for label, _width, _right in self._columns]
            self.post_message(self.Detail(labels, self.selected_cells()))
            return
        if self.markable and event.key == "space":
            event.stop()
            value = self.selected_value()
            if value is not None:
                self.post_message(self.Marked(value))
            return
        if event.is_printable and event.character:
            command = self.screen.query_one("#command", Input)
            command.focus()
            command.insert_text_at_cursor(event.character)
            event.stop()

    def show_page(self, rows: Iterable[tuple[Any, Sequence[str]]], next_key: tuple | None) -> None:
        """Replace the rows with one page of (value, cells); `value` is what a selection returns."""
        self.clear()
        self._add_rows(rows)
        self.next_key = next_key
        if self.row_count:
            self.move_cursor(row=0)

    def _add_rows(self, rows: Iterable[tuple[Any, Sequence[str]]]) -> None:
        self.row_values = []
        self.row_cells = []
        for value, cells in rows:
            self.row_values.append(value)
            self.row_cells.append(tuple(cells))
            self.add_row(
                *(
                    self._cell(cell, width, right)
                    for cell, (_label, width, right) in zip(cells, self._columns, strict=True)
                )
            )

    @property
    def page_number(self) -> int:
        return len(self.starts)

    def selected_value(self) -> Any:
        if not self.row_values:
            return None
        return self.row_values[min(self.cursor_row, len(self.row_values) - 1)]

    def reset(self) -> None:
        self.starts = [None]
        self.next_key = None

    def forward_key(self) -> tuple | None:
        """The key to read the next page from, remembering this page's start for PF7."""
        if self.next_key is None:
            return None
        self.starts.append(self.next_key)
        return self.next_key

    def backward_key(self) -> tuple[bool, tuple | None]:
        """(can go back, key of the previous page's start)."""
        if len(self.starts) <= 1:
            return False, None
        self.starts.pop()
        return True, self.starts[-1]

    def current_start(self) -> tuple | None:
        return self.starts[-1]
