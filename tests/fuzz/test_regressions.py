"""The smallest inputs the fuzz suite found that broke the contract, each as its own test.

Each names the command, the bytes, and (in its docstring) what the code did before it was
fixed, so the property tests stay green and these say why.
"""

from __future__ import annotations

from pathlib import Path

from tests.bankfiles import Entry, ach
from tests.fuzz.harness import Template, assert_unchanged, check_contract, run_cli, sandbox
from tests.fuzz.test_keymaps_config import tui_without_loop

RECEIVABLES_HEADER = (
    b"account_number,account_name,customer_type,bill_type,line_of_business,state,"
    b"document_number,item_type,due_date,amount\n"
)


def test_a_refused_extract_is_one_line_on_stderr(fuzz_template: Template, fuzz_dir: Path) -> None:
    """Was: `import receivables` printed every bad row ("  line 2: ...") before the AR0507E
    line, two lines for one bad row. The README: errors are one line with a message id."""
    body = RECEIVABLES_HEADER + b"7000001,X,consumer,direct,PL,OH,N-1,premium,2026-11-01,9.999\n"
    with sandbox(fuzz_template, fuzz_dir) as folder:
        path = folder / "ar.csv"
        path.write_bytes(body)
        outcome = run_cli("--db", str(folder / "ar.db"), "import", "receivables", str(path))
        check_contract(outcome)
        assert_unchanged(folder / "ar.db", fuzz_template, outcome)


def test_a_keymap_that_is_not_utf8_is_a_usage_error(
    fuzz_template: Template, fuzz_dir: Path
) -> None:
    """Was: `ar-tui --keymap mine.toml` with one byte that is not UTF-8 exited 70, AR0999E
    INTERNAL ERROR UnicodeDecodeError (keymaps.load caught OSError only)."""
    with sandbox(fuzz_template, fuzz_dir) as folder, tui_without_loop():
        path = folder / "mine.toml"
        path.write_bytes(b"\x80")
        outcome = run_cli("--db", str(folder / "ar.db"), "--keymap", str(path))
        check_contract(outcome)
        assert outcome.code == 2 and outcome.err.startswith("AR0016E"), outcome


def test_a_keymap_setting_name_cannot_add_a_line(fuzz_template: Template, fuzz_dir: Path) -> None:
    """Was: an unknown top-level setting was named unquoted, so a TOML key holding a newline
    made the refusal two lines, the second one any text (here a forged message)."""
    with sandbox(fuzz_template, fuzz_dir) as folder, tui_without_loop():
        path = folder / "mine.toml"
        path.write_bytes(b'name = "x"\n"evil\\nAR0000I FAKE" = 1\n[keys]\n"ar.help" = "f1"\n')
        outcome = run_cli("--db", str(folder / "ar.db"), "--keymap", str(path))
        check_contract(outcome)


def test_a_file_name_cannot_add_a_line(fuzz_template: Template, fuzz_dir: Path) -> None:
    """Was: a bank file whose name holds a newline was named as is by AR0601E, so the
    refusal was two lines on stderr (every message now escapes what is not printable)."""
    bank = Path(__file__).parents[1] / "fixtures" / "bank" / "bai2-bad-total.bai2"
    with sandbox(fuzz_template, fuzz_dir) as folder:
        path = folder / "lockbox\nAR0000I OK.bai2"
        path.write_bytes(bank.read_bytes())
        outcome = run_cli("--db", str(folder / "ar.db"), "import", "payments", str(path))
        check_contract(outcome)
        assert_unchanged(folder / "ar.db", fuzz_template, outcome)


def test_the_same_ach_trace_twice_in_one_file_is_a_file_refusal(
    fuzz_template: Template, fuzz_dir: Path
) -> None:
    """Two entries with one trace number (controls right). Was: `AR0904E DATABASE (the
    database) CANNOT BE USED: UNIQUE CONSTRAINT FAILED: PAYMENTS.BANK_ITEM_KEY`, blaming the
    database and naming no line; a trace number is unique in its file (NACHA)."""
    entry = Entry("27", 1000, "1000234", "THOMAS DONNA", "091000010000101")
    with sandbox(fuzz_template, fuzz_dir) as folder:
        path = folder / "dup.ach"
        path.write_text(ach("261124", [entry, entry]))
        outcome = run_cli("--db", str(folder / "ar.db"), "import", "payments", str(path))
        check_contract(outcome)
        assert_unchanged(folder / "ar.db", fuzz_template, outcome)
        assert outcome.err.startswith("AR0601E dup.ach LINE "), outcome


def test_a_camt_statement_repeated_in_one_file_posts_its_entries_once(
    fuzz_template: Template, fuzz_dir: Path
) -> None:
    """camt053-v2.xml with its <Stmt> twice. Was: AR0904E DATABASE CANNOT BE USED (UNIQUE
    constraint on payments.bank_item_key); now the repeated entry is listed as a duplicate
    of the first and posted once."""
    seed = (Path(__file__).parents[1] / "fixtures" / "bank" / "camt053-v2.xml").read_text()
    start, end = seed.index("    <Stmt>"), seed.index("</Stmt>") + len("</Stmt>\n")
    with sandbox(fuzz_template, fuzz_dir) as folder:
        path = folder / "twice.xml"
        path.write_text(seed[:end] + seed[start:end] + seed[end:])
        outcome = run_cli("--db", str(folder / "ar.db"), "import", "payments", str(path))
        check_contract(outcome)
        assert outcome.code == 0, outcome
        assert "REJECTED 1" in outcome.out and "duplicate: the same bank item as" in outcome.out
