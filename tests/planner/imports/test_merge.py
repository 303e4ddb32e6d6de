"""The merge service: every reference moves, clashing links are combined, and undo restores."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from planner.domain.enums import AttendeeSide, SlotKind
from planner.services.editing.changes import record_changes, undo
from planner.services.events.events import get_event
from planner.services.followup.followups import add_lead
from planner.services.outputs.export_log import record_export
from planner.services.people.merge import (
    find_duplicate_organisations,
    find_duplicate_people,
    merge_organisations,
    merge_people,
)
from planner.services.people.people import add_organisation, add_person
from planner.services.schedule.meetings import add_meeting
from planner.services.schedule.slots import add_slot
from planner.storage.database import Database
from planner.storage.models import (
    Base,
    ExportLogPerson,
    Lead,
    MeetingAttendee,
    Note,
    Organisation,
    Person,
    SlotPerson,
)

pytestmark = pytest.mark.engines


BOOKKEEPING = {"version", "changed_by", "updated_at"}


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every table's data. Undo restores the data; each row it writes back moves on to a new
    version, saying who undid it and when (so the bookkeeping columns are left out)."""
    with db.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(
                    select(*[c for c in t.c if c.name not in BOOKKEEPING])).all()), key=repr)
                for t in Base.metadata.sorted_tables}


def test_merge_people_moves_everything_and_undo_restores(demo_db: Database) -> None:
    with demo_db.transaction() as s:
        event = get_event(s, "biojapan-2026")
        org = add_organisation(s, name="Duplicate Test Ltd")
        keep = add_person(s, given_name="Hana", family_name="Sato", email="hana@dup.example",
                          organisation=org)
        drop = add_person(s, given_name="Hana", family_name="Satou", email="HANA.private@x.example",
                          notes="met at BIO", phone="+81 3 1234")
        other = s.scalars(select(Person).where(Person.id.notin_([keep.id, drop.id]))).first()
        assert other is not None
        start = datetime(2026, 10, 14, 15, 0)
        end = datetime(2026, 10, 14, 15, 30)
        # both attend the same meeting (a unique-constraint clash), drop has one of its own
        add_meeting(s, event, start_local=start, end_local=end, ours=[other],
                    counterparts=[keep, drop])
        add_meeting(s, event, start_local=datetime(2026, 10, 15, 9, 0),
                    end_local=datetime(2026, 10, 15, 9, 30), ours=[other], counterparts=[drop])
        add_slot(s, event, title="Pitch", kind=SlotKind.SHOWCASE, start_local=start,
                 end_local=end, presenters=[drop])
        add_lead(s, event, person=drop, owner=other)
        s.add(Note(subject_kind="person", subject_uuid=drop.uuid, body="likes tea"))
        record_export(s, kind="crm", path="/tmp/x.csv", event=event,
                      person_ids=[keep.id, drop.id])
        keep_id, drop_id, drop_uuid, keep_uuid = keep.id, drop.id, drop.uuid, keep.uuid
    before = dump(demo_db)
    with demo_db.transaction() as s:
        keep = s.get(Person, keep_id)
        drop = s.get(Person, drop_id)
        assert keep is not None and drop is not None
        with record_changes(s, "merge") as cs:
            report = merge_people(s, keep, drop)
    assert report.folded["meeting_attendee"] == 1
    assert report.moved["meeting_attendee"] == 1 and report.moved["slot_person"] == 1
    with demo_db.session() as s:
        assert s.get(Person, drop_id) is None
        keep = s.get(Person, keep_id)
        assert keep is not None
        assert keep.phone == "+81 3 1234" and "met at BIO" in keep.notes
        # the other address is an alias the next import matches, not a line in the notes
        assert [a.value for a in keep.aliases if a.kind.value == "email"] == \
            ["HANA.private@x.example"]
        assert [a.value for a in keep.aliases if a.kind.value == "name"] == ["Hana Satou"]
        links = s.scalars(select(MeetingAttendee).where(MeetingAttendee.person_id == keep_id)).all()
        assert len(links) == 2 and {a.side for a in links} == {AttendeeSide.COUNTERPART}
        assert s.scalar(select(func.count()).select_from(SlotPerson)
                        .where(SlotPerson.person_id == keep_id)) == 1
        assert s.scalar(select(Lead.person_id).where(Lead.person_id == keep_id)) == keep_id
        assert s.scalar(select(Note.subject_uuid).where(Note.body == "likes tea")) == keep_uuid
        uuids = set(s.scalars(select(ExportLogPerson.person_uuid)))
        assert drop_uuid not in uuids and keep_uuid in uuids
    with demo_db.transaction() as s:
        undo(s, cs)
    assert dump(demo_db) == before


def test_merge_organisations_handles_delegation_and_tag_clashes(db: Database) -> None:
    from planner.services.events.delegations import add_delegation, add_delegation_organisation
    from planner.services.events.events import add_event
    from planner.services.people.people import set_organisation_tags

    with db.transaction() as s:
        event = add_event(s, code="ev-1", name="Ev", start_date=datetime(2026, 1, 1).date(),
                          end_date=datetime(2026, 1, 2).date(), tz="Europe/London")
        delegation = add_delegation(s, event, name="UK")
        a = add_organisation(s, name="ABC商事株式会社")
        b = add_organisation(s, name="ＡＢＣ商事", city="Osaka")
        add_delegation_organisation(s, delegation, a)
        add_delegation_organisation(s, delegation, b)
        set_organisation_tags(s, a, ["oncology"])
        set_organisation_tags(s, b, ["oncology", "ai"])
        add_person(s, given_name="Ken", family_name="Mori", organisation=b)
        add_organisation(s, name="Acme Limited")
        add_organisation(s, name="ACME Ltd")
        add_organisation(s, name="Unrelated Bio")
    before = dump(db)
    with db.session() as s:
        pairs = find_duplicate_organisations(s)
        names = {(p.keep_label, p.drop_label) for p in pairs}
        assert ("ABC商事株式会社", "ＡＢＣ商事") in names and ("Acme Limited", "ACME Ltd") in names
        assert all("Unrelated Bio" not in (p.keep_label, p.drop_label) for p in pairs)
    with db.transaction() as s:
        keep = s.scalars(select(Organisation).where(Organisation.name == "ABC商事株式会社")).one()
        drop = s.scalars(select(Organisation).where(Organisation.name == "ＡＢＣ商事")).one()
        with record_changes(s, "merge orgs") as cs:
            report = merge_organisations(s, keep, drop)
        assert report.folded["delegation_organisation"] == 1
        assert keep.city == "Osaka"
    with db.session() as s:
        keep = s.scalars(select(Organisation).where(Organisation.name == "ABC商事株式会社")).one()
        assert sorted(t.tag.name for t in keep.tags) == ["ai", "oncology"]
        assert [p.family_name for p in keep.people] == ["Mori"]
    with db.transaction() as s:
        undo(s, cs)
    assert dump(db) == before


def test_find_duplicate_people(db: Database) -> None:
    with db.transaction() as s:
        org = add_organisation(s, name="Sakura Pharma K.K.")
        org2 = add_organisation(s, name="Sakura Pharma")
        add_person(s, given_name="Taro", family_name="Yamada", email="Taro@Sakura.example",
                   organisation=org)
        add_person(s, given_name="Taro", family_name="Yamada", email=" taro@sakura.example ",
                   organisation=org2)
        add_person(s, given_name="Jon", family_name="Smyth", organisation=org)
        add_person(s, given_name="John", family_name="Smyth", organisation=org2)
        add_person(s, given_name="Mary", family_name="Jones", organisation=org)
    with db.session() as s:
        pairs = find_duplicate_people(s)
    reasons = {(p.keep_label.split(" <")[0], p.drop_label.split(" <")[0]): p.reason for p in pairs}
    assert reasons[("Taro Yamada", "Taro Yamada")].startswith("same e-mail")
    # Sakura Pharma K.K. and Sakura Pharma are one organisation key
    assert reasons[("Jon Smyth", "John Smyth")].startswith("the same name spelt differently")
    assert not any("Mary" in k[0] or "Mary" in k[1] for k in reasons)
