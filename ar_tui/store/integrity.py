"""Whole-database checks that the ledger explains every open amount, credit and batch."""

from __future__ import annotations

import sqlite3

CHECKS = {
    "account balance differs from its ledger": """
        SELECT a.account_number, coalesce(l.total, 0),
               coalesce(i.total, 0) - coalesce(p.total, 0)
        FROM accounts a
        LEFT JOIN (SELECT account_id, sum(amount_cents) total FROM ledger GROUP BY account_id) l
               ON l.account_id = a.id
        LEFT JOIN (SELECT account_id, sum(open_cents) total FROM items GROUP BY account_id) i
               ON i.account_id = a.id
        LEFT JOIN (SELECT account_id, sum(unapplied_cents) total FROM payments
                   WHERE account_id IS NOT NULL GROUP BY account_id) p
               ON p.account_id = a.id
        WHERE coalesce(l.total, 0) <> coalesce(i.total, 0) - coalesce(p.total, 0)
    """,
    "item open amount differs from its ledger entries": """
        SELECT i.document_number, i.open_cents, coalesce(l.total, 0)
        FROM items i
        LEFT JOIN (SELECT item_id, sum(amount_cents) total FROM ledger
                   WHERE item_id IS NOT NULL GROUP BY item_id) l ON l.item_id = i.id
        WHERE i.open_cents <> coalesce(l.total, 0)
    """,
    "payment amount differs from what it applied, holds and recovered": """
        SELECT p.receipt_number, p.amount_cents,
               coalesce(a.total, 0) + p.unapplied_cents + p.recovered_cents
        FROM payments p
        LEFT JOIN (SELECT payment_id, sum(amount_cents) total FROM allocations
                   GROUP BY payment_id) a ON a.payment_id = p.id
        WHERE p.status = 'posted'
          AND p.amount_cents <> coalesce(a.total, 0) + p.unapplied_cents + p.recovered_cents
    """,
    "reversed payment still applies or holds money": """
        SELECT p.receipt_number, 0, coalesce(a.total, 0) + p.unapplied_cents + p.recovered_cents
        FROM payments p
        LEFT JOIN (SELECT payment_id, sum(amount_cents) total FROM allocations
                   GROUP BY payment_id) a ON a.payment_id = p.id
        WHERE p.status = 'reversed'
          AND coalesce(a.total, 0) + p.unapplied_cents + p.recovered_cents <> 0
    """,
    "item paid below zero or above its amount": """
        SELECT document_number, amount_cents, open_cents FROM items
        WHERE (amount_cents >= 0 AND (open_cents < 0 OR open_cents > amount_cents))
    """,
    "bank-file batch totals differ from the payments it posted": """
        SELECT b.id, b.posted_total_cents + b.unapplied_cents, coalesce(p.total, 0)
        FROM batches b
        LEFT JOIN (SELECT batch_id, sum(amount_cents) total FROM payments
                   WHERE transferred_from IS NULL GROUP BY batch_id) p ON p.batch_id = b.id
        WHERE b.source = 'bank file' AND b.status IN ('posted', 'posting')
          AND b.posted_total_cents + b.unapplied_cents <> coalesce(p.total, 0)
    """,
    "unapplied cash is negative": """
        SELECT receipt_number, 0, unapplied_cents FROM payments WHERE unapplied_cents < 0
    """,
}


def problems(conn: sqlite3.Connection, limit: int = 50) -> list[tuple[str, str, int, int]]:
    """(check, key, expected, found) for each disagreement, at most `limit` per check."""
    found = []
    for name, sql in CHECKS.items():
        for key, expected, actual in conn.execute(f"{sql} LIMIT {int(limit)}"):
            found.append((name, str(key), int(expected), int(actual)))
    return found
