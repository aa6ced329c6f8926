"""Every transaction code: its menu option, its description, and how its screen is built.

A screen's module is imported the first time its code is used, not at start: the first
frame waits only for MENU (and a session never loads the screens it does not use).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import cast

from ar_tui.screens.base import ArScreen


@dataclass(frozen=True)
class Transaction:
    """One transaction code; its screen is `module:Class`, given the argument typed after
    the code unless `takes_argument` is False."""

    code: str
    option: str
    description: str
    needs_account: bool
    screen: str
    takes_argument: bool = True

    def screen_class(self) -> type[ArScreen]:
        module, name = self.screen.split(":")
        return cast(type[ArScreen], getattr(importlib.import_module(module), name))

    def build(self, argument: str) -> ArScreen:
        built = self.screen_class()
        return built(argument) if self.takes_argument else built()  # type: ignore[call-arg]


def _screen(module: str, name: str) -> str:
    return f"ar_tui.screens.{module}:{name}"


TRANSACTIONS: dict[str, Transaction] = {
    t.code: t
    for t in (
        Transaction("MENU", "0", "MAIN MENU", False, _screen("menu", "MenuScreen"), False),
        Transaction("FIND", "1", "ACCOUNT SEARCH", False, _screen("find", "FindScreen")),
        Transaction(
            "ACIQ", "2", "ACCOUNT INQUIRY", True, _screen("acct_inquiry", "AccountInquiry")
        ),
        Transaction("ITEM", "3", "OPEN ITEMS", True, _screen("open_items", "OpenItems")),
        Transaction("HIST", "4", "TRANSACTION HISTORY", True, _screen("history", "History")),
        Transaction(
            "PAYP", "5", "PAYMENT POSTING", False, _screen("payment_posting", "PaymentPosting")
        ),
        Transaction(
            "BTCH", "6", "PAYMENT BATCHES: BANK FILES", False, _screen("batches", "BatchScreen")
        ),
        Transaction(
            "RECN",
            "7",
            "RECONCILIATION, REVERSALS",
            False,
            _screen("reconciliation", "Reconciliation"),
            False,
        ),
        Transaction("NOTE", "8", "CONTACT LOG", True, _screen("contact_log", "ContactLog")),
        Transaction(
            "WORK", "9", "WORK QUEUE BY PRIORITY", False, _screen("work_queue", "WorkQueue")
        ),
        Transaction("PROM", "10", "PROMISE TO PAY", True, _screen("promise", "PromiseScreen")),
        Transaction("PLAN", "11", "INSTALLMENT PLAN", True, _screen("plan", "PlanScreen")),
        Transaction(
            "SETL", "12", "SETTLEMENT OFFER", True, _screen("settlement", "SettlementScreen")
        ),
        Transaction("DISP", "13", "DISPUTE LOG", True, _screen("dispute_log", "DisputeLog")),
        Transaction(
            "BKRP", "14", "BANKRUPTCY FLAG", True, _screen("bankruptcy_flag", "BankruptcyFlag")
        ),
        Transaction(
            "RFRL",
            "15",
            "REFERRAL: AGENCY OR COUNSEL",
            True,
            _screen("referral", "ReferralScreen"),
        ),
        Transaction(
            "WOFF", "16", "WRITE-OFF AND RECOVERY", True, _screen("write_off", "WriteOffScreen")
        ),
        Transaction(
            "FOLW", "17", "FOLLOW-UPS AND CALLBACKS", False, _screen("follow_ups", "FollowUps")
        ),
        Transaction("PSTP", "18", "POSTPONE ACCOUNT", True, _screen("postpone", "PostponeScreen")),
    )
}
OPTIONS = {t.option: t.code for t in TRANSACTIONS.values()}
