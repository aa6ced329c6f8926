"""The one error type every rule raises: a message id, a sentence, and the field at fault."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit codes the command line uses for each kind of refusal."""

    OK = 0
    USAGE = 2
    REFUSED = 3
    NOT_FOUND = 4
    BUSY = 5


class ArError(Exception):
    """A refusal a person can read: `AR0412E AMOUNT MUST BE GREATER THAN ZERO`.

    `code` is the message id (AR + 4 digits + severity letter), `field` names the
    input at fault so a screen can put the cursor there, and `exit_code` is what a
    command returns for it.
    """

    def __init__(
        self,
        code: str,
        message: str,
        field: str | None = None,
        exit_code: ExitCode = ExitCode.REFUSED,
    ) -> None:
        super().__init__(f"{code} {message}")
        self.code = code
        self.message = message
        self.field = field
        self.exit_code = exit_code

    @property
    def text(self) -> str:
        """The message line as shown on a screen and printed by a command: one line, whatever
        a file name or a value in it holds (a control character is shown escaped)."""
        return f"{self.code} {one_line(self.message)}"


def one_line(text: str) -> str:
    """`text` with every character that is not printable (a newline, an escape) escaped."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


class NotFound(ArError):
    """Something asked for by key does not exist (exit code 4)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(code, message, field, ExitCode.NOT_FOUND)


class UsageError(ArError):
    """Input that is not of the right form (exit code 2)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(code, message, field, ExitCode.USAGE)


def internal_error(exc: Exception) -> ArError:
    """A defect in ar-tui as the one line a person sees (exit code 70 from a command)."""
    return ArError("AR0999E", f"INTERNAL ERROR {type(exc).__name__}: {exc}"[:72])


class Busy(ArError):
    """Another writer held the database past the timeout (exit code 5: try again)."""

    def __init__(self, code: str, message: str, field: str | None = None) -> None:
        super().__init__(code, message, field, ExitCode.BUSY)
