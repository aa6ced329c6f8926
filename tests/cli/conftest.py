"""A demo database whose administrator is whoever runs the tests (the CLI reads the uid)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ar_tui.cli import main


@pytest.fixture
def my_demo(tmp_path: Path) -> Path:
    path = tmp_path / "mine.db"
    assert main(["--db", str(path), "db", "init", "--demo"]) == 0
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the command in this process: (exit code, stdout, stderr)."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
