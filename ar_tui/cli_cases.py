"""Sub-commands for accounts off the normal path: disputes, bankruptcy, referral, messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ar_tui.domain.money import cents_to_str, parse_money
from ar_tui.domain.referrals import rate_text
from ar_tui.lazy import lazy
from ar_tui.services.session import Session

if TYPE_CHECKING:
    from ar_tui.services import bankruptcy, disputes, exhibits, messages, referrals
else:  # imported by the commands that use them
    bankruptcy, disputes, exhibits, messages, referrals = (
        lazy(f"ar_tui.services.{name}")
        for name in ("bankruptcy", "disputes", "exhibits", "messages", "referrals")
    )

CaseHandler = Callable[[argparse.Namespace, Session], int]


def add_parsers(sub: Any, day: Callable[[str], Any], whole: Callable[[str], int]) -> None:
    """Add the commands to the `ar-tui` parser; `day` and `whole` parse dates and ids."""
    dispute = sub.add_parser("dispute", help="the dispute log").add_subparsers(
        dest="dispute_command"
    )
    opened = dispute.add_parser("open", help="open a dispute on a balance or on items")
    opened.add_argument("account")
    opened.add_argument("--amount", help="default: all of the items, or the whole balance")
    opened.add_argument("--reason", required=True, help="billing_error, coverage, other ...")
    opened.add_argument("--department", required=True, help="'Billing Operations', Claims ...")
    opened.add_argument("--items", default="", help="document numbers, comma-separated")
    opened.add_argument("--note", default="")
    move = dispute.add_parser("move", help="move a dispute to research")
    move.add_argument("id", type=whole)
    move.add_argument("--to", default="in_research", help="in_research")
    move.add_argument("--note", default="")
    verify = dispute.add_parser("verify", help="record that verification was sent")
    verify.add_argument("id", type=whole)
    verify.add_argument("--date", type=day, help="the day it was sent (default: today)")
    verify.add_argument("--note", default="")
    resolve = dispute.add_parser("resolve", help="resolve a dispute valid (a credit) or invalid")
    resolve.add_argument("id", type=whole)
    verdict = resolve.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--valid", action="store_true", help="the customer is right: credit")
    verdict.add_argument("--invalid", action="store_true", help="collection resumes")
    resolve.add_argument("--credit", help="the credit (default: the disputed amount)")
    resolve.add_argument("--note", default="")
    listed = dispute.add_parser("list", help="an account's disputes, with their age")
    listed.add_argument("account")

    bkrp = sub.add_parser("bankruptcy", help="the bankruptcy flag").add_subparsers(
        dest="bankruptcy_command"
    )
    setting = bkrp.add_parser("set", help="flag the account bankrupt: the automatic stay")
    setting.add_argument("account")
    setting.add_argument("--chapter", type=int, required=True, choices=(7, 11, 13))
    setting.add_argument("--case", required=True, help="the case number")
    setting.add_argument("--filed", type=day, required=True)
    setting.add_argument("--court", default="", help="the court district")
    setting.add_argument("--attorney", default="", help="the debtor's attorney")
    setting.add_argument("--claim-deadline", type=day, dest="claim_deadline")
    for name, text in (
        ("discharge", "discharged: the balance is written off"),
        ("dismiss", "dismissed: collection resumes"),
        ("close", "the case is closed"),
    ):
        end = bkrp.add_parser(name, help=text)
        end.add_argument("account")
        end.add_argument("--note", default="")
    claims = bkrp.add_parser("claims", help="proof-of-claim deadlines coming up")
    claims.add_argument("--days", type=whole, default=30)

    refer = sub.add_parser("refer", help="refer an account to an agency or counsel")
    refer.add_argument("account")
    refer.add_argument("--agency", required=True, help="the agency's code (see `agencies`)")
    refer.add_argument("--override", action="store_true", help="supervisors: past the policy")
    refer.add_argument("--note", default="")
    refer.add_argument("--out", type=Path, help="folder for the documentation package")
    recall = sub.add_parser("recall", help="take a referred account back")
    recall.add_argument("account")
    recall.add_argument("--note", default="")
    referral = sub.add_parser("referral", help="work a referral").add_subparsers(
        dest="referral_command"
    )
    suit = referral.add_parser("suit", help="authorize counsel to file suit (supervisors)")
    suit.add_argument("account")
    suit.add_argument("--note", default="")
    judgment = referral.add_parser("judgment", help="record the court's judgment")
    judgment.add_argument("account")
    judgment.add_argument("amount")
    judgment.add_argument("--date", type=day, required=True)
    exhibit = referral.add_parser("exhibit", help="write the account history exhibit again")
    exhibit.add_argument("account")
    exhibit.add_argument("--out", type=Path)
    sub.add_parser("agencies", help="the agencies and counsel accounts are referred to")
    agency = sub.add_parser("agency", help="maintain the agency list").add_subparsers(
        dest="agency_command"
    )
    save = agency.add_parser("save", help="add or change an agency (supervisors)")
    save.add_argument("code")
    save.add_argument("--name", required=True)
    save.add_argument("--kind", required=True, choices=("agency", "counsel"))
    save.add_argument("--rate", required=True, help="commission, e.g. 25 or 33.33%%")
    save.add_argument("--contact", default="")
    save.add_argument("--phone", default="")
    save.add_argument("--inactive", action="store_true", help="no new referrals to it")
    sub.add_parser("messages", help="your unread messages")


def _dispute_open(args: argparse.Namespace, session: Session) -> int:
    documents = [d for d in args.items.split(",") if d.strip()]
    amount = parse_money(args.amount) if args.amount else None
    dispute_id = disputes.open_dispute(
        session, args.account, amount, args.reason, args.department, documents, args.note,
        "dispute open",
    )  # fmt: skip
    print(f"dispute {dispute_id} open")
    return 0


def _dispute_move(args: argparse.Namespace, session: Session) -> int:
    disputes.move_dispute(session, args.id, args.to, args.note, "dispute move")
    print(f"dispute {args.id} {args.to}")
    return 0


def _dispute_verify(args: argparse.Namespace, session: Session) -> int:
    disputes.record_verification(session, args.id, args.date, args.note, "dispute verify")
    print(f"dispute {args.id}: verification sent")
    return 0


def _dispute_resolve(args: argparse.Namespace, session: Session) -> int:
    credit = parse_money(args.credit) if args.credit else None
    result = disputes.resolve_dispute(
        session, args.id, args.valid, args.note, credit, "dispute resolve"
    )
    waits = f" (approval {result.approval_id} requested)" if result.approval_id else ""
    print(f"dispute {args.id} {result.status}: credit {cents_to_str(result.credit_cents)}{waits}")
    return 0


def _dispute_list(args: argparse.Namespace, session: Session) -> int:
    for line in disputes.disputes_of(session, args.account):
        d = line.dispute
        print(
            f"{d.id:>6} {d.status:<16} {cents_to_str(d.amount_cents):>12} {d.reason:<20}"
            f" {d.department:<18} opened {d.opened_date} age {line.age_days}d"
        )
    return 0


def _bankruptcy_set(args: argparse.Namespace, session: Session) -> int:
    case_id = bankruptcy.set_bankruptcy(
        session, args.account, args.chapter, args.case, args.filed, args.court, args.attorney,
        args.claim_deadline, "bankruptcy set",
    )  # fmt: skip
    print(f"bankruptcy {case_id} set: the automatic stay holds on {args.account}")
    return 0


def _bankruptcy_end(status: str) -> CaseHandler:
    def handler(args: argparse.Namespace, session: Session) -> int:
        ended = bankruptcy.end_bankruptcy(
            session, args.account, status, args.note, f"bankruptcy {args.bankruptcy_command}"
        )
        written = ended.writeoff
        extra = ""
        if written is not None:
            extra = f"; write-off {written.writeoff_id} {written.status}"
            extra += f" {cents_to_str(written.amount_cents)}"
            if written.approval_id:
                extra += f" (approval {written.approval_id} requested)"
        print(f"bankruptcy {ended.bankruptcy_id} {status}{extra}")
        return 0

    return handler


def _bankruptcy_claims(args: argparse.Namespace, session: Session) -> int:
    for claim in bankruptcy.claims_due(session, args.days):
        print(
            f"{claim.deadline.isoformat()} {claim.account_number:<12} CH {claim.chapter:<2}"
            f" {claim.case_number:<14} {claim.name}"
        )
    return 0


def _refer(args: argparse.Namespace, session: Session) -> int:
    placed = referrals.refer(
        session, args.account, args.agency, override=args.override, note=args.note,
        out_dir=args.out, source="refer",
    )  # fmt: skip
    if placed.package is not None:
        print(f"referral {placed.referral_id} placed: {cents_to_str(placed.placed_cents)}")
        print(f"  {placed.package.pdf}")
        print(f"  {placed.package.csv}")
    else:
        print(f"referral {placed.referral_id} proposed (approval {placed.approval_id} requested)")
    return 0


def _recall(args: argparse.Namespace, session: Session) -> int:
    found = referrals.recall(session, args.account, args.note, "recall")
    print(f"referral {found.id} recalled from {found.agency_code}")
    return 0


def _referral_suit(args: argparse.Namespace, session: Session) -> int:
    found = referrals.authorize_suit(session, args.account, args.note, "referral suit")
    print(f"referral {found.id}: suit authorized for {found.agency_code}")
    return 0


def _referral_judgment(args: argparse.Namespace, session: Session) -> int:
    found = referrals.record_judgment(
        session, args.account, parse_money(args.amount), args.date, source="referral judgment"
    )
    print(f"referral {found.id}: judgment {cents_to_str(parse_money(args.amount))}")
    return 0


def _referral_exhibit(args: argparse.Namespace, session: Session) -> int:
    package = exhibits.write_package(session, args.account, args.out)
    print(f"{package.pdf}\n{package.csv}")
    return 0


def _agencies(args: argparse.Namespace, session: Session) -> int:
    for agency in referrals.agencies(session):
        print(
            f"{agency.code:<6} {agency.kind:<8} {rate_text(agency.commission_rate_bp):>7}"
            f" {agency.name:<32} {agency.contact_name} {agency.phone}"
        )
    return 0


def _agency_save(args: argparse.Namespace, session: Session) -> int:
    new = referrals.save_agency(
        session, args.code, args.name, args.kind, args.rate, args.contact, args.phone,
        not args.inactive,
    )  # fmt: skip
    print(f"agency {args.code.upper()} {'added' if new else 'changed'}")
    return 0


def _messages(args: argparse.Namespace, session: Session) -> int:
    rows = messages.unread(session)
    for _id, day, account, text in rows:
        print(f"{day} {account:<12} {text}")
    if not rows:
        print("no unread messages", file=sys.stderr)
    return 0


HANDLERS: dict[tuple[str, str | None], CaseHandler] = {
    ("dispute", "open"): _dispute_open,
    ("dispute", "move"): _dispute_move,
    ("dispute", "verify"): _dispute_verify,
    ("dispute", "resolve"): _dispute_resolve,
    ("dispute", "list"): _dispute_list,
    ("bankruptcy", "set"): _bankruptcy_set,
    ("bankruptcy", "discharge"): _bankruptcy_end("discharged"),
    ("bankruptcy", "dismiss"): _bankruptcy_end("dismissed"),
    ("bankruptcy", "close"): _bankruptcy_end("closed"),
    ("bankruptcy", "claims"): _bankruptcy_claims,
    ("refer", None): _refer,
    ("recall", None): _recall,
    ("referral", "suit"): _referral_suit,
    ("referral", "judgment"): _referral_judgment,
    ("referral", "exhibit"): _referral_exhibit,
    ("agencies", None): _agencies,
    ("agency", "save"): _agency_save,
    ("messages", None): _messages,
}

# The commands here that change one account (`args.account`): they hold its lock while
# they do, as every such command does.
LOCKED = {
    ("dispute", "open"), ("bankruptcy", "set"), ("bankruptcy", "discharge"),
    ("bankruptcy", "dismiss"), ("bankruptcy", "close"), ("refer", None), ("recall", None),
    ("referral", "suit"), ("referral", "judgment"),
}  # fmt: skip

# The commands here that print JSON with `--format json` (none yet: the rest refuse it).
JSON_OUTPUT: dict[tuple[str, str | None], CaseHandler] = {}
