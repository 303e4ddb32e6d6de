"""A real mission set up only through the command line, from the sample files, as the README's
walkthrough does it: two venues in two zones (and a Seoul side trip), tables and travel times, a
registration export, one delegate's partnering list, another's calendar, the slots file — and
exactly the conflicts a delegation lead must see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main

pytestmark = pytest.mark.engines

SAMPLES = Path(__file__).resolve().parents[3] / "resources" / "samples"
EV = "biojapan-2027"
PRIYA = "priya.nair@northbio-cluster.example"


def _run(db: Path | str, *args: str) -> int:
    return main(["--db", str(db), *args])


def _json(db: Path | str, capsys: pytest.CaptureFixture[str], *args: str) -> object:
    capsys.readouterr()
    assert _run(db, *args, "--json") in (0, 1)
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def mission(db_target: str) -> str:
    db = db_target
    steps = [
        ["events", "add", "--code", EV, "--name", "BioJapan 2027", "--start", "2027-10-13",
         "--end", "2027-10-16", "--tz", "Asia/Tokyo", "--city", "Yokohama", "--country", "JP"],
        ["venues", "add", "--event", EV, "--name", "Pacifico Yokohama", "--opens", "09:00",
         "--closes", "18:00", "--partnering"],
        ["venues", "add", "--event", EV, "--name", "Toranomon Forum", "--city", "Tokyo"],
        ["venues", "add", "--event", EV, "--name", "Yokohama Bay Hotel"],
        ["venues", "add", "--event", EV, "--name", "Seoul Bio Hub", "--tz", "Asia/Seoul"],
        ["rooms", "add", "--event", EV, "--venue", "Pacifico Yokohama", "--name",
         "UK Pavilion stage", "--kind", "stage"],
        ["rooms", "add", "--event", EV, "--venue", "Pacifico Yokohama", "--name", "Investor lounge"],
        ["travel", "set", "--event", EV, "--from", "Pacifico Yokohama", "--to", "Toranomon Forum",
         "--minutes", "50"],
        ["import", "people", str(SAMPLES / "registration-eventbrite.csv"), "--event", EV,
         "--role", "delegate"],
        ["import", "meetings", str(SAMPLES / "partnering-meetings-priya.csv"), "--event", EV,
         "--ours", PRIYA],
        ["import", "meetings", str(SAMPLES / "agenda-tom-hughes.ics"), "--event", EV],
        ["import", "slots", str(SAMPLES / "slots.csv"), "--event", EV],
    ]
    for step in steps:
        assert _run(db, *step) == 0, step
    return db


def test_the_check_finds_exactly_the_three_problems(mission: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert _run(mission, "check", "--event", EV) == 1
    conflicts = _json(mission, capsys, "check", "--event", EV)
    assert isinstance(conflicts, list)
    assert sorted(c["kind"] for c in conflicts) == [
        "person_double_booked", "room_double_booked", "travel_time"]
    by_kind = {c["kind"]: c for c in conflicts}
    assert "Table 7" in by_kind["room_double_booked"]["message"]
    assert by_kind["travel_time"]["people"] == ["tom.hughes@thames-bio.example"]
    assert by_kind["person_double_booked"]["people"] == ["aisha.khan@leeds-genomics.example"]


def test_places_zones_and_people_are_as_the_files_say(mission: str,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    venues = _json(mission, capsys, "venues", "list", "--event", EV)
    assert isinstance(venues, list)
    by_name = {v["name"]: v for v in venues}
    assert by_name["Seoul Bio Hub"]["tz"] == "Asia/Seoul"
    assert by_name["Pacifico Yokohama"]["partnering"] is True
    # "Table 7" (Priya's list) and "table 07" (Tom's calendar) are one table; Ｔａｂｌｅ９ is Table9
    tables = sorted(r for r in by_name["Pacifico Yokohama"]["rooms"] if r.lower().startswith("table"))
    assert tables == ["Table 3", "Table 7", "Table9"]
    meetings = _json(mission, capsys, "meetings", "list", "--event", EV)
    assert isinstance(meetings, list)
    assert len(meetings) == 6  # 4 from Priya's list, 2 from Tom's calendar (its keynote skipped)
    assert all(m["venue"] == "Pacifico Yokohama" and m["start"].endswith("+09:00") for m in meetings)
    priya = [m for m in meetings if PRIYA in m["our_attendees"]]
    assert len(priya) == 4 and all(m["counterparts"] and m["counterparts"][0] for m in priya)
    people = _json(mission, capsys, "people", "list")
    assert isinstance(people, list)
    assert {"Kenji", "Akiko", "Jae-won"} <= {p["given_name"] for p in people}
    assert "gareth.lloyd@cardiff-medtech.example" not in {p["email"] for p in people}  # refunded


def test_importing_everything_again_changes_nothing(mission: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = _json(mission, capsys, "meetings", "list", "--event", EV)
    for args in (["meetings", str(SAMPLES / "partnering-meetings-priya.csv"), "--ours", PRIYA],
                 ["meetings", str(SAMPLES / "agenda-tom-hughes.ics")],
                 ["slots", str(SAMPLES / "slots.csv")]):
        assert _run(mission, "import", *args, "--event", EV) == 0
    assert _json(mission, capsys, "meetings", "list", "--event", EV) == before
