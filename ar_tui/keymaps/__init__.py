"""PF actions (one declaration each) and the keymap profiles that put them on keys."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class PfAction:
    """One PF action: its binding id, PF number, legend word and help sentence."""

    id: str
    pf: int
    name: str
    legend: str
    help: str


# The one declaration of every PF action: the bindings, the PF-key line, the help
# screen and the `PF3`-style commands are all drawn from it.
PF_ACTIONS: tuple[PfAction, ...] = (
    PfAction("ar.help", 1, "help", "Help", "Help for the current screen"),
    PfAction("ar.exit", 3, "exit", "Exit", "Back to the previous screen (on MENU: leave)"),
    PfAction("ar.menu", 4, "menu", "Menu", "Return to the main menu"),
    PfAction("ar.refresh", 5, "refresh", "Refresh", "Read this screen's data again"),
    PfAction("ar.next_account", 6, "next_account", "Next", "Next account from the work queue"),
    PfAction("ar.backward", 7, "backward", "Bkwd", "Page backward"),
    PfAction("ar.forward", 8, "forward", "Fwd", "Page forward"),
    PfAction("ar.notes", 9, "notes", "Notes", "Contact log for this account"),
    PfAction("ar.prev_screen", 10, "prev_screen", "Prev", "Previous account screen"),
    PfAction("ar.next_screen", 11, "next_screen", "NxtScr", "Next account screen"),
    PfAction("ar.cancel", 12, "cancel", "Cancel", "Clear the input and the message"),
)
BY_ID = {action.id: action for action in PF_ACTIONS}
BY_NAME = {action.name: action for action in PF_ACTIONS}
BY_PF = {action.pf: action for action in PF_ACTIONS}

# Keys that many terminals over SSH mangle: no action may need one of them.
_FORBIDDEN_PREFIXES = ("shift+f", "alt+", "meta+")


# How key names read on the help screen.
_SHOWN = {"escape": "ESC", "minus": "-", "equals_sign": "=", "pageup": "PGUP", "pagedown": "PGDN"}


class KeymapError(ValueError):
    """A keymap file that cannot be used; the message names the file and the fault."""


@dataclass(frozen=True)
class Keymap:
    """A profile: binding id -> keys, and optionally a prefix key that arms the next key."""

    name: str
    description: str
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    prefix: str | None = None

    def key_for(self, action_name: str) -> str:
        """How this profile writes the key of an action, for help texts."""
        action = BY_NAME[action_name]
        keys = self.keys.get(action.id, ())
        if not keys:
            return ""
        shown = _SHOWN.get(keys[0], keys[0].upper())
        return f"{_SHOWN.get(self.prefix, self.prefix.upper())} {shown}" if self.prefix else shown

    def after_prefix(self) -> dict[str, str]:
        """Key pressed after the prefix -> action name (prefix profiles only)."""
        return {key: BY_ID[ident].name for ident, keys in self.keys.items() for key in keys}

    def direct_bindings(self) -> dict[str, str]:
        """Binding id -> comma-separated keys, for `App.set_keymap`.

        A prefix profile's `Esc 1` arrives as `alt+1` when typed quickly (the terminal
        sends both bytes at once), so that spelling is bound too; it is never needed.
        """
        if self.prefix:
            return {
                ident: ",".join(f"alt+{key}" for key in keys) for ident, keys in self.keys.items()
            }
        return {ident: ",".join(keys) for ident, keys in self.keys.items()}


def parse(text: str, origin: str) -> Keymap:
    """Check and read a keymap's TOML; every fault is a KeymapError naming `origin`."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KeymapError(f"keymap {origin}: not valid TOML: {exc}") from exc
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise KeymapError(f"keymap {origin}: `name` is missing")
    prefix = data.get("prefix")
    if prefix is not None and not isinstance(prefix, str):
        raise KeymapError(f"keymap {origin}: `prefix` must be a key name")
    table = data.get("keys")
    if not isinstance(table, dict) or not table:
        raise KeymapError(f"keymap {origin}: a [keys] table is required")
    unknown = sorted(set(data) - {"name", "description", "prefix", "keys"})
    if unknown:
        raise KeymapError(f"keymap {origin}: unknown setting {', '.join(map(repr, unknown))}")
    keys: dict[str, tuple[str, ...]] = {}
    for ident, value in table.items():
        if ident not in BY_ID:
            raise KeymapError(
                f"keymap {origin}: unknown binding id {ident!r}; known: {', '.join(BY_ID)}"
            )
        spelled = [value] if isinstance(value, str) else value
        if (
            not isinstance(spelled, list)
            or not spelled
            or not all(isinstance(k, str) and k.strip() for k in spelled)
        ):
            raise KeymapError(f"keymap {origin}: {ident} needs a key or a list of keys")
        cleaned = tuple(k.strip().lower() for k in spelled)
        for key in cleaned:
            if key.startswith(_FORBIDDEN_PREFIXES) or "," in key:
                raise KeymapError(
                    f"keymap {origin}: {ident} = {key!r}: Shift+F-keys and Alt/Meta keys are"
                    " mangled by many terminals; use another key"
                )
        keys[ident] = cleaned
    seen: dict[str, str] = {}
    for ident, cleaned in keys.items():
        for key in cleaned:
            if key in seen:
                raise KeymapError(
                    f"keymap {origin}: key {key!r} is used by {seen[key]} and {ident}"
                )
            seen[key] = ident
    missing = [a.id for a in PF_ACTIONS if a.id not in keys]
    if missing:
        raise KeymapError(f"keymap {origin}: no key for {', '.join(missing)}")
    return Keymap(name=name, description=str(data.get("description", "")), keys=keys, prefix=prefix)


def builtin_names() -> list[str]:
    folder = resources.files(__package__)
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def load(name_or_path: str) -> Keymap:
    """A built-in profile by name (`3270`, `esc`) or a TOML file by path."""
    candidate = Path(name_or_path).expanduser()
    if candidate.suffix == ".toml" or candidate.exists():
        try:
            return parse(candidate.read_text(encoding="utf-8"), str(candidate))
        except OSError as exc:
            raise KeymapError(f"keymap {candidate}: cannot be read ({exc.strerror})") from exc
        except UnicodeDecodeError as exc:
            raise KeymapError(f"keymap {candidate}: not UTF-8 text (byte {exc.start})") from exc
    resource = resources.files(__package__) / f"{name_or_path}.toml"
    if not resource.is_file():
        raise KeymapError(
            f"keymap {name_or_path!r} is not one of {', '.join(builtin_names())} nor a file"
        )
    return parse(resource.read_text(encoding="utf-8"), f"{name_or_path}.toml")
