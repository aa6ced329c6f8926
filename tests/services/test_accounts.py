"""Search, inquiry, open items, history and the JSON contract, on the demo portfolio."""

from __future__ import annotations

import itertools
import sqlite3
from decimal import Decimal

import pytest

from ar_tui.domain.errors import ArError, NotFound, UsageError
from ar_tui.services import accounts
from ar_tui.services.session import Session


def _one(session: Session, sql: str, *args: object) -> tuple:
    row = session.store.connection().execute(sql, args).fetchone()
    assert row is not None
    return tuple(row)


def test_search_by_number(demo_session: Session) -> None:
    kind, page = accounts.search(demo_session, "1000234")
    assert kind == "number"
    assert [r.account_number for r in page.rows] == ["1000234"]


def test_search_by_name_prefix_pages_in_name_order(demo_session: Session) -> None:
    kind, first = accounts.search(demo_session, "s", limit=5)
    assert kind == "name"
    assert len(first.rows) == 5 and first.has_more
    names = [r.name for r in first.rows]
    assert names == sorted(names)
    _, second = accounts.search(demo_session, "s", "name", after=first.next_key, limit=5)
    assert not {r.id for r in first.rows} & {r.id for r in second.rows}
    assert second.rows[0].name >= first.rows[-1].name


def test_search_by_policy_phone_and_agency(demo_session: Session) -> None:
    number, policy = _one(
        demo_session,
        "SELECT a.account_number, p.policy_number FROM policies p"
        " JOIN accounts a ON a.id = p.account_id ORDER BY p.id LIMIT 1 OFFSET 40",
    )
    kind, page = accounts.search(demo_session, policy.lower())
    assert (kind, [r.account_number for r in page.rows]) == ("policy", [number])

    number, phone = _one(
        demo_session,
        "SELECT a.account_number, c.value FROM contacts c JOIN accounts a ON a.id = c.account_id"
        " WHERE c.kind = 'phone' ORDER BY c.id LIMIT 1 OFFSET 77",
    )
    kind, page = accounts.search(demo_session, phone)
    assert kind == "phone" and number in [r.account_number for r in page.rows]

    kind, page = accounts.search(demo_session, "ag0003", limit=50)
    assert kind == "agency" and page.rows
    (count,) = _one(
        demo_session,
        "SELECT count(*) FROM accounts WHERE agency_id = (SELECT id FROM agencies"
        " WHERE code = 'AG0003')",
    )
    assert len(page.rows) == min(50, count)


def test_search_uses_indexes_not_scans(demo_session: Session) -> None:
    conn = demo_session.store.connection()
    plan = " ".join(
        str(r)
        for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM accounts WHERE name_key >= 'S' AND name_key < 'S~'"
            " AND (name_key, id) > ('', 0) ORDER BY name_key, id LIMIT 16"
        )
    )
    assert "accounts_name" in plan and "SCAN" not in plan
    plan = " ".join(
        str(r)
        for r in conn.execute(
            "EXPLAIN QUERY PLAN SELECT account_id FROM contacts WHERE kind = 'phone'"
            " AND value_key = '5550100000'"
        )
    )
    assert "contacts_phone" in plan


@pytest.mark.parametrize(
    ("text", "by", "code", "field"),
    [
        ("", None, "AR0301E", "search"),
        ("   ", None, "AR0301E", "search"),
        ("12ab", "number", "AR0202E", "search"),
        ("x", "colour", "AR0302E", "by"),
    ],
)
def test_bad_searches_name_the_field(
    demo_session: Session, text: str, by: str | None, code: str, field: str
) -> None:
    with pytest.raises(UsageError) as caught:
        accounts.search(demo_session, text, by)
    assert (caught.value.code, caught.value.field) == (code, field)


def test_no_match_is_an_empty_page(demo_session: Session) -> None:
    _kind, page = accounts.search(demo_session, "ZZZZQ")
    assert page.rows == ()


def test_view_balance_equals_ledger_and_aging_sums(demo_session: Session) -> None:
    found = accounts.view(demo_session, "1000234")
    (ledger_sum,) = _one(
        demo_session,
        "SELECT sum(amount_cents) FROM ledger WHERE account_id = ?",
        found.account.id,
    )
    assert found.balance_cents == ledger_sum
    assert found.aging.total == found.open_items_cents


def test_view_shows_flags_of_special_accounts(demo_session: Session) -> None:
    (number,) = _one(
        demo_session,
        "SELECT a.account_number FROM bankruptcies b JOIN accounts a ON a.id = b.account_id"
        " LIMIT 1",
    )
    found = accounts.view(demo_session, number)
    assert "bankruptcy" in found.flags
    assert any(action.kind == "bankruptcy" for action in found.open_actions)


@pytest.mark.parametrize(
    ("number", "error"), [("9999999", NotFound), ("12AB", UsageError), ("", UsageError)]
)
def test_view_refuses_bad_or_unknown_numbers(
    demo_session: Session, number: str, error: type[ArError]
) -> None:
    with pytest.raises(error):
        accounts.view(demo_session, number)


def test_open_items_and_history_page_by_key(demo_session: Session) -> None:
    (number,) = _one(
        demo_session,
        "SELECT a.account_number FROM accounts a JOIN items i ON i.account_id = a.id"
        " WHERE i.open_cents <> 0 GROUP BY a.id HAVING count(*) >= 6 LIMIT 1",
    )
    first = accounts.open_items(demo_session, number, limit=3)
    second = accounts.open_items(demo_session, number, after=first.next_key, limit=3)
    dues = [i.due_date for i in first.rows + second.rows]
    assert dues == sorted(dues) and len({i.id for i in first.rows + second.rows}) == 6

    page = accounts.history(demo_session, number, limit=4)
    older = accounts.history(demo_session, number, before=page.next_key, limit=4)
    entries = page.rows + older.rows
    assert [e.id for e in entries] == sorted((e.id for e in entries), reverse=True)
    for newer, prior in itertools.pairwise(entries):
        assert prior.balance_after_cents == newer.balance_after_cents - newer.amount_cents


def test_json_contract(demo_session: Session) -> None:
    data = accounts.as_json(demo_session, "1000234")
    for key in ("account_number", "name", "customer_type", "bill_type", "collection_status"):
        assert isinstance(data[key], str)
    assert set(data["aging"]) == {"current", "1_30", "31_60", "61_90", "91_120", "over_120"}
    money = [data["balance"], *data["aging"].values()]
    money += [i[k] for i in data["items"] for k in ("amount", "open_amount")]
    for text in money:
        assert Decimal(text).as_tuple().exponent == -2, text
    assert sum(Decimal(v) for v in data["aging"].values()) == sum(
        Decimal(i["open_amount"]) for i in data["items"]
    )
    assert isinstance(data["flags"], list)
    for item in data["items"]:
        assert {"document_number", "item_type", "due_date", "amount", "open_amount"} <= set(item)


def test_reads_never_write(demo_session: Session) -> None:
    conn = demo_session.store.connection()
    before = conn.execute("SELECT total_changes()").fetchone()[0]
    accounts.search(demo_session, "SMITH")
    accounts.view(demo_session, "1000234")
    accounts.as_json(demo_session, "1000234")
    assert conn.execute("SELECT total_changes()").fetchone()[0] == before
    assert isinstance(conn, sqlite3.Connection)
