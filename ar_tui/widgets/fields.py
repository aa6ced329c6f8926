"""Unprotected input fields: one row, no border, a fixed width like a 3270 field."""

from __future__ import annotations

import re

from textual import events
from textual.message import Message
from textual.widgets import Input

# The editing keys a field handles itself, in the order they were typed. Textual's Input
# leaves them to its bindings, which run only once the key has bubbled up to the app and
# back: a character typed after a Backspace in one burst reached the field first
# (`6 7 BSpace 8` gave `67`). Here every key is applied in the field's own queue, in turn.
EDIT_KEYS: dict[str, str] = {
    "backspace": "delete_left",
    "ctrl+h": "delete_left",
    "delete": "delete_right",
    "ctrl+d": "delete_right",
    "left": "cursor_left",
    "right": "cursor_right",
    "home": "home",
    "ctrl+a": "home",
    "end": "end",
    "ctrl+e": "end",
    "ctrl+left": "cursor_left_word",
    "ctrl+right": "cursor_right_word",
    "ctrl+w": "delete_left_word",
    "ctrl+k": "delete_right_all",  # Erase-EOF: clear from the cursor to the end of the field
}
#: The keys that change what a field holds (a protected field refuses them).
CHANGING = {"delete_left", "delete_right", "delete_left_word", "delete_right_all"}

DIGITS = r"[0-9]*"
AMOUNT = r"[0-9$,.]*"
SIGNED_AMOUNT = r"-?[0-9$,.]*"
DATE = r"[0-9/.\-]*"

#: What each kind of field takes, as the refusal says it.
ACCEPTS = {
    DIGITS: "DIGITS ONLY",
    AMOUNT: "DIGITS, '.', ',' AND '$' ONLY (NO SIGN)",
    SIGNED_AMOUNT: "DIGITS, '.', ',', '$' AND ONE LEADING '-' ONLY",
    DATE: "DIGITS AND A SEPARATOR ONLY (A DATE)",
}


class Field(Input):
    """An input field of `width` characters that keeps its name for error messages.

    The cursor does not blink (a 3270 cursor is steady, and snapshots stay still). A field
    that `changes` an account is protected while the account is read only: as on a 3270,
    a key typed into it is refused with a message, and nothing in it changes. A key the
    field's kind does not take (a letter in an amount) is refused the same way, never
    dropped in silence.
    """

    class Protected(Message):
        """A key was typed into a protected field."""

        def __init__(self, field: Field) -> None:
            super().__init__()
            self.field = field

    class Refused(Message):
        """A key the field does not take was typed, or the field is full."""

        def __init__(self, field: Field, text: str, full: bool) -> None:
            super().__init__()
            self.field = field
            self.text = text
            self.full = full

    def __init__(
        self,
        width: int,
        *,
        field_name: str,
        value: str = "",
        max_length: int | None = None,
        restrict: str | None = None,
        accepts: str | None = None,
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
        #: What the field takes, in words for the refusal message.
        self.accepts = accepts or _accepts(restrict)
        self.cursor_blink = False
        self.styles.width = width + 1
        self._refused_text = ""

    @property
    def protected(self) -> bool:
        return self.has_class("-protected")

    @protected.setter
    def protected(self, value: bool) -> None:
        self.set_class(value, "-protected")

    @property
    def overtype(self) -> bool:
        """Insert mode is the terminal's, as on a 3270: the Insert key switches it."""
        return bool(getattr(self.app, "overtype", False))

    async def _on_key(self, event: events.Key) -> None:
        action = EDIT_KEYS.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            if action in CHANGING and self.protected:
                self.post_message(self.Protected(self))
            else:
                getattr(self, f"action_{action}")()
            return
        if event.key == "insert":  # the terminal's insert mode, on or off
            event.stop()
            event.prevent_default()
            self.app.overtype = not self.overtype  # type: ignore[attr-defined]
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.field_exit()
            await self.action_submit()
            return
        if event.is_printable and self.overtype and event.character:
            event.stop()
            event.prevent_default()
            position = self.cursor_position
            self._refused_text = event.character
            self.replace(event.character, position, position + 1)
            return
        if event.is_printable and event.character:
            self._refused_text = event.character
        await super()._on_key(event)

    def field_exit(self) -> None:
        """Enter in overtype mode clears the field from the cursor on (the 3270's Field
        Exit): what was typed over an old value replaces all of it. In insert mode nothing
        is cleared, so a typo fixed with the arrow keys keeps the rest of the field."""
        if self.overtype and not self.protected and self.cursor_position < len(self.value):
            self.value = self.value[: self.cursor_position]

    def replace(self, text: str, start: int, end: int) -> None:
        """Every edit (typing, deleting, pasting) comes through here: a protected field
        refuses them all. A program setting `value` is not an edit and still works."""
        if self.protected:
            self.post_message(self.Protected(self))
            return
        super().replace(text, start, end)

    def restricted(self) -> None:
        """A key the field does not take: the bell and a message, as a 3270 locks the
        keyboard with `X <-` until Reset (here the next key goes on)."""
        self.app.bell()
        text, self._refused_text = self._refused_text, ""
        full = bool(self.max_length) and len(self.value) >= (self.max_length or 0)
        self.post_message(self.Refused(self, text, full and self._fits_kind(text)))

    def _fits_kind(self, text: str) -> bool:
        """Whether `text` alone would be taken here (then the field was only full)."""
        return not self.restrict or re.fullmatch(self.restrict, text) is not None


def _accepts(restrict: str | None) -> str:
    """The refusal's words for a pattern: a kind's own, or the letters of a one-key code."""
    if not restrict:
        return ""
    if restrict in ACCEPTS:
        return ACCEPTS[restrict]
    code = re.fullmatch(r"\[([A-Za-z]+)\]\?", restrict)
    if code:
        return "ONE OF " + " ".join(dict.fromkeys(code[1].upper()))
    if re.fullmatch(r"\[A-Za-z(_ )?\]\*", restrict):
        return "LETTERS ONLY" if "_" not in restrict else "LETTERS AND SPACES ONLY"
    return "NOT TAKEN HERE"
