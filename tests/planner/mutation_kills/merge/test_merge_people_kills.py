"""Merging two people or two organisations (planner/services/people/merge.py), issue 21.

Nothing of either record is lost: meetings, leads, delegate details, aliases, notes and what
only the merged-away record knew; what the kept record already knows is not overwritten; the
merged-away record redirects to the kept one (so a laptop that syncs later finds it); and the
report says what was done."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import AliasKind, LawfulBasis
from planner.errors import ValidationError
from planner.imports.service import apply_import
from planner.services.events.delegations import add_delegate, add_delegation
from planner.services.events.events import add_event
from planner.services.followup.followups import add_lead
from planner.services.outputs.export_log import record_export
from planner.services.people.identity import mark_distinct
from planner.services.people.merge import (
    MergeReport,
    find_duplicate_organisations,
    find_duplicate_people,
    merge_organisations,
    merge_people,
)
from planner.services.people.people import add_organisation, add_person
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database
from planner.storage.models import (
    Delegate,
    Event,
    ExportLogPerson,
    Lead,
    MeetingAttendee,
    Note,
    Organisation,
    Person,
    PersonAlias,
    RecordRedirect,
)

pytestmark = pytest.mark.engines

EVENT = "bio-2026"


def _event(s: Session) -> Event:
    return add_event(s, code=EVENT, name="BIO", start_date=date(2026, 6, 1),
                     end_date=date(2026, 6, 4), tz="America/New_York")


def _redirects(db: Database, table: str) -> set[tuple[str, str]]:
    with db.session() as s:
        return {(r.old_uuid, r.new_uuid) for r in s.scalars(
            select(RecordRedirect).where(RecordRedirect.table_name == table))}


def test_a_person_cannot_be_merged_with_themselves(db: Database) -> None:
    with db.transaction() as s:
        ann = add_person(s, given_name="Ann", family_name="Lee")
        with pytest.raises(ValidationError) as raised:
            merge_people(s, ann, ann)
    assert raised.value.for_field("person") == ["A person cannot be merged with themselves"]


def test_the_merged_away_person_redirects_to_the_kept_one_and_earlier_redirects_follow(
        db: Database) -> None:
    with db.transaction() as s:
        a = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example")
        b = add_person(s, given_name="Ann", family_name="Lee", email="ann.lee@home.example")
        c = add_person(s, given_name="Anne", family_name="Lee", email="anne@kaede.example")
        ua, ub, uc = a.uuid, b.uuid, c.uuid
    with db.transaction() as s:
        merge_people(s, s.scalars(select(Person).where(Person.uuid == ub)).one(),
                     s.scalars(select(Person).where(Person.uuid == ua)).one())
    assert _redirects(db, "person") == {(ua, ub)}
    with db.transaction() as s:
        merge_people(s, s.scalars(select(Person).where(Person.uuid == uc)).one(),
                     s.scalars(select(Person).where(Person.uuid == ub)).one())
    # a laptop still holding a (merged into b, then b into c) lands on c
    assert _redirects(db, "person") == {(ua, uc), (ub, uc)}
    assert _redirects(db, "organisation") == set()


def test_merging_keeps_the_other_records_details_without_overwriting_the_kept_ones(
        db: Database) -> None:
    with db.transaction() as s:
        keep = add_person(s, given_name="Ann", family_name="Lee", phone="+44 20 1234",
                          notes="vegetarian")
        drop = add_person(s, given_name="Ann", family_name="Lee", phone="+81 3 9999",
                          email="Ann.Lee@Sakura.example", job_title="CSO", notes="met at BIO",
                          lawful_basis=LawfulBasis.CONSENT)
        merge_people(s, keep, drop)
        keep_id = keep.id
    with db.session() as s:
        p = s.get(Person, keep_id)
        assert p is not None
        assert (p.phone, p.job_title, p.email) == ("+44 20 1234", "CSO", "Ann.Lee@sakura.example")
        assert p.notes == "vegetarian\n\nmet at BIO"
        assert p.lawful_basis is LawfulBasis.CONSENT
        assert s.scalars(select(Person.id)).all() == [keep_id]


def test_a_kept_lawful_basis_is_not_replaced_by_the_other_ones(db: Database) -> None:
    with db.transaction() as s:
        keep = add_person(s, given_name="Ann", family_name="Lee", lawful_basis=LawfulBasis.CONTRACT)
        drop = add_person(s, given_name="Ann", family_name="Lee", lawful_basis=LawfulBasis.CONSENT)
        merge_people(s, keep, drop)
        assert keep.lawful_basis is LawfulBasis.CONTRACT


def test_notes_the_kept_person_already_has_are_not_repeated(db: Database) -> None:
    with db.transaction() as s:
        keep = add_person(s, given_name="Ann", family_name="Lee", notes="met at BIO; vegetarian")
        drop = add_person(s, given_name="Ann", family_name="Lee", notes="vegetarian")
        merge_people(s, keep, drop)
        assert keep.notes == "met at BIO; vegetarian"


def test_an_email_gained_by_a_merge_finds_the_person_at_the_next_import(db: Database,
                                                                         tmp_path: Path) -> None:
    with db.transaction() as s:
        _event(s)
        keep = add_person(s, given_name="Ann", family_name="Lee")
        drop = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example")
        merge_people(s, keep, drop)
        keep_uuid = keep.uuid
    path = tmp_path / "people.csv"
    path.write_text("Given name,Family name,Email\nAnn,Lee,ANN@sakura.example\n", encoding="utf-8")
    with db.transaction() as s:
        plan = apply_import(s, path, "people", EVENT)
    assert [(r.action, r.target) for r in plan.rows] in ([("update", keep_uuid)],
                                                         [("skip", keep_uuid)])
    with db.session() as s:
        assert len(s.scalars(select(Person)).all()) == 1


def test_merging_keeps_meetings_leads_and_notes_and_reports_them(db: Database) -> None:
    with db.transaction() as s:
        event = _event(s)
        ours = add_person(s, given_name="Our", family_name="Lead")
        keep = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example")
        drop = add_person(s, given_name="Anne", family_name="Lee", email="anne@home.example")
        add_meeting(s, event, start_local=datetime(2026, 6, 2, 10, 0),
                    end_local=datetime(2026, 6, 2, 10, 30), ours=[ours], counterparts=[keep, drop])
        add_meeting(s, event, start_local=datetime(2026, 6, 3, 10, 0),
                    end_local=datetime(2026, 6, 3, 10, 30), ours=[ours], counterparts=[drop])
        add_lead(s, event, person=drop, owner=ours)
        s.add(Note(subject_kind="person", subject_uuid=drop.uuid, body="likes tea"))
        s.flush()
        drop_uuid = drop.uuid
        report = merge_people(s, keep, drop)
        keep_id, keep_uuid = keep.id, keep.uuid
    assert (report.kept, report.removed) == (keep_uuid, drop_uuid)
    assert report.moved["note"] == 1 and report.moved["lead"] == 1
    assert report.moved["meeting_attendee"] == 1 and report.folded["meeting_attendee"] == 1
    assert report.aliases == 2  # anne@home.example and the name Anne Lee
    assert report.describe() == ("1 lead moved, 1 meeting attendee moved, 1 note moved, "
                                 "1 duplicate meeting attendee combined, "
                                 "2 e-mails/names kept as aliases")
    with db.session() as s:
        assert len(s.scalars(select(MeetingAttendee).where(
            MeetingAttendee.person_id == keep_id)).all()) == 2
        assert s.scalars(select(Lead.person_id)).all() == [keep_id]
        assert s.scalars(select(Note.subject_uuid)).all() == [keep_uuid]
        aliases = {(a.kind, a.value) for a in s.scalars(select(PersonAlias))}
        assert (AliasKind.EMAIL, "anne@home.example") in aliases


def test_a_merge_with_nothing_to_move_says_so() -> None:
    assert MergeReport("a", "b").describe() == "nothing else referred to it"
    one = MergeReport("a", "b", aliases=1)
    assert one.describe() == "1 e-mail/names kept as aliases"


def test_two_delegate_records_of_one_delegation_become_one_keeping_both_details(
        db: Database) -> None:
    with db.transaction() as s:
        event = _event(s)
        delegation = add_delegation(s, event, name="UK")
        keep = add_person(s, given_name="Ann", family_name="Lee")
        drop = add_person(s, given_name="Ann", family_name="Lee")
        add_delegate(s, delegation, keep, dietary="vegetarian")
        add_delegate(s, delegation, drop, hotel="Hilton Boston", dietary="vegan")
        report = merge_people(s, keep, drop)
        keep_id = keep.id
    assert report.folded["delegate"] == 1
    with db.session() as s:
        [d] = s.scalars(select(Delegate)).all()
        assert (d.person_id, d.hotel, d.dietary) == (keep_id, "Hilton Boston", "vegetarian")


def test_people_marked_as_two_are_not_proposed_as_duplicates(db: Database) -> None:
    with db.transaction() as s:
        a = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example")
        b = add_person(s, given_name="Ann", family_name="Lee", email="ANN@sakura.example")
    with db.session() as s:
        assert len(find_duplicate_people(s)) == 1
    with db.transaction() as s:
        mark_distinct(s, s.get(Person, a.id), s.get(Person, b.id))
    with db.session() as s:
        assert find_duplicate_people(s) == []


def test_duplicates_for_one_event_are_the_pairs_with_someone_in_that_event(db: Database) -> None:
    with db.transaction() as s:
        event = _event(s)
        delegation = add_delegation(s, event, name="UK")
        ann = add_person(s, given_name="Ann", family_name="Lee", email="ann@sakura.example")
        add_person(s, given_name="Ann", family_name="Lee", email="ANN@sakura.example")
        add_person(s, given_name="Ben", family_name="Ito", email="ben@kaede.example")
        add_person(s, given_name="Ben", family_name="Ito", email="BEN@kaede.example")
        add_delegate(s, delegation, ann)
        event_id = event.id
    with db.session() as s:
        everyone = find_duplicate_people(s)
        this_event = find_duplicate_people(s, event_id=event_id)
    assert sorted(p.keep_label.split(" <")[0] for p in everyone) == ["Ann Lee", "Ben Ito"]
    assert [p.keep_label.split(" <")[0] for p in this_event] == ["Ann Lee"]


def test_the_likeliest_duplicate_people_come_first(db: Database) -> None:
    """A spelling variant (Jon / John Smyth) is less sure than the same name at the same
    organisation, whichever was entered first."""
    with db.transaction() as s:
        org = add_organisation(s, name="Sakura Pharma")
        add_person(s, given_name="Jon", family_name="Smyth", organisation=org)
        add_person(s, given_name="John", family_name="Smyth", organisation=org)
        add_person(s, given_name="Mary", family_name="Jones", organisation=org)
        add_person(s, given_name="Mary", family_name="Jones", organisation=org)
    with db.session() as s:
        pairs = find_duplicate_people(s)
    assert [p.keep_label for p in pairs] == ["Mary Jones", "Jon Smyth"]
    assert pairs[0].score > pairs[1].score


def test_organisations_with_one_name_are_proposed_keeping_the_older(db: Database) -> None:
    with db.transaction() as s:
        old = add_organisation(s, name="Sakura Pharma K.K.")
        add_organisation(s, name="Kaede Bio")
        new = add_organisation(s, name="SAKURA PHARMA")
        near = add_organisation(s, name="Sakura Pharmas")
        uuids = old.uuid, new.uuid, near.uuid
    with db.session() as s:
        pairs = find_duplicate_organisations(s)
    same = [p for p in pairs if {p.keep, p.drop} == {uuids[0], uuids[1]}]
    assert [(p.keep, p.drop, p.score, p.reason) for p in same] == [
        (uuids[0], uuids[1], 100, "same name")]
    similar = [p for p in pairs if p.reason == "similar name"]
    assert similar and all(90 <= p.score < 100 for p in similar)
    assert all(p.keep_label != "Kaede Bio" and p.drop_label != "Kaede Bio" for p in pairs)


def test_a_university_and_its_hospital_are_not_proposed_as_one_organisation(
        db: Database) -> None:
    """Similar means the same words (in any order), not one name inside the other."""
    with db.transaction() as s:
        add_organisation(s, name="Kyoto University")
        add_organisation(s, name="Kyoto University Hospital")
        add_organisation(s, name="Pharma Sakura")
        add_organisation(s, name="Sakura Pharma")
    with db.session() as s:
        pairs = find_duplicate_organisations(s)
    assert [(p.keep_label, p.drop_label, p.score) for p in pairs] == [
        ("Pharma Sakura", "Sakura Pharma", 100)]


def test_an_export_that_listed_the_merged_away_person_now_lists_the_kept_one(
        db: Database) -> None:
    """Erasure asks which exported files hold a person: the merge must not lose that."""
    with db.transaction() as s:
        event = _event(s)
        keep = add_person(s, given_name="Ann", family_name="Lee")
        drop = add_person(s, given_name="Ann", family_name="Lee")
        record_export(s, kind="crm", path="/tmp/hubspot.csv", event=event, person_ids=[drop.id])
        report = merge_people(s, keep, drop)
        keep_uuid = keep.uuid
    assert report.moved["export_log_person"] == 1
    with db.session() as s:
        assert s.scalars(select(ExportLogPerson.person_uuid)).all() == [keep_uuid]


def test_merging_organisations_redirects_and_moves_their_notes(db: Database) -> None:
    with db.transaction() as s:
        keep = add_organisation(s, name="Sakura Pharma")
        drop = add_organisation(s, name="Sakura Pharma K.K.", website="https://sakura.example")
        s.add(Note(subject_kind="organisation", subject_uuid=drop.uuid, body="NDA signed"))
        s.flush()
        with pytest.raises(ValidationError):
            merge_organisations(s, keep, keep)
        report = merge_organisations(s, keep, drop)
        pair = (drop.uuid, keep.uuid)
        assert keep.website == "https://sakura.example"
    assert report.moved["note"] == 1
    assert _redirects(db, "organisation") == {pair}
    with db.session() as s:
        assert s.scalars(select(Note.subject_uuid)).all() == [pair[1]]
        assert s.scalars(select(Organisation.name)).all() == ["Sakura Pharma"]
