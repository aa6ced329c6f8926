"""The `ar-tui` command: alone it opens the TUI; sub-commands run the same services in batch."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import NoReturn

from ar_tui import __version__, cli_cases, config
from ar_tui.domain.display import format_money
from ar_tui.domain.errors import ArError, ExitCode
from ar_tui.domain.money import cents_to_str, parse_money
from ar_tui.services import (
    accounts,
    admin,
    approvals,
    arrangements,
    batches,
    contacts,
    databases,
    integrity,
    locks,
    nightly,
    operators,
    payments,
    queue,
    receivables,
    settlements,
    writeoffs,
)
from ar_tui.services.session import Session, open_session, os_login


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line and exits 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(ExitCode.USAGE, f"AR0002E {self.prog}: {message} (see {self.prog} --help)\n")


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ar-tui",
        description="Green-screen accounts-receivable collections. With no command, opens the TUI.",
    )
    parser.add_argument("--version", action="version", version=f"ar-tui {__version__}")
    parser.add_argument("--db", help="database file (default: $AR_TUI_DB, else your data dir)")
    parser.add_argument("--demo", action="store_true", help="open the demo database, creating it")
    parser.add_argument("--theme", choices=config.THEMES, help="colour theme")
    parser.add_argument("--keymap", help="PF-key profile: 3270, esc, or a TOML file")
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
    add.add_argument(
        "--role", required=True, choices=("collector", "supervisor", "trainer", "admin")
    )
    add.add_argument("--name")
    add.add_argument("--limit", help="approval limit, e.g. 500.00")

    imp = sub.add_parser("import", help="load files").add_subparsers(dest="import_command")
    rec = imp.add_parser("receivables", help="load open items from a CSV extract")
    rec.add_argument("file", type=Path)
    rec.add_argument("--skip-bad", action="store_true", help="import good rows, reject bad ones")
    rec.add_argument("--rejects", type=Path, help="where bad rows go (default FILE.rejects.csv)")

    pay = imp.add_parser("payments", help="post a bank file (BAI2, ACH, camt.053/054, CSV)")
    pay.add_argument("file", type=Path)
    pay.add_argument("--format", choices=("auto", "bai2", "ach", "camt", "csv"), default="auto")
    pay.add_argument("--dry-run", action="store_true", help="show what would post; post nothing")

    post = sub.add_parser("post", help="post one payment to an account")
    post.add_argument("account")
    post.add_argument("amount")
    post.add_argument("--method", required=True, help="check, ach, card, wire, agency ...")
    post.add_argument("--ref", default="", help="check number, trace or other reference")
    post.add_argument("--date", type=_date, help="received date (default: the business date)")
    post.add_argument("--items", default="", help="document numbers to pay first, comma separated")

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

    batch = sub.add_parser("batch", help="batch jobs").add_subparsers(dest="batch_command")
    nightly_parser = batch.add_parser("nightly", help="close the business day and open the next")
    nightly_parser.add_argument("--as-of", type=_date, dest="as_of", help="the day to close")

    queue = sub.add_parser("queue", help="the work queue").add_subparsers(dest="queue_command")
    next_parser = queue.add_parser("next", help="print the next account to work, or nothing")
    next_parser.add_argument("--operator", help="whose queue (default: yours)")

    cli_cases.add_parsers(sub, _date, _positive_int)

    acct = sub.add_parser("account", help="read accounts").add_subparsers(dest="account_command")
    show = acct.add_parser("show", help="print one account")
    show.add_argument("number")
    show.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def _db_path(args: argparse.Namespace) -> Path:
    return config.resolve(db=args.db, demo=getattr(args, "demo", False)).db


def _session(args: argparse.Namespace) -> Session:
    return open_session(_db_path(args))


def _db_init(args: argparse.Namespace) -> int:
    path = _db_path(args)
    if args.with_demo:
        counts = databases.demo_database(path, os_login())
        print(f"created demo database {path}: {counts.accounts} accounts, {counts.items} items")
    else:
        databases.init_database(path, os_login(), args.business_date)
        print(f"created database {path}; {os_login()} is its administrator")
    return 0


def _db_seed(args: argparse.Namespace) -> int:
    path = _db_path(args)
    counts = databases.build_portfolio(
        path,
        os_login(),
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


def _import_receivables(args: argparse.Namespace) -> int:
    session = _session(args)
    try:
        report = receivables.import_receivables(
            session, args.file, skip_bad=args.skip_bad, reject_path=args.rejects
        )
    except receivables.ImportRefused as refused:
        for error in refused.report.errors:
            print(f"  {error}", file=sys.stderr)
        raise
    print(
        f"{args.file.name}: {report.rows} rows; accounts added {report.accounts_added},"
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
    report = batches.import_payments(session, args.file, args.format, dry_run=args.dry_run)
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
    result = payments.post_payment(
        session,
        args.account,
        parse_money(args.amount),
        args.method,
        args.ref,
        args.date,
        documents=_documents(args.items),
        source="post",
    )
    print(result.receipt)
    if result.review_flag:
        print(f"flagged: {result.review_flag}", file=sys.stderr)
    return 0


def _payment_reverse(args: argparse.Namespace) -> int:
    session = _session(args)
    reopened = payments.reverse_payment(session, args.receipt, args.reason)
    print(f"{args.receipt.upper()} reversed; {len(reopened)} items reopened")
    return 0


def _payment_apply(args: argparse.Namespace) -> int:
    session = _session(args)
    amount = parse_money(args.amount) if args.amount else None
    applied = payments.apply_unapplied(
        session, args.receipt, args.account, _documents(args.items), amount, source="payment apply"
    )
    print(f"{args.receipt.upper()}: {cents_to_str(sum(c for _, c in applied))} applied")
    return 0


def _payment_transfer(args: argparse.Namespace) -> int:
    session = _session(args)
    result = payments.transfer_payment(session, args.receipt, args.account, "payment transfer")
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
    logged = contacts.log_contact(
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
    overridden = f" (rules overridden: {', '.join(logged.overridden)})" if logged.overridden else ""
    print(f"contact {logged.activity_id} logged{overridden}")
    return 0


def _promise(args: argparse.Namespace) -> int:
    session = _session(args)
    promise_id = arrangements.make_promise(
        session, args.account, parse_money(args.amount), args.date, args.channel, "promise"
    )
    print(f"promise {promise_id} recorded")
    return 0


def _plan_create(args: argparse.Namespace) -> int:
    session = _session(args)
    result = arrangements.create_plan(
        session,
        args.account,
        parse_money(args.total),
        parse_money(args.down),
        args.count,
        args.every,
        args.first,
        "plan create",
    )
    for installment in result.installments:
        amount = cents_to_str(installment.amount_cents)
        print(f"  {installment.seq:>3} {installment.due_date} {amount:>12}")
    note = f" (needs approval: {'; '.join(result.outside_policy)})" if result.outside_policy else ""
    print(f"plan {result.plan_id} {result.status}{note}")
    return 0


def _settlement_offer(args: argparse.Namespace) -> int:
    result = settlements.offer_settlement(
        _session(args), args.account, args.offer, args.due, "settlement offer"
    )
    print(
        f"settlement {result.settlement_id} {result.status}: {cents_to_str(result.offer_cents)}"
        f" of {cents_to_str(result.balance_cents)} by {result.due_date.isoformat()}"
        + (f" (approval {result.approval_id} requested)" if result.approval_id else "")
    )
    return 0


def _writeoff(args: argparse.Namespace) -> int:
    result = writeoffs.write_off(
        _session(args), args.account, parse_money(args.amount), args.reason, "writeoff"
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
    for row in approvals.pending(_session(args), limit=1000):
        print(
            f"{row.id:>6} {row.kind:<10} {row.account_number:<12}"
            f" {cents_to_str(row.amount_cents):>12} {row.requested_login:<8} {row.note}"
        )
    return 0


def _lock_release(args: argparse.Namespace) -> int:
    holder = locks.force_release(_session(args), args.account, "lock release")
    print(f"account {args.account} released from {holder}")
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
    if found.account_number:
        print(found.account_number)
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

    cfg = config.resolve(db=args.db, theme=args.theme, keymap=args.keymap, demo=args.demo)
    if args.demo and not cfg.db.exists():
        print(f"creating the demo database {cfg.db} ...", file=sys.stderr)
        databases.demo_database(cfg.db, os_login())
    session = open_session(cfg.db)
    return run_tui(session, cfg)


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
    ("lock", "release"): _lock_release,
    ("queue", "next"): _queue_next,
    ("plan", "create"): _plan_create,
    ("operator", "add"): _operator_add,
    ("import", "receivables"): _import_receivables,
    ("account", "show"): _account_show,
}


def _handler(parser: argparse.ArgumentParser, args: argparse.Namespace) -> Handler:
    if args.command is None:
        return _open_tui
    second = next((value for key, value in vars(args).items() if key.endswith("_command")), None)
    handler = HANDLERS.get((args.command, second))
    case_handler = cli_cases.HANDLERS.get((args.command, second))
    if case_handler is not None:
        return lambda args: case_handler(args, _session(args))
    if handler is None:
        parser.error(f"{args.command}: a sub-command is required")
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = _handler(parser, args)
    try:
        return handler(args)
    except ArError as error:
        print(error.text, file=sys.stderr)
        return int(error.exit_code)
    except KeyboardInterrupt:
        print("AR0003W INTERRUPTED: NOTHING WAS LEFT HALF-DONE", file=sys.stderr)
        return 130
