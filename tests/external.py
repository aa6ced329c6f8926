"""The real bank samples in ../shared/external, when a checkout has them beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

EXTERNAL = Path(__file__).resolve().parents[2] / "shared" / "external"


def external(name: str) -> Path:
    """A real sample of ../shared/external; the calling test skips when the folder is absent."""
    if not EXTERNAL.is_dir():
        pytest.skip(
            f"../shared/external is not beside this clone: {EXTERNAL}"
            " (the project's own fixtures cover this case)"
        )
    return EXTERNAL / name
