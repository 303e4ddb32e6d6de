"""Countries (planner/domain/countries.py), issue 21: the rules of country_code and country_name,
whose bodies mutmut reaches now that their caches are made at module level.

The caches are emptied before each test: mutmut runs each mutant in a process forked from the
one that ran the clean tests, and a warm cache would answer without running the mutated body."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from planner.domain.countries import country_code, country_name
from planner.errors import ValidationError


@pytest.fixture(autouse=True)
def _cold_caches() -> Iterator[None]:
    country_code.cache_clear()
    country_name.cache_clear()
    yield


def test_a_country_given_by_its_english_name_is_stored_as_its_iso_code() -> None:
    """'Japan' in a sheet is stored as JP."""
    assert country_code("Japan") == "JP"
    assert country_code("  Germany ") == "DE"


def test_an_empty_or_blank_country_stays_empty() -> None:
    """No country is not an error and not a made-up code: '' and spaces give ''."""
    assert country_code("") == ""
    assert country_code("   ") == ""


def test_the_names_people_use_for_a_country_are_understood() -> None:
    """'England', 'UK' and '日本' are not ISO names, but a user means GB, GB and JP."""
    assert country_code("England") == "GB"
    assert country_code("uk") == "GB"
    assert country_code("日本") == "JP"


def test_an_unknown_country_is_refused_on_the_country_field_naming_the_value() -> None:
    """'Atlantis' is refused; the message names what was typed and says what to type, and it is
    attached to the country field (so the form shows it beside the right box)."""
    with pytest.raises(ValidationError) as caught:
        country_code("Atlantis")
    messages = caught.value.for_field("country")
    assert len(messages) == 1
    assert "'Atlantis' is not a country" in messages[0]
    assert "ISO 3166" in messages[0]


def test_a_country_code_is_shown_by_its_name() -> None:
    """JP is shown as Japan, whether the stored code is in capitals or not."""
    assert country_name("JP") == "Japan"
    assert country_name("jp") == "Japan"


def test_a_country_is_shown_by_its_common_name_not_its_official_one() -> None:
    """KR is 'South Korea', not ISO's 'Korea, Republic of'; TW is 'Taiwan'."""
    assert country_name("KR") == "South Korea"
    assert country_name("TW") == "Taiwan"


def test_no_country_is_shown_as_nothing_and_an_unknown_code_as_itself() -> None:
    """An empty code shows nothing; a code that is no country (an old 'XK' or a typo) is shown as
    it was stored rather than hidden."""
    assert country_name("") == ""
    assert country_name("QQ") == "QQ"
