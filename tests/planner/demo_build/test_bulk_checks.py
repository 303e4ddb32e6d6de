"""The bulk services refuse what the one-record services refuse, name the row, and write nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from planner.errors import ValidationError
from planner.services.events.events import add_event
from planner.services.events.places import add_venue
from planner.services.people.bulk import add_people, add_rooms
from planner.services.people.people import add_person
from planner.services.schedule.schedule_bulk import add_meetings
from planner.storage.database import Database
from planner.storage.models import Meeting, Person, Room

pytestmark = pytest.mark.engines


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def test_people_are_cleaned_like_add_person_and_a_bad_row_is_named(db: Database) -> None:
    rows = [{"given_name": " Ana\x07 ", "family_name": "Silva", "email": "Ana@Example.ORG", "country": "Japan"},
            {"native_name": "山田 太郎", "email": "yamada@example.jp"}]
    with db.transaction() as s:
        ids = add_people(s, rows)
        one = add_person(s, **rows[0])
    with db.session() as s:
        ana, yamada = (s.get(Person, i) for i in ids)
        assert ana is not None and yamada is not None
        twin = s.get(Person, one.id)
        assert twin is not None
        assert (ana.given_name, ana.email, ana.email_key, ana.country) == (
            twin.given_name, twin.email, twin.email_key, twin.country) == ("Ana", "Ana@example.org",
                                                                           "ana@example.org", "JP")
        assert yamada.name_order.value == "family_first"  # as add_person infers it
    before = _count(db, Person)
    bad = [{"given_name": "Fine", "email": "fine@example.org"}, {"given_name": "", "family_name": ""},
           {"given_name": "Bo", "email": "not an address"}]
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        add_people(s, bad)
    messages = str(caught.value)
    assert "Person 2: A person needs a name" in messages and "Person 3: 'not an address'" in messages
    assert _count(db, Person) == before


def test_rooms_and_meetings_keep_the_place_rules(db: Database) -> None:
    with db.transaction() as s:
        event = add_event(s, code="mission", name="Mission", start_date=date(2026, 10, 14),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        other = add_event(s, code="other", name="Other", start_date=date(2026, 10, 14),
                          end_date=date(2026, 10, 16), tz="Europe/London")
        hall = add_venue(s, event, name="Hall")
        elsewhere = add_venue(s, other, name="Elsewhere")
        with pytest.raises(ValidationError, match="Room 2: Hall already has “Table 1”"), s.begin_nested():
            add_rooms(s, [{"venue": hall, "name": "Table 1"}, {"venue": hall, "name": "table  1"}])
        table, far = add_rooms(s, [{"venue": hall, "name": "Table 1"}, {"venue": elsewhere, "name": "Far"}])
        ours = add_person(s, given_name="Ana", family_name="Silva")
        theirs = add_person(s, given_name="Taro", family_name="Yamada")
        good = {"start_local": datetime(2026, 10, 14, 10), "end_local": datetime(2026, 10, 14, 10, 30),
                "our_ids": [ours.id], "counterpart_ids": [theirs.id], "room_id": table, "status": "confirmed"}
        with pytest.raises(ValidationError) as caught, s.begin_nested():
            add_meetings(s, event, [good, {**good, "room_id": far}, {**good, "our_ids": []},
                                    {**good, "end_local": datetime(2026, 10, 14, 9)}])
        text = str(caught.value)
        assert "Meeting 2: That room or table is not in this event's venues" in text
        assert "Meeting 3: A meeting needs at least one attendee from our side" in text
        assert "Meeting 4: The end" in text and "Meeting 1" not in text
        (mid,) = add_meetings(s, event, [good])
        meeting = s.get(Meeting, mid)
        assert meeting is not None and meeting.venue_id == hall.id and meeting.tz == "Asia/Tokyo"
        assert meeting.start_utc == datetime(2026, 10, 14, 1)  # 10:00 in Tokyo
        assert {(a.person_id, a.side.value) for a in meeting.attendees} == {(ours.id, "ours"),
                                                                            (theirs.id, "counterpart")}
    assert _count(db, Meeting) == 1 and _count(db, Room) == 2
