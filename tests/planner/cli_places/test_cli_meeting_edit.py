"""`planner meetings edit ID …` and `planner meetings delete ID`."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from planner.services.events.events import get_event
from planner.services.events.places import add_venue
from planner.services.people.people import find_person
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database
from tests.planner.cli_places.conftest import ALICE, BOB, CAROL, EVENT, MINJI, TARO, Plan

pytestmark = pytest.mark.engines


def edit(plan: Plan, meeting: str, *argv: str) -> tuple[int, str, str]:
    return plan.run("meetings", "edit", meeting, *argv)


def check(plan: Plan) -> tuple[int, list[dict]]:
    code, out, _ = plan.run("check", "--event", EVENT, "--json")
    return code, json.loads(out)


def test_edit_room_moves_it_and_a_double_booked_table_then_shows_in_check(plan: Plan) -> None:
    assert not [c for c in check(plan)[1] if c["kind"] == "room_double_booked"]
    code, out, err = edit(plan, plan.second, "--room", "table 01")
    assert code == 0, err
    assert "made" not in err  # "table 01" is Table 1
    assert out.strip() == (f"{plan.second} · 2026-10-14 10:00–10:30 (Asia/Tokyo) · Table 1 · "
                           "Pacifico Yokohama · confirmed")
    code, conflicts = check(plan)
    assert code == 1
    rooms = [c for c in conflicts if c["kind"] == "room_double_booked"]
    assert len(rooms) == 1 and set(rooms[0]["items"]) == {plan.first, plan.second}


def test_edit_venue_clears_the_old_venues_table_and_says_so(plan: Plan) -> None:
    code, _, err = edit(plan, plan.first, "--venue", "Bayside Hotel")
    assert code == 0
    assert "no longer has a table: Table 1 is in Pacifico Yokohama, not Bayside Hotel" in err
    m = plan.meetings()[plan.first]
    assert (m["venue"], m["room"], m["location"]) == ("Bayside Hotel", "", "Bayside Hotel")


def test_edit_to_the_same_venue_keeps_the_table(plan: Plan) -> None:
    code, _, err = edit(plan, plan.first, "--venue", "pacifico yokohama")
    assert code == 0 and err == ""
    assert plan.meetings()[plan.first]["room"] == "Table 1"


def test_a_missing_table_is_made_in_the_meetings_venue_and_said_on_stderr(plan: Plan) -> None:
    code, _, err = edit(plan, plan.first, "--room", "Table 9")
    assert code == 0
    assert err.strip() == "made Table 9 in Pacifico Yokohama"
    assert plan.meetings()[plan.first]["location"] == "Table 9 · Pacifico Yokohama"
    code, _, err = edit(plan, plan.second, "--venue", "Bayside Hotel", "--room", "Table 9")
    assert err.strip() == "made Table 9 in Bayside Hotel"
    assert plan.meetings()[plan.second]["location"] == "Table 9 · Bayside Hotel"


def test_a_table_for_a_meeting_without_a_venue_goes_to_the_partnering_venue(plan: Plan) -> None:
    plan.run("venues", "delete", "--event", EVENT, "Pacifico Yokohama")
    assert plan.meetings()[plan.first]["venue"] == ""
    code, _, err = edit(plan, plan.first, "--room", "Table 3")
    assert code == 0
    assert err.splitlines() == ["made Partnering area (the partnering venue, Asia/Tokyo)",
                                "made Table 3 in Partnering area"]
    plan.run("venues", "edit", "--event", EVENT, "Bayside Hotel", "--partnering")
    code, _, err = edit(plan, plan.second, "--room", "Table 3")
    assert err.strip() == "made Table 3 in Bayside Hotel"
    assert plan.meetings()[plan.second]["location"] == "Table 3 · Bayside Hotel"


def test_start_alone_keeps_the_length_and_hh_mm_means_the_same_day(plan: Plan) -> None:
    assert edit(plan, plan.first, "--start", "15:15")[0] == 0
    m = plan.meetings()[plan.first]
    assert (m["start"], m["end"]) == ("2026-10-14T15:15:00+09:00", "2026-10-14T15:45:00+09:00")
    assert edit(plan, plan.first, "--start", "2026-10-16 09:00", "--end", "10:00")[0] == 0
    m = plan.meetings()[plan.first]
    assert (m["start"], m["end"]) == ("2026-10-16T09:00:00+09:00", "2026-10-16T10:00:00+09:00")
    assert edit(plan, plan.first, "--end", "09:20")[0] == 0
    assert plan.meetings()[plan.first]["end"] == "2026-10-16T09:20:00+09:00"


@pytest.fixture
def london(plan: Plan) -> str:
    """A meeting in London on the night the clocks go back (2026-10-25, 02:00 BST → 01:00 GMT)."""
    database = Database.open(plan.db)
    try:
        with database.transaction() as s:
            event = get_event(s, EVENT)
            office = add_venue(s, event, name="London Office", tz="Europe/London")
            m = add_meeting(s, event, start_local=datetime(2026, 10, 25, 0, 0),
                            end_local=datetime(2026, 10, 25, 0, 30), venue=office,
                            ours=[find_person(s, CAROL)], counterparts=[find_person(s, TARO)])
            return m.uuid
    finally:
        database.close()


def test_an_ambiguous_time_is_refused_with_the_offsets_to_write_then_taken_with_one(plan: Plan,
                                                                                   london: str) -> None:
    before = plan.snapshot()
    code, out, err = edit(plan, london, "--start", "2026-10-25 01:30")
    assert code == 2 and out == ""
    assert "happens twice in Europe/London" in err and "01:30+01:00" in err and "01:30+00:00" in err
    assert plan.snapshot() == before
    assert edit(plan, london, "--start", "2026-10-25 01:30+01:00")[0] == 0
    m = plan.meetings()[london]
    assert (m["start"], m["end"]) == ("2026-10-25T01:30:00+01:00", "2026-10-25T01:00:00+00:00")
    assert edit(plan, london, "--start", "01:30+00:00")[0] == 0
    m = plan.meetings()[london]
    assert (m["start"], m["end"]) == ("2026-10-25T01:30:00+00:00", "2026-10-25T02:00:00+00:00")


@pytest.mark.parametrize("start, needle", [
    ("2026-10-24 10:00+05:00", "10:00 in Europe/London is not at that offset (+01:00 there)"),
    ("2026-10-25 01:30+05:00", "write 01:30+01:00 for the first or 01:30+00:00 for the second"),
    ("2027-03-28 01:30", "does not exist in Europe/London"),
])
def test_a_wrong_offset_or_a_skipped_time_is_refused(plan: Plan, london: str, start: str, needle: str) -> None:
    before = plan.snapshot()
    code, _, err = edit(plan, london, "--start", start)
    assert code == 2 and needle in err
    assert plan.snapshot() == before


def test_attendees_are_added_removed_and_can_change_sides_in_one_edit(plan: Plan) -> None:
    assert edit(plan, plan.first, "--add-ours", BOB.upper(), "--add-counterpart", MINJI)[0] == 0
    m = plan.meetings()[plan.first]
    assert (m["our_attendees"], m["counterparts"]) == ([ALICE, BOB], [TARO, MINJI])
    assert edit(plan, plan.first, "--remove-counterpart", MINJI, "--add-ours", MINJI,
                "--remove-ours", ALICE)[0] == 0
    m = plan.meetings()[plan.first]
    assert (sorted(m["our_attendees"]), m["counterparts"]) == (sorted([BOB, MINJI]), [TARO])


def test_status_is_set_by_name(plan: Plan) -> None:
    assert edit(plan, plan.first, "--status", "No-show")[0] == 0
    assert plan.meetings()[plan.first]["status"] == "no_show"


@pytest.mark.parametrize("argv, needle", [
    (["meetings", "edit", "", "--status", "held"], "the meeting ID is empty"),
    (["meetings", "edit", "   ", "--status", "held"], "the meeting ID is empty"),
    (["meetings", "edit", "not-a-meeting", "--status", "held"], "No meeting with the id"),
    (["meetings", "delete", " "], "the meeting ID is empty"),
    (["meetings", "delete", "not-a-meeting"], "No meeting with the id"),
])
def test_a_blank_or_unknown_id_exits_2_and_changes_nothing(plan: Plan, argv: list[str], needle: str) -> None:
    before = plan.snapshot()
    code, out, err = plan.run(*argv)
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err
    assert plan.snapshot() == before


@pytest.mark.parametrize("argv, needle", [
    ([], "Nothing to change"),
    (["--status", "maybe"], "is not a valid status"),
    (["--status", " "], "--status is empty"),
    (["--venue", ""], "--venue is empty"),
    (["--venue", "Nowhere"], "No venue 'Nowhere'"),
    (["--room", " "], "--room is empty"),
    (["--room", "Table 2", "--start", "11:00", "--end", "10:45"], "must be after the start"),
    (["--start", "25:00"], "is not a time"),
    (["--start", "2026-02-30 10:00"], "is not a date and time"),
    (["--start", "2026-10-14"], "has no time of day"),
    (["--add-ours", " "], "--add-ours is empty"),
    (["--add-ours", "nobody@nowhere.example"], "No person with the e-mail"),
    (["--remove-ours", ALICE], "at least one attendee from our side"),
    (["--remove-ours", BOB], "is not among the meeting's attendees from our side"),
    (["--remove-counterpart", MINJI], "is not among the meeting's counterparts"),
    (["--add-counterpart", ALICE], "would be on both sides"),
    (["--room", "Table 9", "--add-ours", "nobody@nowhere.example"], "No person with the e-mail"),
])
def test_hostile_edit_values_exit_2_and_change_nothing(plan: Plan, argv: list[str], needle: str) -> None:
    before = plan.snapshot()
    code, out, err = edit(plan, plan.first, *argv)
    assert code == 2 and out == ""
    assert needle in err and "Traceback" not in err
    assert plan.snapshot() == before


def test_delete_removes_the_meeting_and_says_what_went_with_it(plan: Plan) -> None:
    code, out, err = plan.run("meetings", "delete", plan.first)
    assert code == 0 and err == ""
    assert out.strip() == ("deleted the meeting of 2026-10-14 10:00 (Asia/Tokyo) at Table 1 · Pacifico Yokohama, "
                           "with its 2 meeting attendees")
    assert set(plan.meetings()) == {plan.second}


def test_edit_json_prints_the_meeting_as_meetings_list_does(plan: Plan) -> None:
    code, out, _ = edit(plan, plan.first, "--status", "held", "--json")
    assert code == 0
    assert json.loads(out) == plan.meetings()[plan.first]
