"""Meeting and slot lists: times in the event's or venue's zone, DST gaps and repeats, people
named by e-mail, re-import without duplicates."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.imports.service import apply_import, plan_import
from planner.services.events.events import add_venue, get_event
from planner.services.people.people import add_person
from planner.storage.database import Database
from planner.storage.models import Meeting, Slot
from tests.planner.imports.helpers import dump, make_event

pytestmark = pytest.mark.engines

LONDON = "london-2026"


def _setup(db: Database) -> None:
    make_event(db, LONDON, tz="Europe/London")
    with db.transaction() as s:
        event = get_event(s, LONDON)
        add_venue(s, event, name="Kyoto Hall", tz="Asia/Tokyo", opens=time(8), closes=time(20))
        add_person(s, given_name="Alice", family_name="Fraser", email="alice@ours.example")
        add_person(s, given_name="Ken", family_name="Mori", email="ken@theirs.example")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "list.csv"
    path.write_text(text, encoding="utf-8")
    return path


MEETINGS = (
    "Date,Start,End,Location,Our attendees,Counterparts,Counterpart organisation,Status,"
    "Objective,Interpreter\n"
    "2026-10-20,10:00,10:30,Table 3,Alice@Ours.example,ken@theirs.example,Mori KK,confirmed,"
    "Licensing,Japanese\n"
    "2026-10-25,01:30,02:00,Table 3,alice@ours.example,,,,,\n"
    "2026-03-29,01:30,02:00,Table 3,alice@ours.example,,,,,\n"
    "2026-10-21,09:00,09:30,Table 4,alice@ours.example; nobody@nowhere.example,,,,,\n"
)


def test_meeting_rows_with_dst_problems_and_unknown_people(db: Database, tmp_path: Path) -> None:
    _setup(db)
    before = dump(db)
    with db.transaction() as s:
        plan = apply_import(s, _write(tmp_path, MEETINGS), "meetings", LONDON)
    assert not plan.applied and dump(db) == before
    by_line = {e.line: e for e in plan.errors}
    assert set(by_line) == {3, 4, 5}
    assert "happens twice" in by_line[3].message and "01:30+01:00" in by_line[3].message
    assert "does not exist" in by_line[4].message and "02:00 or later" in by_line[4].message
    assert by_line[5].column == "Our attendees" and "nobody@nowhere.example" in by_line[5].value


def test_meetings_import_and_reimport(db: Database, tmp_path: Path) -> None:
    _setup(db)
    text = MEETINGS.splitlines()[0] + "\n" + "\n".join(MEETINGS.splitlines()[1:2]) + "\n" + \
        "2026-10-25,01:30+00:00,02:00,Table 3,alice@ours.example,,,held,,\n"
    path = _write(tmp_path, text)
    with db.transaction() as s:
        plan = apply_import(s, path, "meetings", LONDON)
    assert plan.applied and plan.counts["add"] == 2
    with db.session() as s:
        first, second = s.scalars(select(Meeting).order_by(Meeting.start_utc)).all()
        assert first.start_utc == datetime(2026, 10, 20, 9, 0)  # BST
        assert first.interpreter_needed and first.interpreter_language == "Japanese"
        assert first.counterpart_organisation is not None
        assert second.start_fold == 1 and second.start_utc == datetime(2026, 10, 25, 1, 30)
    with db.session() as s:
        again = plan_import(s, path, "meetings", LONDON)
    assert again.counts["add"] == 0 and again.counts["update"] == 2


def test_slots_use_the_venue_zone(db: Database, tmp_path: Path) -> None:
    _setup(db)
    text = ("Date,Start,End,Venue,Room,Title,Kind,Presenters,Organisation\n"
            "2026-10-20,10:00,11:00,Kyoto Hall,,UK pitch,showcase,alice@ours.example,UK Bio\n"
            "2026-10-20,18:00,20:00,,,Reception,Reception,,\n"
            "2026-10-20,18:00,20:00,Nowhere Hall,,Dinner,dinner,,\n")
    with db.transaction() as s:
        plan = plan_import(s, _write(tmp_path, text), "slots", LONDON)
    assert {e.line for e in plan.errors} == {4}
    assert {e.column for e in plan.errors} == {"Venue", "Kind"}
    text = "\n".join(text.splitlines()[:3]) + "\n"
    with db.transaction() as s:
        plan = apply_import(s, _write(tmp_path, text), "slots", LONDON)
    assert plan.applied
    with db.session() as s:
        pitch, reception = s.scalars(select(Slot).order_by(Slot.title.desc())).all()
        assert pitch.tz == "Asia/Tokyo" and pitch.start_utc == datetime(2026, 10, 20, 1, 0)
        assert [p.person.email for p in pitch.people] == ["alice@ours.example"]
        assert reception.tz == "Europe/London" and reception.kind.value == "reception"
