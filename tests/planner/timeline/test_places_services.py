"""Venues, rooms and the place of meetings and slots: one truth, kept consistent on every edit."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from planner.domain.enums import SlotKind
from planner.errors import ValidationError
from planner.services.editing.dependents import delete_with_dependents
from planner.services.editing.editing import save_meeting
from planner.services.events.events import add_event
from planner.services.events.places import (
    add_room,
    add_venue,
    find_or_add_room,
    list_venues,
    partnering_venue,
    update_venue,
)
from planner.services.people.people import add_person
from planner.services.schedule.meetings import add_meeting, update_meeting
from planner.services.schedule.slots import add_slot, update_slot
from planner.storage.database import Database
from planner.storage.models import Meeting

pytestmark = pytest.mark.engines


def _event(s):  # type: ignore[no-untyped-def]
    ev = add_event(s, code="bj", name="BJ", start_date=date(2027, 10, 13), end_date=date(2027, 10, 16),
                   tz="Asia/Tokyo")
    me = add_person(s, given_name="Priya", family_name="Nair", email="p@ours.example")
    return ev, me


def test_a_room_name_is_one_per_venue_however_written(db: Database) -> None:
    with db.transaction() as s:
        ev, _me = _event(s)
        hall = add_venue(s, ev, name="Pacifico")
        add_room(s, hall, name="Table 7")
        with pytest.raises(ValidationError):
            add_room(s, hall, name="table 07")
        room, made = find_or_add_room(s, hall, "Ｔａｂｌｅ ７")
        assert not made and room.name == "Table 7"
        other = add_venue(s, ev, name="Seoul Hub", tz="Asia/Seoul")
        assert add_room(s, other, name="Table 7").venue_id == other.id  # another venue: fine


def test_one_partnering_venue_per_event(db: Database) -> None:
    with db.transaction() as s:
        ev, _me = _event(s)
        assert partnering_venue(s, ev) is None
        first = add_venue(s, ev, name="Pacifico", partnering=True)
        second = add_venue(s, ev, name="Big Sight", partnering=True)
        assert not first.partnering and second.partnering
        assert partnering_venue(s, ev) is second
        assert [v.name for v in list_venues(s, ev) if v.partnering] == ["Big Sight"]


def test_a_new_zone_keeps_the_wall_times_typed_at_the_venue(db: Database) -> None:
    with db.transaction() as s:
        ev, me = _event(s)
        seoul = add_venue(s, ev, name="Seoul Hub")  # created in the event's zone by mistake
        m = add_meeting(s, ev, start_local=datetime(2027, 10, 16, 10), end_local=datetime(2027, 10, 16, 11),
                        ours=[me], venue=seoul)
        update_venue(s, seoul, tz="Europe/London")
        assert m.start_local == datetime(2027, 10, 16, 10) and m.tz == "Europe/London"
        assert m.start_utc == datetime(2027, 10, 16, 9, 0) and m.sequence == 1


def test_a_new_meeting_in_a_room_is_at_that_rooms_venue(db: Database) -> None:
    with db.transaction() as s:
        ev, me = _event(s)
        seoul = add_venue(s, ev, name="Seoul Hub", tz="Asia/Seoul")
        table = add_room(s, seoul, name="Table 1")
        mid = save_meeting(s, ev.id, None, {"start_local": datetime(2027, 10, 16, 10),
                                            "end_local": datetime(2027, 10, 16, 10, 30),
                                            "ours": [me.id], "room_id": table.id})
        m = s.get(Meeting, mid)
        assert m is not None and (m.venue_id, m.room_id, m.tz) == (seoul.id, table.id, "Asia/Seoul")


def test_moving_venue_clears_the_old_venues_table_for_meetings_and_slots(db: Database) -> None:
    with db.transaction() as s:
        ev, me = _event(s)
        yokohama = add_venue(s, ev, name="Pacifico")
        tokyo = add_venue(s, ev, name="Toranomon")
        table = add_room(s, yokohama, name="Table 7")
        m = add_meeting(s, ev, start_local=datetime(2027, 10, 14, 10), end_local=datetime(2027, 10, 14, 11),
                        ours=[me], room=table)
        assert m.venue_id == yokohama.id  # the room decides the venue
        update_meeting(s, m, venue_id=tokyo.id)
        assert (m.venue_id, m.room_id) == (tokyo.id, None)
        with pytest.raises(ValidationError):
            update_meeting(s, m, venue_id=tokyo.id, room_id=table.id)
        slot = add_slot(s, ev, title="Pitch", kind=SlotKind.SHOWCASE, start_local=datetime(2027, 10, 14, 12),
                        end_local=datetime(2027, 10, 14, 13), room=table)
        assert slot.venue_id == yokohama.id
        update_slot(s, slot, venue_id=tokyo.id)
        assert (slot.venue_id, slot.room_id) == (tokyo.id, None)


def test_a_meeting_whose_venue_is_deleted_keeps_its_instant(db: Database) -> None:
    with db.transaction() as s:
        ev, me = _event(s)
        london = add_venue(s, ev, name="London office", tz="Europe/London")
        m = add_meeting(s, ev, start_local=datetime(2027, 10, 14, 10), end_local=datetime(2027, 10, 14, 11),
                        ours=[me], venue=london)
        before = m.start_utc
        delete_with_dependents(s, london)
        s.flush()
        s.expire_all()
        m = s.scalars(select(Meeting)).one()
        assert m.venue_id is None
        update_meeting(s, m, objective="Licensing", end_local=datetime(2027, 10, 14, 11, 30))
        assert m.start_utc == before and m.tz == "Europe/London"


def test_a_blank_identifier_names_nobody(db: Database) -> None:
    from planner.services.people.people import find_person

    with db.transaction() as s:
        add_person(s, given_name="No", family_name="Email")  # email_key "" must not match ""
        for blank in ("", " ", "\u3000", "\u200b"):
            with pytest.raises(ValidationError):
                find_person(s, blank)


def test_side_event_people_take_the_roles_of_its_kind(db: Database) -> None:
    from planner.services.editing.editing import save_slot
    from planner.services.editing.forms import slot_form
    from planner.storage.models import Slot

    with db.transaction() as s:
        ev, me = _event(s)
        tom = add_person(s, given_name="Tom", family_name="Hughes", email="t@ours.example")
        values = {"title": "UK reception", "kind": SlotKind.RECEPTION,
                  "start_local": datetime(2027, 10, 15, 19), "end_local": datetime(2027, 10, 15, 21),
                  "presenters": [me.id], "attendees": [tom.id]}
        sid = save_slot(s, ev.id, None, values)
        slot = s.get(Slot, sid)
        assert slot is not None
        assert {p.person.email: p.role.value for p in slot.people} == {
            "p@ours.example": "host", "t@ours.example": "attendee"}
        form = slot_form(s, sid)
        assert [p for p, _ in form["presenters"]] == [me.id] and [p for p, _ in form["attendees"]] == [tom.id]
        save_slot(s, ev.id, sid, {**values, "kind": SlotKind.TRAVEL, "title": "Coach", "presenters": [],
                                  "attendees": [me.id, tom.id]})
        s.refresh(slot)
        assert {p.role.value for p in slot.people} == {"traveller"} and len(slot.people) == 2
