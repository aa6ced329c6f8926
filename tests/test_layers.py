"""The layer rules of DESIGN.md, checked by import-linter's contracts in pyproject.toml."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    done = subprocess.run(
        [lint, "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 kept, 0 broken" in done.stdout


def test_a_session_does_not_load_the_pdf_library_until_a_package_is_written() -> None:
    """fpdf2 (with Pillow and fontTools) costs a session ~20 MB it rarely needs."""
    import subprocess
    import sys

    code = (
        "import sys, ar_tui.app, ar_tui.cli, ar_tui.services.referrals;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fpdf', 'PIL')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
