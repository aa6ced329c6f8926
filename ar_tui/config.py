"""Where the database is and how the screen looks: flags, then environment, then defaults."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict

THEMES = ("green", "amber", "3279", "mono")


class Config(BaseModel):
    """Settings for one run of `ar-tui`."""

    model_config = ConfigDict(frozen=True)

    db: Path
    """The SQLite file to open."""
    theme: str = "green"
    """Colour theme: green phosphor, amber, 3279 four-colour, or mono (forced by NO_COLOR)."""
    keymap: str = "3270"
    """PF-key profile: a name of a TOML file in ar_tui/keymaps/, or a path to one."""


def data_dir() -> Path:
    return Path(user_data_dir("ar-tui", appauthor=False))


def default_db(demo: bool) -> Path:
    return data_dir() / ("demo.db" if demo else "ar-tui.db")


def resolve(
    db: str | None = None,
    theme: str | None = None,
    keymap: str | None = None,
    demo: bool = False,
) -> Config:
    """Flags win over AR_TUI_DB / AR_TUI_THEME / AR_TUI_KEYMAP, which win over defaults."""
    env = os.environ
    chosen_db = db or env.get("AR_TUI_DB")
    chosen_theme = theme or env.get("AR_TUI_THEME") or "green"
    if "NO_COLOR" in env and env["NO_COLOR"] != "":
        chosen_theme = "mono"
    return Config(
        db=Path(chosen_db).expanduser() if chosen_db else default_db(demo),
        theme=chosen_theme,
        keymap=keymap or env.get("AR_TUI_KEYMAP") or "3270",
    )
