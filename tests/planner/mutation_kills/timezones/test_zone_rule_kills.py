"""More rules of planner/domain/timezones.py, each killing mutants that survived the full run of
issue 21 (mutant names in the comments; scripts/mutation_show.py prints their diffs)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest

from planner.domain.timezones import (
    AmbiguousTimeError,
    NonexistentTimeError,
    classify,
    format_dual,
    format_span,
    from_utc,
    local_day_bounds,
    next_valid_time,
    to_utc,
    to_utc_lenient,
    utc_now,
    wall_from_utc,
    zone,
)
from planner.errors import ValidationError

OUT_OF_RANGE = "1850-01-01 is outside the years Mission Desk works with (1900–2200): check the year"


@pytest.fixture
def laptop_in_tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's own zone is Asia/Tokyo (staff laptops travel; CI runs in UTC)."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_a_time_in_the_gap_is_refused_with_its_zone_and_the_fix_attached():
    # NonexistentTimeError.__init__ mutmut_2/3/6/8, _to_utc mutmut_12/14/18
    with pytest.raises(NonexistentTimeError) as err:
        to_utc(datetime(2026, 3, 29, 1, 30), "Europe/London", field_name="start")
    assert (err.value.wall, err.value.tz, err.value.next_valid) == (
        datetime(2026, 3, 29, 1, 30), "Europe/London", datetime(2026, 3, 29, 2, 0))
    assert err.value.for_field("start") == [
        "2026-03-29 01:30 does not exist in Europe/London (the clocks go forward); the next valid time is 02:00"]


def test_a_time_that_happens_twice_is_refused_with_its_zone_and_both_offsets_attached():
    # AmbiguousTimeError.__init__ mutmut_2/3, _to_utc mutmut_41, _to_utc mutmut_35/37 (the second
    # offset in Berlin is +01:00, not the +00:00 of a time without a zone)
    with pytest.raises(AmbiguousTimeError) as err:
        to_utc(datetime(2026, 10, 25, 2, 30), "Europe/Berlin", None, field_name="start")
    assert (err.value.wall, err.value.tz, err.value.offsets) == (
        datetime(2026, 10, 25, 2, 30), "Europe/Berlin", ("UTC+02:00", "UTC+01:00"))
    assert err.value.for_field("start")


def test_a_time_read_as_its_second_occurrence_is_still_ambiguous():
    # _classify mutmut_7, _to_utc mutmut_32: a wall time taken from a stored second occurrence
    # (wall_from_utc, or a calendar file's aware time stripped of its zone) carries fold=1; the
    # question "which one?" must still be asked, with the offsets in their order
    wall, fold = wall_from_utc(datetime(2026, 10, 25, 1, 30), "Europe/London")
    assert fold == 1 and classify(wall, "Europe/London") == "ambiguous"
    with pytest.raises(AmbiguousTimeError) as err:
        to_utc(wall, "Europe/London", None)
    assert err.value.offsets == ("UTC+01:00", "UTC+00:00")


def test_an_old_local_mean_time_west_of_greenwich_is_shown_to_the_minute_without_rounding_up():
    # _offset_text mutmut_7, and the fix it led to: Bogotá's mean time was -4:56:16 until 1914; the
    # offset was shown as UTC-04:57 (the floor of a negative number) where +0:19:32 shows +00:19
    with pytest.raises(AmbiguousTimeError) as err:
        to_utc(datetime(1914, 11, 22, 23, 58), "America/Bogota", None)
    assert err.value.offsets == ("UTC-04:56", "UTC-05:00")


def test_the_next_valid_time_after_a_gap_is_the_first_whole_minute_after_it():
    # next_valid_time mutmut_6/7 (seconds or microseconds carried over), a walk in steps of two
    # minutes that would step over 02:00, and mutmut_10 (a first step of two from the last minute)
    assert next_valid_time(datetime(2026, 3, 29, 1, 30, 15, 500), "Europe/London") == datetime(2026, 3, 29, 2, 0)
    assert next_valid_time(datetime(2026, 3, 29, 1, 31), "Europe/London") == datetime(2026, 3, 29, 2, 0)
    assert next_valid_time(datetime(2026, 3, 29, 1, 59), "Europe/London") == datetime(2026, 3, 29, 2, 0)
    # Samoa skipped the whole of 30 Dec 2011: the next valid time is a day later
    assert next_valid_time(datetime(2011, 12, 30, 0, 0), "Pacific/Apia") == datetime(2011, 12, 31, 0, 0)


def test_a_year_out_of_range_is_a_problem_of_the_field_named_or_else_of_the_whole_form():
    # _check_range mutmut_1, to_utc mutmut_2/8/10: the problem belongs to the field the caller
    # names; with none it belongs to no field (a form shows it at the top), never an invented one
    with pytest.raises(ValidationError) as err:
        classify(datetime(1850, 1, 1), "UTC")
    assert err.value.for_field("") == [OUT_OF_RANGE]
    with pytest.raises(ValidationError) as err:
        to_utc(datetime(1850, 1, 1), "UTC")
    assert err.value.for_field("") == [OUT_OF_RANGE]
    with pytest.raises(ValidationError) as err:
        to_utc(datetime(1850, 1, 1), "UTC", field_name="start")
    assert err.value.for_field("start") == [OUT_OF_RANGE]


def test_a_computed_bound_may_lie_one_year_outside_the_years_mission_desk_works_with_not_two():
    # _check_range mutmut_5/9: the midnight after 31 Dec 2200 (or before 1 Jan 1900) is a bound
    assert to_utc_lenient(datetime(1899, 6, 1), "UTC") == datetime(1899, 6, 1)
    assert to_utc_lenient(datetime(2201, 6, 1), "UTC") == datetime(2201, 6, 1)
    for year in (1898, 2202):
        with pytest.raises(ValidationError):
            to_utc_lenient(datetime(year, 6, 1), "UTC")


def test_a_zone_name_that_is_no_zone_at_all_gets_an_example_of_one():
    # _zone_error mutmut_1..5: the hint, and a missing zone (None) refused like any other
    for name in ("Mars/Olympus", None):
        with pytest.raises(ValidationError) as err:
            zone(name)  # type: ignore[arg-type]
        assert err.value.for_field("tz") == [
            f"{name!r} is not an IANA time zone; use a name such as Asia/Tokyo or Europe/London"]


def test_an_aware_time_given_to_to_utc_is_a_programming_error_that_says_so():
    # to_utc mutmut_4/5/6
    with pytest.raises(ValueError) as err:
        to_utc(datetime(2026, 1, 1, 12, tzinfo=UTC), "UTC")
    assert str(err.value) == "to_utc expects a naive wall-clock datetime"


def test_an_ambiguous_time_with_no_choice_made_is_its_first_occurrence():
    # to_utc mutmut_1: the default fold is the first occurrence
    assert to_utc(datetime(2026, 10, 25, 1, 30), "Europe/London") == datetime(2026, 10, 25, 0, 30)


def test_a_day_whose_midnight_happens_twice_starts_at_the_first_midnight():
    # to_utc_lenient mutmut_21/27: a bound at an ambiguous wall time is its first occurrence. Cuba
    # puts the clocks back from 01:00 to 00:00, so 1 Nov 2026 has two midnights and 25 hours.
    start, end = local_day_bounds(date(2026, 11, 1), "America/Havana")
    assert start == datetime(2026, 11, 1, 4)  # 00:00 CDT (UTC-4)
    assert end - start == timedelta(hours=25)
    assert to_utc_lenient(datetime(2026, 10, 25, 1, 30), "Europe/London") == datetime(2026, 10, 25, 0, 30)


def test_conversions_do_not_depend_on_the_computers_own_time_zone(laptop_in_tokyo: None):
    # _to_utc mutmut_57, utc_now mutmut_1: a laptop set to Tokyo computes the same UTC as CI
    assert to_utc(datetime(2026, 10, 14, 10), "Europe/London") == datetime(2026, 10, 14, 9)
    assert classify(datetime(2026, 3, 29, 1, 30), "Europe/London") == "gap"
    assert abs(utc_now() - datetime.now(UTC).replace(tzinfo=None)) < timedelta(hours=1)


def test_a_time_too_far_out_to_show_says_so_to_the_minute():
    # from_utc mutmut_8
    with pytest.raises(ValidationError) as err:
        from_utc(datetime(9999, 12, 31, 23), "Asia/Tokyo")
    assert str(err.value) == ("9999-12-31 23:00 UTC cannot be shown in Asia/Tokyo: it is outside the years "
                              "Mission Desk works with (1900–2200)")


def test_a_home_zone_with_the_event_offset_shows_the_event_time_alone():
    # format_dual mutmut_33
    assert str(format_dual(datetime(2026, 10, 14, 12), "Asia/Tokyo", "Asia/Seoul")) == "21:00 JST"
    assert str(format_dual(datetime(2026, 10, 14, 12), "Asia/Tokyo", None)) == "21:00 JST"


def test_home_time_is_shown_when_the_offsets_part_during_the_span():
    # format_span mutmut_49: London and Lagos agree at 01:00 but not after the clocks go back
    text = format_span(datetime(2026, 10, 25, 0), datetime(2026, 10, 25, 2), "Europe/London", "Africa/Lagos")
    assert text == "Sun 25 Oct 01:00 BST–02:00 GMT · 01:00–03:00 WAT"


def test_a_home_span_on_other_days_shows_their_weekdays():
    # format_span mutmut_54/58/59/60 (home start on another day), 63/67/68/69 (home end on the next)
    text = format_span(datetime(2026, 10, 14, 0), datetime(2026, 10, 14, 1), "Asia/Tokyo", "America/Los_Angeles")
    assert text == "Wed 14 Oct 09:00–10:00 JST · Tue 17:00–18:00 PDT"
    text = format_span(datetime(2026, 10, 14, 6), datetime(2026, 10, 14, 8), "Asia/Tokyo", "America/Los_Angeles")
    assert text == "Wed 14 Oct 15:00–17:00 JST · Tue 23:00–Wed 01:00 PDT"
