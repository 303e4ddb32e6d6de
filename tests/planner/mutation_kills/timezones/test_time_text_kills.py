"""Times shown to people (planner/domain/timezones.py), issue 21: a zone whose abbreviation is only
a number is shown as "UTC±hh:mm", never raw ("+04") and never with a doubled sign ("UTC--5:00")."""

from __future__ import annotations

from datetime import datetime

import pytest

from planner.domain.timezones import (
    AmbiguousTimeError,
    NonexistentTimeError,
    abbreviation,
    classify,
    format_dual,
    format_span,
    local_day_bounds,
    next_valid_time,
    to_utc,
    to_utc_lenient,
    wall_from_utc,
)

NOON_UTC = datetime(2026, 10, 14, 12)


@pytest.mark.parametrize("tz, shown", [
    ("Asia/Dubai", "UTC+04:00"),  # tzdata's abbreviation is "+04"
    ("America/Bogota", "UTC-05:00"),  # "-05": the sign once, the hours padded
    ("America/Sao_Paulo", "UTC-03:00"),
    ("Asia/Kathmandu", "UTC+05:45"),  # "+0545"
    ("Asia/Tokyo", "JST"),
    ("Europe/London", "BST"),
])
def test_a_numeric_zone_abbreviation_is_shown_as_an_offset_from_utc(tz: str, shown: str):
    assert abbreviation(NOON_UTC, tz) == shown


def test_a_negative_half_hour_offset_keeps_its_minutes():
    # Venezuela kept UTC-04:30 from 2007 to 2016 (tzdata abbreviation "-0430").
    assert abbreviation(datetime(2010, 6, 1, 12), "America/Caracas") == "UTC-04:30"


def test_a_span_in_a_numeric_zone_with_home_time():
    text = format_span(datetime(2026, 10, 14, 6), datetime(2026, 10, 14, 7), "Asia/Dubai", "America/Bogota")
    assert text == "Wed 14 Oct 10:00–11:00 UTC+04:00 · 01:00–02:00 UTC-05:00"


def test_home_time_on_another_day_gets_its_weekday():
    dual = format_dual(datetime(2026, 10, 13, 16), "Asia/Tokyo", "Europe/London")
    assert str(dual) == "01:00 JST · Tue 17:00 BST"
    same_day = format_dual(datetime(2026, 10, 14, 0), "Asia/Tokyo", "Europe/London")
    assert str(same_day) == "09:00 JST · 01:00 BST"
    dated = format_dual(datetime(2026, 10, 14, 0), "Asia/Tokyo", "Europe/London", with_date=True)
    assert str(dated) == "Wed 14 Oct 09:00 JST · Wed 14 Oct 01:00 BST"
    prev = format_dual(datetime(2026, 10, 13, 23), "Asia/Tokyo", "America/Los_Angeles")
    assert str(prev) == "08:00 JST · Tue 16:00 PDT"
    assert format_dual(NOON_UTC, "Asia/Tokyo", "Asia/Tokyo").home_text is None
    assert format_dual(NOON_UTC, "Asia/Tokyo", "Asia/Seoul").home_text is None  # same offset


def test_a_span_across_midnight_shows_the_end_date_and_across_a_dst_change_both_names():
    night = format_span(datetime(2026, 10, 14, 13), datetime(2026, 10, 14, 16), "Asia/Tokyo", None)
    assert night == "Wed 14 Oct 22:00 – Thu 15 Oct 01:00 JST".replace(" – ", "–")
    dst = format_span(datetime(2026, 10, 25, 0), datetime(2026, 10, 25, 2), "Europe/London", None)
    assert dst == "Sun 25 Oct 01:00 BST–02:00 GMT"


def test_a_time_in_the_spring_gap_is_refused_with_the_next_valid_time():
    with pytest.raises(NonexistentTimeError) as err:
        to_utc(datetime(2026, 3, 29, 1, 30), "Europe/London")
    assert "02:00" in str(err.value)
    assert next_valid_time(datetime(2026, 3, 29, 1, 30), "Europe/London") == datetime(2026, 3, 29, 2, 0)
    assert classify(datetime(2026, 3, 29, 1, 30), "Europe/London") == "gap"


def test_an_ambiguous_autumn_time_names_both_offsets_and_fold_picks_one():
    wall = datetime(2026, 10, 25, 1, 30)
    with pytest.raises(AmbiguousTimeError) as err:
        to_utc(wall, "Europe/London", fold=None)
    assert "UTC+01:00" in str(err.value) and "UTC+00:00" in str(err.value)
    assert to_utc(wall, "Europe/London", 0) == datetime(2026, 10, 25, 0, 30)
    assert to_utc(wall, "Europe/London", 1) == datetime(2026, 10, 25, 1, 30)
    assert wall_from_utc(datetime(2026, 10, 25, 1, 30), "Europe/London") == (wall, 1)
    assert classify(wall, "Europe/London") == "ambiguous"


def test_day_bounds_on_dst_days_are_23_and_25_hours():
    from datetime import date

    s, e = local_day_bounds(date(2026, 3, 29), "Europe/London")
    assert (e - s).total_seconds() == 23 * 3600
    s, e = local_day_bounds(date(2026, 10, 25), "Europe/London")
    assert (e - s).total_seconds() == 25 * 3600
    assert to_utc_lenient(datetime(2026, 3, 29, 1, 30), "Europe/London") == datetime(2026, 3, 29, 1, 0)


def test_errors_name_the_field_the_user_typed_into():
    from datetime import date

    from planner.domain.timezones import zone
    from planner.errors import ValidationError

    with pytest.raises(ValidationError) as err:
        zone("asia/tokyo")
    assert err.value.for_field("tz") == ["'asia/tokyo' is not an IANA time zone; did you mean Asia/Tokyo?"]
    with pytest.raises(AmbiguousTimeError) as amb:
        to_utc(datetime(2026, 10, 25, 1, 30), "Europe/London", None, field_name="start")
    assert amb.value.for_field("start")
    with pytest.raises(ValidationError) as far:
        local_day_bounds(date(1850, 1, 1), "Europe/London")
    assert far.value.for_field("date")


def test_the_end_of_the_day_before_the_first_year_is_still_a_bound():
    # the midnight after 31 Dec 1899 bounds the first day Mission Desk accepts (1 Jan 1900)
    assert to_utc_lenient(datetime(1899, 12, 31, 12), "UTC") == datetime(1899, 12, 31, 12)
