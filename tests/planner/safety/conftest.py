"""A person with a distinctive name linked into every corner of the demo mission."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select

from planner.domain.enums import AliasKind, LawfulBasis, SlotRole, Verdict
from planner.services.events.delegations import add_delegate, add_event_contact, event_delegation
from planner.services.events.events import get_event
from planner.services.followup.followups import add_follow_up, add_lead, record_outcome
from planner.services.outputs.export_log import record_export
from planner.services.people.identity import add_alias, mark_distinct
from planner.services.people.people import add_person, find_or_add_organisation
from planner.storage.database import Database
from planner.storage.models import (
    CalendarSent,
    Meeting,
    MeetingAttendee,
    Note,
    Outcome,
    PackRevision,
    Person,
    PersonExternalId,
    Slot,
    SlotPerson,
)

NAME_GIVEN, NAME_FAMILY = "Zebulon", "Quillfeather-Vantablack"
EMAIL = "zebulon.quillfeather@vantablack-example.org"
NATIVE = "ゼブロン・クイルフェザー"
PHONE = "+44 7700 900123"


@dataclass
class Planted:
    uuid: str
    person_id: int
    export_path: str


def plant_person(db: Database, tmp_path) -> Planted:
    with db.transaction() as s:
        event = get_event(s, "biojapan-2026")
        org = find_or_add_organisation(s, "Vantablack Reagents Ltd")
        p = add_person(s, given_name=NAME_GIVEN, family_name=NAME_FAMILY, email=EMAIL, native_name=NATIVE,
                       phone=PHONE, job_title="Chief Scientist", organisation=org,
                       notes="Prefers morning meetings", lawful_basis=LawfulBasis.CONSENT,
                       lead_sharing_consent=True)
        delegation = event_delegation(s, event)
        add_delegate(s, delegation, p, dietary="Vegan, nut allergy", access_needs="Step-free access")
        add_event_contact(s, event, p, source="card")
        meeting = s.scalars(select(Meeting).where(Meeting.event_id == event.id).order_by(Meeting.id)).first()
        assert meeting is not None
        s.add(MeetingAttendee(meeting_id=meeting.id, person_id=p.id, side="counterpart"))
        meeting.notes = (meeting.notes or "") + f" Ask {NAME_GIVEN} {NAME_FAMILY} ({EMAIL}) about assays."
        slot = s.scalars(select(Slot).where(Slot.event_id == event.id).order_by(Slot.id)).first()
        assert slot is not None
        s.add(SlotPerson(slot_id=slot.id, person_id=p.id, role=SlotRole.PRESENTER))
        outcome = s.scalars(select(Outcome).where(Outcome.meeting_id == meeting.id)).first()
        if outcome is None:
            outcome = record_outcome(s, meeting, verdict=Verdict.COOPERATION_POSSIBLE, notes="good")
        outcome.recorded_by_id = p.id
        own_lead = add_lead(s, event, person=p, owner=p, notes=f"Call {PHONE}")
        own_lead.organisation_id = None  # a lead about the person alone
        add_follow_up(s, own_lead, description="Send the brochure", owner=p)
        org_lead = add_lead(s, event, person=p, organisation=org, notes="licensing")
        org_lead.title = f"Licensing deal via {NAME_GIVEN} {NAME_FAMILY}"
        s.add(Note(subject_kind="person", subject_uuid=p.uuid, body="Met at the reception"))
        path = tmp_path / f"Briefing - {NAME_GIVEN} {NAME_FAMILY}.pdf"
        path.write_bytes(b"%PDF-1.4 fake")
        record_export(s, kind="briefing", path=path, event=event, person_ids=[p.id, 1])
        # other identities: an e-mail alias, a registration key, a pair marked as two people
        add_alias(s, p, AliasKind.EMAIL, "vanta.private@mail.example")
        s.add(PersonExternalId(person=p, source="eventbrite", event_id=event.id, value="5001"))
        other = s.scalars(select(Person).where(Person.id != p.id).order_by(Person.id)).first()
        assert other is not None
        mark_distinct(s, p, other)
        # a calendar sent to them (its memory names their entries)
        s.add(CalendarSent(event_id=event.id, person_id=p.id, item_uuid=meeting.uuid, sequence=0,
                           status="CONFIRMED", start_utc=meeting.start_utc, end_utc=meeting.end_utc,
                           tz=meeting.tz))
        # their own pack as exported (a pack revision), and another delegate's pack that named them
        s.add(PackRevision(event_id=event.id, person_id=p.id, path=str(path.resolve()), fingerprint="0" * 64,
                           summary='{"items":[],"travel":{"Hotel":"Hotel Vantablack"},"v":1}'))
        s.add(PackRevision(event_id=event.id, person_id=other.id, path=str(path.resolve()), fingerprint="1" * 64,
                           summary=f'{{"items":[{{"uuid":"{meeting.uuid}","with":["{NAME_GIVEN} {NAME_FAMILY}"]}}]}}'))
        s.flush()
        return Planted(p.uuid, p.id, str(path.resolve()))


@pytest.fixture
def planted(demo_db: Database, tmp_path) -> Planted:
    return plant_person(demo_db, tmp_path)
