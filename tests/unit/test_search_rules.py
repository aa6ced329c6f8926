"""How search text is read: name keys, phone digits and the kinds of key a text can be."""

from __future__ import annotations

from ar_tui.domain.search import candidate_kinds, code_key, name_key, phone_key


def test_name_key_ignores_case_and_punctuation() -> None:
    assert name_key("  O'Brien,  Mary-Ann ") == "O BRIEN MARY ANN"
    assert name_key("Smith, Jo") == "SMITH JO"


def test_phone_key_keeps_digits_without_country_code() -> None:
    assert phone_key("(555) 010-1234") == "5550101234"
    assert phone_key("+1 555 010 1234") == "5550101234"


def test_code_key() -> None:
    assert code_key("pa-300 0001") == "PA3000001"


def test_kinds_most_specific_first() -> None:
    assert candidate_kinds("1000234")[0] == "number"
    assert "phone" in candidate_kinds("(555) 010-1234")
    assert candidate_kinds("PA3000001")[:2] == ("policy", "agency")
    assert candidate_kinds("smith") == ("agency", "name")
    assert candidate_kinds("SMITH, JO") == ("agency", "name")
