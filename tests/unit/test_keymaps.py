"""Keymap profiles: built-ins load, unknown ids and mangled keys are refused at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from ar_tui import keymaps
from ar_tui.keymaps import PF_ACTIONS, KeymapError, parse

FULL = "\n".join(f'"{a.id}" = "f{a.pf}"' for a in PF_ACTIONS)


def test_builtins_cover_every_action() -> None:
    assert keymaps.builtin_names() == ["3270", "esc"]
    for name in keymaps.builtin_names():
        keymap = keymaps.load(name)
        assert set(keymap.keys) == {a.id for a in PF_ACTIONS}


def test_esc_profile_reads_the_key_after_escape() -> None:
    esc = keymaps.load("esc")
    assert esc.prefix == "escape"
    assert esc.after_prefix()["3"] == "exit"
    assert esc.after_prefix()["0"] == "prev_screen"
    assert esc.direct_bindings()["ar.exit"] == "alt+3"


def test_unknown_binding_id_is_an_error() -> None:
    with pytest.raises(KeymapError, match=r"unknown binding id 'ar\.hepl'"):
        parse(f'name = "x"\n[keys]\n{FULL}\n"ar.hepl" = "f2"', "x.toml")


@pytest.mark.parametrize("key", ["shift+f3", "alt+3", "meta+x"])
def test_keys_that_terminals_mangle_are_refused(key: str) -> None:
    text = FULL.replace('"ar.exit" = "f3"', f'"ar.exit" = "{key}"')
    with pytest.raises(KeymapError, match="mangled"):
        parse(f'name = "x"\n[keys]\n{text}', "x.toml")


def test_missing_action_and_duplicate_key_are_refused() -> None:
    without_help = FULL.replace('"ar.help" = "f1"', "")
    with pytest.raises(KeymapError, match=r"no key for ar\.help"):
        parse(f'name = "x"\n[keys]\n{without_help}', "x.toml")
    doubled = FULL.replace('"ar.help" = "f1"', '"ar.help" = "f3"')
    with pytest.raises(KeymapError, match="used by"):
        parse(f'name = "x"\n[keys]\n{doubled}', "x.toml")


def test_a_keymap_file_by_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(f'name = "mine"\n[keys]\n{FULL}', encoding="utf-8")
    assert keymaps.load(str(path)).name == "mine"
    with pytest.raises(KeymapError, match="not one of"):
        keymaps.load("nosuch")
