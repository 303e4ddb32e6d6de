"""`planner venues add|edit|delete|list`: zones, the partnering mark, hours, what a delete takes."""

from __future__ import annotations

import pytest

from tests.planner.cli_places.conftest import EVENT, Plan

pytestmark = pytest.mark.engines


def test_a_venues_zone_defaults_to_the_events(plan: Plan) -> None:
    code, out, err = plan.run("venues", "add", "--event", EVENT, "--name", "Toranomon Hills")
    assert code == 0, err
    assert out.strip() == "Toranomon Hills (Asia/Tokyo)"
    assert plan.venues()["Toranomon Hills"]["tz"] == "Asia/Tokyo"


def test_venues_list_json_has_the_contract_fields(plan: Plan) -> None:
    plan.run("venues", "add", "--event", EVENT, "--name", "COEX", "--tz", "Asia/Seoul",
             "--address", "513 Yeongdong-daero", "--city", "Seoul", "--opens", "09:00", "--closes", "18:00",
             "--phone", "+82 2 6000 0114")
    venues = plan.venues()
    for v in venues.values():
        assert set(v) >= {"name", "tz", "address", "opens", "closes", "partnering", "rooms"}
    expected = {"name": "COEX", "tz": "Asia/Seoul", "address": "513 Yeongdong-daero", "opens": "09:00",
                "closes": "18:00", "partnering": False, "rooms": [], "city": "Seoul", "phone": "+82 2 6000 0114"}
    assert {k: venues["COEX"][k] for k in expected} == expected
    assert venues["Pacifico Yokohama"]["rooms"] == ["Table 1", "Table 2"]
    assert venues["Pacifico Yokohama"]["partnering"] is True


def test_the_venues_table_shows_zone_hours_partnering_mark_and_room_count(plan: Plan) -> None:
    plan.run("venues", "add", "--event", EVENT, "--name", "COEX", "--tz", "Asia/Seoul",
             "--opens", "09:00", "--closes", "18:00")
    code, out, _ = plan.run("venues", "list", "--event", EVENT)
    assert code == 0
    lines = {line.split("  ")[0]: line.split() for line in out.splitlines()[1:]}
    assert lines["COEX"] == ["COEX", "Asia/Seoul", "09:00–18:00", "0"]
    assert lines["Pacifico Yokohama"] == ["Pacifico", "Yokohama", "Asia/Tokyo", "yes", "2"]


def test_a_seoul_venue_keeps_asia_seoul_and_a_meeting_there_is_listed_in_plus_nine(plan: Plan) -> None:
    code, out, _ = plan.run("venues", "add", "--event", EVENT, "--name", "COEX", "--tz", "Asia/Seoul")
    assert (code, out.strip()) == (0, "COEX (Asia/Seoul)")
    code, _, err = plan.run("meetings", "edit", plan.first, "--venue", "COEX", "--start", "2026-10-15 14:00")
    assert code == 0, err
    m = plan.meetings()[plan.first]
    assert (m["tz"], m["venue"], m["room"]) == ("Asia/Seoul", "COEX", "")
    assert (m["start"], m["end"]) == ("2026-10-15T14:00:00+09:00", "2026-10-15T14:30:00+09:00")
    assert plan.venues()["COEX"]["tz"] == "Asia/Seoul"


def test_a_second_partnering_venue_takes_the_mark_from_the_first(plan: Plan) -> None:
    code, _, err = plan.run("venues", "add", "--event", EVENT, "--name", "Hall B", "--partnering")
    assert code == 0
    assert "“Pacifico Yokohama” is no longer the partnering venue" in err
    marks = {name: v["partnering"] for name, v in plan.venues().items()}
    assert marks == {"Pacifico Yokohama": False, "Hall B": True, "Bayside Hotel": False}
    plan.run("venues", "edit", "--event", EVENT, "Pacifico Yokohama", "--partnering")
    assert [n for n, v in plan.venues().items() if v["partnering"]] == ["Pacifico Yokohama"]
    plan.run("venues", "edit", "--event", EVENT, "Pacifico Yokohama", "--not-partnering")
    assert not any(v["partnering"] for v in plan.venues().values())


def test_changing_a_venues_zone_keeps_the_wall_times_of_its_meetings(plan: Plan) -> None:
    code, _, err = plan.run("venues", "edit", "--event", EVENT, "pacifico yokohama", "--tz", "Asia/Shanghai",
                            "--name", "Pacifico (moved)")
    assert code == 0, err
    assert "2 meeting(s)/slot(s) at Pacifico (moved) keep their wall times, now in Asia/Shanghai" in err
    m = plan.meetings()[plan.first]
    assert (m["start"], m["tz"], m["venue"]) == ("2026-10-14T10:00:00+08:00", "Asia/Shanghai", "Pacifico (moved)")


def test_edit_hours_and_forget_them(plan: Plan) -> None:
    assert plan.run("venues", "edit", "--event", EVENT, "Bayside Hotel", "--opens", "08:00",
                    "--closes", "22:00")[0] == 0
    assert (plan.venues()["Bayside Hotel"]["opens"], plan.venues()["Bayside Hotel"]["closes"]) == ("08:00", "22:00")
    assert plan.run("venues", "edit", "--event", EVENT, "Bayside Hotel", "--closes", "07:00")[0] == 2
    assert plan.run("venues", "edit", "--event", EVENT, "Bayside Hotel", "--no-hours")[0] == 0
    assert plan.venues()["Bayside Hotel"]["opens"] is None


def test_deleting_a_venue_says_what_goes_with_it_and_its_meetings_lose_their_place(plan: Plan) -> None:
    plan.run("travel", "set", "--event", EVENT, "--from", "Pacifico Yokohama", "--to", "Bayside Hotel",
             "--minutes", "10")
    code, out, err = plan.run("venues", "delete", "--event", EVENT, "Pacifico Yokohama")
    assert code == 0, err
    assert out.strip() == ("deleted Pacifico Yokohama with 2 room(s)/table(s) and 2 travel time(s); "
                           "2 meeting(s) and 0 slot(s) there lose their place (their times are kept)")
    assert set(plan.venues()) == {"Bayside Hotel"}
    assert plan.venues()["Bayside Hotel"]["travel"] == {}
    m = plan.meetings()[plan.first]
    assert (m["venue"], m["room"], m["location"]) == ("", "", "")
    assert m["start"] == "2026-10-14T10:00:00+09:00"


@pytest.mark.parametrize("argv, needle", [
    (["venues", "add", "--event", EVENT, "--name", "  "], "The venue needs a name"),
    (["venues", "add", "--event", EVENT, "--name", ""], "The venue needs a name"),
    (["venues", "add", "--event", EVENT, "--name", "X", "--tz", "Mars/Olympus"], "is not an IANA time zone"),
    (["venues", "add", "--event", EVENT, "--name", "X", "--tz", ""], "--tz is empty"),
    (["venues", "add", "--event", EVENT, "--name", "X", "--opens", "18:00", "--closes", "09:00"],
     "must close after it opens"),
    (["venues", "add", "--event", EVENT, "--name", "X", "--opens", "09:00"], "Give both"),
    (["venues", "add", "--event", EVENT, "--name", "X", "--opens", "9h", "--closes", "18:00"],
     "is not a time of day"),
    (["venues", "add", "--event", EVENT, "--name", "pacifico  YOKOHAMA"], "already has a venue called"),
    (["venues", "add", "--event", " ", "--name", "X"], "--event is empty"),
    (["venues", "add", "--event", "nope", "--name", "X"], "No event with the code"),
    (["venues", "edit", "--event", EVENT, " ", "--city", "Kobe"], "venue name is empty"),
    (["venues", "edit", "--event", EVENT, "Nowhere", "--city", "Kobe"], "No venue 'Nowhere'"),
    (["venues", "edit", "--event", EVENT, "Bayside Hotel", "--name", " "], "The venue needs a name"),
    (["venues", "edit", "--event", EVENT, "Bayside Hotel", "--name", "Pacifico Yokohama"], "already has a venue"),
    (["venues", "edit", "--event", EVENT, "Bayside Hotel"], "Nothing to change"),
    (["venues", "edit", "--event", EVENT, "Bayside Hotel", "--tz", "Nowhere"], "is not an IANA time zone"),
    (["venues", "delete", "--event", EVENT, ""], "venue name is empty"),
])
def test_hostile_venue_values_exit_2_with_a_message_and_change_nothing(plan: Plan, argv: list[str],
                                                                       needle: str) -> None:
    before = plan.snapshot()
    code, out, err = plan.run(*argv)
    assert code == 2
    assert needle in err and "Traceback" not in err
    assert out == ""
    assert plan.snapshot() == before
