"""Modules a command imports the first time it uses them, so that opening the TUI does not
wait for every service the other commands need."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Any


class LazyModule:
    """Stands for module `name` and imports it on the first attribute read: a plain
    import then, under the interpreter's import lock (safe from any thread), unlike
    importlib's LazyLoader, whose module is half-made while another thread reads it."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):  # copy, pickle and friends ask before __init__ ran
            raise AttributeError(attribute)
        module = self.__dict__.get("_module")
        if module is None:
            module = self._module = importlib.import_module(self.__dict__["_name"])
        return getattr(module, attribute)

    def __repr__(self) -> str:
        return f"<lazy module {self._name}>"


def lazy(name: str) -> Any:
    """`name`, imported when first used (typed as the module by a TYPE_CHECKING import)."""
    return LazyModule(name)
