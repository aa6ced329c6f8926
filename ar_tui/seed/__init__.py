"""Deterministic portfolios: the demo database and large benchmark databases."""
