"""ar-tui: a keyboard-driven green-screen accounts-receivable collections application."""

__version__ = "0.1.0"
