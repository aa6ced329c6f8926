"""The `ar-tui` command: alone it opens the TUI; sub-commands run the same services in batch."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from ar_tui import __version__, cli_boundary, cli_host, config
from ar_tui.domain.dates import parse_until
from ar_tui.domain.display import format_money
from ar_tui.domain.errors import ArError, ExitCode, UsageError, internal_error
from ar_tui.domain.models import ROLES
from ar_tui.domain.money import cents_to_str, parse_money
from ar_tui.domain.permissions import LIMIT_KINDS
from ar_tui.domain.search import SEARCH_KINDS
from ar_tui.lazy import lazy
from ar_tui.services.session import Session, database_refusal, open_session

if TYPE_CHECKING:
    from ar_tui import cli_cases
    from ar_tui.services import (
        accounts,
        admin,
        approvals,
        arrangements,
        batches,
        contacts,
        databases,
        files,
        identity,
        integrity,
        limits,
        locks,
        nightly,
        operators,
        payments,
        queue,
        receivables,
        settlements,
        writeoffs,
    )
else:  # imported by the commands that use them: `ar-tui` alone opens the TUI sooner
    cli_cases = lazy("ar_tui.cli_cases")
    accounts = lazy("ar_tui.services.accounts")
    admin = lazy("ar_tui.services.admin")
    approvals = lazy("ar_tui.services.approvals")
    arrangements = lazy("ar_tui.services.arrangements")
    batches = lazy("ar_tui.services.batches")
    contacts = lazy("ar_tui.services.contacts")
    databases = lazy("ar_tui.services.databases")
    files = lazy("ar_tui.services.files")
    identity = lazy("ar_tui.services.identity")
    integrity = lazy("ar_tui.services.integrity")
    limits = lazy("ar_tui.services.limits")
    locks = lazy("ar_tui.services.locks")
    nightly = lazy("ar_tui.services.nightly")
    operators = lazy("ar_tui.services.operators")
    payments = lazy("ar_tui.services.payments")
    queue = lazy("ar_tui.services.queue")
    receivables = lazy("ar_tui.services.receivables")
    settlements = lazy("ar_tui.services.settlements")
    writeoffs = lazy("ar_tui.services.writeoffs")

BANK_FORMATS = ("auto", "bai2", "ach", "camt", "csv")
OUTPUT_FORMATS = ("text", "json")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2, and takes the global
    options (--db, --theme, --keymap, --format) before or after any sub-command."""

    def __init__(self, *args: Any, top: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Below the top, an option not given leaves the top's value alone.
        default = None if top else argparse.SUPPRESS
        self.add_argument("--db", default=default, help="database file (see `config show`)")
        self.add_argument("--theme", choices=config.THEMES, default=default, help="colour theme")
        self.add_argument(
            "--keymap", default=default, help="PF-key profile: 3270, esc, or a TOML file"
        )
        self.add_argument(
            "--format", choices=OUTPUT_FORMATS, default=default, help="output: text or json"
        )

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"AR0002E {self.prog}: {message} (see {self.prog} --help)\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _positive_int(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


# The options `ar-tui` takes before any command, and those of them that take a value.
_TOP_FLAGS = ("--demo",)
_TOP_VALUES = ("--db", "--theme", "--keymap", "--format")


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether `argv` holds more than the options that open the TUI (a command, --help,
    --version, or anything the full parser must judge)."""
    value_next = False
    for token in argv:
        if value_next:
            value_next = False
        elif token in _TOP_VALUES:
            value_next = True
        elif token not in _TOP_FLAGS and token.split("=", 1)[0] not in _TOP_VALUES:
            return True
    return False


def build_parser(commands: bool = True) -> argparse.ArgumentParser:
    """The `ar-tui` parser; without `commands` only the options that open the TUI (the
    sub-commands' parsers, and what they import, are not built for it)."""
    parser = _Parser(
        prog="ar-tui",
        description="Green-screen accounts-receivable collections. With no command, opens the TUI.",
        top=True,
    )
    parser.add_argument("--version", action="version", version=f"ar-tui {__version__}")
    parser.add_argument("--demo", action="store_true", help="open the demo database, creating it")
    if not commands:
        parser.set_defaults(command=None)
        return parser
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    db = sub.add_parser("db", help="create databases").add_subparsers(dest="db_command")
    init = db.add_parser("init", help="create an empty database (or the demo with --demo)")
    init.add_argument("--demo", action="store_true", dest="with_demo")
    init.add_argument("--business-date", type=_date, help="starting business date")
    db.add_parser("check", help="verify that the ledger balances for every account")
    set_date = db.add_parser("set-date", help="move the business date (administrators)")
    set_date.add_argument("date", type=_date)
    seed = db.add_parser("seed", help="create a large generated database for benchmarks")
    seed.add_argument("--accounts", type=_positive_int, required=True)
    seed.add_argument("--seed", type=int, default=1)
    seed.add_argument("--business-date", type=_date, default=databases.DEMO_BUSINESS_DATE)

    settings_parser = sub.add_parser("settings", help="database settings").add_subparsers(
        dest="settings_command"
    )
    setting = settings_parser.add_parser("set", help="change a company policy or locale setting")
    setting.add_argument("name")
    setting.add_argument("value")

    op = sub.add_parser("operator", help="manage operators").add_subparsers(dest="op_command")
    add = op.add_parser("add", help="let an OS login use this database")
    add.add_argument("login")
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--name")
    add.add_argument("--limit", help="one daily limit for every kind the role spends, e.g. 500.00")
    set_limit = op.add_parser("limit", help="set an operator's daily limit of one kind")
    set_limit.add_argument("login")
    set_limit.add_argument("kind", choices=LIMIT_KINDS)
    set_limit.add_argument("amount")
    shown_limits = sub.add_parser("limits", help="daily limits and what is used of them today")
    shown_limits.add_argument("--operator", help="whose (administrators; default: yours)")
    sub.add_parser("roles", help="the roles and limits table")
    cfg = sub.add_parser("config", help="where settings come from").add_subparsers(
        dest="config_command"
    )
    cfg.add_parser("show", help="each setting, its value and where it came from")
    find = sub.add_parser("find", help="find accounts: number, name, policy, phone or agency")
    find.add_argument("text")
    find.add_argument("--by", choices=SEARCH_KINDS, help="search only this kind of key")
    find.add_argument("--limit", type=_positive_int, default=15)
    cli_host.add_parsers(sub)

    imp = sub.add_parser("import", help="load files").add_subparsers(dest="import_command")
    rec = imp.add_parser("receivables", help="load open items from a CSV extract")
    rec.add_argument("file", help="the extract, or - for standard input")
    rec.add_argument("--file-name", dest="file_name", help="with -: the name to record")
    rec.add_argument("--skip-bad", action="store_true", help="import good rows, reject bad ones")
    rec.add_argument("--rejects", type=Path, help="where bad rows go (default FILE.rejects.csv)")

    pay = imp.add_parser(
        "payments", help="post a bank file (BAI2, ACH, camt.053/054, CSV)",
        conflict_handler="resolve",
    )  # fmt: skip
    pay.add_argument("file", help="the bank file, or - for standard input")
    pay.add_argument("--file-name", dest="file_name", help="with -: the name to record")
    pay.add_argument("--file-format", choices=BANK_FORMATS, default="auto", dest="file_format")
    # `--format bai2` is how this command named the file's format first: it still does.
    pay.add_argument(
        "--format", choices=OUTPUT_FORMATS + BANK_FORMATS, default=argparse.SUPPRESS,
        help="output text|json, or the file's format (same as --file-format)",
    )  # fmt: skip
    pay.add_argument("--dry-run", action="store_true", help="show what would post; post nothing")

    post = sub.add_parser("post", help="post one payment to an account")
    post.add_argument("account")
    post.add_argument("amount")
    post.add_argument("--method", required=True, help="check, ach, card, wire, agency ...")
    post.add_argument("--ref", default="", help="check number, trace or other reference")
    post.add_argument("--date", type=_date, help="received date (default: the business date)")
    post.add_argument("--items", default="", help="document numbers to pay first, comma separated")
    post.add_argument(
        "--duplicate", action="store_true",
        help="post it although the same amount and reference was posted to the account lately",
    )  # fmt: skip

    payment = sub.add_parser("payment", help="work posted payments").add_subparsers(
        dest="payment_command"
    )
    reverse = payment.add_parser("reverse", help="reverse a payment with a reason")
    reverse.add_argument("receipt")
    reverse.add_argument("--reason", required=True, help="nsf, stop_payment, posted_in_error ...")
    apply = payment.add_parser("apply", help="apply a payment's unapplied cash to an account")
    apply.add_argument("receipt")
    apply.add_argument("account")
    apply.add_argument("--items", default="", help="document numbers, comma separated")
    apply.add_argument("--amount", help="part of the unapplied cash (default: all of it)")
    transfer = payment.add_parser("transfer", help="move a misapplied payment to another account")
    transfer.add_argument("receipt")
    transfer.add_argument("account")

    contact = sub.add_parser("contact", help="the contact log").add_subparsers(
        dest="contact_command"
    )
    log = contact.add_parser("log", help="record a contact (the contact rules are enforced)")
    log.add_argument("account")
    log.add_argument("--channel", required=True, help="call, email, letter, text or inbound")
    log.add_argument("--outcome", required=True, help="right_party, left_message, no_answer ...")
    log.add_argument(
        "--party", default="insured", help="insured, agent, attorney, court, third_party"
    )
    log.add_argument("--note", default="")
    log.add_argument("--follow-up", type=_date, dest="follow_up")
    log.add_argument("--override", help="a supervisor's reason to record it despite a rule")

    promise = sub.add_parser("promise", help="record a promise to pay")
    promise.add_argument("account")
    promise.add_argument("amount")
    promise.add_argument("date", type=_date)
    promise.add_argument("--channel", default="call")
    plan = sub.add_parser("plan", help="installment plans").add_subparsers(dest="plan_command")
    create = plan.add_parser("create", help="set up an installment plan")
    create.add_argument("account")
    create.add_argument("--total", required=True)
    create.add_argument("--down", default="0")
    create.add_argument("--count", type=_positive_int, required=True)
    create.add_argument("--every", required=True, choices=("weekly", "biweekly", "monthly"))
    create.add_argument("--first", type=_date, required=True)

    settlement = sub.add_parser("settlement", help="settlement offers").add_subparsers(
        dest="settlement_command"
    )
    offer = settlement.add_parser("offer", help="offer to settle for less than the balance")
    offer.add_argument("account")
    offer.add_argument("offer", help="an amount, or a percentage of the balance such as 60%%")
    offer.add_argument("--due", type=_date, required=True, help="date the offer must be paid by")

    woff = sub.add_parser("writeoff", help="write off (charge off) part or all of a balance")
    woff.add_argument("account")
    woff.add_argument("amount")
    woff.add_argument("--reason", required=True, help="uncollectible, small_balance, other ...")

    approve = sub.add_parser("approve", help="approve a request waiting for a supervisor")
    approve.add_argument("id", type=_positive_int)
    approve.add_argument("--reject", action="store_true", help="say no instead")
    approve.add_argument("--note", default="")
    sub.add_parser("approvals", help="list the requests waiting for approval")

    lock = sub.add_parser("lock", help="account locks").add_subparsers(dest="lock_command")
    release = lock.add_parser("release", help="free an account another operator holds")
    release.add_argument("account")
    release.add_argument("--reason", required=True, help="why (1 to 60 characters; audited)")
    lock.add_parser("list", help="which session holds which account, since when")

    batch = sub.add_parser("batch", help="batch jobs").add_subparsers(dest="batch_command")
    nightly_parser = batch.add_parser("nightly", help="close the business day and open the next")
    nightly_parser.add_argument("--as-of", type=_date, dest="as_of", help="the day to close")
    resume_parser = batch.add_parser("resume", help="finish posting a batch a crash cut short")
    resume_parser.add_argument("id", type=_positive_int, help="the batch (BTCH lists it POSTING)")

    queue = sub.add_parser("queue", help="the work queue").add_subparsers(dest="queue_command")
    next_parser = queue.add_parser("next", help="print the next account to work, or nothing")
    next_parser.add_argument("--operator", help="whose queue (default: yours)")
    postpone = queue.add_parser(
        "postpone", help="keep an account out of PF6 until a time or a day, with a reason"
    )
    postpone.add_argument("account")
    postpone.add_argument(
        "--until", required=True,
        help="HH:MM in the customer's time zone, a date (YYYY-MM-DD), or a date and HH:MM",
    )  # fmt: skip
    postpone.add_argument("--reason", required=True, help="why (shown on WORK and FOLW)")
    follow = queue.add_parser("follow-ups", help="print today's follow-ups and callbacks")
    follow.add_argument("--queue", default="mine", help="mine (default), team or all")

    cli_cases.add_parsers(sub, _date, _positive_int)

    acct = sub.add_parser("account", help="read accounts").add_subparsers(dest="account_command")
    show = acct.add_parser("show", help="print one account")
    show.add_argument("number")
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    return Path(args.config.db)


# The sessions a command opened: closed when it ends, whatever way it ends.
_OPENED: list[Session] = []


def _session(args: argparse.Namespace) -> Session:
    session = open_session(_db_path(args), as_invoker=args.invoker)
    _OPENED.append(session)
    return session


def _close_sessions() -> None:
    while _OPENED:
        _OPENED.pop().store.close()


def _db_init(args: argparse.Namespace) -> int:
    path = _db_path(args)
    login = args.invoker.login
    if args.with_demo:
        counts = databases.demo_database(path, login)
        print(f"created demo database {path}: {counts.accounts} accounts, {counts.items} items")
    else:
        databases.init_database(path, login, args.business_date)
        print(f"created database {path}; {login} is its administrator")
    return 0


def _db_seed(args: argparse.Namespace) -> int:
    path = _db_path(args)
    counts = databases.build_portfolio(
        path,
        args.invoker.login,
        accounts=args.accounts,
        seed=args.seed,
        business_date=args.business_date,
        demo=False,
        progress=lambda n: (
            print(f"  {n:,} accounts", file=sys.stderr) if n % 200_000 == 0 else None
        ),
    )
    print(
        f"created {path}: {counts.accounts:,} accounts, {counts.items:,} items,"
        f" {counts.policies:,} policies, {counts.contacts:,} contacts"
    )
    return 0


def _operator_add(args: argparse.Namespace) -> int:
    session = _session(args)
    limit = parse_money(args.limit) if args.limit else None
    operator = operators.add_operator(session, args.login, args.role, args.name, limit)
    print(f"operator {operator.login} added as {operator.role}")
    return 0


def _operator_limit(args: argparse.Namespace) -> int:
    limits.set_limit(_session(args), args.login, args.kind, parse_money(args.amount))
    print(f"{args.login} {args.kind} limit {cents_to_str(parse_money(args.amount))} a day")
    return 0


def _limits(args: argparse.Namespace) -> int:
    session = _session(args)
    if args.operator and args.operator != session.operator.login:
        session.require("operator.limit", subject=args.operator)
    lines = limits.limits_of(session, args.operator)
    rows = [
        {"kind": line.kind, "daily": cents_to_str(line.daily_cents),
         "used_today": cents_to_str(line.used_cents),
         "left_today": cents_to_str(max(0, line.daily_cents - line.used_cents))}
        for line in lines
    ]  # fmt: skip
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    for row in rows:
        print(f"{row['kind']:<20} {row['daily']:>14} used {row['used_today']:>14}"
              f" left {row['left_today']:>14}")  # fmt: skip
    return 0


def _roles(args: argparse.Namespace) -> int:
    from ar_tui.domain.permissions import ACTIONS, ROLES, roles_for

    if args.format == "json":
        print(json.dumps(
            [{"action": a.id, "what": a.what, "roles": list(roles_for(a.id)), "limit": a.limit,
              "account_lock": a.account} for a in ACTIONS.values()], indent=2,
        ))  # fmt: skip
        return 0
    print(f"{'action':<20} " + " ".join(f"{r[:5]:<5}" for r in ROLES) + "  limit")
    for action in ACTIONS.values():
        marks = " ".join(f"{'yes' if r in action.roles else '-':<5}" for r in ROLES)
        print(f"{action.id:<20} {marks}  {action.limit or ''}")
    return 0


def _config_show(args: argparse.Namespace) -> int:
    rows = config.shown(args.config)
    if args.format == "json":
        print(json.dumps([{"name": n, "value": v, "source": w} for n, v, w in rows], indent=2))
        return 0
    for name, value, where in rows:
        print(f"{name:<13} {value or '-':<40} {where}")
    return 0


def _find(args: argparse.Namespace) -> int:
    session = _session(args)
    kind, page = accounts.search(session, args.text, args.by, limit=args.limit)
    found = [
        {"account_number": a.account_number, "name": a.name, "customer_type": a.customer_type,
         "state": a.state, "collection_status": a.collection_status,
         "balance": cents_to_str(a.balance_cents), "matched_on": a.matched_on}
        for a in page.rows
    ]  # fmt: skip
    if args.format == "json":
        print(json.dumps({"by": kind, "accounts": found, "more": page.has_more}, indent=2))
        return 0
    for a in found:
        print(f"{a['account_number']:<12} {a['name'][:32]:<32} {a['state']:<2}"
              f" {a['collection_status'][:12]:<12} {a['balance']:>14}")  # fmt: skip
    if not found:
        print(f"no account matches {args.text!r} by {kind}", file=sys.stderr)
        return int(ExitCode.NOT_FOUND)
    return 0


def _import_receivables(args: argparse.Namespace) -> int:
    session = _session(args)
    # A refused extract is the one AR0507E line: it names the first bad rows and their count
    # (`--skip-bad` writes every bad row, with its reason, to a reject file).
    with cli_boundary.the_file(args) as (path, handed_over):
        report = receivables.import_receivables(
            session, path, skip_bad=args.skip_bad, reject_path=args.rejects,
            already_handed=handed_over,
        )  # fmt: skip
    name = files.safe_name(args.file_name or "stdin") if args.file == "-" else Path(args.file).name
    print(
        f"{name}: {report.rows} rows; accounts added {report.accounts_added},"
        f" updated {report.accounts_updated}; items added {report.items_added},"
        f" updated {report.items_updated}, unchanged {report.items_unchanged};"
        f" rejected {report.rejected}"
    )
    if report.items_absent:
        print(f"{report.items_absent} open items of these accounts are not in the file (left open)")
    if report.reject_file:
        print(f"bad rows written to {report.reject_file}")
    return 0


def _import_payments(args: argparse.Namespace) -> int:
    session = _session(args)
    with cli_boundary.the_file(args) as (path, handed_over):
        report = batches.import_payments(
            session, path, args.file_format, dry_run=args.dry_run, already_handed=handed_over
        )
    if args.format != "json":
        for finished in report.resumed:
            print(finished.line())
    return _print_batch(args, report)


def _batch_resume(args: argparse.Namespace) -> int:
    return _print_batch(args, batches.resume(_session(args), args.id))


def _print_batch(args: argparse.Namespace, report: batches.BatchReport) -> int:
    if args.format == "json":
        print(json.dumps({
            "batch": report.batch_id, "file": report.file_name, "format": report.format,
            "items": report.items, "control": cents_to_str(report.control_total_cents),
            "posted": cents_to_str(report.posted_cents), "matched": report.matched,
            "unapplied": cents_to_str(report.unapplied_cents), "unmatched": report.unmatched,
            "returns": report.returns, "changes": report.changes, "dry_run": report.dry_run,
            "status": report.status, "resumed": [r.batch_id for r in report.resumed],
            "exceptions": [{"line": e.line, "kind": e.kind, "amount": cents_to_str(e.amount_cents),
                            "reference": e.reference, "reason": e.reason}
                           for e in report.exceptions],
        }, indent=2))  # fmt: skip
        return 0
    print(report.line())
    for exception in report.exceptions[:20]:
        line = f"line {exception.line}: " if exception.line else ""
        print(f"  {line}{exception.kind}: {exception.reason}")
    if len(report.exceptions) > 20:
        print(f"  ... and {len(report.exceptions) - 20} more exceptions")
    return 0


def _documents(text: str) -> tuple[str, ...]:
    return tuple(d.strip() for d in text.split(",") if d.strip())


def _post(args: argparse.Namespace) -> int:
    session = _session(args)
    with locks.working_on(session, args.account, "post"):
        result = _post_in(args, session)
    print(result.receipt)
    if result.review_flag:
        print(f"flagged: {result.review_flag}", file=sys.stderr)
    return 0


def _post_in(args: argparse.Namespace, session: Session) -> payments.PaymentResult:
    return payments.post_payment(
        session,
        args.account,
        parse_money(args.amount),
        args.method,
        args.ref,
        args.date,
        documents=_documents(args.items),
        source="post",
        duplicate_ok=args.duplicate,
    )


def _payment_reverse(args: argparse.Namespace) -> int:
    done = payments.reverse_payment(_session(args), args.receipt, args.reason)
    if done.approval_id:
        print(f"{done.receipt} waits for approval {done.approval_id} (over your reversal limit)")
    else:
        print(f"{done.receipt} reversed; {len(done.reopened)} items reopened")
    return 0


def _payment_apply(args: argparse.Namespace) -> int:
    session = _session(args)
    amount = parse_money(args.amount) if args.amount else None
    with locks.working_on(session, args.account, "payment apply"):
        applied = payments.apply_unapplied(
            session, args.receipt, args.account, _documents(args.items), amount,
            source="payment apply",
        )  # fmt: skip
    print(f"{args.receipt.upper()}: {cents_to_str(sum(c for _, c in applied))} applied")
    return 0


def _payment_transfer(args: argparse.Namespace) -> int:
    session = _session(args)
    with locks.working_on(session, args.account, "payment transfer"):
        result = payments.transfer_payment(session, args.receipt, args.account, "payment transfer")
    if result.approval_id:
        print(f"transfer waits for approval {result.approval_id} (over your reversal limit)")
    else:
        print(result.receipt)
    return 0


def _db_check(args: argparse.Namespace) -> int:
    session = _session(args)
    problems = integrity.check_database(session)
    for problem in problems:
        print(problem)
    if problems:
        print(f"AR0902E {len(problems)} PROBLEMS: THE LEDGER DOES NOT BALANCE", file=sys.stderr)
        return int(ExitCode.REFUSED)
    print("the ledger balances: every account, item and payment agrees")
    return 0


def _contact_log(args: argparse.Namespace) -> int:
    session = _session(args)
    with locks.working_on(session, args.account, "contact log"):
        logged = _contact_in(args, session)
    overridden = f" (rules overridden: {', '.join(logged.overridden)})" if logged.overridden else ""
    print(f"contact {logged.activity_id} logged{overridden}")
    return 0


def _contact_in(args: argparse.Namespace, session: Session) -> contacts.Logged:
    return contacts.log_contact(
        session,
        args.account,
        args.channel,
        args.outcome,
        party=args.party,
        note=args.note,
        follow_up=args.follow_up,
        override_reason=args.override,
        source="contact log",
    )


def _promise(args: argparse.Namespace) -> int:
    session = _session(args)
    with locks.working_on(session, args.account, "promise"):
        promise_id = arrangements.make_promise(
            session, args.account, parse_money(args.amount), args.date, args.channel, "promise"
        )
    print(f"promise {promise_id} recorded")
    return 0


def _plan_create(args: argparse.Namespace) -> int:
    session = _session(args)
    with locks.working_on(session, args.account, "plan create"):
        result = arrangements.create_plan(
            session, args.account, parse_money(args.total), parse_money(args.down), args.count,
            args.every, args.first, "plan create",
        )  # fmt: skip
    for installment in result.installments:
        amount = cents_to_str(installment.amount_cents)
        print(f"  {installment.seq:>3} {installment.due_date} {amount:>12}")
    note = f" (needs approval: {'; '.join(result.outside_policy)})" if result.outside_policy else ""
    print(f"plan {result.plan_id} {result.status}{note}")
    return 0


def _settlement_offer(args: argparse.Namespace) -> int:
    session = _session(args)
    with locks.working_on(session, args.account, "settlement offer"):
        result = settlements.offer_settlement(
            session, args.account, args.offer, args.due, "settlement offer"
        )
    print(
        f"settlement {result.settlement_id} {result.status}: {cents_to_str(result.offer_cents)}"
        f" of {cents_to_str(result.balance_cents)} by {result.due_date.isoformat()}"
        + (f" (approval {result.approval_id} requested)" if result.approval_id else "")
    )
    return 0


def _writeoff(args: argparse.Namespace) -> int:
    session = _session(args)
    with locks.working_on(session, args.account, "writeoff"):
        result = writeoffs.write_off(
            session, args.account, parse_money(args.amount), args.reason, "writeoff"
        )
    waits = f" (approval {result.approval_id} requested)" if result.approval_id else ""
    print(f"write-off {result.writeoff_id} {result.status}: {cents_to_str(result.amount_cents)}"
          f"{waits}")  # fmt: skip
    return 0


def _approve(args: argparse.Namespace) -> int:
    request = approvals.decide(
        _session(args), args.id, approve=not args.reject, note=args.note, source="approve"
    )
    print(f"approval {args.id} ({request.kind} {request.account_number})"
          f" {'rejected' if args.reject else 'approved'}")  # fmt: skip
    return 0


def _approvals(args: argparse.Namespace) -> int:
    rows = approvals.pending(_session(args), limit=1000)
    if args.format == "json":
        print(json.dumps(
            [{"id": r.id, "kind": r.kind, "account_number": r.account_number or None,
              "amount": cents_to_str(r.amount_cents), "requested_by": r.requested_login,
              "requested_at": r.requested_at, "note": r.note} for r in rows], indent=2,
        ))  # fmt: skip
        return 0
    for row in rows:
        print(
            f"{row.id:>6} {row.kind:<10} {row.account_number:<12}"
            f" {cents_to_str(row.amount_cents):>12} {row.requested_login:<8} {row.note}"
        )
    return 0


def _lock_release(args: argparse.Namespace) -> int:
    holder = locks.force_release(_session(args), args.account, args.reason, "lock release")
    print(f"account {args.account} released from {holder}")
    return 0


def _lock_list(args: argparse.Namespace) -> int:
    held = locks.held(_session(args))
    if args.format == "json":
        print(json.dumps([
            {
                "account": lock.account_number, "login": lock.login, "name": lock.name,
                "since": lock.since.isoformat(), "last_beat": lock.last_beat.isoformat(),
                "host": lock.host, "pid": lock.pid, "dead": lock.dead,
            }
            for lock in held
        ], indent=2))  # fmt: skip
        return 0
    for lock in held:
        state = "  DEAD: the next to open it takes it" if lock.dead else ""
        print(
            f"{lock.account_number}  {lock.login:<12} since {lock.since:%Y-%m-%d %H:%M}Z"
            f"  {lock.host}:{lock.pid}{state}"
        )
    if not held:
        print("no account is locked")
    return 0


def _batch_nightly(args: argparse.Namespace) -> int:
    report = nightly.run_nightly(_session(args), args.as_of)
    print("\n".join(report.lines()))
    return 0


def _settings_set(args: argparse.Namespace) -> int:
    stored = admin.set_setting(_session(args), args.name, args.value)
    print(f"{args.name} = {stored}")
    return 0


def _db_set_date(args: argparse.Namespace) -> int:
    admin.set_business_date(_session(args), args.date)
    print(f"business date is {args.date.isoformat()}")
    return 0


def _queue_next(args: argparse.Namespace) -> int:
    found = queue.next_account(_session(args), args.operator)
    if args.format == "json":
        print(json.dumps({"account_number": found.account_number}))
    elif found.account_number:
        print(found.account_number)
    return 0


def _queue_postpone(args: argparse.Namespace) -> int:
    session = _session(args)
    day, at = parse_until(args.until, session.settings()["locale"])
    with locks.working_on(session, args.account, "queue postpone"):
        done = queue.postpone(
            session, args.account, day=day, at=at, reason=args.reason, source="queue postpone"
        )
    until = f" {done.until_local:%H:%M %Z}" if done.until_local else ""
    print(f"{done.account_number} postponed until {done.until_day.isoformat()}{until}")
    return 0


def _queue_follow_ups(args: argparse.Namespace) -> int:
    lines = queue.follow_ups(_session(args), args.queue)
    if args.format == "json":
        print(json.dumps([
            {"account_number": line.account_number, "name": line.name,
             "who": line.collector, "kind": line.kind, "due_day": line.due_day.isoformat(),
             "due_local": line.due_local.isoformat() if line.due_local else None,
             "note": line.note, "due_now": line.due_now}
            for line in lines
        ], indent=2))  # fmt: skip
        return 0
    for line in lines:
        due = f"{line.due_local:%H:%M %Z}" if line.due_local else line.due_day.isoformat()
        mark = "*" if line.due_now else " "
        print(f"{mark}{due:<11} {line.account_number} {line.kind:<9} {line.collector:<8}"
              f" {line.name[:24]:<24} {line.note}")  # fmt: skip
    return 0


def _account_show(args: argparse.Namespace) -> int:
    session = _session(args)
    data = accounts.as_json(session, args.number)
    if args.format == "json":
        print(json.dumps(data, indent=2))
        return 0
    locale, currency = session.settings()["locale"], session.settings()["currency"]
    print(
        f"{data['account_number']}  {data['name']}"
        f"  ({data['customer_type']}, {data['bill_type']} bill)"
    )
    print(f"status {data['collection_status']}  flags {' '.join(data['flags']) or '-'}")
    balance = parse_money(data["balance"], allow_negative=True)
    print(f"balance {format_money(balance, locale, currency)}")
    for name, amount in data["aging"].items():
        print(f"  {name:>9} {amount:>14}")
    for item in data["items"]:
        print(
            f"  {item['document_number']:<12} {item['item_type']:<10} due {item['due_date']}"
            f" open {item['open_amount']:>12}"
        )
    return 0


def _open_tui(args: argparse.Namespace) -> int:
    from ar_tui.app import run_tui  # Textual is imported only when the TUI opens.

    cfg = args.config
    if args.demo and not cfg.db.exists():
        print(f"creating the demo database {cfg.db} ...", file=sys.stderr)
        databases.demo_database(cfg.db, args.invoker.login)
    # The mono theme sends no colour at all; any other chosen look wins over NO_COLOR.
    if cfg.theme == "mono":
        os.environ["NO_COLOR"] = "1"
    else:
        os.environ.pop("NO_COLOR", None)
    session = _session(args)
    with cli_boundary.handed_keymap(cfg.keymap, args.invoker) as keymap:
        return run_tui(session, cfg, keymap)


Handler = Callable[[argparse.Namespace], int]

HANDLERS: dict[tuple[str, str | None], Handler] = {
    ("db", "init"): _db_init,
    ("db", "seed"): _db_seed,
    ("db", "check"): _db_check,
    ("db", "set-date"): _db_set_date,
    ("settings", "set"): _settings_set,
    ("import", "payments"): _import_payments,
    ("post", None): _post,
    ("payment", "reverse"): _payment_reverse,
    ("payment", "apply"): _payment_apply,
    ("payment", "transfer"): _payment_transfer,
    ("contact", "log"): _contact_log,
    ("promise", None): _promise,
    ("settlement", "offer"): _settlement_offer,
    ("approve", None): _approve,
    ("writeoff", None): _writeoff,
    ("approvals", None): _approvals,
    ("batch", "nightly"): _batch_nightly,
    ("batch", "resume"): _batch_resume,
    ("lock", "release"): _lock_release,
    ("lock", "list"): _lock_list,
    ("queue", "next"): _queue_next,
    ("queue", "postpone"): _queue_postpone,
    ("queue", "follow-ups"): _queue_follow_ups,
    ("plan", "create"): _plan_create,
    ("operator", "add"): _operator_add,
    ("import", "receivables"): _import_receivables,
    ("account", "show"): _account_show,
    ("operator", "limit"): _operator_limit,
    ("limits", None): _limits,
    ("roles", None): _roles,
    ("config", "show"): _config_show,
    ("find", None): _find,
}
# The commands that print JSON with `--format json`; the others refuse it.
JSON_OUTPUT = {
    _account_show, _find, _config_show, _approvals, _queue_next, _limits, _roles,
    _queue_follow_ups, _lock_list,
    _import_payments, _batch_resume,
}  # fmt: skip
# Commands that run without a database session or before any boundary is crossed.
LOCAL = {_config_show, _roles}


def _handler(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Handler:
    if args.command is None:
        return _open_tui
    second = next((value for key, value in vars(args).items() if key.endswith("_command")), None)
    host_handler = cli_host.HANDLERS.get((args.command, second))
    if host_handler is not None:
        return host_handler
    case_handler = cli_cases.HANDLERS.get((args.command, second))
    if case_handler is not None and (args.command, second) in cli_cases.LOCKED:
        return lambda args: _case_locked(case_handler, args, f"{args.command} {second or ''}")
    if case_handler is not None:
        return lambda args: case_handler(args, _session(args))
    handler = HANDLERS.get((args.command, second))
    if handler is None:
        parser.error(f"{args.command}: a sub-command is required")
    return handler


def _case_locked(handler: cli_cases.CaseHandler, args: argparse.Namespace, source: str) -> int:
    session = _session(args)
    with locks.working_on(session, args.account, source.strip()):
        return handler(args, session)


def _settle_formats(args: argparse.Namespace, handler: Handler) -> None:
    """`--format` is the output's form; on `import payments` a bank format still names the
    file's format, as it always did."""
    if getattr(args, "format", None) in BANK_FORMATS:
        args.file_format, args.format = args.format, "text"
    args.format = getattr(args, "format", None) or "text"
    if handler is _open_tui:
        return
    json_ok = handler in JSON_OUTPUT or handler in cli_cases.JSON_OUTPUT.values()
    if args.format == "json" and not json_ok:
        raise UsageError("AR0061E", f"`ar-tui {args.command}` HAS NO JSON OUTPUT: DROP --format")


def _run(parser: argparse.ArgumentParser, argv: Sequence[str]) -> int:
    args = parser.parse_args(argv)
    handler = _handler(parser, args)
    _settle_formats(args, handler)
    demo = bool(getattr(args, "demo", False) or getattr(args, "with_demo", False))
    args.demo = getattr(args, "demo", False)
    args.config = config.resolve(db=args.db, theme=args.theme, keymap=args.keymap, demo=demo)
    if handler is _open_tui and not cli_boundary.has_terminal():
        raise UsageError("AR0060E", "THE TUI NEEDS A TERMINAL: USE `ssh -t`, OR RUN A SUB-COMMAND")
    if handler not in cli_host.HANDLERS.values():
        takes_file = handler in (_import_payments, _import_receivables)
        cli_boundary.cross(args, argv, local=handler in LOCAL, takes_file=takes_file)
        if handler not in LOCAL:
            args.invoker = identity.invoker(args.config.service_user)
            cli_boundary.host_database(args, makes_database=handler in (_db_init, _db_seed))
    return handler(args)


def _quiet_broken_pipe() -> int:
    """The reader of our output went away (`| head -1`): end quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 128 + 13  # killed by SIGPIPE, as the shell reports it


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `ar-tui` command: exit 0, or one line on stderr and the code of the refusal
    (2 usage, 3 refused, 4 not found, 5 busy: try again)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = names_a_command(argv)
    if command:  # a command may make much garbage: collect it (see ar_tui.start)
        gc.enable()
    parser = build_parser(commands=command)
    # What ar-tui writes holds customers' personal data: readable by its owner only.
    previous = os.umask(0o077)
    try:
        return _run(parser, argv)
    except ArError as error:
        print(error.text, file=sys.stderr)
        return int(error.exit_code)
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except KeyboardInterrupt:
        print("AR0003W INTERRUPTED: NOTHING WAS LEFT HALF-DONE", file=sys.stderr)
        return 130
    except sqlite3.Error as exc:
        refused = database_refusal(exc, None)
        print(refused.text, file=sys.stderr)
        return int(refused.exit_code)
    except OSError as exc:
        where = f": {exc.filename}" if exc.filename else ""
        print(f"AR0906E {(exc.strerror or str(exc)).upper()}{where}", file=sys.stderr)
        return int(ExitCode.REFUSED)
    except Exception as exc:  # a defect: still one line, never a traceback in front of a user
        print(internal_error(exc).text, file=sys.stderr)
        return 70
    finally:
        _close_sessions()
        os.umask(previous)
