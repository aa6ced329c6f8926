"""Unprotected input fields: one row, no border, a fixed width like a 3270 field."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input


class Field(Input):
    """An input field of `width` characters that keeps its name for error messages.

    The cursor does not blink (a 3270 cursor is steady, and snapshots stay still). A field
    that `changes` an account is protected while the account is read only: as on a 3270,
    a key typed into it is refused with a message, and nothing in it changes.
    """

    class Protected(Message):
        """A key was typed into a protected field."""

        def __init__(self, field: Field) -> None:
            super().__init__()
            self.field = field

    def __init__(
        self,
        width: int,
        *,
        field_name: str,
        value: str = "",
        max_length: int | None = None,
        restrict: str | None = None,
        id: str | None = None,
        changes: bool = True,
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
        #: Whether what is typed here changes the account (then read only protects it).
        self.changes = changes
        self.cursor_blink = False
        self.styles.width = width + 1

    @property
    def protected(self) -> bool:
        return self.has_class("-protected")

    @protected.setter
    def protected(self, value: bool) -> None:
        self.set_class(value, "-protected")

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit (typing, deleting, pasting) comes through here: a protected field
        refuses them all. A program setting `value` is not an edit and still works."""
        if self.protected:
            self.post_message(self.Protected(self))
            return
        super().replace(text, start, end)
