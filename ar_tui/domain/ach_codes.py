"""NACHA codes and identifiers: transaction codes, return reasons (R), changes (C), routing."""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from stdnum.us import rtn

AccountType = Literal["checking", "savings", "general ledger", "loan"]
Side = Literal["credit", "debit"]
Purpose = Literal["entry", "prenote", "zero dollar", "return"]


class TransactionCode(NamedTuple):
    """What an entry's transaction code says: the account it posts to, its side, its purpose.

    "entry" moves money; "prenote" and "zero dollar" (remittance data only) carry none;
    "return" is a return or a notification of change of an earlier entry.
    """

    account: AccountType
    side: Side
    purpose: Purpose


# The transaction codes of an entry detail record (field 2, positions 2-3), from the
# NACHA Operating Rules, Appendix Three (ACH record format specifications), "Transaction
# Code". 20, 25, 30, 35, 40, 45 and 50 are reserved; 80 to 88 are the automated
# accounting advices (SEC code ADV) of an ACH operator, whose entries have another layout:
# none of them is an entry of a file this app reads.
TRANSACTION_CODES: dict[str, TransactionCode] = {
    # demand (checking) accounts
    "21": TransactionCode("checking", "credit", "return"),  # return or NOC of a credit
    "22": TransactionCode("checking", "credit", "entry"),  # automated deposit
    "23": TransactionCode("checking", "credit", "prenote"),
    "24": TransactionCode("checking", "credit", "zero dollar"),
    "26": TransactionCode("checking", "debit", "return"),  # return or NOC of a debit
    "27": TransactionCode("checking", "debit", "entry"),  # automated payment
    "28": TransactionCode("checking", "debit", "prenote"),
    "29": TransactionCode("checking", "debit", "zero dollar"),
    # savings accounts
    "31": TransactionCode("savings", "credit", "return"),
    "32": TransactionCode("savings", "credit", "entry"),
    "33": TransactionCode("savings", "credit", "prenote"),
    "34": TransactionCode("savings", "credit", "zero dollar"),
    "36": TransactionCode("savings", "debit", "return"),
    "37": TransactionCode("savings", "debit", "entry"),
    "38": TransactionCode("savings", "debit", "prenote"),
    "39": TransactionCode("savings", "debit", "zero dollar"),
    # financial institution general ledger accounts
    "41": TransactionCode("general ledger", "credit", "return"),
    "42": TransactionCode("general ledger", "credit", "entry"),
    "43": TransactionCode("general ledger", "credit", "prenote"),
    "44": TransactionCode("general ledger", "credit", "zero dollar"),
    "46": TransactionCode("general ledger", "debit", "return"),
    "47": TransactionCode("general ledger", "debit", "entry"),
    "48": TransactionCode("general ledger", "debit", "prenote"),
    "49": TransactionCode("general ledger", "debit", "zero dollar"),
    # loan accounts (no loan debit prenote or zero-dollar debit exists)
    "51": TransactionCode("loan", "credit", "return"),
    "52": TransactionCode("loan", "credit", "entry"),
    "53": TransactionCode("loan", "credit", "prenote"),
    "54": TransactionCode("loan", "credit", "zero dollar"),
    "55": TransactionCode("loan", "debit", "entry"),  # loan account debit (reversals only)
    "56": TransactionCode("loan", "debit", "return"),
}

RETURN_CODES = {
    "R01": "INSUFFICIENT FUNDS",
    "R02": "ACCOUNT CLOSED",
    "R03": "NO ACCOUNT / UNABLE TO LOCATE ACCOUNT",
    "R04": "INVALID ACCOUNT NUMBER",
    "R05": "UNAUTHORIZED DEBIT TO CONSUMER ACCOUNT",
    "R06": "RETURNED PER ODFI REQUEST",
    "R07": "AUTHORIZATION REVOKED BY CUSTOMER",
    "R08": "PAYMENT STOPPED",
    "R09": "UNCOLLECTED FUNDS",
    "R10": "CUSTOMER ADVISES NOT AUTHORIZED",
    "R11": "CUSTOMER ADVISES ENTRY NOT IN ACCORDANCE WITH TERMS",
    "R12": "ACCOUNT SOLD TO ANOTHER DFI",
    "R13": "INVALID ACH ROUTING NUMBER",
    "R14": "REPRESENTATIVE PAYEE DECEASED",
    "R15": "BENEFICIARY OR ACCOUNT HOLDER DECEASED",
    "R16": "ACCOUNT FROZEN",
    "R17": "FILE RECORD EDIT CRITERIA",
    "R20": "NON-TRANSACTION ACCOUNT",
    "R21": "INVALID COMPANY IDENTIFICATION",
    "R22": "INVALID INDIVIDUAL ID NUMBER",
    "R23": "CREDIT ENTRY REFUSED BY RECEIVER",
    "R24": "DUPLICATE ENTRY",
    "R29": "CORPORATE CUSTOMER ADVISES NOT AUTHORIZED",
    "R31": "PERMISSIBLE RETURN ENTRY",
    "R33": "RETURN OF XCK ENTRY",
    "R51": "ITEM RELATED TO RCK ENTRY IS INELIGIBLE",
    "R61": "MISROUTED RETURN",
    "R67": "DUPLICATE RETURN",
    "R68": "UNTIMELY RETURN",
    "R69": "FIELD ERROR(S)",
    "R70": "PERMISSIBLE RETURN ENTRY NOT ACCEPTED",
    "R80": "IAT ENTRY CODING ERROR",
    "R83": "FOREIGN RECEIVING DFI UNABLE TO SETTLE",
    "R84": "ENTRY NOT PROCESSED BY GATEWAY",
    "R85": "INCORRECTLY CODED OUTBOUND INTERNATIONAL PAYMENT",
}

# Returns for lack of money: the ones a returned-payment fee is assessed for.
NSF_CODES = frozenset({"R01", "R09"})

CHANGE_CODES = {
    "C01": "INCORRECT DFI ACCOUNT NUMBER",
    "C02": "INCORRECT ROUTING NUMBER",
    "C03": "INCORRECT ROUTING NUMBER AND DFI ACCOUNT NUMBER",
    "C05": "INCORRECT TRANSACTION CODE",
    "C06": "INCORRECT DFI ACCOUNT NUMBER AND TRANSACTION CODE",
    "C07": "INCORRECT ROUTING, DFI ACCOUNT NUMBER AND TRANSACTION CODE",
    "C09": "INCORRECT INDIVIDUAL IDENTIFICATION NUMBER",
    "C13": "ADDENDA FORMAT ERROR",
    "C14": "INCORRECT SEC CODE FOR OUTBOUND INTERNATIONAL PAYMENT",
}


def describe_return(code: str) -> tuple[str, bool]:
    """(description, known) for a return code; an unknown code is described, not refused."""
    known = code in RETURN_CODES
    return (RETURN_CODES.get(code, f"UNKNOWN RETURN CODE {code}"), known)


_ACCOUNT = re.compile(r"[0-9A-Za-z]{1,17}", re.ASCII)


def valid_routing(text: str) -> bool:
    """Nine ASCII digits whose last is the ABA check digit of the first eight.

    `str.isdigit()` alone would take "²", "①", fullwidth (U+FF11) and "٢"; stdnum also drops spaces.
    """
    return len(text) == 9 and text.isascii() and text.isdigit() and rtn.is_valid(text)


def valid_dfi_account(text: str) -> bool:
    """A DFI account number as a correction may give it: 1 to 17 ASCII letters or digits."""
    return _ACCOUNT.fullmatch(text) is not None


def forward_code(code: str) -> bool:
    """A transaction code a correction may name: a known code of an entry, not of a return."""
    found = TRANSACTION_CODES.get(code)
    return found is not None and found.purpose != "return"
