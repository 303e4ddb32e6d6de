"""A person with a distinctive name linked into every corner of the demo mission.

Everything is made as a user makes it — the services behind the dialogs, a real people import,
real exports into ``tmp_path`` — except the few rows no user action makes, each said where it is.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import AliasKind, AttendeeSide, LawfulBasis, Verdict
from planner.imports.plan import ImportOptions
from planner.imports.service import apply_import
from planner.services.events.delegations import add_delegate, add_event_contact, event_delegation
from planner.services.events.events import get_event
from planner.services.followup.followups import add_follow_up, add_lead, record_outcome, update_lead
from planner.services.outputs.export_jobs import ExportRequest, run_export
from planner.services.outputs.export_log import ExportEntry, ExportLogger
from planner.services.people.identity import add_alias, mark_distinct
from planner.services.people.people import add_person, find_or_add_organisation
from planner.services.schedule.meetings import set_attendees, update_meeting
from planner.services.schedule.slots import set_slot_roles
from planner.storage.database import Database
from planner.storage.models import Meeting, Note, Outcome, Person, Slot

NAME_GIVEN, NAME_FAMILY = "Zebulon", "Quillfeather-Vantablack"
EMAIL = "zebulon.quillfeather@vantablack-example.org"
NATIVE = "ゼブロン・クイルフェザー"
PHONE = "+44 7700 900123"
EVENT = "biojapan-2026"


@dataclass
class Planted:
    uuid: str
    person_id: int
    export_path: str


def exported_elsewhere(session: Session) -> ExportLogger:
    """The logger of an export a colleague ran on their own machine: what it records with its log
    entry (a calendar's memory, a delegate pack's revision) reaches this file by sync; the log
    entry itself stays on their machine (``export_log`` does not sync)."""
    def log(entry: ExportEntry) -> None:
        entry.record_more(session)
    return log


def _import_registration(session: Session, folder: Path) -> None:
    """Their Eventbrite attendee report imported: it finds them by e-mail and keeps the key."""
    path = folder / "eventbrite-attendees.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["Order #", "Order Date", "First Name", "Last Name", "Email", "Quantity",
                         "Ticket Type", "Attendee #", "Order Type", "Attendee Status", "Company"])
        writer.writerow(["1001", "2026-05-01", NAME_GIVEN, NAME_FAMILY, EMAIL, "1", "Delegate", "5001",
                         "Eventbrite Completed", "Attending", "Vantablack Reagents Ltd"])
    plan = apply_import(session, path, "people", EVENT, ImportOptions())
    assert plan.ok and plan.applied, plan.errors


def plant_person(db: Database, tmp_path) -> Planted:
    elsewhere = tmp_path / "exported-elsewhere"
    elsewhere.mkdir()
    with db.transaction() as s:
        event = get_event(s, EVENT)
        org = find_or_add_organisation(s, "Vantablack Reagents Ltd")
        p = add_person(s, given_name=NAME_GIVEN, family_name=NAME_FAMILY, email=EMAIL, native_name=NATIVE,
                       phone=PHONE, job_title="Chief Scientist", organisation=org,
                       notes="Prefers morning meetings", lawful_basis=LawfulBasis.CONSENT,
                       lead_sharing_consent=True)
        delegation = event_delegation(s, event)
        add_delegate(s, delegation, p, dietary="Vegan, nut allergy", access_needs="Step-free access",
                     hotel="Hotel Vantablack")
        add_event_contact(s, event, p, source="card")
        _import_registration(s, elsewhere)  # the registration key
        meeting = s.scalars(select(Meeting).where(Meeting.event_id == event.id).order_by(Meeting.id)).first()
        assert meeting is not None
        theirs = [a.person for a in meeting.attendees if a.side is AttendeeSide.COUNTERPART]
        set_attendees(s, meeting, AttendeeSide.COUNTERPART, [*theirs, p])
        update_meeting(s, meeting, notes=(meeting.notes or "") + f" Ask {NAME_GIVEN} {NAME_FAMILY} ({EMAIL}) about assays.")
        # a calendar sent to them (its memory names their entries) while the meeting was all they had
        run_export(s, ExportRequest("ics", EVENT, elsewhere / "calendar.ics", delegate_ids=[p.id]),
                   log=exported_elsewhere(s))
        # the pack of a delegate of ours who meets them names them
        ours = next(a.person for a in meeting.attendees if a.side is AttendeeSide.OURS)
        run_export(s, ExportRequest("briefing", EVENT, elsewhere / "colleague-pack.pdf", delegate_ids=[ours.id]),
                   log=exported_elsewhere(s))
        slot = s.scalars(select(Slot).where(Slot.event_id == event.id).order_by(Slot.id)).first()
        assert slot is not None
        lead_role = slot.kind.lead_role
        set_slot_roles(s, slot, [x.person for x in slot.people if x.role is lead_role] + [p],
                       [x.person for x in slot.people if x.role is not lead_role])
        outcome = s.scalars(select(Outcome).where(Outcome.meeting_id == meeting.id)).first()
        if outcome is None:
            outcome = record_outcome(s, meeting, verdict=Verdict.COOPERATION_POSSIBLE, notes="good")
        # no service records who recorded an outcome (the demo stopped setting it): a file of an older version
        outcome.recorded_by_id = p.id
        own_lead = add_lead(s, event, person=p, owner=p, notes=f"Call {PHONE}")
        update_lead(s, own_lead, organisation_id=None)  # the organisation cleared in the lead's form: about them alone
        add_follow_up(s, own_lead, description="Send the brochure", owner=p)
        add_lead(s, event, person=p, organisation=org, notes="licensing",
                 title=f"Licensing deal via {NAME_GIVEN} {NAME_FAMILY}")
        # no dialog or service writes a note yet (the table syncs and erasure must clear it): a note about them
        s.add(Note(subject_kind="person", subject_uuid=p.uuid, body="Met at the reception"))
        # other identities: an e-mail alias, a pair marked as two people
        add_alias(s, p, AliasKind.EMAIL, "vanta.private@mail.example")
        other = s.scalars(select(Person).where(Person.id != p.id).order_by(Person.id)).first()
        assert other is not None
        mark_distinct(s, p, other)
        # their own pack, exported here: the one file the export log lists them in (a pack revision)
        path = tmp_path / f"Briefing - {NAME_GIVEN} {NAME_FAMILY}.pdf"
        run_export(s, ExportRequest("briefing", EVENT, path, delegate_ids=[p.id]))
        s.flush()
        return Planted(p.uuid, p.id, str(path.resolve()))


@pytest.fixture
def planted(demo_db: Database, tmp_path) -> Planted:
    return plant_person(demo_db, tmp_path)
