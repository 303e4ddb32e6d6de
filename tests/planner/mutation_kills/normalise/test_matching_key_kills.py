"""The matching keys of free text and of organisations (planner/imports/normalise.py), issue 21:
text_key and organisation_key, whose bodies mutmut reaches now that their caches are made at
module level. Each test states when two spellings are one organisation (or one text) on import.

The caches are emptied before each test: mutmut runs each mutant in a process forked from the
one that ran the clean tests, and a warm cache would answer without running the mutated body."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from planner.imports.normalise import organisation_key, text_key


@pytest.fixture(autouse=True)
def _cold_caches() -> Iterator[None]:
    text_key.cache_clear()
    organisation_key.cache_clear()
    yield


# ------------------------------------------------------------------------------- free text

def test_free_text_matches_whatever_its_case_punctuation_and_spacing() -> None:
    """'  Acme,  Trading Ltd. ' and 'acme trading ltd' are the same text; words stay apart."""
    assert text_key("  Acme,  Trading Ltd. ") == "acme trading ltd"
    assert text_key("ACME-TRADING") == "acme trading"


def test_no_text_has_an_empty_key() -> None:
    """An empty cell (None) matches only other empty cells: its key is ''."""
    assert text_key(None) == ""
    assert text_key("") == ""


def test_full_width_and_punctuated_asian_text_matches_its_plain_form() -> None:
    """'ＡＢＣ　商事・東京' (full-width letters, an ideographic space, a middle dot) is 'abc 商事 東京'."""
    assert text_key("ＡＢＣ　商事・東京") == "abc 商事 東京"
    assert text_key("Ｏ’Ｂｒｉｅｎ") == "obrien"


# ---------------------------------------------------------------------------- organisations

def test_an_organisations_key_ignores_its_legal_form() -> None:
    """'Acme Ltd' and 'ACME Limited' are one organisation, and so are 'Acme Corporation' and
    'Acme'."""
    assert organisation_key("Acme Ltd") == organisation_key("ACME Limited") == "acme"
    assert organisation_key("Acme Corporation") == "acme"
    assert organisation_key("Acme Co., Ltd.") == "acme"


def test_only_the_legal_form_at_the_end_is_dropped_not_the_other_words() -> None:
    """'Acme Trading Ltd' is 'acme trading': the other words of the name are kept."""
    assert organisation_key("Acme Trading Ltd") == "acme trading"
    assert organisation_key("Blue Ocean") == "blue ocean"
    assert organisation_key("Acme") == "acme"


def test_an_organisation_without_a_name_has_an_empty_key() -> None:
    assert organisation_key(None) == ""
    assert organisation_key("") == ""


def test_a_japanese_legal_form_before_or_after_the_name_is_dropped() -> None:
    """株式会社ABC and ABC株式会社 are ABC; so is ＡＢＣ商事株式会社 written full-width."""
    assert organisation_key("株式会社ABC") == "abc"
    assert organisation_key("ABC株式会社") == "abc"
    assert organisation_key("ＡＢＣ商事株式会社") == "abc商事"


def test_a_bracketed_legal_form_before_or_after_the_name_is_dropped() -> None:
    """(株) ABC, ABC(株) and ㈱ABC Trading are ABC and ABC Trading: the bracket forms of
    Japanese and Korean legal forms are not part of the name."""
    assert organisation_key("(株) ABC") == "abc"
    assert organisation_key("ABC(株)") == "abc"
    assert organisation_key("ABC Trading (株)") == "abc trading"
    assert organisation_key("(주) Samil") == "samil"


def test_a_name_that_is_only_a_legal_form_keeps_it() -> None:
    """An organisation called 'Limited', '株式会社' or '(株)' is not reduced to nothing (which
    would match every other such cell)."""
    assert organisation_key("Limited") == "limited"
    assert organisation_key("株式会社") == "株式会社"
    assert organisation_key("(株)") == "株"


@pytest.mark.parametrize("name", [
    "株式会社 一般社団法人 ABC",   # a short prefix in front of a longer one
    "ABC 一般社団法人 株式会社",   # a short suffix after a longer one
    "(株) 株式会社ABC",           # a bracket form in front of a written-out one
    "ABC株式会社 Co., Ltd.",      # a Japanese form hidden behind an English one
])
def test_legal_forms_are_dropped_however_they_are_stacked(name: str) -> None:
    """Stacked legal forms are all removed, in any order: the key of a key is itself."""
    assert organisation_key(name) == "abc"
    assert organisation_key(organisation_key(name)) == organisation_key(name)
