"""Every transaction code: its menu option, its description, and how its screen is built."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ar_tui.screens.acct_inquiry import AccountInquiry
from ar_tui.screens.bankruptcy_flag import BankruptcyFlag
from ar_tui.screens.base import ArScreen
from ar_tui.screens.batches import BatchScreen
from ar_tui.screens.contact_log import ContactLog
from ar_tui.screens.dispute_log import DisputeLog
from ar_tui.screens.find import FindScreen
from ar_tui.screens.history import History
from ar_tui.screens.menu import MenuScreen
from ar_tui.screens.open_items import OpenItems
from ar_tui.screens.payment_posting import PaymentPosting
from ar_tui.screens.plan import PlanScreen
from ar_tui.screens.promise import PromiseScreen
from ar_tui.screens.reconciliation import Reconciliation
from ar_tui.screens.referral import ReferralScreen
from ar_tui.screens.settlement import SettlementScreen
from ar_tui.screens.work_queue import WorkQueue
from ar_tui.screens.write_off import WriteOffScreen


@dataclass(frozen=True)
class Transaction:
    """One transaction code. `build` takes the argument typed after the code."""

    code: str
    option: str
    description: str
    needs_account: bool
    build: Callable[[str], ArScreen]


TRANSACTIONS: dict[str, Transaction] = {
    t.code: t
    for t in (
        Transaction("MENU", "0", "MAIN MENU", False, lambda _: MenuScreen()),
        Transaction("FIND", "1", "ACCOUNT SEARCH", False, FindScreen),
        Transaction("ACIQ", "2", "ACCOUNT INQUIRY", True, AccountInquiry),
        Transaction("ITEM", "3", "OPEN ITEMS", True, OpenItems),
        Transaction("HIST", "4", "TRANSACTION HISTORY", True, History),
        Transaction("PAYP", "5", "PAYMENT POSTING", False, PaymentPosting),
        Transaction("BTCH", "6", "PAYMENT BATCHES: BANK FILES", False, BatchScreen),
        Transaction(
            "RECN",
            "7",
            "RECONCILIATION, REVERSALS",
            False,
            lambda _: Reconciliation(),
        ),
        Transaction("NOTE", "8", "CONTACT LOG", True, ContactLog),
        Transaction("WORK", "9", "WORK QUEUE BY PRIORITY", False, WorkQueue),
        Transaction("PROM", "10", "PROMISE TO PAY", True, PromiseScreen),
        Transaction("PLAN", "11", "INSTALLMENT PLAN", True, PlanScreen),
        Transaction("SETL", "12", "SETTLEMENT OFFER", True, SettlementScreen),
        Transaction("DISP", "13", "DISPUTE LOG", True, DisputeLog),
        Transaction("BKRP", "14", "BANKRUPTCY FLAG", True, BankruptcyFlag),
        Transaction("RFRL", "15", "REFERRAL: AGENCY OR COUNSEL", True, ReferralScreen),
        Transaction("WOFF", "16", "WRITE-OFF AND RECOVERY", True, WriteOffScreen),
    )
}
OPTIONS = {t.option: t.code for t in TRANSACTIONS.values()}
