"""Run a few lines of Python in a process of their own and read the JSON they print last:
what a fresh process imports or does cannot be seen from inside the test's own."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any


def in_a_new_process(code: str) -> Any:
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out.splitlines()[-1])
