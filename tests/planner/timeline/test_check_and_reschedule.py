"""The check on the demo mission, the CLI, acknowledgements, timelines and rescheduling with undo."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import select

from planner.cli import main
from planner.demo import build_demo
from planner.domain.enums import MeetingStatus
from planner.domain.timezones import AmbiguousTimeError, NonexistentTimeError
from planner.errors import ValidationError
from planner.services.editing.changes import record_changes, undo
from planner.services.events.events import add_event, add_room, add_venue, find_venue, get_event
from planner.services.people.people import add_person, find_person
from planner.services.schedule.conflicts import acknowledge_conflict, check_event
from planner.services.schedule.meetings import add_meeting, update_meeting
from planner.services.schedule.reschedule import (
    find_item,
    find_next_free_slot,
    move_item,
    swap_meetings,
)
from planner.services.schedule.timeline import (
    for_organisation,
    for_room,
    load_timeline,
    person_timeline,
)
from planner.storage.database import Database
from planner.storage.models import Meeting, Room

pytestmark = pytest.mark.engines

DEMO = "biojapan-2026"


def _as_set(pairs):
    return sorted((kind, tuple(sorted(items))) for kind, items in pairs)


@pytest.mark.parametrize("scale", [1, 2])
def test_the_check_finds_exactly_the_demo_s_deliberate_conflicts(db_target, scale):
    db = Database.open(db_target)
    try:
        with db.transaction() as session:
            summary = build_demo(session, scale=scale)
        with db.session() as session:
            report = check_event(session, get_event(session, DEMO))
        assert len(summary.deliberate_conflicts) == 7 * scale
        assert _as_set((c.kind, c.items) for c in report.conflicts) == _as_set(summary.deliberate_conflicts)
        for c in report.conflicts:
            assert c.people and all("@" in p for p in c.people)
            assert c.message and c.suggestion
    finally:
        db.close()


def test_planner_check_prints_json_and_exits_1(demo_db, capsys):
    assert main(["--db", demo_db.target, "check", "--event", DEMO, "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {r["kind"] for r in rows} == {"person_double_booked", "room_double_booked", "travel_time",
                                         "outside_venue_hours", "outside_event_dates", "presenter_busy",
                                         "counterpart_org_twice"}
    for r in rows:
        assert {"kind", "message", "items", "people"} <= set(r)
        assert all(len(u) == 36 for u in r["items"])
    assert main(["--db", demo_db.target, "check", "--event", "no-such-event"]) == 2


def test_a_clean_event_exits_0(db, capsys):
    with db.transaction() as session:
        add_event(session, code="quiet", name="Quiet", start_date=datetime(2026, 5, 1).date(),
                  end_date=datetime(2026, 5, 2).date(), tz="Europe/Berlin")
    assert main(["--db", db.target, "check", "--event", "quiet", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_an_acknowledged_conflict_stays_accepted_until_its_items_move(demo_db, capsys):
    with demo_db.transaction() as session:
        event = get_event(session, DEMO)
        first = check_event(session, event).conflicts[0]
        acknowledge_conflict(session, event, first.key, "Alice leaves the first meeting early")
        report = check_event(session, event)
        assert len(report.open) == len(report.conflicts) - 1
        assert next(c for c in report.conflicts if c.key == first.key).note.startswith("Alice")
    assert main(["--db", demo_db.target, "check", "--event", DEMO, "--json", "--open-only"]) == 1
    assert first.key not in {r["key"] for r in json.loads(capsys.readouterr().out)}
    with demo_db.transaction() as session:
        event = get_event(session, DEMO)
        item = find_item(session, first.items[1])
        move_item(session, item.uuid, item.start_local.replace(minute=item.start_local.minute + 5), start_fold=0)
        again = next(c for c in check_event(session, event).conflicts if c.key == first.key)
        assert not again.acknowledged  # the item moved: the user must look again


def test_cancelled_meetings_occupy_no_time(demo_db):
    with demo_db.transaction() as session:
        event = get_event(session, DEMO)
        clash = next(c for c in check_event(session, event).conflicts if c.kind == "person_double_booked")
        update_meeting(session, find_item(session, clash.items[1]), status=MeetingStatus.CANCELLED)
        assert clash.key not in {c.key for c in check_event(session, event).conflicts}


def test_timelines_per_delegate_room_and_organisation(demo_db):
    with demo_db.session() as session:
        event = get_event(session, DEMO)
        alice = find_person(session, "alice.fraser@aldgate-therapeutics-ltd.example")
        rows = person_timeline(session, event, alice)
        assert [r.start_utc for r in rows] == sorted(r.start_utc for r in rows)
        assert {r.kind for r in rows} >= {"meeting", "symposium", "travel", "reception"}
        assert all("JST · " in r.when for r in rows)  # London is on BST in October
        tl = load_timeline(session, event)
        stage = session.scalars(select(Room).where(Room.name == "UK Pavilion stage")).one()
        assert {it.kind for it in for_room(tl, stage.id)} == {"showcase"}
        assert for_organisation(tl, alice.organisation_id)


def _simple_event(session):
    event = add_event(session, code="berlin", name="Berlin", start_date=datetime(2026, 3, 28).date(),
                      end_date=datetime(2026, 3, 31).date(), tz="Europe/Berlin")
    hall = add_venue(session, event, name="Hall")
    ann = add_person(session, given_name="Ann", family_name="Lee", email="ann@example.org")
    bob = add_person(session, given_name="Bob", family_name="Ode", email="bob@example.org")
    m1 = add_meeting(session, event, start_local=datetime(2026, 3, 28, 10), end_local=datetime(2026, 3, 28, 11),
                     ours=[ann], venue=hall, room=add_room(session, hall, name="Table 1"))
    m2 = add_meeting(session, event, start_local=datetime(2026, 3, 30, 14), end_local=datetime(2026, 3, 30, 14, 30),
                     ours=[bob], venue=hall, room=add_room(session, hall, name="Table 2"))
    return {"event": event, "hall": hall, "ann": ann, "bob": bob, "m1": m1, "m2": m2}


def test_move_keeps_the_real_duration_and_undoes(db):
    with db.transaction() as session:
        m1 = _simple_event(session)["m1"]
        with record_changes(session, "move") as cs:
            # Into the spring-forward night: 01:30–02:30 wall would be 1 h only by UTC.
            move_item(session, m1.uuid, datetime(2026, 3, 29, 1, 30), start_fold=0)
        assert (m1.end_utc - m1.start_utc).total_seconds() == 3600
        assert m1.end_local == datetime(2026, 3, 29, 3, 30) and m1.sequence == 1
        undo(session, cs)
        session.expire_all()
        m1 = find_item(session, m1.uuid)
        assert m1.start_local == datetime(2026, 3, 28, 10) and m1.sequence == 0


def test_moves_into_impossible_or_ambiguous_times_are_refused(db):
    with db.transaction() as session:
        made = _simple_event(session)
        m1, hall = made["m1"], made["hall"]
        with pytest.raises(NonexistentTimeError) as info:
            move_item(session, m1.uuid, datetime(2026, 3, 29, 2, 30))
        assert info.value.next_valid == datetime(2026, 3, 29, 3, 0)
        add_event(session, code="autumn", name="Autumn", start_date=datetime(2026, 10, 24).date(),
                  end_date=datetime(2026, 10, 26).date(), tz="Europe/Berlin")
        with pytest.raises(AmbiguousTimeError):
            move_item(session, m1.uuid, datetime(2026, 10, 25, 2, 30))
        other = add_venue(session, get_event(session, "autumn"), name="Elsewhere")
        room = add_room(session, other, name="Room X")  # a room of another event's venue
        with pytest.raises(ValidationError):
            move_item(session, m1.uuid, datetime(2026, 3, 28, 12), start_fold=0, venue=hall, room=room)


def test_swap_two_meetings_and_undo(db):
    with db.transaction() as session:
        made = _simple_event(session)
        m1, m2 = made["m1"], made["m2"]
        a_start, b_start = m1.start_utc, m2.start_utc
        with record_changes(session, "swap") as cs:
            swap_meetings(session, m1.uuid, m2.uuid)
        assert (m1.start_utc, m2.start_utc) == (b_start, a_start)
        assert (m1.room.name, m2.room.name) == ("Table 2", "Table 1")
        undo(session, cs)
        session.expire_all()
        assert find_item(session, m1.uuid).start_utc == a_start
        with pytest.raises(ValidationError):
            swap_meetings(session, m1.uuid, m1.uuid)


def test_next_free_slot_for_people_respects_travel_time(demo_db):
    with demo_db.session() as session:
        event = get_event(session, DEMO)
        george = find_person(session, "george.roberts@dales-medtech-ltd.example")
        pacifico = find_venue(session, event, "Pacifico Yokohama")
        # George has lunch at the embassy in Tokyo until 13:30 on the 15th: 50 min back to Yokohama.
        slot = find_next_free_slot(session, event, [george], pacifico, minutes=30,
                                   not_before=datetime(2026, 10, 15, 12, 0))
        assert slot is not None
        assert slot.start_local >= datetime(2026, 10, 15, 14, 20)
        report = check_event(session, event)
        lunch_conflict = next(c for c in report.conflicts if c.kind == "travel_time")
        meeting = find_item(session, lunch_conflict.items[0])
        assert isinstance(meeting, Meeting)
        slot_before = find_next_free_slot(session, event, [george], pacifico, minutes=30,
                                          not_before=datetime(2026, 10, 15, 9, 0), exclude=[meeting.uuid])
        assert slot_before is not None and slot_before.start_local.date().day == 15
        assert "JST" in slot_before.text
