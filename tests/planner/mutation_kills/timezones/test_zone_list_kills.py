"""Which names are time zones (planner/domain/timezones.py), issue 21: the zone list, zone() and
all_zones(), whose bodies mutmut reaches now that their caches are made at module level.

The caches are emptied before and after each test: mutmut runs each mutant in a process forked
from the one that ran the clean tests, and a warm cache would answer without running the mutated
body; after a test that fakes the computer, the real list must be read again."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from zoneinfo import ZoneInfoNotFoundError

import pytest

import planner.domain.timezones as tz
from planner.errors import ValidationError


def _clear() -> None:
    tz._iana_zones.cache_clear()
    tz.zone.cache_clear()
    tz.all_zones.cache_clear()


@pytest.fixture(autouse=True)
def _cold_caches() -> Iterator[None]:
    _clear()
    yield
    _clear()


def _no_tzdata(*_: object, **__: object) -> object:
    raise ModuleNotFoundError("No module named 'tzdata'")


def test_the_zones_are_those_of_the_zone_database_and_only_those() -> None:
    """Asia/Tokyo is a zone, and the list a picker shows is sorted, without 'Factory' (a
    placeholder in the database, not a place's time)."""
    zones = tz.all_zones()
    assert "Asia/Tokyo" in zones and "Europe/London" in zones
    assert list(zones) == sorted(zones)
    assert "Factory" not in zones
    assert not tz.is_valid_zone("Factory")
    assert tz.zone("Asia/Tokyo").key == "Asia/Tokyo"


def test_the_zones_are_the_same_on_every_computer_when_tzdata_is_installed(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """With the tzdata package installed, its list decides what is a zone: a name that only
    this computer's zone folders have is not one (the same file opens on any computer)."""
    monkeypatch.setattr(tz, "available_timezones", lambda: {"Asia/Tokyo", "Mars/Olympus_Mons"})
    assert not tz.is_valid_zone("Mars/Olympus_Mons")
    assert tz.is_valid_zone("Europe/London")


def test_without_tzdata_the_zones_are_the_computers_without_its_copies_and_aliases(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the tzdata package, the computer's zone folders are read; their posix/ and right/
    copies, 'localtime', 'posixrules' and 'Factory' are not zones."""
    monkeypatch.setattr(resources, "files", _no_tzdata)
    monkeypatch.setattr(tz, "available_timezones", lambda: {
        "Asia/Tokyo", "Europe/London", "posix/Asia/Tokyo", "right/Asia/Tokyo", "posix/UTC",
        "right/UTC", "localtime", "posixrules", "Factory"})
    assert tz.all_zones() == ("Asia/Tokyo", "Europe/London")
    assert not tz.is_valid_zone("posix/Asia/Tokyo")
    assert tz.is_valid_zone("Asia/Tokyo")


def test_a_zone_the_list_names_but_the_computer_cannot_open_is_refused_by_name(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A zone file missing from a broken installation is a clear error naming the zone, on the
    time-zone field, not a crash."""
    def missing(name: str) -> object:
        raise ZoneInfoNotFoundError(f"No time zone found with key {name}")

    monkeypatch.setattr(tz, "ZoneInfo", missing)
    with pytest.raises(ValidationError) as caught:
        tz.zone("Asia/Tokyo")
    assert caught.value.for_field("tz")[0].startswith("'Asia/Tokyo' is not an IANA time zone")


def test_a_zone_typed_in_the_wrong_case_is_refused_with_the_right_spelling() -> None:
    """'asia/tokyo' is not a zone name (it opens only on a case-insensitive disk); the message
    names what was typed and suggests Asia/Tokyo."""
    with pytest.raises(ValidationError) as caught:
        tz.zone("asia/tokyo")
    assert str(caught.value) == "'asia/tokyo' is not an IANA time zone; did you mean Asia/Tokyo?"
