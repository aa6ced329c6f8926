"""The `ar-tui` program's first module: no garbage collection until the TUI is drawn."""

import gc

# Start-up makes tens of thousands of lasting objects (modules, classes, locale data) and
# next to no garbage, yet each collection meanwhile walks all of them: a tenth of a second
# before the first frame. A command collects again as soon as it is known to be one; the
# TUI once its first frame is up, over a heap with start-up's objects frozen (`gc.freeze`).
gc.disable()

from ar_tui.cli import main  # noqa: E402

__all__ = ["main"]
