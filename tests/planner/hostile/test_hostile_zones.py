"""Only real IANA zones, spelled as the zone database spells them, are accepted anywhere:
``localtime`` (whatever this computer is set to), ``posixrules``, ``Factory``, the ``posix/``
and ``right/`` copies, paths, ``..``, blanks and case variants (which a case-insensitive disk
would open) are refused. The list is read on first use, not when the module is imported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner.domain import timezones
from tests.planner.hostile.conftest import EVENT, Plan

ROOT = Path(__file__).resolve().parents[3]

NOT_ZONES = [
    "localtime", "posixrules", "Factory", "right/Asia/Tokyo", "posix/Asia/Tokyo", "right/UTC",
    "/usr/share/zoneinfo/Asia/Tokyo", "/etc/localtime", "../zoneinfo/Asia/Tokyo",
    "Asia/../Asia/Tokyo", "Asia/./Tokyo", "Asia//Tokyo", "asia/tokyo", "ASIA/TOKYO", "utc",
    "Europe/london", " Asia/Tokyo", "Asia/Tokyo ", "Asia/Tokyo\x00", "", " ", "zone.tab",
    "tzdata.zi", "leapseconds", "iso3166.tab", "+VERSION", "Asia", "Nowhere/Zone", "JST",
]


@pytest.mark.parametrize("name", NOT_ZONES)
def test_is_valid_zone_refuses(name: str) -> None:
    assert not timezones.is_valid_zone(name)
    assert name not in timezones.all_zones()


@pytest.mark.parametrize("name", ["Asia/Tokyo", "Europe/London", "UTC", "Etc/UTC", "Etc/GMT+12",
                                  "America/Argentina/Buenos_Aires", "America/Ciudad_Juarez",
                                  "US/Pacific", "EST5EDT"])
def test_real_zones_are_accepted(name: str) -> None:
    assert timezones.is_valid_zone(name) and name in timezones.all_zones()
    assert timezones.zone(name).key == name


def test_a_case_variant_gets_the_right_spelling_suggested() -> None:
    with pytest.raises(Exception, match="did you mean Asia/Tokyo"):
        timezones.zone("asia/TOKYO")


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", "right/Asia/Tokyo",
                                  "posix/Europe/London", "asia/tokyo", "/etc/localtime", " "])
def test_the_command_line_refuses_them_everywhere(plan: Plan, name: str) -> None:
    before = plan.dump()
    for argv in (["events", "add", "--code", "zoned", "--name", "Z", "--start", "2026-01-01",
                  "--end", "2026-01-02", "--tz", name],
                 ["events", "add", "--code", "zoned", "--name", "Z", "--start", "2026-01-01",
                  "--end", "2026-01-02", "--tz", "Asia/Tokyo", "--home-tz", name],
                 ["venues", "add", "--event", EVENT, "--name", "Hall", "--tz", name],
                 ["check", "--event", EVENT, "--home-tz", name]):
        code, out, err = plan.run(*argv)
        assert code == 2, (argv, err)
        assert ("time zone" in err or "is empty" in err) and "Traceback" not in err, err
        assert out == "" or argv[0] == "check"
    assert plan.dump() == before


def test_importing_the_module_does_not_read_the_zone_list() -> None:
    code = ("import planner.domain.timezones as t, planner.cli, planner.services.events.events\n"
            "assert t._iana_zones.cache_info().currsize == 0, 'read at import'\n"
            "assert t.is_valid_zone('Asia/Tokyo') and t._iana_zones.cache_info().currsize == 1\n"
            "t.is_valid_zone('Europe/London'); t.is_valid_zone('nope')\n"
            "assert t._iana_zones.cache_info().misses == 1, 'read twice'\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
