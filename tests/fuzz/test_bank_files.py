"""Every bank-file fixture, mutated as banks really break them, through `import payments`.

For each example: exit 0, 2 or 3, never a traceback; a refusal is one line with a message
id and changes nothing; a dry run changes nothing and says what the real run then does;
an accepted file's FILE TOTAL and RECEIPTS are what the file itself declares, what posted
plus what went unapplied is the receipts, and `db check` still balances.
"""

from __future__ import annotations

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

BANK = Path(__file__).parents[1] / "fixtures" / "bank"
KIND = {".bai2": "bai2", ".ach": "ach", ".xml": "camt", ".csv": "csv"}
ODD_NAMES = ["LOCKBOX 1124", "lockbox\u00e9", "\u0661\u0662", "x" * 200, "a\rb", "a\nb", "'quoted'",
             "--dry-run", "-", ".hidden", "tab\there", "\u202eevil"]  # fmt: skip
SEEDS = {path.name: path.read_bytes() for path in sorted(BANK.iterdir()) if path.suffix in KIND}


def check_posted(outcome: Outcome, body: bytes, db: Path) -> None:
    """An accepted file: its totals are the file's own, and the books still balance."""
    assert outcome.err == "", f"an accepted file printed on stderr\n{outcome}"
    first = outcome.out.splitlines()[0]
    summary = oracle.SUMMARY.match(first)
    assert summary, f"no summary line\n{outcome}"
    fmt = summary["format"].lower()
    declared, receipts = oracle.declared(fmt, body) or (None, None)
    if declared is not None:
        assert oracle.cents(summary["declared"]) == declared, (
            f"FILE TOTAL is not the file's\n{outcome}"
        )
        assert oracle.cents(summary["receipts"]) == receipts, (
            f"RECEIPTS are not the file's\n{outcome}"
        )
    batch = int(summary["batch"])
    posted, unapplied = oracle.cents(summary["posted"]), oracle.cents(summary["unapplied"])
    (paid, count), = query(
        db, "SELECT coalesce(sum(amount_cents), 0), count(*) FROM payments WHERE batch_id = ?",
        (batch,),
    )  # fmt: skip
    ((control,),) = query(db, "SELECT control_total_cents FROM batches WHERE id = ?", (batch,))
    ((duplicates,),) = query(
        db,
        "SELECT coalesce(sum(amount_cents), 0) FROM batch_exceptions"
        " WHERE batch_id = ? AND kind = 'duplicate'",
        (batch,),
    )
    shown_receipts = oracle.cents(summary["receipts"])
    assert posted + unapplied == paid, (
        f"posted + unapplied {posted + unapplied} != paid {paid}\n{outcome}"
    )
    assert control == shown_receipts, (
        f"the batch's control total {control} is not RECEIPTS\n{outcome}"
    )
    assert shown_receipts - duplicates <= paid <= shown_receipts, (
        f"receipts {shown_receipts} (duplicates {duplicates}) but {paid} paid in\n{outcome}"
    )
    assert count == int(summary["matched"]) + int(summary["unmatched"]), outcome
    check = run_cli("--db", str(db), "db", "check")
    assert check.code == 0, f"db check after an accepted file\n{check}\n{outcome}"


def same_report(dry: Outcome, real: Outcome) -> None:
    """A dry run said what the real run then did."""
    assert dry.code == real.code, f"the dry run and the run disagree\n{dry}\n{real}"
    if real.code != 0:
        assert dry.err == real.err, f"{dry}\n{real}"
        return
    shown = oracle.DRY_SUMMARY.match(dry.out.splitlines()[0])
    done = oracle.SUMMARY.match(real.out.splitlines()[0])
    assert shown and done, f"{dry}\n{real}"
    for field in ("format", "name", "items", "declared", "receipts", "posted", "matched",
                  "unapplied", "unmatched", "returns", "changes", "rejected"):  # fmt: skip
        assert shown[field] == done[field], f"{field} differs\n{dry}\n{real}"


def import_one(template: Template, base: Path, name: str, body: bytes, *, dry_first: bool) -> None:
    with sandbox(template, base) as folder:
        db, path = folder / "ar.db", folder / name
        path.write_bytes(body)
        dry = None
        if dry_first:
            dry = run_cli("--db", str(db), "import", "payments", str(path), "--dry-run")
            check_contract(dry)
            assert_unchanged(db, template, dry)  # a dry run writes nothing
        outcome = run_cli("--db", str(db), "import", "payments", str(path))
        event(f"exit {outcome.code} {outcome.err[:7]}")
        check_contract(outcome)
        if dry is not None:
            same_report(dry, outcome)
        if outcome.code != 0:
            assert outcome.out == "", f"a refusal printed on stdout\n{outcome}"
            assert_unchanged(db, template, outcome)
        else:
            check_posted(outcome, body, db)


@fuzz_settings()
@given(data=st.data())
def test_a_mutated_bank_file_is_posted_whole_or_refused_whole(
    fuzz_template: Template, fuzz_dir: Path, data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(SEEDS)), label="seed")
    body, how = data.draw(mutated(SEEDS[name], KIND[Path(name).suffix]), label="mutation")
    if data.draw(st.integers(0, 9), label="rename") == 0:  # as files arrive: any name
        name = data.draw(st.sampled_from(ODD_NAMES), label="name") + Path(name).suffix
    note(f"{name!r} after {how}: {body!r}")
    import_one(fuzz_template, fuzz_dir, name, body, dry_first=data.draw(st.booleans(), "dry"))


@fuzz_settings()
@given(data=st.data())
def test_the_format_option_reads_any_file_as_any_format(
    fuzz_template: Template, fuzz_dir: Path, data: st.DataObject
) -> None:
    """`--file-format X` forced on another format's file (or a mutated one): refused in one
    line, never a traceback."""
    name = data.draw(st.sampled_from(sorted(SEEDS)), label="seed")
    body = SEEDS[name]
    if data.draw(st.booleans()):
        body, how = data.draw(mutated(body, KIND[Path(name).suffix]), label="mutation")
        note(f"after {how}")
    fmt = data.draw(st.sampled_from(["bai2", "ach", "camt", "csv", "auto", "xml", "BAI2", ""]))
    note(f"{name} as {fmt!r}: {body!r}")
    with sandbox(fuzz_template, fuzz_dir) as folder:
        db, path = folder / "ar.db", folder / name
        path.write_bytes(body)
        outcome = run_cli(
            "--db", str(db), "import", "payments", str(path), "--file-format", fmt, "--dry-run"
        )
        check_contract(outcome)
        assert_unchanged(db, fuzz_template, outcome)
