"""How a search text is read: normalized names and phones, and what kind of key it may be."""

from __future__ import annotations

import re
from typing import Literal

SearchKind = Literal["number", "name", "policy", "phone", "agency"]
SEARCH_KINDS: tuple[SearchKind, ...] = ("number", "name", "policy", "phone", "agency")

# Only ASCII digits are digits: an account `١٠٠٠٠٠٢` is a look-alike of 1000002, not it.
ACCOUNT_NUMBER = re.compile(r"[0-9]{1,12}")
_NOT_NAME = re.compile(r"[^A-Z0-9& ]+")
_SPACES = re.compile(r"\s+")
_NOT_DIGIT = re.compile(r"[^0-9]+")


def name_key(name: str) -> str:
    """The form names are indexed and searched by: upper case, no punctuation."""
    return _SPACES.sub(" ", _NOT_NAME.sub(" ", name.upper())).strip()


def phone_key(phone: str) -> str:
    """Digits only, without a leading US country code: `(555) 010-1234` -> `5550101234`."""
    digits = _NOT_DIGIT.sub("", phone)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits


def code_key(code: str) -> str:
    """Policy numbers and agency codes are matched upper case without spaces or dashes."""
    return re.sub(r"[\s-]+", "", code.upper())


def is_account_number(text: str) -> bool:
    return bool(ACCOUNT_NUMBER.fullmatch(text))


def candidate_kinds(query: str) -> tuple[SearchKind, ...]:
    """The kinds of key a free-form search text could be, most specific first."""
    text = query.strip()
    kinds: list[SearchKind] = []
    if is_account_number(text):
        kinds.append("number")
    digits = phone_key(text)
    if len(digits) >= 7 and not re.search(r"[A-Za-z]", text):
        kinds.append("phone")
    if re.search(r"[0-9]", text) and " " not in text.strip():
        kinds.extend(["policy", "agency"])
    elif not re.search(r"[0-9]", text):
        kinds.append("agency")
    if name_key(text):
        kinds.append("name")
    return tuple(kinds)
