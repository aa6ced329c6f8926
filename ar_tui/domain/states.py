"""Status machines: which moves a dispute, a bankruptcy or a referral may make, and the refusal."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ar_tui.domain.errors import ArError


@dataclass(frozen=True)
class StateMachine:
    """The statuses a record may move to from each status; a status not listed is final."""

    name: str
    moves: Mapping[str, tuple[str, ...]]
    code: str  # the message id of a refused move

    def check(self, current: str, new: str) -> None:
        """Refuse a move the machine does not allow, naming what is allowed instead."""
        allowed = self.moves.get(current, ())
        if new not in allowed:
            then = ", ".join(s.upper() for s in allowed) or "NOTHING: IT IS FINAL"
            raise ArError(
                self.code,
                f"{self.name} IS {current.upper()}: IT CANNOT BECOME {new.upper()} (ONLY {then})",
                "status",
            )

    def active(self) -> tuple[str, ...]:
        """Statuses that can still move."""
        return tuple(self.moves)


# A record's dated steps, oldest first: (business date, status, operator login, note).
History = tuple[tuple[str, str, str, str], ...]


def history_json(history: History) -> list[dict[str, str]]:
    """The steps as `account show --format json` prints them."""
    return [{"date": d, "status": s, "by": who, "note": n} for d, s, who, n in history]
