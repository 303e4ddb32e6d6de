"""Every edit is a changeset that undoes and redoes exactly, and never overwrites newer work."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from planner.domain.enums import MeetingStatus
from planner.services.editing import changes
from planner.services.editing.dependents import delete_impact, delete_with_dependents
from planner.services.events.events import add_event, get_event
from planner.services.events.places import add_room, add_venue
from planner.services.people.people import add_organisation, add_person, find_person, update_person
from planner.services.schedule.meetings import add_meeting, update_meeting
from planner.storage.database import Database
from planner.storage.models import Meeting, MeetingAttendee, Organisation, Person

pytestmark = pytest.mark.engines


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_create_undo_redo(db: Database) -> None:
    with db.transaction() as s, changes.record_changes(s, "Add person") as cs:
        org = add_organisation(s, name="Sakura Pharma K.K.", native_name="桜ファーマ株式会社")
        add_person(s, given_name="Taro", family_name="Yamada", native_name="山田 太郎", email="taro@example.jp",
                   organisation=org)
    assert {c.table for c in cs.changes} == {"organisation", "person"}
    with db.transaction() as s:
        changes.undo(s, cs)
    assert _count(db, Person) == _count(db, Organisation) == 0
    with db.transaction() as s:
        changes.redo(s, cs)
    with db.session() as s:
        person = find_person(s, "TARO@example.jp ")
        assert person.native_name == "山田 太郎" and person.organisation is not None


def test_update_undo_restores_every_field(db: Database) -> None:
    with db.transaction() as s:
        add_person(s, given_name="Zoë", family_name="Brontë", email="zoe@example.org")
    with db.transaction() as s, changes.record_changes(s, "Edit Zoë") as cs:
        update_person(s, find_person(s, "zoe@example.org"), job_title="CEO", email="zoe@new.example.org")
    with db.transaction() as s:
        changes.undo(s, cs)
    with db.session() as s:
        p = find_person(s, "zoe@example.org")
        assert p.job_title == "" and p.email == "zoe@example.org"


def test_delete_with_dependents_is_listed_and_undoable(demo_db: Database) -> None:
    meetings_before = _count(demo_db, Meeting)
    attendees_before = _count(demo_db, MeetingAttendee)
    with demo_db.session() as s:
        person = s.scalars(select(Person).where(Person.native_name == "山田 太郎")).first()
        assert person is not None
        impact = delete_impact(s, person)
        email = person.email
    assert impact.deleted.get("meeting_attendee", 0) >= 1
    with demo_db.transaction() as s, changes.record_changes(s, "Delete person") as cs:
        delete_with_dependents(s, find_person(s, email))
    assert _count(demo_db, MeetingAttendee) < attendees_before
    with demo_db.transaction() as s:
        changes.undo(s, cs)
    assert _count(demo_db, MeetingAttendee) == attendees_before
    assert _count(demo_db, Meeting) == meetings_before


def test_undo_refuses_to_overwrite_a_later_edit(db: Database) -> None:
    with db.transaction() as s:
        ev = add_event(s, code="test-2026", name="Test", start_date=date(2026, 10, 13),
                       end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        me = add_person(s, given_name="A", family_name="B", email="a@example.org")
        hall = add_venue(s, ev, name="Hall")
        table9 = add_room(s, hall, name="Table 9").id
        add_meeting(s, ev, start_local=datetime(2026, 10, 14, 10), end_local=datetime(2026, 10, 14, 10, 30),
                    ours=[me])
    with db.transaction() as s, changes.record_changes(s, "Confirm meeting") as cs:
        update_meeting(s, s.scalars(select(Meeting)).one(), status=MeetingStatus.CONFIRMED)
    with db.transaction() as s:
        update_meeting(s, s.scalars(select(Meeting)).one(), room_id=table9)
    with pytest.raises(changes.UndoConflictError), db.transaction() as s:
        changes.undo(s, cs)
    with db.session() as s:
        m = s.scalars(select(Meeting)).one()
        assert m.status is MeetingStatus.CONFIRMED and m.room is not None and m.room.name == "Table 9"
        assert get_event(s, "test-2026").code == "test-2026"


def test_changeset_mentions_finds_personal_values(db: Database) -> None:
    with db.transaction() as s, changes.record_changes(s, "Add") as cs:
        add_person(s, given_name="Erin", family_name="Unique", email="erin@example.org")
    assert cs.mentions("erin@example.org") and not cs.mentions("nobody@example.org")


def _lima(db: Database) -> None:
    with db.transaction() as s:
        add_event(s, code="test-2026", name="Test", start_date=date(2026, 10, 13),
                  end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        add_person(s, given_name="Alice", family_name="Fraser", email="alice@ours.example")


def test_undo_never_cascades_into_rows_saved_since(db: Database) -> None:
    """A row the step added, now used by a row written outside the step, stays: the undo is
    refused, and says what refers to it."""
    _lima(db)
    with db.transaction() as s, changes.record_changes(s, "Add Ana Lima") as cs:
        add_person(s, given_name="Ana", family_name="Lima", email="ana@lima.example")
    with db.transaction() as s:  # saved since, outside this step (another program, an import)
        add_meeting(s, get_event(s, "test-2026"), start_local=datetime(2026, 10, 14, 10),
                    end_local=datetime(2026, 10, 14, 10, 30), ours=[find_person(s, "alice@ours.example")],
                    counterparts=[find_person(s, "ana@lima.example")])
    with db.session() as s:
        assert changes.check_apply(s, cs, forward=False) is not None
    with pytest.raises(changes.UndoConflictError, match="person Ana Lima was changed since "
                                                        r"\(1 meeting now refers to them\)"), \
            db.transaction() as s:
        changes.undo(s, cs)
    assert _count(db, MeetingAttendee) == 2 and _count(db, Person) == 2


def test_undo_of_a_delete_refuses_when_its_parent_was_deleted_since(db: Database) -> None:
    with db.transaction() as s:
        org = add_organisation(s, name="Lima Biotech")
        add_person(s, given_name="Ana", family_name="Lima", email="ana@lima.example", organisation=org)
    with db.transaction() as s, changes.record_changes(s, "Delete Ana Lima") as cs:
        delete_with_dependents(s, find_person(s, "ana@lima.example"))
    with db.transaction() as s:  # someone else removed the organisation meanwhile
        s.delete(s.scalars(select(Organisation)).one())
    with pytest.raises(changes.UndoConflictError,
                       match="the organisation that the person Ana Lima belongs to was deleted since"), \
            db.transaction() as s:
        changes.undo(s, cs)
    assert _count(db, Person) == 0


def test_undo_may_delete_a_row_whose_references_it_rewrites_itself(db: Database) -> None:
    """Not over-cautious: a step that made an organisation and moved Ana into it undoes both."""
    with db.transaction() as s:
        add_person(s, given_name="Ana", family_name="Lima", email="ana@lima.example")
    with db.transaction() as s, changes.record_changes(s, "Ana joins Lima Biotech") as cs:
        update_person(s, find_person(s, "ana@lima.example"), organisation=add_organisation(s, name="Lima Biotech"))
    with db.transaction() as s:
        changes.undo(s, cs)
    with db.session() as s:
        assert find_person(s, "ana@lima.example").organisation is None
    assert _count(db, Organisation) == 0
