"""DST edges in Europe/London, Europe/Berlin and America/New_York, and a Tokyo day seen from London."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta

import pytest

from planner.domain import timezones as tz
from planner.domain.timezones import AmbiguousTimeError, NonexistentTimeError
from planner.services.common import resolve_span

GAPS = [  # (zone, wall time in the gap, next valid wall time)
    ("Europe/London", datetime(2026, 3, 29, 1, 30), datetime(2026, 3, 29, 2, 0)),
    ("Europe/Berlin", datetime(2026, 3, 29, 2, 30), datetime(2026, 3, 29, 3, 0)),
    ("America/New_York", datetime(2026, 3, 8, 2, 30), datetime(2026, 3, 8, 3, 0)),
]
AMBIGUOUS = [  # (zone, wall time, UTC of the first occurrence, UTC of the second)
    ("Europe/London", datetime(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 0, 30), datetime(2026, 10, 25, 1, 30)),
    ("Europe/Berlin", datetime(2026, 10, 25, 2, 30), datetime(2026, 10, 25, 0, 30), datetime(2026, 10, 25, 1, 30)),
    ("America/New_York", datetime(2026, 11, 1, 1, 30), datetime(2026, 11, 1, 5, 30), datetime(2026, 11, 1, 6, 30)),
]


@pytest.mark.parametrize(("zone", "wall", "following"), GAPS)
def test_a_time_in_the_spring_forward_gap_is_refused_with_the_next_valid_time(zone, wall, following):
    assert tz.classify(wall, zone) == "gap"
    with pytest.raises(NonexistentTimeError) as info:
        tz.to_utc(wall, zone, 0)
    assert info.value.next_valid == following
    assert f"{following:%H:%M}" in str(info.value)
    # The minute before the gap and the next valid time both exist and are one real minute apart
    before = tz.to_utc(wall.replace(minute=0) - timedelta(minutes=1), zone)
    after = tz.to_utc(following, zone)
    assert after - before == timedelta(minutes=1)


@pytest.mark.parametrize(("zone", "wall", "first", "second"), AMBIGUOUS)
def test_an_ambiguous_fall_back_time_must_be_resolved_explicitly(zone, wall, first, second):
    assert tz.classify(wall, zone) == "ambiguous"
    with pytest.raises(AmbiguousTimeError) as info:
        tz.to_utc(wall, zone, None)
    assert info.value.offsets[0] != info.value.offsets[1]
    assert tz.to_utc(wall, zone, 0) == first
    assert tz.to_utc(wall, zone, 1) == second
    # Round trip keeps the occurrence
    assert tz.wall_from_utc(first, zone) == (wall, 0)
    assert tz.wall_from_utc(second, zone) == (wall, 1)


def test_durations_are_computed_on_utc_across_berlin_changes():
    spring = resolve_span(datetime(2026, 3, 29, 1, 30), datetime(2026, 3, 29, 3, 30), "Europe/Berlin")
    autumn = resolve_span(datetime(2026, 10, 25, 1, 30), datetime(2026, 10, 25, 3, 30), "Europe/Berlin")
    assert spring.end_utc - spring.start_utc == timedelta(hours=1)
    assert autumn.end_utc - autumn.start_utc == timedelta(hours=3)


@pytest.mark.parametrize(("zone", "day", "hours"), [
    ("Europe/London", date(2026, 3, 29), 23), ("Europe/London", date(2026, 10, 25), 25),
    ("Europe/Berlin", date(2026, 10, 25), 25), ("America/New_York", date(2026, 3, 8), 23),
    ("America/New_York", date(2026, 11, 1), 25), ("Asia/Tokyo", date(2026, 10, 25), 24),
])
def test_local_days_have_23_24_or_25_hours(zone, day, hours):
    start, end = tz.local_day_bounds(day, zone)
    assert end - start == timedelta(hours=hours)


def _tokyo(day: int, hour: int) -> datetime:
    return tz.to_utc(datetime(2026, 10, day, hour, 0), "Asia/Tokyo")


def test_a_tokyo_day_seen_from_london_across_the_late_october_change():
    # Saturday 24 October: London on BST (UTC+1), 8 hours behind Tokyo.
    assert str(tz.format_dual(_tokyo(24, 10), "Asia/Tokyo", "Europe/London")) == "10:00 JST · 02:00 BST"
    # Sunday 25 October: London goes back at 01:00 UTC = 10:00 JST. 09:00 and 10:00 JST both
    # show as 01:00 in London, once in BST and once in GMT.
    assert str(tz.format_dual(_tokyo(25, 9), "Asia/Tokyo", "Europe/London")) == "09:00 JST · 01:00 BST"
    assert str(tz.format_dual(_tokyo(25, 10), "Asia/Tokyo", "Europe/London")) == "10:00 JST · 01:00 GMT"
    # Monday 26 October: GMT, 9 hours behind.
    assert str(tz.format_dual(_tokyo(26, 10), "Asia/Tokyo", "Europe/London")) == "10:00 JST · 01:00 GMT"
    # An early Tokyo morning is still the previous evening in London: the weekday says so.
    assert str(tz.format_dual(_tokyo(24, 7), "Asia/Tokyo", "Europe/London")) == "07:00 JST · Fri 23:00 BST"
    # A range across the change names both London abbreviations.
    span = tz.format_span(_tokyo(25, 9), _tokyo(25, 11), "Asia/Tokyo", "Europe/London")
    assert span == "Sun 25 Oct 09:00–11:00 JST · 01:00 BST–02:00 GMT"
    # The Tokyo day itself is 24 hours; the London day is 25.
    assert _tokyo(26, 0) - _tokyo(25, 0) == timedelta(hours=24)


def test_one_zone_shows_one_time():
    assert str(tz.format_dual(_tokyo(24, 10), "Asia/Tokyo", "Asia/Tokyo")) == "10:00 JST"
    assert str(tz.format_dual(_tokyo(24, 10), "Asia/Tokyo", None)) == "10:00 JST"
    assert tz.format_span(_tokyo(24, 10), _tokyo(24, 11), "Asia/Tokyo", "Asia/Seoul") == "Sat 24 Oct 10:00–11:00 JST"


def test_zones_work_without_a_system_database():
    """tzdata is a dependency: with the search path emptied (like Windows) zones still load."""
    try:
        zoneinfo.reset_tzpath([])
        zoneinfo.ZoneInfo.clear_cache()
        assert zoneinfo.ZoneInfo("Asia/Tokyo").utcoffset(datetime(2026, 10, 14)) == timedelta(hours=9)
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()
