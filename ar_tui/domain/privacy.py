"""What of a customer's personal data a screen, a list or a log may show."""

from __future__ import annotations

PHONE_DISPLAYS = ("full", "last4")


def last4(text: str) -> str:
    """A bank account (or any number) as its last four characters: `****6789`. Shorter
    numbers show no more than half of themselves."""
    kept = "".join(ch for ch in text if ch.isalnum())
    show = min(4, len(kept) // 2)
    return "****" + (kept[-show:] if show else "")


def shown_phone(value: str, display: str) -> str:
    """A phone number as the `phone_display` setting says screens show it."""
    if display == "last4":
        return last4(value)
    return value
