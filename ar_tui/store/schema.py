"""The numbered migrations; each runs in one transaction and bumps the schema version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ar_tui.store.sqlscript import run_script

# Tables are STRICT: a float can never land in an INTEGER money column.
# Money columns end in `_cents`; dates are ISO text (business dates), times are
# ISO UTC text. Status columns are plain TEXT checked by the domain, so later work
# can add a status without rebuilding a million-row table.
MIGRATION_1 = """
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE operators (
    id                   INTEGER PRIMARY KEY,
    login                TEXT NOT NULL UNIQUE,
    name                 TEXT NOT NULL,
    role                 TEXT NOT NULL CHECK (role IN ('collector','supervisor','trainer','admin')),
    approval_limit_cents INTEGER NOT NULL DEFAULT 0 CHECK (approval_limit_cents >= 0),
    team                 TEXT,
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at           TEXT NOT NULL
) STRICT;

-- Insurance agencies (producers) that bill or service accounts.
CREATE TABLE agencies (
    id      INTEGER PRIMARY KEY,
    code    TEXT NOT NULL UNIQUE,
    name    TEXT NOT NULL,
    phone   TEXT,
    email   TEXT,
    active  INTEGER NOT NULL DEFAULT 1
) STRICT;

-- Outside collection agencies and legal counsel that accounts are referred to.
CREATE TABLE collection_agencies (
    id                  INTEGER PRIMARY KEY,
    code                TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    kind                TEXT NOT NULL CHECK (kind IN ('agency','counsel')),
    commission_rate_bp  INTEGER NOT NULL DEFAULT 0 CHECK (commission_rate_bp BETWEEN 0 AND 10000),
    contact_name        TEXT,
    phone               TEXT,
    email               TEXT,
    address             TEXT,
    active              INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE accounts (
    id                    INTEGER PRIMARY KEY,
    account_number        TEXT NOT NULL UNIQUE,
    name                  TEXT NOT NULL,
    name_key              TEXT NOT NULL,
    customer_type         TEXT NOT NULL CHECK (customer_type IN ('consumer','commercial')),
    bill_type             TEXT NOT NULL CHECK (bill_type IN ('direct','agency')),
    line_of_business      TEXT NOT NULL,
    agency_id             INTEGER REFERENCES agencies(id),
    state                 TEXT NOT NULL,
    time_zone             TEXT NOT NULL,
    collector_id          INTEGER REFERENCES operators(id),
    collection_status     TEXT NOT NULL DEFAULT 'active',
    cease_communication   INTEGER NOT NULL DEFAULT 0,
    attorney_represented  INTEGER NOT NULL DEFAULT 0,
    attorney_name         TEXT,
    attorney_phone        TEXT,
    priority              INTEGER NOT NULL DEFAULT 0,
    next_follow_up        TEXT,
    version               INTEGER NOT NULL DEFAULT 1,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL
) STRICT;

CREATE TABLE contacts (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    kind            TEXT NOT NULL CHECK (kind IN ('phone','email','address')),
    value           TEXT NOT NULL,
    value_key       TEXT NOT NULL,
    label           TEXT NOT NULL DEFAULT '',
    party           TEXT NOT NULL DEFAULT 'insured',
    is_primary      INTEGER NOT NULL DEFAULT 0,
    do_not_contact  INTEGER NOT NULL DEFAULT 0,
    source          TEXT NOT NULL DEFAULT 'import',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

CREATE TABLE policies (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES accounts(id),
    policy_number     TEXT NOT NULL UNIQUE,
    line_of_business  TEXT NOT NULL,
    effective_date    TEXT,
    expiration_date   TEXT,
    status            TEXT NOT NULL DEFAULT 'active'
) STRICT;

-- Open items: what is billed and due. `open_cents` moves only together with a ledger
-- entry that names the item, so the ledger explains every open amount.
CREATE TABLE items (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    policy_id        INTEGER REFERENCES policies(id),
    document_number  TEXT NOT NULL,
    item_type        TEXT NOT NULL CHECK (item_type IN ('premium','audit','deductible','fee')),
    installment_no   INTEGER,
    bill_date        TEXT,
    due_date         TEXT NOT NULL,
    amount_cents     INTEGER NOT NULL,
    open_cents       INTEGER NOT NULL,
    status           TEXT NOT NULL DEFAULT 'open',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (account_id, document_number)
) STRICT;

CREATE TABLE file_imports (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    file_name    TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    rows         INTEGER NOT NULL,
    summary      TEXT NOT NULL,
    operator_id  INTEGER NOT NULL REFERENCES operators(id),
    imported_at  TEXT NOT NULL
) STRICT;

-- Payment batches: a bank file or a day's manual postings.
CREATE TABLE batches (
    id                   INTEGER PRIMARY KEY,
    source               TEXT NOT NULL,
    format               TEXT,
    file_name            TEXT,
    file_sha256          TEXT,
    business_date        TEXT NOT NULL,
    item_count           INTEGER NOT NULL DEFAULT 0,
    control_total_cents  INTEGER NOT NULL DEFAULT 0,
    posted_total_cents   INTEGER NOT NULL DEFAULT 0,
    status               TEXT NOT NULL DEFAULT 'open',
    operator_id          INTEGER NOT NULL REFERENCES operators(id),
    created_at           TEXT NOT NULL,
    posted_at            TEXT
) STRICT;

CREATE TABLE payments (
    id               INTEGER PRIMARY KEY,
    receipt_number   TEXT NOT NULL UNIQUE,
    account_id       INTEGER REFERENCES accounts(id),
    batch_id         INTEGER REFERENCES batches(id),
    amount_cents     INTEGER NOT NULL CHECK (amount_cents > 0),
    method           TEXT NOT NULL,
    reference        TEXT NOT NULL DEFAULT '',
    received_date    TEXT NOT NULL,
    business_date    TEXT NOT NULL,
    bank_item_key    TEXT UNIQUE,
    status           TEXT NOT NULL DEFAULT 'posted',
    unapplied_cents  INTEGER NOT NULL DEFAULT 0,
    unapplied_reason TEXT,
    review_flag      TEXT,
    operator_id      INTEGER NOT NULL REFERENCES operators(id),
    created_at       TEXT NOT NULL
) STRICT;

-- The ledger: every movement of money, append-only. Positive amounts raise what the
-- customer owes (charge, fee, reversed payment); negative ones lower it.
CREATE TABLE ledger (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    item_id        INTEGER REFERENCES items(id),
    payment_id     INTEGER REFERENCES payments(id),
    batch_id       INTEGER REFERENCES batches(id),
    import_id      INTEGER REFERENCES file_imports(id),
    entry_type     TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL,
    business_date  TEXT NOT NULL,
    reverses_id    INTEGER REFERENCES ledger(id),
    memo           TEXT NOT NULL DEFAULT '',
    operator_id    INTEGER REFERENCES operators(id),
    created_at     TEXT NOT NULL
) STRICT;

-- Which items a payment paid, read from the ledger: every ledger entry naming both a
-- payment and an item is one allocation (a reversal is one with a negative amount).
-- A view, so the allocations can never disagree with the ledger.
CREATE VIEW allocations AS
SELECT id, payment_id, item_id, id AS ledger_id, -amount_cents AS amount_cents, created_at
FROM ledger WHERE payment_id IS NOT NULL AND item_id IS NOT NULL;

-- Contacts made or attempted: the NOTE log.
CREATE TABLE activities (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    operator_id      INTEGER NOT NULL REFERENCES operators(id),
    channel          TEXT NOT NULL,
    party            TEXT NOT NULL DEFAULT 'insured',
    outcome          TEXT NOT NULL,
    is_attempt       INTEGER NOT NULL DEFAULT 0,
    is_conversation  INTEGER NOT NULL DEFAULT 0,
    note             TEXT NOT NULL DEFAULT '',
    occurred_at      TEXT NOT NULL,
    business_date    TEXT NOT NULL,
    follow_up_date   TEXT,
    override_reason  TEXT,
    override_by      INTEGER REFERENCES operators(id)
) STRICT;

CREATE TABLE promises (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    promised_date  TEXT NOT NULL,
    channel        TEXT NOT NULL DEFAULT 'call',
    status         TEXT NOT NULL DEFAULT 'pending',
    kept_cents     INTEGER NOT NULL DEFAULT 0,
    created_by     INTEGER NOT NULL REFERENCES operators(id),
    created_date   TEXT NOT NULL,
    resolved_date  TEXT
) STRICT;

CREATE TABLE plans (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts(id),
    total_cents          INTEGER NOT NULL CHECK (total_cents > 0),
    down_payment_cents   INTEGER NOT NULL DEFAULT 0,
    installment_count    INTEGER NOT NULL CHECK (installment_count > 0),
    frequency            TEXT NOT NULL CHECK (frequency IN ('weekly','biweekly','monthly')),
    first_due_date       TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'active',
    created_by           INTEGER NOT NULL REFERENCES operators(id),
    approved_by          INTEGER REFERENCES operators(id),
    created_date         TEXT NOT NULL,
    status_date          TEXT
) STRICT;

CREATE TABLE installments (
    id            INTEGER PRIMARY KEY,
    plan_id       INTEGER NOT NULL REFERENCES plans(id),
    seq           INTEGER NOT NULL,
    due_date      TEXT NOT NULL,
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    paid_cents    INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'due',
    UNIQUE (plan_id, seq)
) STRICT;

CREATE TABLE settlements (
    id                   INTEGER PRIMARY KEY,
    account_id           INTEGER NOT NULL REFERENCES accounts(id),
    balance_cents        INTEGER NOT NULL,
    offer_cents          INTEGER NOT NULL CHECK (offer_cents > 0),
    due_date             TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'proposed',
    created_by           INTEGER NOT NULL REFERENCES operators(id),
    approved_by          INTEGER REFERENCES operators(id),
    created_date         TEXT NOT NULL,
    status_date          TEXT
) STRICT;

CREATE TABLE disputes (
    id                      INTEGER PRIMARY KEY,
    account_id              INTEGER NOT NULL REFERENCES accounts(id),
    amount_cents            INTEGER NOT NULL CHECK (amount_cents > 0),
    reason                  TEXT NOT NULL,
    department              TEXT NOT NULL,
    status                  TEXT NOT NULL DEFAULT 'open',
    verification_sent_date  TEXT,
    opened_date             TEXT NOT NULL,
    resolved_date           TEXT,
    created_by              INTEGER NOT NULL REFERENCES operators(id)
) STRICT;

CREATE TABLE dispute_items (
    dispute_id    INTEGER NOT NULL REFERENCES disputes(id),
    item_id       INTEGER NOT NULL REFERENCES items(id),
    amount_cents  INTEGER NOT NULL,
    PRIMARY KEY (dispute_id, item_id)
) STRICT;

CREATE TABLE dispute_events (
    id             INTEGER PRIMARY KEY,
    dispute_id     INTEGER NOT NULL REFERENCES disputes(id),
    status         TEXT NOT NULL,
    business_date  TEXT NOT NULL,
    operator_id    INTEGER NOT NULL REFERENCES operators(id),
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
) STRICT;

CREATE TABLE bankruptcies (
    id                        INTEGER PRIMARY KEY,
    account_id                INTEGER NOT NULL REFERENCES accounts(id),
    chapter                   INTEGER NOT NULL CHECK (chapter IN (7, 11, 13)),
    case_number               TEXT NOT NULL,
    court_district            TEXT NOT NULL DEFAULT '',
    filed_date                TEXT NOT NULL,
    attorney                  TEXT NOT NULL DEFAULT '',
    proof_of_claim_deadline   TEXT,
    status                    TEXT NOT NULL DEFAULT 'active',
    status_date               TEXT NOT NULL,
    created_by                INTEGER NOT NULL REFERENCES operators(id)
) STRICT;

CREATE TABLE referrals (
    id                    INTEGER PRIMARY KEY,
    account_id            INTEGER NOT NULL REFERENCES accounts(id),
    collection_agency_id  INTEGER NOT NULL REFERENCES collection_agencies(id),
    placed_date           TEXT NOT NULL,
    placed_cents          INTEGER NOT NULL,
    commission_rate_bp    INTEGER NOT NULL,
    status                TEXT NOT NULL DEFAULT 'placed',
    suit_authorized_by    INTEGER REFERENCES operators(id),
    judgment_date         TEXT,
    judgment_cents        INTEGER,
    recalled_date         TEXT,
    created_by            INTEGER NOT NULL REFERENCES operators(id)
) STRICT;

CREATE TABLE writeoffs (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'pending',
    requested_by  INTEGER NOT NULL REFERENCES operators(id),
    approved_by   INTEGER REFERENCES operators(id),
    requested_date TEXT NOT NULL,
    posted_date   TEXT
) STRICT;

-- Requests that need a second person: a plan outside policy, a settlement, a write-off.
CREATE TABLE approvals (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    subject_id    INTEGER NOT NULL,
    account_id    INTEGER REFERENCES accounts(id),
    amount_cents  INTEGER NOT NULL DEFAULT 0,
    status        TEXT NOT NULL DEFAULT 'pending',
    requested_by  INTEGER NOT NULL REFERENCES operators(id),
    requested_at  TEXT NOT NULL,
    decided_by    INTEGER REFERENCES operators(id),
    decided_at    TEXT,
    note          TEXT NOT NULL DEFAULT ''
) STRICT;

-- An account being worked is locked to one operator's session.
CREATE TABLE account_locks (
    account_id    INTEGER PRIMARY KEY REFERENCES accounts(id),
    operator_id   INTEGER NOT NULL REFERENCES operators(id),
    session_id    TEXT NOT NULL,
    host          TEXT NOT NULL,
    pid           INTEGER NOT NULL,
    locked_at     TEXT NOT NULL,
    heartbeat_at  TEXT NOT NULL
) STRICT;

-- Who did what, append-only.
CREATE TABLE audit_log (
    id             INTEGER PRIMARY KEY,
    at             TEXT NOT NULL,
    business_date  TEXT NOT NULL,
    operator_login TEXT NOT NULL,
    source         TEXT NOT NULL,
    action         TEXT NOT NULL,
    account_id     INTEGER,
    subject        TEXT NOT NULL DEFAULT '',
    detail         TEXT NOT NULL DEFAULT '{}'
) STRICT;

CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
BEGIN SELECT RAISE(ABORT, 'ledger is append-only: post a reversal instead'); END;
CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
BEGIN SELECT RAISE(ABORT, 'ledger is append-only: post a reversal instead'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER dispute_events_no_update BEFORE UPDATE ON dispute_events
BEGIN SELECT RAISE(ABORT, 'dispute history is append-only'); END;
CREATE TRIGGER dispute_events_no_delete BEFORE DELETE ON dispute_events
BEGIN SELECT RAISE(ABORT, 'dispute history is append-only'); END;
"""

# Indexes are separate so a bulk build can create them after loading the rows.
INDEXES_1 = """
CREATE INDEX accounts_name ON accounts(name_key, id);
CREATE INDEX accounts_agency ON accounts(agency_id, id);
CREATE INDEX accounts_collector ON accounts(collector_id, priority);
CREATE INDEX contacts_account ON contacts(account_id, kind);
CREATE INDEX contacts_phone ON contacts(value_key) WHERE kind = 'phone';
CREATE INDEX policies_account ON policies(account_id);
CREATE INDEX items_account_due ON items(account_id, due_date, id);
CREATE INDEX items_document ON items(document_number);
CREATE INDEX ledger_account ON ledger(account_id, id);
CREATE INDEX ledger_item ON ledger(item_id) WHERE item_id IS NOT NULL;
CREATE INDEX ledger_payment ON ledger(payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX payments_account ON payments(account_id, id);
CREATE INDEX payments_batch ON payments(batch_id);
CREATE INDEX activities_account ON activities(account_id, occurred_at);
CREATE INDEX promises_account ON promises(account_id, status);
CREATE INDEX plans_account ON plans(account_id, status);
CREATE INDEX settlements_account ON settlements(account_id, status);
CREATE INDEX disputes_account ON disputes(account_id, status);
CREATE INDEX bankruptcies_account ON bankruptcies(account_id, status);
CREATE INDEX referrals_account ON referrals(account_id, status);
CREATE INDEX writeoffs_account ON writeoffs(account_id);
CREATE INDEX approvals_status ON approvals(status, id);
CREATE INDEX audit_account ON audit_log(account_id, id) WHERE account_id IS NOT NULL;
"""


def _migration_1(conn: sqlite3.Connection) -> None:
    run_script(conn, MIGRATION_1)
    run_script(conn, INDEXES_1)


# Indexes of INDEXES_1 that a later migration dropped: a bulk build must not bring them back.
DROPPED_INDEXES = ("ledger_item",)


def _bulk_index_lines() -> list[str]:
    return [
        line
        for line in INDEXES_1.splitlines()
        if line.startswith("CREATE INDEX") and line.split()[2] not in DROPPED_INDEXES
    ]


def index_names() -> list[str]:
    """The indexes of INDEXES_1 still in the schema, in order."""
    return [line.split()[2] for line in _bulk_index_lines()]


def drop_indexes(conn: sqlite3.Connection) -> None:
    """Before a bulk load: rows go in much faster without indexes to maintain."""
    for name in index_names():
        conn.execute(f"DROP INDEX {name}")


def create_indexes(conn: sqlite3.Connection) -> None:
    run_script(conn, "\n".join(_bulk_index_lines()))


Migration = Callable[[sqlite3.Connection], None]

MIGRATION_2 = """
ALTER TABLE payments ADD COLUMN category TEXT NOT NULL DEFAULT 'payment';
ALTER TABLE payments ADD COLUMN recovered_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE payments ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';
ALTER TABLE payments ADD COLUMN payer TEXT NOT NULL DEFAULT '';
ALTER TABLE payments ADD COLUMN source_line INTEGER;
ALTER TABLE payments ADD COLUMN reversed_date TEXT;
ALTER TABLE payments ADD COLUMN reversal_reason TEXT;
ALTER TABLE payments ADD COLUMN transferred_from INTEGER REFERENCES payments(id);
ALTER TABLE batches ADD COLUMN unapplied_cents INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN exception_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';

-- What a batch could not post, and why: unmatched returns, debits, duplicates.
CREATE TABLE batch_exceptions (
    id            INTEGER PRIMARY KEY,
    batch_id      INTEGER NOT NULL REFERENCES batches(id),
    line          INTEGER,
    kind          TEXT NOT NULL,
    amount_cents  INTEGER NOT NULL DEFAULT 0,
    reference     TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL,
    payment_id    INTEGER REFERENCES payments(id)
) STRICT;

-- Customers' bank accounts for ACH, corrected by notifications of change.
CREATE TABLE payment_methods (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    kind           TEXT NOT NULL DEFAULT 'ach',
    routing        TEXT NOT NULL DEFAULT '',
    dfi_account    TEXT NOT NULL DEFAULT '',
    account_type   TEXT NOT NULL DEFAULT 'checking',
    status         TEXT NOT NULL DEFAULT 'active',
    source         TEXT NOT NULL DEFAULT 'manual',
    updated_at     TEXT NOT NULL
) STRICT;

-- Flags raised on an account by an event (a returned payment) until someone clears them.
CREATE TABLE account_flags (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    flag          TEXT NOT NULL,
    reason        TEXT NOT NULL DEFAULT '',
    set_date      TEXT NOT NULL,
    set_by        INTEGER REFERENCES operators(id),
    cleared_date  TEXT,
    cleared_by    INTEGER REFERENCES operators(id)
) STRICT;

CREATE INDEX batch_exceptions_batch ON batch_exceptions(batch_id, id);
CREATE INDEX payment_methods_account ON payment_methods(account_id);
CREATE INDEX account_flags_open ON account_flags(account_id, flag) WHERE cleared_date IS NULL;
CREATE INDEX payments_unapplied ON payments(id) WHERE unapplied_cents > 0;
CREATE INDEX payments_reference ON payments(reference) WHERE reference <> '';
CREATE INDEX batches_sha ON batches(file_sha256) WHERE file_sha256 IS NOT NULL;
CREATE INDEX batches_date ON batches(business_date, id);
"""


def _migration_2(conn: sqlite3.Connection) -> None:
    run_script(conn, MIGRATION_2)


MIGRATION_3 = """
CREATE INDEX accounts_priority ON accounts(priority, id);
CREATE INDEX accounts_queue ON accounts(collector_id, priority, id);
"""


def _migration_3(conn: sqlite3.Connection) -> None:
    run_script(conn, MIGRATION_3)


MIGRATION_4 = """
-- One row per business date the nightly cycle closed: running it again finds the row.
CREATE TABLE nightly_runs (
    as_of          TEXT PRIMARY KEY,
    operator_login TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    summary        TEXT NOT NULL
) STRICT;

CREATE INDEX promises_pending ON promises(promised_date) WHERE status = 'pending';
CREATE INDEX plans_active ON plans(id) WHERE status = 'active';
CREATE INDEX settlements_open ON settlements(id) WHERE status IN ('proposed', 'approved');
CREATE INDEX approvals_subject ON approvals(kind, subject_id);
"""


def _migration_4(conn: sqlite3.Connection) -> None:
    run_script(conn, MIGRATION_4)


MIGRATION_5 = """
-- Each status a bankruptcy or a referral moved to: dated, by whom, never edited.
CREATE TABLE case_events (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('bankruptcy', 'referral')),
    subject_id     INTEGER NOT NULL,
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    status         TEXT NOT NULL,
    business_date  TEXT NOT NULL,
    operator_id    INTEGER NOT NULL REFERENCES operators(id),
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
) STRICT;
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;
CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN SELECT RAISE(ABORT, 'case history is append-only'); END;

-- What an agency collected on a referred account, and the commission it keeps.
CREATE TABLE referral_payments (
    id                INTEGER PRIMARY KEY,
    referral_id       INTEGER NOT NULL REFERENCES referrals(id),
    payment_id        INTEGER NOT NULL UNIQUE REFERENCES payments(id),
    amount_cents      INTEGER NOT NULL CHECK (amount_cents > 0),
    commission_rate_bp INTEGER NOT NULL,
    commission_cents  INTEGER NOT NULL CHECK (commission_cents >= 0),
    business_date     TEXT NOT NULL
) STRICT;

-- A word for an operator from the system (a dismissed bankruptcy: collection resumes).
CREATE TABLE operator_messages (
    id             INTEGER PRIMARY KEY,
    operator_id    INTEGER NOT NULL REFERENCES operators(id),
    account_id     INTEGER REFERENCES accounts(id),
    text           TEXT NOT NULL,
    business_date  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    read_at        TEXT
) STRICT;

CREATE INDEX case_events_subject ON case_events(kind, subject_id, id);
CREATE INDEX referral_payments_referral ON referral_payments(referral_id, id);
CREATE INDEX operator_messages_unread ON operator_messages(operator_id, id) WHERE read_at IS NULL;
CREATE INDEX bankruptcies_claims ON bankruptcies(proof_of_claim_deadline) WHERE status = 'active';
CREATE INDEX disputes_open ON disputes(opened_date, id) WHERE status IN ('open', 'in_research',
    'credit_pending');
CREATE INDEX dispute_events_dispute ON dispute_events(dispute_id, id);
"""


def _migration_5(conn: sqlite3.Connection) -> None:
    run_script(conn, MIGRATION_5)


# No query looks ledger rows up by item (ITEM and HIST read by account, `db check`
# groups the whole ledger), yet every posting paid an entry in this index at a random
# place: on a large database a bank file dirtied a page of it per payment.
def _migration_6(conn: sqlite3.Connection) -> None:
    for name in DROPPED_INDEXES:
        conn.execute(f"DROP INDEX IF EXISTS {name}")


# The operators table is rebuilt to let in the new roles (a CHECK cannot be altered) and
# to key operators by uid; a single approval limit per operator becomes one daily limit per
# kind, spent cumulatively through the business day, with every spend on record.
MIGRATION_7 = """
CREATE TABLE operators_new (
    id          INTEGER PRIMARY KEY,
    login       TEXT NOT NULL UNIQUE,
    uid         INTEGER CHECK (uid IS NULL OR uid >= 0),
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('collector','supervisor','billing','trainer','admin',
                                              'auditor')),
    team        TEXT,
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at  TEXT NOT NULL
) STRICT;
INSERT INTO operators_new(id, login, name, role, team, active, created_at)
    SELECT id, login, name, role, team, active, created_at FROM operators;

CREATE TABLE operator_limits (
    operator_id  INTEGER NOT NULL REFERENCES operators(id),
    kind         TEXT NOT NULL CHECK (kind IN ('writeoff','settlement_discount','credit',
                                               'reversal')),
    daily_cents  INTEGER NOT NULL CHECK (daily_cents >= 0),
    PRIMARY KEY (operator_id, kind)
) STRICT;
-- An old per-request approval limit becomes the daily limit of each kind; an
-- administrator's (10,000,000.00 given to every first administrator, meaning "no limit")
-- becomes the role's default daily 100,000.00.
INSERT INTO operator_limits(operator_id, kind, daily_cents)
    SELECT o.id, k.kind,
           CASE WHEN o.role = 'admin' THEN min(o.approval_limit_cents, 10000000)
                WHEN k.kind <> 'reversal' THEN o.approval_limit_cents
                WHEN o.role = 'supervisor' THEN 2500000 ELSE 0 END
    FROM operators o
    CROSS JOIN (SELECT 'writeoff' AS kind UNION ALL SELECT 'settlement_discount'
                UNION ALL SELECT 'credit' UNION ALL SELECT 'reversal') k;

DROP TABLE operators;
ALTER TABLE operators_new RENAME TO operators;

-- What each operator spent of a daily limit: the sum for a day is what is used.
CREATE TABLE limit_usage (
    id             INTEGER PRIMARY KEY,
    operator_id    INTEGER NOT NULL REFERENCES operators(id),
    kind           TEXT NOT NULL,
    business_date  TEXT NOT NULL,
    cents          INTEGER NOT NULL CHECK (cents > 0),
    action         TEXT NOT NULL,
    subject        TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX limit_usage_day ON limit_usage(operator_id, kind, business_date);
CREATE TRIGGER limit_usage_no_update BEFORE UPDATE ON limit_usage
BEGIN SELECT RAISE(ABORT, 'limit usage is append-only'); END;
CREATE TRIGGER limit_usage_no_delete BEFORE DELETE ON limit_usage
BEGIN SELECT RAISE(ABORT, 'limit usage is append-only'); END;

-- What a request needs to be carried out when approved (a transfer's target account).
ALTER TABLE approvals ADD COLUMN detail TEXT NOT NULL DEFAULT '{}';
"""


def _migration_7(conn: sqlite3.Connection) -> None:
    run_script(conn, MIGRATION_7)
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise sqlite3.IntegrityError(f"foreign keys broken by the operators rebuild: {problems}")


# Migrations that rebuild a table others refer to: they run with foreign keys off (the
# parent table is dropped and renamed back), and check every reference before committing.
REBUILDS = frozenset({7})


# `db set-date` asks, inside its transaction, for the last day money was posted.
def _migration_8(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE INDEX payments_business_date ON payments(business_date)")


# A bank file posts in chunks: the batch stays `posting` until its last chunk commits, with
# the file itself kept (in parts) so that a batch cut short by a crash can be finished.
MIGRATION_9 = """
ALTER TABLE batches ADD COLUMN posted_through INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN file_bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE batches ADD COLUMN item_order BLOB;
CREATE TABLE batch_files (
    batch_id  INTEGER NOT NULL REFERENCES batches(id),
    part      INTEGER NOT NULL,
    content   BLOB NOT NULL,
    PRIMARY KEY (batch_id, part)
) STRICT;
CREATE INDEX batches_status ON batches(status, id);
"""


def _migration_9(conn: sqlite3.Connection) -> None:
    run_script(conn, MIGRATION_9)


# PF6 offers an account only when nothing holds it: a hold is a business date and/or an
# instant before which it cannot be worked (a later follow-up, the contact rules, worked
# today, a postponement). PF6 reads a partial index of the accounts no hold keeps back, so
# the day's worked accounts cost it nothing; the holds index finds those whose time came.
MIGRATION_10 = """
ALTER TABLE accounts ADD COLUMN held_day TEXT;
ALTER TABLE accounts ADD COLUMN held_at TEXT;
CREATE INDEX accounts_queue_open ON accounts(collector_id, priority, id)
    WHERE held_day IS NULL AND held_at IS NULL;
CREATE INDEX accounts_priority_open ON accounts(priority, id)
    WHERE held_day IS NULL AND held_at IS NULL;
CREATE INDEX accounts_held_day ON accounts(held_day) WHERE held_day IS NOT NULL;
CREATE INDEX accounts_held_at ON accounts(held_at) WHERE held_at IS NOT NULL;
CREATE INDEX accounts_follow_up ON accounts(collector_id, next_follow_up)
    WHERE next_follow_up IS NOT NULL;

-- A collector's word that an account waits: until a business date, or an instant on it.
CREATE TABLE postponements (
    id             INTEGER PRIMARY KEY,
    account_id     INTEGER NOT NULL REFERENCES accounts(id),
    operator_id    INTEGER NOT NULL REFERENCES operators(id),
    until_day      TEXT NOT NULL,
    until_at       TEXT,
    reason         TEXT NOT NULL CHECK (length(reason) > 0),
    business_date  TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;
CREATE INDEX postponements_account ON postponements(account_id, id);
CREATE INDEX postponements_day ON postponements(until_day, operator_id);
CREATE TRIGGER postponements_no_update BEFORE UPDATE ON postponements
BEGIN SELECT RAISE(ABORT, 'postponements are append-only'); END;
CREATE TRIGGER postponements_no_delete BEFORE DELETE ON postponements
BEGIN SELECT RAISE(ABORT, 'postponements are append-only'); END;
"""


def _migration_10(conn: sqlite3.Connection) -> None:
    run_script(conn, MIGRATION_10)


# The holidays of a banking calendar, one row a year, as read from the `holidays` package
# when a database is made, its calendar is set, or the nightly cycle runs: a session learns
# them here and never loads the package (a tenth of a second and 14 MB a process).
MIGRATION_11 = """
CREATE TABLE bank_holidays (
    calendar  TEXT NOT NULL,
    year      INTEGER NOT NULL,
    days      TEXT NOT NULL,
    PRIMARY KEY (calendar, year)
) STRICT;
"""


def _migration_11(conn: sqlite3.Connection) -> None:
    run_script(conn, MIGRATION_11)


# Version number -> (name, function). Append new migrations; never edit a landed one.
MIGRATIONS: dict[int, tuple[str, Migration]] = {
    1: ("full schema: accounts, items, ledger, payments, collections, audit", _migration_1),
    2: ("payments: categories, batch exceptions, payment methods, account flags", _migration_2),
    3: ("work queue: accounts by priority", _migration_3),
    4: ("nightly cycle: runs by business date", _migration_4),
    5: ("disputes, bankruptcy, referrals: case history, agency payments, messages", _migration_5),
    6: ("ledger: drop the by-item index no query uses", _migration_6),
    7: ("roles: billing and auditor, operators keyed by uid, daily limits by kind", _migration_7),
    8: ("payments by business date: the last day money was posted", _migration_8),
    9: ("bank files post in chunks: batches posting, their files kept until posted", _migration_9),
    10: ("work queue: holds PF6 passes without reading, postponements", _migration_10),
    11: ("banking calendars: each year's holidays, kept in the database", _migration_11),
}

LATEST_VERSION = max(MIGRATIONS)
