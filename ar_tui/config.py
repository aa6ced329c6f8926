"""Where the database is and how the screen looks: flags, environment, config files, defaults."""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from ar_tui.domain.errors import UsageError

THEMES = ("green", "amber", "3279", "mono")

# The host's own settings, written by `ar-tui host install`: they name the shared
# database and the service account, so every collector lands in the same database.
SYSTEM_CONFIG = Path("/etc/ar-tui/config.toml")


def system_config() -> Path:
    """This installation's own config when it has one (`etc/ar-tui/config.toml` inside the
    virtual environment ar-tui runs from, root's like the program itself), else /etc's."""
    local = Path(sys.prefix) / "etc" / "ar-tui" / "config.toml"
    if sys.prefix != sys.base_prefix and local.exists():
        return local
    return SYSTEM_CONFIG


# What a config file may say, and what each value means.
KEYS: dict[str, str] = {
    "db": "the shared database file",
    "demo_db": "the demo database file (`--demo`)",
    "theme": f"colour theme: {', '.join(THEMES)}",
    "keymap": "PF-key profile: 3270, esc, or a TOML file",
    "service_user": "the account that owns the database; others run ar-tui through sudo as it",
    "program": "the ar-tui command the sudoers rule allows",
    "group": "the group of logins that may run ar-tui as the service account",
}
ENVIRONMENT = {"db": "AR_TUI_DB", "theme": "AR_TUI_THEME", "keymap": "AR_TUI_KEYMAP"}
# Only the host's file names the service account and the program sudo runs.
HOST_ONLY = ("service_user", "program", "group")


@dataclass(frozen=True)
class Config:
    """Settings for one run of `ar-tui`, and where each came from."""

    db: Path
    theme: str
    keymap: str
    service_user: str | None
    program: str | None
    group: str | None
    sources: Mapping[str, str]
    """Setting name -> `--flag`, `$VARIABLE`, a config file's path, or `default`."""


def data_dir() -> Path:
    return Path(user_data_dir("ar-tui", appauthor=False))


def user_config() -> Path:
    return Path(user_config_dir("ar-tui", appauthor=False)) / "config.toml"


def default_db(demo: bool) -> Path:
    return data_dir() / ("demo.db" if demo else "ar-tui.db")


def read_file(path: Path) -> dict[str, str]:
    """A config file's settings; a missing file is empty, a bad one a usage error."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("AR0040E", f"CONFIG {path} CANNOT BE READ ({exc})") from None
    try:
        values = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError("AR0041E", f"CONFIG {path}: {exc}") from None
    for key, value in values.items():
        if key not in KEYS:
            raise UsageError("AR0042E", f"CONFIG {path}: {key!r} IS NOT ONE OF {', '.join(KEYS)}")
        if not isinstance(value, str) or not value.strip():
            raise UsageError("AR0043E", f"CONFIG {path}: {key} MUST BE A NON-EMPTY STRING")
    return {key: value.strip() for key, value in values.items()}


def _personal(values: dict[str, str]) -> dict[str, str]:
    """A user's own file: their look and their database, never the host's boundary."""
    for key in HOST_ONLY:
        if key in values:
            raise UsageError(
                "AR0045E", f"CONFIG {user_config()}: {key} IS SET IN {system_config()} ONLY"
            )
    return values


def resolve(
    db: str | None = None,
    theme: str | None = None,
    keymap: str | None = None,
    demo: bool = False,
    environ: Mapping[str, str] | None = None,
) -> Config:
    """Flags win over AR_TUI_* variables, which win over the user's config file, which wins
    over /etc/ar-tui/config.toml; NO_COLOR forces mono unless `--theme` is given."""
    env = os.environ if environ is None else environ
    layers: list[tuple[str, Mapping[str, str]]] = [
        ("flag", {k: v for k, v in (("db", db), ("theme", theme), ("keymap", keymap)) if v}),
        ("env", {k: env[v] for k, v in ENVIRONMENT.items() if env.get(v)}),
        (str(user_config()), _personal(read_file(user_config()))),
        (str(system_config()), read_file(system_config())),
    ]
    chosen: dict[str, str] = {}
    sources: dict[str, str] = {}
    for origin, values in reversed(layers):
        for key, value in values.items():
            chosen[key] = value
            sources[key] = (
                f"--{key}" if origin == "flag" else f"${ENVIRONMENT[key]}" if origin == "env"
                else origin
            )  # fmt: skip
    if demo:
        # The demo is its own file: `ar-tui --demo` and `db init --demo` name the same one.
        if db:
            chosen["demo_db"], sources["demo_db"] = db, "--db"
        chosen["db"] = chosen.get("demo_db") or str(default_db(True))
        sources["db"] = sources.get("demo_db", "default (--demo)")
    if "NO_COLOR" in env and env["NO_COLOR"] != "" and not theme:
        chosen["theme"], sources["theme"] = "mono", "$NO_COLOR"
    chosen_theme = chosen.get("theme", "green")
    if chosen_theme not in THEMES:
        where = sources.get("theme", "theme")
        raise UsageError(
            "AR0044E", f"THEME {chosen_theme!r} FROM {where} IS NOT ONE OF {', '.join(THEMES)}"
        )
    for key in KEYS:
        sources.setdefault(key, "default")
    return Config(
        db=Path(chosen["db"]).expanduser() if "db" in chosen else default_db(False),
        theme=chosen_theme,
        keymap=chosen.get("keymap", "3270"),
        service_user=chosen.get("service_user"),
        program=chosen.get("program"),
        group=chosen.get("group"),
        sources=sources,
    )


def host_db() -> Path | None:
    """The database the host's own config names: the only one its service account opens
    for a person."""
    db = read_file(system_config()).get("db")
    return Path(db) if db else None


def shown(config: Config) -> list[tuple[str, str, str]]:
    """(setting, value, where it came from) for `ar-tui config show`."""
    values = {
        "db": str(config.db),
        "theme": config.theme,
        "keymap": config.keymap,
        "service_user": config.service_user or "",
        "program": config.program or "",
        "group": config.group or "",
    }
    return [(key, value, config.sources.get(key, "default")) for key, value in values.items()]
