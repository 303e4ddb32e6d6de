"""Validation gives clear, per-field messages."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from planner.domain.timezones import AmbiguousTimeError, NonexistentTimeError
from planner.errors import ValidationError
from planner.services.events.events import add_event, add_venue
from planner.services.people.people import add_person, list_people
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database

pytestmark = pytest.mark.engines  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture
def event_and_person(db: Database):
    with db.transaction() as s:
        ev = add_event(s, code="berlin-2026", name="Berlin", start_date=date(2026, 3, 28),
                       end_date=date(2026, 10, 30), tz="Europe/Berlin")
        p = add_person(s, given_name="Anna", family_name="Schmidt", email="anna@example.de")
        return ev.id, p.id


def test_event_problems_are_all_reported(db: Database) -> None:
    with pytest.raises(ValidationError) as info, db.transaction() as s:
        add_event(s, code="X Y", name=" ", start_date=date(2026, 5, 2), end_date=date(2026, 5, 1), tz="Nowhere/City")
    fields = {p.field for p in info.value.problems}
    assert fields == {"code", "name", "tz", "end_date"}


def test_duplicate_event_code(db: Database) -> None:
    with db.transaction() as s:
        add_event(s, code="dup-1", name="A", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2), tz="UTC")
    with pytest.raises(ValidationError, match="already exists"), db.transaction() as s:
        add_event(s, code="DUP-1", name="B", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2), tz="UTC")


def test_bad_email_is_refused(db: Database) -> None:
    with pytest.raises(ValidationError, match="not an e-mail"), db.transaction() as s:
        add_person(s, given_name="A", family_name="B", email="not-an-address")


def test_person_needs_a_name(db: Database) -> None:
    with pytest.raises(ValidationError, match="needs a name"), db.transaction() as s:
        add_person(s, email="x@example.org")


def test_cjk_names_default_to_family_first(db: Database) -> None:
    with db.transaction() as s:
        add_person(s, given_name="Min-jun", family_name="Kim", native_name="김민준")
    with db.session() as s:
        row = list_people(s)[0]
        assert row.name_order == "family_first" and row.display_name == "KIM Min-jun"


def _meeting(db: Database, ids, start: datetime, end: datetime, **kw):
    from planner.storage.models import Event, Person

    with db.transaction() as s:
        ev, p = s.get(Event, ids[0]), s.get(Person, ids[1])
        return add_meeting(s, ev, start_local=start, end_local=end, ours=[p], **kw)


def test_meeting_end_before_start(db: Database, event_and_person) -> None:
    with pytest.raises(ValidationError, match="must be after the start"):
        _meeting(db, event_and_person, datetime(2026, 5, 1, 10), datetime(2026, 5, 1, 9))


def test_meeting_in_a_dst_gap_offers_the_next_valid_time(db: Database, event_and_person) -> None:
    with pytest.raises(NonexistentTimeError) as info:
        _meeting(db, event_and_person, datetime(2026, 3, 29, 2, 30), datetime(2026, 3, 29, 4, 0), start_fold=0)
    assert info.value.next_valid == datetime(2026, 3, 29, 3, 0)
    assert "03:00" in str(info.value)


def test_ambiguous_time_must_be_resolved(db: Database, event_and_person) -> None:
    with pytest.raises(AmbiguousTimeError):
        _meeting(db, event_and_person, datetime(2026, 10, 25, 2, 30), datetime(2026, 10, 25, 3, 30),
                 start_fold=None)
    m = _meeting(db, event_and_person, datetime(2026, 10, 25, 2, 30), datetime(2026, 10, 25, 3, 30),
                 start_fold=1)
    assert (m.end_utc - m.start_utc).total_seconds() == 3600


def test_meeting_needs_an_attendee(db: Database) -> None:
    with db.transaction() as s:
        ev = add_event(s, code="t-1", name="T", start_date=date(2026, 1, 1), end_date=date(2026, 1, 2), tz="UTC")
        with pytest.raises(ValidationError, match="at least one attendee"):
            add_meeting(s, ev, start_local=datetime(2026, 1, 1, 9), end_local=datetime(2026, 1, 1, 10), ours=[])


def test_meeting_takes_the_venue_zone(db: Database, event_and_person) -> None:
    from planner.storage.models import Event

    with db.transaction() as s:
        venue = add_venue(s, s.get(Event, event_and_person[0]), name="London office", tz="Europe/London")
        venue_id = venue.id
    with db.session() as s:  # a read: _meeting writes in its own transaction
        from planner.storage.models import Venue

        m = _meeting(db, event_and_person, datetime(2026, 5, 1, 9), datetime(2026, 5, 1, 10),
                     venue=s.get(Venue, venue_id))
    assert m.tz == "Europe/London" and m.start_utc == datetime(2026, 5, 1, 8)
