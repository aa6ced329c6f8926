"""How bank files and billing extracts really go wrong, as hypothesis strategies over bytes.

`mutated(data, seed)` draws one to three mutations and applies them in turn: byte flips,
lines deleted, duplicated or swapped, a cut mid-line or mid-file, a digit changed, a
Unicode digit in place of an ASCII one, a record/type/transaction code changed, a field
or column removed, another encoding or a BOM, other line endings, huge numbers, an empty
file, and (for BAI2 and ACH) an amount changed together with every control total above
it, so that the file still adds up and reaches the posting.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import strategies as st

from ar_tui.domain.ach_codes import TRANSACTION_CODES

# Digits that `str.isdigit()` and `int()` accept but no bank file field is made of.
UNICODE_DIGITS = {
    d: [chr(0x2070 + d) if d not in (1, 2, 3) else "¹²³"[d - 1], chr(0xFF10 + d),
        chr(0x0660 + d), chr(0x0966 + d), chr(0x2460 + d - 1) if d else "⓪"]
    for d in range(10)
}  # fmt: skip
HUGE = [
    "9" * 13, "9" * 15, "9" * 16, "1" + "0" * 15, "9223372036854775807", "9223372036854775808",
    "18446744073709551616", "9" * 40, "0" * 30 + "1", "1e308", "Infinity", "NaN", "-0", "+5",
]  # fmt: skip
BAI2_RECORDS = ["00", "01", "02", "03", "16", "49", "88", "98", "99", "17", "8 ", "1 ", "", "16 "]
BAI2_TYPES = ["000", "010", "099", "100", "115", "142", "195", "399", "400", "475", "699",
              "700", "706", "760", "890", "900", "999", "abc", "1", "1000", "", "٢٠٠"]  # fmt: skip
ACH_RECORDS = list("0123456789 ")
ACH_CODES = [*sorted(TRANSACTION_CODES), "20", "99", "00", "2 ", " 7", "٢٧"]
CAMT_VALUES = ["BOOK", "PDNG", "INFO", "FUTR", "XXXX", "", "book", "CRDT", "DBIT", "CRDT ",
               "true", "false", "maybe", "USD", "EUR", "xx"]  # fmt: skip
CSV_VALUES = ["check", "wire", "ach", "cash", "card", "lockbox", "bitcoin", "", "0", "-1.00",
              "1,000.00", "$5", "12.345", "2026-02-30", "2026-11-25", "2099-01-01",
              "11/24/2026", "=cmd()", '"', "a\nb"]  # fmt: skip
ENCODINGS = ["utf-16", "utf-16-le", "utf-32", "cp1252", "latin-1", "cp500", "utf-8-sig"]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _line_index(draw: st.DrawFn, lines: list[bytes]) -> int:
    return draw(st.integers(0, max(len(lines) - 1, 0)))


@st.composite
def byte_flip(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    at = draw(st.integers(0, len(data) - 1))
    if draw(st.booleans()):
        value = data[at] ^ (1 << draw(st.integers(0, 7)))
    else:
        value = draw(st.integers(0, 255))
    return data[:at] + bytes([value]) + data[at + 1 :]


@st.composite
def delete_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    if not lines:
        return data
    del lines[_line_index(draw, lines)]
    return b"".join(lines)


@st.composite
def duplicate_line(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    if not lines:
        return data
    at = _line_index(draw, lines)
    line = lines[at] if lines[at].endswith((b"\n", b"\r")) else lines[at] + b"\n"
    lines.insert(draw(st.integers(0, len(lines))), line)
    return b"".join(lines)


@st.composite
def swap_lines(draw: st.DrawFn, data: bytes) -> bytes:
    lines = [line.rstrip(b"\r\n") for line in _lines(data)]
    if len(lines) < 2:
        return data
    i, j = _line_index(draw, lines), _line_index(draw, lines)
    lines[i], lines[j] = lines[j], lines[i]
    return b"\n".join(lines) + b"\n"


@st.composite
def truncate(draw: st.DrawFn, data: bytes) -> bytes:
    if not data:
        return data
    if draw(st.booleans()):  # at a line boundary: the tail of the file is missing
        lines = _lines(data)
        return b"".join(lines[: draw(st.integers(0, len(lines) - 1))])
    return data[: draw(st.integers(0, len(data) - 1))]  # mid-line


def _digit_positions(data: bytes) -> list[int]:
    return [i for i, b in enumerate(data) if 0x30 <= b <= 0x39]


@st.composite
def change_digit(draw: st.DrawFn, data: bytes) -> bytes:
    positions = _digit_positions(data)
    if not positions:
        return data
    at = draw(st.sampled_from(positions))
    digit = draw(st.integers(0, 9))
    return data[:at] + str(digit).encode() + data[at + 1 :]


@st.composite
def unicode_digit(draw: st.DrawFn, data: bytes) -> bytes:
    positions = _digit_positions(data)
    if not positions:
        return data
    at = draw(st.sampled_from(positions))
    other = draw(st.sampled_from(UNICODE_DIGITS[data[at] - 0x30]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "latin-1"]))
    try:
        encoded = other.encode(encoding)
    except UnicodeEncodeError:
        encoded = other.encode("utf-8")
    return data[:at] + encoded + data[at + 1 :]


@st.composite
def huge_number(draw: st.DrawFn, data: bytes) -> bytes:
    runs = [m.span() for m in re.finditer(rb"[0-9]+(?:\.[0-9]+)?", data)]
    if not runs:
        return data
    start, end = draw(st.sampled_from(runs))
    return data[:start] + draw(st.sampled_from(HUGE)).encode() + data[end:]


@st.composite
def remove_field(draw: st.DrawFn, data: bytes) -> bytes:
    """A comma-separated field of one line goes (BAI2, CSV); for fixed-width records
    (ACH) a slice of the line goes and the rest shifts left."""
    lines = _lines(data)
    if not lines:
        return data
    at = _line_index(draw, lines)
    line = lines[at]
    if b"," in line:
        end = len(line) - len(line.rstrip(b"\r\n"))
        body, eol = (line[:-end], line[-end:]) if end else (line, b"")
        fields = body.split(b",")
        del fields[draw(st.integers(0, len(fields) - 1))]
        lines[at] = b",".join(fields) + eol
    else:
        start = draw(st.integers(0, max(len(line) - 1, 0)))
        lines[at] = line[:start] + line[start + draw(st.integers(1, 20)) :]
    return b"".join(lines)


@st.composite
def remove_column(draw: st.DrawFn, data: bytes) -> bytes:
    """A column of a CSV goes from the header and every row (quoted commas kept)."""
    import csv
    import io

    try:
        text = data.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except (UnicodeDecodeError, csv.Error):
        return data
    if not rows or not rows[0]:
        return data
    column = draw(st.integers(0, len(rows[0]) - 1))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        writer.writerow([v for i, v in enumerate(row) if i != column])
    return out.getvalue().encode("utf-8")


@st.composite
def change_code(draw: st.DrawFn, data: bytes) -> bytes:
    """A record code, a BAI2 type code, an ACH transaction or record code, a camt status or
    indicator, a CSV method or value: replaced by a neighbour, valid or not."""
    lines = _lines(data)
    if not lines:
        return data
    at = _line_index(draw, lines)
    line = lines[at].decode("latin-1")
    if re.match(r"\d\d,", line):  # BAI2
        if line.startswith("16,") and draw(st.booleans()):
            fields = line.split(",")
            fields[1] = draw(st.sampled_from(BAI2_TYPES))
            line = ",".join(fields)
        else:
            line = draw(st.sampled_from(BAI2_RECORDS)) + line[2:]
    elif "<" in line:  # camt: the text of one element
        m = re.search(r">([^<]*)<", line)
        if m:
            line = line[: m.start(1)] + draw(st.sampled_from(CAMT_VALUES)) + line[m.end(1) :]
    elif "," in line:  # CSV
        fields = line.rstrip("\r\n").split(",")
        fields[draw(st.integers(0, len(fields) - 1))] = draw(st.sampled_from(CSV_VALUES))
        line = ",".join(fields) + line[len(line.rstrip("\r\n")) :]
    elif line[:1].isdigit():  # ACH: record type, or an entry's transaction code
        if line.startswith("6") and draw(st.booleans()):
            line = line[0] + draw(st.sampled_from(ACH_CODES)) + line[3:]
        elif line.startswith("7") and draw(st.booleans()):
            line = line[0] + draw(st.sampled_from(["05", "98", "99", "10", "19", "00"])) + line[3:]
        else:
            line = draw(st.sampled_from(ACH_RECORDS)) + line[1:]
    lines[at] = line.encode("latin-1", errors="replace") if line.isascii() else line.encode()
    return b"".join(lines)


@st.composite
def reencode(draw: st.DrawFn, data: bytes) -> bytes:
    """Another encoding, a byte order mark, or a Latin-1 / Windows byte in a name."""
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return b"\xef\xbb\xbf" + data
    if choice == 1:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return data
        encoding = draw(st.sampled_from(ENCODINGS))
        return text.encode(encoding, errors="replace")
    at = draw(st.integers(0, len(data)))
    extra = draw(st.sampled_from([b"\xe9", b"\x93", b"\xc3\xa9", b"\xff\xfe", b"\x00", b"\xa0",
                                  "Ü".encode(), "\u2028".encode(), b"\x1c", b"\x0c"]))  # fmt: skip
    return data[:at] + extra + data[at:]


@st.composite
def line_endings(draw: st.DrawFn, data: bytes) -> bytes:
    lines = [line.rstrip(b"\r\n") for line in _lines(data)]
    ending = draw(st.sampled_from([b"\r\n", b"\n", b"\r", b"\n\n", b"\r\r\n"]))
    if draw(st.booleans()):
        return ending.join(lines) + (ending if draw(st.booleans()) else b"")
    if not lines:
        return data
    at = _line_index(draw, lines)  # one line ends otherwise than the others
    return b"".join(line + (ending if i == at else b"\n") for i, line in enumerate(lines))


@st.composite
def trailing_space(draw: st.DrawFn, data: bytes) -> bytes:
    lines = _lines(data)
    if not lines:
        return data
    at = _line_index(draw, lines)
    line = lines[at]
    body = line.rstrip(b"\r\n")
    pad = draw(st.sampled_from([b" ", b"  ", b"\t", b" /", b"/"]))
    lines[at] = body + pad + line[len(body) :]
    return b"".join(lines)


@st.composite
def empty(draw: st.DrawFn, data: bytes) -> bytes:
    return draw(st.sampled_from([b"", b"\n", b"\r\n", b"   \n", b"\xef\xbb\xbf", b"\x00",
                                 data[:1], data.splitlines(keepends=True)[0] if data else b""]))  # fmt: skip


def _set_number(text: str, start: int, end: int, value: int, width: int | None = None) -> str:
    body = f"{value:0{width}d}" if width else str(value)
    return text[:start] + body + text[end:]


@st.composite
def bai2_amount_kept_in_balance(draw: st.DrawFn, data: bytes) -> bytes:
    """A 16 detail's amount changes and so do the 49, 98 and 99 totals after it: the file
    still adds up, as when a bank's own system keyed the wrong amount."""
    text = data.decode("latin-1")
    lines = text.split("\n")
    details = [i for i, line in enumerate(lines) if line.startswith("16,")]
    if not details:
        return data
    at = draw(st.sampled_from(details))
    fields = lines[at].split(",")
    if len(fields) < 3 or not fields[2].strip().lstrip("+-").isdigit():
        return data
    old = int(fields[2])
    new = draw(st.one_of(st.integers(0, 10**6), st.integers(0, 10**15 - 1), st.just(old + 1)))
    fields[2] = str(new)
    lines[at] = ",".join(fields)
    delta = new - old
    for code in ("49,", "98,", "99,"):
        for j in range(at + 1, len(lines)):
            if lines[j].startswith(code):
                parts = lines[j].split(",")
                body = parts[1].strip()
                if body.lstrip("+-").isdigit():
                    total = int(body) + delta
                    signed = body.startswith("+")
                    parts[1] = ("+" if signed and total >= 0 else "") + str(total)
                    lines[j] = ",".join(parts)
                break
    return "\n".join(lines).encode("latin-1")


@st.composite
def ach_amount_kept_in_balance(draw: st.DrawFn, data: bytes) -> bytes:
    """An entry's amount changes and so do its batch's and the file's control totals."""
    text = data.decode("latin-1")
    lines = text.split("\n")
    entries = [i for i, line in enumerate(lines) if line.startswith("6") and len(line) >= 39]
    if not entries:
        return data
    at = draw(st.sampled_from(entries))
    line = lines[at]
    info = TRANSACTION_CODES.get(line[1:3])
    if info is None or not line[29:39].isdigit():
        return data
    old = int(line[29:39])
    new = draw(st.one_of(st.integers(0, 10**6), st.integers(0, 10**10 - 1), st.just(old + 1)))
    lines[at] = _set_number(line, 29, 39, new, 10)
    delta = new - old
    debit = info.side == "debit"
    span = (20, 32) if debit else (32, 44)
    for j in range(at + 1, len(lines)):
        if lines[j].startswith("8") and lines[j][span[0] : span[1]].isdigit():
            total = int(lines[j][span[0] : span[1]]) + delta
            if 0 <= total < 10**12:
                lines[j] = _set_number(lines[j], *span, total, 12)
            break
    span = (31, 43) if debit else (43, 55)
    for j in range(at + 1, len(lines)):
        if lines[j].startswith("9") and not lines[j].startswith("999"):
            if lines[j][span[0] : span[1]].isdigit():
                total = int(lines[j][span[0] : span[1]]) + delta
                if 0 <= total < 10**12:
                    lines[j] = _set_number(lines[j], *span, total, 12)
            break
    return "\n".join(lines).encode("latin-1")


@st.composite
def change_letter(draw: st.DrawFn, data: bytes) -> bytes:
    """A letter of a name or a text changes (to another letter, or a non-ASCII one)."""
    positions = [i for i, b in enumerate(data) if 0x41 <= b <= 0x5A]
    if not positions:
        return data
    at = draw(st.sampled_from(positions))
    other = draw(st.sampled_from(["Q", "X", "É", "ß", "Ж", "\u0130", "\ufb01", ",", "/", '"']))
    return data[:at] + other.encode() + data[at + 1 :]


def bom(data: bytes) -> st.SearchStrategy[bytes]:
    return st.just(b"\xef\xbb\xbf" + data)


GENERIC: list[Callable[[bytes], st.SearchStrategy[bytes]]] = [
    byte_flip, delete_line, duplicate_line, swap_lines, truncate, change_digit,
    unicode_digit, huge_number, remove_field, change_code, reencode, line_endings,
    trailing_space, empty, change_letter,
]  # fmt: skip
# Mutations that keep a file acceptable more often, so that posting is fuzzed too.
GENTLE: list[Callable[[bytes], st.SearchStrategy[bytes]]] = [
    line_endings,
    trailing_space,
    change_letter,
    bom,
]
BY_FORMAT: dict[str, list[Callable[[bytes], st.SearchStrategy[bytes]]]] = {
    "bai2": [bai2_amount_kept_in_balance, bai2_amount_kept_in_balance],
    "ach": [ach_amount_kept_in_balance, ach_amount_kept_in_balance],
    "csv": [remove_column, change_digit],
    "camt": [change_digit],
    "receivables": [remove_column, remove_column],
    "toml": [],
}


@st.composite
def mutated(draw: st.DrawFn, data: bytes, kind: str) -> tuple[bytes, list[str]]:
    """`data` after one to three mutations, and their names (for the failure report)."""
    if draw(st.integers(0, 9)) < 4:  # gentle: the file may well still be accepted
        choices = GENTLE + BY_FORMAT.get(kind, []) * 2
    else:
        choices = GENERIC + GENTLE + BY_FORMAT.get(kind, [])
    names = []
    for _ in range(draw(st.integers(1, 3))):
        mutation = draw(st.sampled_from(choices))
        names.append(mutation.__name__)
        data = draw(mutation(data))
    return data, names
