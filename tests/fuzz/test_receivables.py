"""A receivables extract, mutated as billing extracts break, through `import receivables`.

Refused (exit 2 or 3): one line with a message id, nothing imported. Accepted: every data
row is counted, each listed document is billed at the amount the file states, and the
ledger still balances (`db check`).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from hypothesis import event, given, note
from hypothesis import strategies as st

from tests.fuzz import oracle
from tests.fuzz.harness import (
    Outcome,
    Template,
    assert_unchanged,
    check_contract,
    query,
    run_cli,
    sandbox,
)
from tests.fuzz.mutations import mutated
from tests.fuzz.profiles import fuzz_settings

SEED = Path(__file__).parents[1] / "fixtures" / "receivables" / "extract.csv"
SUMMARY = (
    r"^(?P<name>.*): (?P<rows>\d+) rows; accounts added (?P<added>\d+), updated \d+;"
    r" items added (?P<items_added>\d+), updated (?P<items_updated>\d+),"
    r" unchanged (?P<unchanged>\d+); rejected (?P<rejected>\d+)$"
)


def _rows(body: bytes) -> list[dict[str, str]] | None:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    reader.fieldnames = [n.strip().lower() for n in reader.fieldnames or []]
    return list(reader)


def check_imported(outcome: Outcome, body: bytes, db: Path) -> None:
    assert outcome.err == "", f"an accepted extract printed on stderr\n{outcome}"
    summary = re.match(SUMMARY, outcome.out.splitlines()[0])
    assert summary, f"no summary line\n{outcome}"
    rows = _rows(body)
    assert rows is not None, f"an extract that is not UTF-8 was accepted\n{outcome}"
    assert int(summary["rows"]) == len(rows), f"the file has {len(rows)} data rows\n{outcome}"
    assert int(summary["rejected"]) == 0, outcome
    counted = sum(int(summary[k]) for k in ("items_added", "items_updated", "unchanged"))
    assert counted == len(rows), f"{counted} items counted for {len(rows)} rows\n{outcome}"
    for row in rows:
        billed = oracle.money(row.get("amount") or "")
        if billed is None:
            continue  # a form this oracle does not read
        found = query(
            db,
            "SELECT i.amount_cents FROM items i JOIN accounts a ON a.id = i.account_id"
            " WHERE a.account_number = ? AND i.document_number = ?",
            (row["account_number"].strip(), row["document_number"].strip()),
        )
        assert found == [(billed,)], (
            f"{row['document_number']} billed {found}, the file says {billed}\n{outcome}"
        )
    check = run_cli("--db", str(db), "db", "check")
    assert check.code == 0, f"db check after an accepted extract\n{check}\n{outcome}"


@fuzz_settings()
@given(data=st.data())
def test_a_mutated_extract_is_imported_whole_or_refused_whole(
    fuzz_template: Template, fuzz_dir: Path, data: st.DataObject
) -> None:
    body, how = data.draw(mutated(SEED.read_bytes(), "receivables"), label="mutation")
    note(f"extract.csv after {how}: {body!r}")
    with sandbox(fuzz_template, fuzz_dir) as folder:
        db, path = folder / "ar.db", folder / "extract.csv"
        path.write_bytes(body)
        outcome = run_cli("--db", str(db), "import", "receivables", str(path))
        event(f"exit {outcome.code} {outcome.err.lstrip()[:7]}")
        check_contract(outcome)
        if outcome.code != 0:
            assert outcome.out == "", f"a refusal printed on stdout\n{outcome}"
            assert_unchanged(db, fuzz_template, outcome)
            assert not (folder / "extract.rejects.csv").exists(), outcome
        else:
            check_imported(outcome, body, db)
