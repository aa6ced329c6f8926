"""The real `ar-tui` command in a real terminal (tmux at 80x24): type a code, read the screen."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from ar_tui.cli import main


def _tmux_or_skip() -> str:
    found = shutil.which("tmux")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("tmux is required for the end-to-end tests in CI (.ci/run installs it)")
        pytest.skip("tmux is not installed")
    return found


class Terminal:
    """A tmux session of 80x24 running one command."""

    def __init__(
        self, tmux: str, command: list[str], env: dict[str, str], size: tuple[int, int] = (80, 24)
    ) -> None:
        self.name = f"artui-{uuid.uuid4().hex[:8]}"
        # A tmux server of its own (-L): a server that another test's last session is
        # shutting down refuses a new session ("server exited unexpectedly").
        self.tmux = [tmux, "-L", self.name]
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        # COLUMNS and LINES from the test process would override the real terminal size.
        command_line = f"env -u COLUMNS -u LINES {exports} {shlex.join(command)}"
        shell = f"{command_line}; echo EXITED $?; sleep 60"
        subprocess.run(
            [
                *self.tmux,
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(size[0]),
                "-y",
                str(size[1]),
                shell,
            ],
            check=True,
        )

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        done = subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.name],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        return done.stdout

    def wait_for(self, text: str, timeout: float = 20.0) -> str:
        """The screen once `text` is on it."""
        deadline = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if text in shown:
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")
            time.sleep(0.3)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], check=False)


@pytest.fixture
def terminal_db(tmp_path: Path) -> Path:
    path = tmp_path / "e2e.db"
    assert main(["--db", str(path), "db", "init", "--demo"]) == 0
    return path


@pytest.fixture
def terminal(terminal_db: Path) -> Iterator[Terminal]:
    tmux = _tmux_or_skip()
    env = {"TERM": "xterm-256color", "AR_TUI_DB": str(terminal_db)}
    term = Terminal(tmux, [sys.executable, "-m", "ar_tui"], env)
    yield term
    term.close()


@pytest.mark.xdist_group("tmux")
def test_type_a_code_and_an_account_and_read_the_screen(terminal: Terminal) -> None:
    first = terminal.wait_for("MENU  AR COLLECTIONS - MAIN MENU")
    assert first.splitlines()[0].startswith("MENU  AR COLLECTIONS - MAIN MENU")
    assert "BUS DATE 11/25/2026" in first
    terminal.wait_for("PF1=Help")
    terminal.keys("ACIQ 1000234", "Enter")
    terminal.wait_for("ACCOUNT 1000234")
    shown = terminal.wait_for("OVER 120")
    lines = shown.splitlines()
    assert lines[0].startswith("ACIQ  ACCOUNT INQUIRY")
    assert "BALANCE $" in shown and "OVER 120" in shown
    assert lines[-2].startswith("PF1=Help PF3=Exit") or lines[-1].startswith("PF1=Help")
    terminal.keys("F11")
    terminal.wait_for("ITEM  OPEN ITEMS")
    terminal.keys("F3")
    terminal.wait_for("MENU  AR COLLECTIONS")
    terminal.keys("F3")
    terminal.wait_for("EXITED 0")


@pytest.mark.xdist_group("tmux")
def test_too_small_a_terminal_says_so_and_recovers(terminal_db: Path) -> None:
    """Opened in a 70x20 window the app asks to be enlarged; enlarged, the frame comes back."""
    env = {"TERM": "xterm-256color", "AR_TUI_DB": str(terminal_db)}
    term = Terminal(_tmux_or_skip(), [sys.executable, "-m", "ar_tui"], env, size=(70, 20))
    try:
        shown = term.wait_for("ENLARGE THE WINDOW TO AT LEAST 80X24")
        assert "COMMAND ===>" not in shown
        subprocess.run(
            [*term.tmux, "resize-window", "-t", term.name, "-x", "80", "-y", "24"], check=True
        )
        term.wait_for("PF1=Help")
    finally:
        term.close()
