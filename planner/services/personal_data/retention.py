"""Retention: events keep personal data for ``Event.retention_days`` after they end.

:func:`overdue_events` lists the events past their retention period (the GUI offers them at
start-up; ``planner retention list``). :func:`anonymise_event` ("Export, then shred"):

* everyone linked to the event (delegates, contacts, presenters and slot attendees, meeting
  attendees on both sides, the people leads are about) who is **not** also linked to another
  event still within its retention period becomes ``Deleted #<id>``: names, e-mail, phones,
  job title, notes, language and country are cleared, lead-sharing consent withdrawn; their
  organisation link stays (it is not personal data) and so do meetings and outcomes as
  anonymous history; notes about them are deleted and their names are replaced by
  ``[erased]`` in free text;
* the special-category and third-party fields of the event's delegate rows — dietary needs,
  access needs, emergency contact, delegate notes — are cleared for everyone, kept people too;
* the event is marked ``anonymised_at``; a pseudonymous audit entry is written; the search
  index is merged in the same transaction; then the file is vacuumed and checkpointed and the
  text and bytes checked as for an erasure (:mod:`planner.services.personal_data.privacy`).

Backups taken before keep the old data until rotation retires them (about a year).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from planner.domain.enums import NameOrder
from planner.errors import ValidationError
from planner.services.events.events import get_event
from planner.services.personal_data.privacy import (
    identifying_texts,
    names_still_in_use,
    purge_free_space,
    scrub_text,
)
from planner.storage import search_index
from planner.storage.database import Database
from planner.storage.models import (
    AuditEntry,
    Delegate,
    Delegation,
    Event,
    EventContact,
    Lead,
    Meeting,
    MeetingAttendee,
    Note,
    Person,
    Slot,
    SlotPerson,
)

SPECIAL_FIELDS = ("dietary", "access_needs", "emergency_contact", "notes")


@dataclass(frozen=True)
class OverdueEvent:
    code: str
    name: str
    end_date: date
    retention_days: int
    due: date          # the first day the data is overdue
    people: int        # people linked to it


@dataclass
class AnonymiseReport:
    code: str
    anonymised: int = 0                     # people who became "Deleted #id"
    kept: int = 0                           # still linked to an event within retention
    delegate_rows_cleared: int = 0
    residue: list[str] = field(default_factory=list)


def _due(event: Event) -> date | None:
    if event.retention_days is None:
        return None
    return event.end_date + timedelta(days=event.retention_days + 1)


def is_overdue(event: Event, today: date) -> bool:
    due = _due(event)
    return due is not None and event.anonymised_at is None and today >= due


def event_people(session: Session, event_id: int) -> set[int]:
    """Everyone linked to the event, in any role."""
    queries = [
        select(Delegate.person_id).join(Delegation).where(Delegation.event_id == event_id),
        select(EventContact.person_id).where(EventContact.event_id == event_id),
        select(SlotPerson.person_id).join(Slot).where(Slot.event_id == event_id),
        select(MeetingAttendee.person_id).join(Meeting).where(Meeting.event_id == event_id),
        select(Lead.person_id).where(Lead.event_id == event_id, Lead.person_id.is_not(None)),
    ]
    people: set[int] = set()
    for query in queries:
        people |= {pid for pid in session.scalars(query) if pid is not None}
    return people


def overdue_events(session: Session, today: date | None = None) -> list[OverdueEvent]:
    today = today or date.today()
    found = []
    for event in session.scalars(select(Event).where(Event.retention_days.is_not(None),
                                                     Event.anonymised_at.is_(None))
                                 .order_by(Event.end_date)):
        if is_overdue(event, today):
            due = _due(event)
            assert due is not None and event.retention_days is not None
            found.append(OverdueEvent(event.code, event.name, event.end_date, event.retention_days,
                                      due, len(event_people(session, event.id))))
    return found


def _anonymise_person(person: Person) -> None:
    person.given_name = ""
    person.family_name = f"Deleted #{person.id}"
    person.name_order = NameOrder.GIVEN_FIRST
    for attr in ("native_name", "native_reading", "title", "job_title", "email", "email_key",
                 "phone", "mobile", "notes", "language", "country"):
        setattr(person, attr, "")
    person.lead_sharing_consent = False


def anonymise_event(db: Database, code: str, *, today: date | None = None,
                    force: bool = False) -> AnonymiseReport:
    """Anonymise the people of one event (see the module doc). Refuses an event that is not
    overdue unless ``force``."""
    today = today or date.today()
    report = AnonymiseReport(code)
    needles: list[str] = []
    with db.transaction() as session:
        event = get_event(session, code)
        if event.anonymised_at is not None and not force:
            raise ValidationError(f"{code} was already anonymised on {event.anonymised_at}", "event")
        if not force and not is_overdue(event, today):
            due = _due(event)
            when = f"its retention period ends on {due}" if due else "it has no retention period"
            raise ValidationError(f"{code} is not overdue ({when}); use force to anonymise it now",
                                  "event")
        linked = event_people(session, event.id)
        keep: set[int] = set()
        for other in session.scalars(select(Event).where(Event.id != event.id)):
            if other.anonymised_at is None and not is_overdue(other, today):
                keep |= event_people(session, other.id) & linked
        doomed = sorted(linked - keep)
        tokens: set[str] = set()
        for start in range(0, len(doomed), 500):
            for person in session.scalars(select(Person).where(Person.id.in_(doomed[start:start + 500]))):
                tokens |= set(identifying_texts(person))
                session.execute(delete(Note).where(Note.subject_uuid == person.uuid))
                _anonymise_person(person)
        session.flush()
        needles += sorted(tokens)
        scrub_text(session, tokens)
        delegation_ids = select(Delegation.id).where(Delegation.event_id == event.id)
        result = session.execute(update(Delegate).where(Delegate.delegation_id.in_(delegation_ids))
                                 .values(**dict.fromkeys(SPECIAL_FIELDS, "")))
        report.delegate_rows_cleared = result.rowcount or 0  # type: ignore[attr-defined]
        event.anonymised_at = today
        report.anonymised, report.kept = len(doomed), len(keep)
        session.add(AuditEntry(action="anonymise_event", detail=json.dumps({
            "event": code, "anonymised": report.anonymised, "kept": report.kept,
            "delegate_rows_cleared": report.delegate_rows_cleared})))
        # merged in the same transaction, so no index segment keeps the old names after a kill
        if not db.is_server:  # (a server's trigram index keeps no old words)
            search_index.optimize(session.connection().exec_driver_sql)
    shared = names_still_in_use(db, needles)
    report.residue, _vacuumed = purge_free_space(db, [n for n in needles if n not in shared])
    return report
