"""The roles and limits table: which role may do each action, and which daily limit it counts on.

One row per action a person can take; every service checks its row before it changes
anything, so the TUI, the CLI and any script meet the same rule. The README prints
this table (`ar-tui roles`), and a test reads every cell.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("collector", "supervisor", "billing", "trainer", "admin", "auditor")
ROLE_NAMES = {
    "collector": "collector",
    "supervisor": "supervisor",
    "billing": "billing operations",
    "trainer": "trainer",
    "admin": "administrator",
    "auditor": "auditor (read only)",
}

# Daily limits, per operator per business date, cumulative: the cents an operator may
# write off, discount, credit or reverse on their own authority in one business day.
LIMIT_KINDS = ("writeoff", "settlement_discount", "credit", "reversal")

EVERYONE = frozenset(ROLES)
COLLECTION = frozenset({"collector", "supervisor", "admin"})
CASH = frozenset({"supervisor", "billing", "admin"})
SUPERVISORS = frozenset({"supervisor", "admin"})
ADMINS = frozenset({"admin"})


@dataclass(frozen=True)
class Action:
    """One thing a person can do: who may, which limit it spends, whether it changes an
    account (then another session's lock on the account refuses it)."""

    id: str
    what: str
    roles: frozenset[str]
    limit: str | None = None
    account: bool = True


ACTIONS: dict[str, Action] = {
    a.id: a
    for a in (
        Action("account.read", "find and read accounts, items, history, contacts", EVERYONE,
               account=False),
        Action("messages.read", "read your own messages", EVERYONE, account=False),
        Action("payment.post", "post one payment", COLLECTION | {"billing"}),
        Action("payment.apply", "apply unapplied cash to an account", CASH),
        Action("payment.reverse", "reverse a payment", CASH, limit="reversal"),
        Action("payment.transfer", "move a misapplied payment to another account", CASH,
               limit="reversal"),
        Action("batch.import", "post a bank file (or check it with a dry run)",
               frozenset({"billing", "admin"}), account=False),
        Action("batch.resume", "finish posting a batch a crash cut short",
               frozenset({"billing", "admin"}), account=False),
        Action("receivables.import", "load a receivables extract",
               frozenset({"billing", "admin"}), account=False),
        Action("contact.log", "record a contact, the contact rules checked", COLLECTION),
        Action("contact.override", "record a contact a rule forbids, with a reason",
               SUPERVISORS),
        Action("promise.make", "record a promise to pay", COLLECTION),
        Action("plan.create", "set up an installment plan", COLLECTION),
        Action("settlement.offer", "offer to settle for less", COLLECTION,
               limit="settlement_discount"),
        Action("writeoff.request", "write off part or all of a balance", COLLECTION,
               limit="writeoff"),
        Action("dispute.open", "open a dispute", COLLECTION | {"billing"}),
        Action("dispute.work", "move a dispute to research, record verification",
               COLLECTION | {"billing"}),
        Action("dispute.resolve", "resolve a dispute (valid: a credit)",
               COLLECTION | {"billing"}, limit="credit"),
        Action("bankruptcy.set", "flag an account bankrupt", COLLECTION),
        Action("bankruptcy.end", "discharge (writes off), dismiss or close a bankruptcy",
               COLLECTION, limit="writeoff"),
        Action("referral.propose", "refer an account (a collector's waits for approval)",
               COLLECTION),
        Action("referral.place", "place a referral at once, or past the policy", SUPERVISORS),
        Action("referral.recall", "take a referred account back", SUPERVISORS),
        Action("referral.suit", "authorize counsel to file suit", SUPERVISORS),
        Action("referral.judgment", "record the court's judgment", SUPERVISORS),
        Action("referral.exhibit", "write an account history exhibit (PDF and CSV)",
               COLLECTION | {"auditor"}, account=False),
        Action("approval.decide", "approve or reject another person's request", SUPERVISORS),
        Action("agency.save", "add or change an agency or counsel", SUPERVISORS, account=False),
        Action("lock.list", "see which session holds which account, since when",
               SUPERVISORS, account=False),
        Action("lock.release", "free an account another session holds, saying why",
               SUPERVISORS, account=False),
        Action("queue.others", "read another collector's queue", SUPERVISORS, account=False),
        Action("queue.postpone", "keep an account out of PF6 until a time, with a reason",
               COLLECTION),
        Action("operator.add", "let an OS login use the database", ADMINS, account=False),
        Action("operator.limit", "set an operator's daily limit", ADMINS, account=False),
        Action("settings.set", "change a company policy or locale setting", ADMINS,
               account=False),
        Action("business_date.set", "move the business date", ADMINS, account=False),
        Action("nightly.run", "close the business day", ADMINS, account=False),
        Action("db.check", "verify the ledger of the whole database",
               frozenset({"supervisor", "billing", "admin", "auditor"}), account=False),
    )
}  # fmt: skip

# What an approval spends of the approver's limits, by the kind of request.
APPROVAL_LIMITS: dict[str, str | None] = {
    "writeoff": "writeoff",
    "settlement": "settlement_discount",
    "dispute_credit": "credit",
    "reversal": "reversal",
    "transfer": "reversal",
    "plan": None,
    "referral": None,
}

# A new operator's daily limits by role, in cents; an administrator sets others.
DEFAULT_LIMITS: dict[str, dict[str, int]] = {
    "collector": {"writeoff": 500_00, "settlement_discount": 500_00, "credit": 500_00,
                  "reversal": 0},
    "supervisor": {"writeoff": 25_000_00, "settlement_discount": 25_000_00,
                   "credit": 25_000_00, "reversal": 25_000_00},
    "billing": {"writeoff": 0, "settlement_discount": 0, "credit": 0, "reversal": 25_000_00},
    "trainer": {kind: 0 for kind in LIMIT_KINDS},
    "admin": {kind: 100_000_00 for kind in LIMIT_KINDS},
    "auditor": {kind: 0 for kind in LIMIT_KINDS},
}  # fmt: skip


def acting_role(role: str, region: str) -> str:
    """A trainer changes nothing in PROD; in a TRAINING region they act as a supervisor, to
    show approvals and overrides to a class."""
    if role == "trainer" and region == "TRAINING":
        return "supervisor"
    return role


def allowed(role: str, action: str, region: str) -> bool:
    """Whether `role` may do `action` in `region`; an unknown action is allowed to no one."""
    found = ACTIONS.get(action)
    return found is not None and acting_role(role, region) in found.roles


def roles_for(action: str) -> tuple[str, ...]:
    """The roles that may do `action`, in table order."""
    return tuple(role for role in ROLES if role in ACTIONS[action].roles)


def changes_anything(role: str, region: str) -> bool:
    """Whether the role may change an account at all (else it never takes a lock)."""
    return any(a.account and allowed(role, a.id, region) for a in ACTIONS.values())
