"""Which reader a bank file needs, told from its content, and reading it."""

from __future__ import annotations

import re
from pathlib import Path

from ar_tui.domain.errors import ArError, NotFound, UsageError
from ar_tui.formats import ach, bai2, camt, remittance_csv
from ar_tui.formats.model import BankFile, FileRefused

FORMATS = ("auto", "bai2", "ach", "camt", "csv")
MAX_BYTES = 200 * 1024 * 1024


def detect(data: bytes) -> str | None:
    """The format of `data`, or None when it is none we read."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<"):
        return "camt"
    if re.match(rb"\d\d,", head):
        return "bai2"
    if head.startswith(b"101") or head.startswith(b"1 01"):
        return "ach"
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if remittance_csv.looks_like(text):
        return "csv"
    return None


def read(path: Path, wanted: str = "auto") -> BankFile:
    """Read a bank file of format `wanted` (or detected); refused files raise FileRefused."""
    return parse(read_bytes(path, wanted), path.name, wanted)


def read_bytes(path: Path, wanted: str = "auto") -> bytes:
    """The bytes of a bank file, refused when too large, missing or not a file."""
    _check_format(wanted)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ArError("AR0604E", f"{path.name} IS LARGER THAN {MAX_BYTES // 2**20} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise NotFound("AR0605E", f"FILE {path} NOT FOUND", "file") from None
    except IsADirectoryError:
        raise UsageError("AR0606E", f"{path} IS A FOLDER, NOT A FILE", "file") from None
    except OSError as exc:
        raise ArError("AR0607E", f"FILE {path} CANNOT BE READ: {exc.strerror}", "file") from None


def _check_format(wanted: str) -> None:
    if wanted not in FORMATS:
        raise UsageError(
            "AR0603E", f"FORMAT {wanted!r} IS NOT ONE OF {', '.join(FORMATS)}", "format"
        )


def parse(data: bytes, name: str, wanted: str = "auto") -> BankFile:
    """Read the bytes of bank file `name`, of format `wanted` (or detected)."""
    _check_format(wanted)
    found = detect(data) if wanted == "auto" else wanted
    if found is None:
        raise FileRefused(name, 1, "not a BAI2, ACH, camt.053/054 or remittance CSV file")
    if found == "camt":
        return camt.parse(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    if found == "bai2":
        return bai2.parse(text, name)
    if found == "ach":
        return ach.parse(text, name)
    return remittance_csv.parse(text, name)
