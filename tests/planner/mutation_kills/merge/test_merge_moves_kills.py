"""What a merge moves and what it says it moved (planner/services/people/merge.py), issue 21.

The rules, in the words of the people who merge two records of one person or one company:
- whoever ran a slot (presented a pitch, hosted a reception) still runs it after the merge, under
  the kept record, and someone who only attended does not become its presenter;
- every link of the merged-away record is counted, one by one: the report's "3 meeting attendees
  moved" is the number of meetings that changed hands, not "some";
- an organisation cannot be merged with itself, and the message says which field is wrong;
- a kept record without notes takes the other's notes word for word;
- a record a sync has already redirected (a kept-here conflict) can still be merged: it keeps a
  single redirect, and the earlier redirects of other records stay where they point."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import SlotKind, SlotRole
from planner.errors import ValidationError
from planner.services.events.events import add_event
from planner.services.outputs.export_log import record_export
from planner.services.people.merge import merge_organisations, merge_people
from planner.services.people.people import add_organisation, add_person
from planner.services.schedule.meetings import add_meeting
from planner.services.schedule.slots import add_slot
from planner.storage.database import Database
from planner.storage.models import Event, ExportLogPerson, Note, Person, RecordRedirect, SlotPerson

pytestmark = pytest.mark.engines


def _event(s: Session) -> Event:
    return add_event(s, code="bio-2026", name="BIO", start_date=date(2026, 6, 1),
                     end_date=date(2026, 6, 4), tz="America/New_York")


def _slot(s: Session, event: Event, kind: SlotKind, day: int, *, leads: list[Person],
          others: list[Person]) -> int:
    slot = add_slot(s, event, title=f"{kind.value} {day}", kind=kind,
                    start_local=datetime(2026, 6, day, 14, 0), end_local=datetime(2026, 6, day, 15, 0),
                    presenters=leads, attendees=others)
    return slot.id


def _roles(s: Session, slot_id: int) -> dict[int, SlotRole]:
    return {link.person_id: link.role
            for link in s.scalars(select(SlotPerson).where(SlotPerson.slot_id == slot_id))}


def test_whoever_ran_a_slot_still_runs_it_after_the_merge(db: Database) -> None:
    with db.transaction() as s:
        event = _event(s)
        keep = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example")
        drop = add_person(s, given_name="Ann", family_name="Lee", email="a.lee@home.example")
        # the duplicate presented the pitch the kept record was only listed at
        pitch = _slot(s, event, SlotKind.SHOWCASE, 2, leads=[drop], others=[keep])
        # the duplicate hosted the reception the kept record attended
        reception = _slot(s, event, SlotKind.RECEPTION, 3, leads=[drop], others=[keep])
        report = merge_people(s, keep, drop)
        keep_id = keep.id
    assert report.folded["slot_person"] == 2
    with db.session() as s:
        assert _roles(s, pitch) == {keep_id: SlotRole.PRESENTER}
        assert _roles(s, reception) == {keep_id: SlotRole.HOST}


def test_someone_who_only_attended_does_not_become_the_presenter(db: Database) -> None:
    with db.transaction() as s:
        event = _event(s)
        speaker = add_person(s, given_name="Kenji", family_name="Sato")
        keep = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example")
        drop = add_person(s, given_name="Ann", family_name="Lee", email="a.lee@home.example")
        both_attend = _slot(s, event, SlotKind.SHOWCASE, 2, leads=[speaker], others=[keep, drop])
        kept_presents = _slot(s, event, SlotKind.SHOWCASE, 3, leads=[keep], others=[drop])
        merge_people(s, keep, drop)
        ids = (speaker.id, keep.id)
    with db.session() as s:
        assert _roles(s, both_attend) == {ids[0]: SlotRole.PRESENTER, ids[1]: SlotRole.ATTENDEE}
        assert _roles(s, kept_presents) == {ids[1]: SlotRole.PRESENTER}


def test_the_report_counts_every_link_moved_and_every_duplicate_combined(db: Database) -> None:
    with db.transaction() as s:
        event = _event(s)
        ours = add_person(s, given_name="Our", family_name="Lead")
        keep = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example")
        drop = add_person(s, given_name="Ann", family_name="Lee", email="a.lee@home.example")
        for day in (1, 2):  # both records were asked to the same two meetings
            add_meeting(s, event, start_local=datetime(2026, 6, day, 10, 0),
                        end_local=datetime(2026, 6, day, 10, 30), ours=[ours], counterparts=[keep, drop])
        for hour in (11, 12, 13):  # and the duplicate alone to three more
            add_meeting(s, event, start_local=datetime(2026, 6, 3, hour, 0),
                        end_local=datetime(2026, 6, 3, hour, 30), ours=[ours], counterparts=[drop])
        for body in ("likes tea", "prefers mornings"):
            s.add(Note(subject_kind="person", subject_uuid=drop.uuid, body=body))
        s.flush()
        report = merge_people(s, keep, drop)
    assert report.moved["meeting_attendee"] == 3
    assert report.folded["meeting_attendee"] == 2
    assert report.moved["note"] == 2


def test_each_export_that_listed_the_duplicate_is_counted_once(db: Database) -> None:
    """Erasure later asks which files hold a person: an export that listed both records keeps
    one line for the kept person, one that listed only the duplicate now lists the kept one."""
    with db.transaction() as s:
        event = _event(s)
        keep = add_person(s, given_name="Ann", family_name="Lee")
        drop = add_person(s, given_name="Ann", family_name="Lee")
        for n in range(2):
            record_export(s, kind="crm", path=f"/tmp/both-{n}.csv", event=event, person_ids=[keep.id, drop.id])
        for n in range(2):
            record_export(s, kind="crm", path=f"/tmp/drop-{n}.csv", event=event, person_ids=[drop.id])
        report = merge_people(s, keep, drop)
        keep_uuid = keep.uuid
    assert report.folded == {"export_log_person": 2}
    assert report.moved["export_log_person"] == 2
    with db.session() as s:
        assert s.scalars(select(ExportLogPerson.person_uuid)).all() == [keep_uuid] * 4


def test_an_organisation_cannot_be_merged_with_itself(db: Database) -> None:
    with db.transaction() as s:
        sakura = add_organisation(s, name="Sakura Pharma")
        with pytest.raises(ValidationError) as raised:
            merge_organisations(s, sakura, sakura)
    assert raised.value.for_field("organisation") == ["An organisation cannot be merged with itself"]


def test_an_organisation_merge_reports_which_was_kept_and_which_removed(db: Database) -> None:
    with db.transaction() as s:
        keep = add_organisation(s, name="Sakura Pharma")
        drop = add_organisation(s, name="Sakura Pharma K.K.")
        uuids = (keep.uuid, drop.uuid)
        report = merge_organisations(s, keep, drop)
    assert (report.kept, report.removed) == uuids


def _redirects(s: Session) -> set[tuple[str, str, str]]:
    return {(r.table_name, r.old_uuid, r.new_uuid) for r in s.scalars(select(RecordRedirect))}


def test_merging_one_organisation_leaves_the_redirects_of_others_alone(db: Database) -> None:
    with db.transaction() as s:
        a, b = add_organisation(s, name="Kaede Bio"), add_organisation(s, name="Kaede Biotech")
        c, d = add_organisation(s, name="Sakura Pharma"), add_organisation(s, name="Sakura Pharma K.K.")
        ua, ub, uc, ud = a.uuid, b.uuid, c.uuid, d.uuid
        merge_organisations(s, b, a)
        merge_organisations(s, c, d)
        assert _redirects(s) == {("organisation", ua, ub), ("organisation", ud, uc)}


def test_a_record_a_sync_already_redirected_can_be_merged_again(db: Database) -> None:
    """A sync that brings "Ann was merged into Anne" while Ann was edited here keeps Ann (the
    edit waits in the review queue) and stores the server's redirect. Merging Ann here again
    must work and must not store a second redirect for her (one per record)."""
    with db.transaction() as s:
        ann = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example")
        other = add_person(s, given_name="Ann", family_name="Lee", email="ann.lee@home.example")
        elsewhere = "5f1d3a9e-0000-4000-8000-00000000a11e"  # the Anne the server merged her into
        s.add(RecordRedirect(table_name="person", old_uuid=ann.uuid, new_uuid=elsewhere))
        s.flush()
        redirected = ann.uuid
        merge_people(s, other, ann)
    with db.session() as s:
        assert [r.old_uuid for r in s.scalars(select(RecordRedirect))] == [redirected]


def test_a_kept_person_without_notes_takes_the_others_notes_as_they_are(db: Database) -> None:
    with db.transaction() as s:
        keep = add_person(s, given_name="Ann", family_name="Lee")
        drop = add_person(s, given_name="Ann", family_name="Lee", notes="met at BIO")
        merge_people(s, keep, drop)
        assert keep.notes == "met at BIO"
