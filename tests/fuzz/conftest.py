"""The fuzz suite's one demo database, built per test process by the real command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.fuzz.harness import Template, db_digest, file_sha, run_cli


@pytest.fixture(scope="session")
def fuzz_template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """`ar-tui db init --demo`, once: whoever runs the tests is its administrator (the CLI
    reads the uid). Every example works on a copy (copying 6 MB is milliseconds)."""
    path = tmp_path_factory.mktemp("fuzz-template") / "demo.db"
    outcome = run_cli("--db", str(path), "db", "init", "--demo")
    assert outcome.code == 0, outcome
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return Template(path, db_digest(path), file_sha(path))


@pytest.fixture(scope="session")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where examples make their private folders (each removed after its example)."""
    return tmp_path_factory.mktemp("fuzz-examples")
