"""Unprotected input fields: one row, no border, a fixed width like a 3270 field."""

from __future__ import annotations

from textual.widgets import Input


class Field(Input):
    """An input field of `width` characters that keeps its name for error messages.

    The cursor does not blink (a 3270 cursor is steady, and snapshots stay still).
    """

    def __init__(
        self,
        width: int,
        *,
        field_name: str,
        value: str = "",
        max_length: int | None = None,
        restrict: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(
            value=value,
            max_length=max_length or width,
            restrict=restrict,
            id=id or field_name,
            compact=True,
            select_on_focus=False,
        )
        self.field_name = field_name
        self.cursor_blink = False
        self.styles.width = width + 1
