"""Rules of the domain's small checks that the mutation run found unstated: how long free text
may be, where an e-mail's domain starts, how long an address may be, which field a refused amount
or date names, how many decimals an amount may be written with, and what a country field takes.
Also the labels users read for stages, statuses, slot kinds and verdicts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planner.domain import enums
from planner.domain.validation import (
    check_date,
    clean_text,
    is_email,
    normalise_country,
    normalise_email,
    parse_amount,
)
from planner.errors import ValidationError


def test_free_text_is_kept_to_ten_thousand_characters() -> None:
    assert len(clean_text("n" * 10_001)) == 10_000
    assert len(clean_text("n" * 10_000)) == 10_000
    assert len(clean_text("n\x01" * 6_000)) == 6_000  # the slow path (a control character) too


def test_a_carriage_return_is_dropped_and_a_line_break_kept_or_made_a_space() -> None:
    assert clean_text("Kyoto\r\nOsaka", multiline=True) == "Kyoto\nOsaka"
    assert clean_text("Kyoto\r\nOsaka") == "Kyoto Osaka"
    assert clean_text("Kyoto\rOsaka") == "KyotoOsaka"


def test_the_domain_of_an_address_is_what_follows_its_last_at_sign() -> None:
    # only the domain is case-insensitive; the local part is kept as typed
    assert normalise_email("Sales@Team@Kyoto-Bio.EXAMPLE") == "Sales@Team@kyoto-bio.example"


def test_an_address_may_be_254_characters_long_and_no_longer() -> None:
    domain = "@kyoto.example"
    longest = "a" * (254 - len(domain)) + domain
    assert len(longest) == 254 and is_email(longest)
    assert not is_email("a" + longest)


def test_a_date_outside_the_years_names_the_field_it_was_given_for_and_none_otherwise() -> None:
    from datetime import date

    with pytest.raises(ValidationError) as caught:
        check_date(date(1850, 1, 1))
    assert [p.field for p in caught.value.problems] == [""]
    with pytest.raises(ValidationError) as caught:
        check_date(date(1850, 1, 1), "due_date")
    assert [p.field for p in caught.value.problems] == ["due_date"]


def test_a_refused_amount_names_the_value_field_unless_told_another() -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount("lots")
    assert [p.field for p in caught.value.problems] == ["value"]


@pytest.mark.parametrize("text", ["1500.000", "1,500.000", "250000.0000"])
def test_an_amount_written_with_more_than_two_decimals_is_refused_even_when_they_are_zeros(text: str) -> None:
    with pytest.raises(ValidationError, match="more than 2 decimals"):
        parse_amount(text)


@pytest.mark.parametrize("value", [Decimal("1500.000"), Decimal("1E+3"), 1500.0, 250_000, Decimal("250000.00")])
def test_a_whole_number_given_as_a_number_is_taken_whatever_its_written_form(value: object) -> None:
    assert parse_amount(value) == int(Decimal(str(value)))


def test_a_number_with_three_decimals_given_as_a_number_is_refused() -> None:
    with pytest.raises(ValidationError, match="more than 2 decimals"):
        parse_amount(Decimal("1500.125"))


def test_a_country_field_takes_a_name_or_a_code_and_may_be_left_empty() -> None:
    assert normalise_country("Japan") == "JP"
    assert normalise_country("gb") == "GB"
    assert normalise_country(None) == ""
    assert normalise_country("") == ""
    with pytest.raises(ValidationError):
        normalise_country("Atlantis")


def test_labels_users_read_are_the_value_in_words_with_a_capital() -> None:
    assert enums.label(enums.SlotKind.SITE_VISIT) == "Site visit"
    assert enums.label(enums.ActionStatus.IN_PROGRESS) == "In progress"
    assert enums.label(enums.Verdict.DID_NOT_TAKE_PLACE) == "Did not take place"
    assert enums.label(enums.LeadStage.QUALIFIED) == "Qualified"
    # the two that read better otherwise
    assert enums.label(enums.Verdict.INFORMATIVE) == "Informative, no cooperation planned"
    assert enums.label(enums.MeetingStatus.NO_SHOW) == "No-show"
