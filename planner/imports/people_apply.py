"""Writing matched people: Core bulk inserts for new rows, ORM updates for existing people.

New organisations, people, delegates and event contacts go in with one multi-row INSERT per
batch (no per-row queries); the caller's transaction (and a savepoint around the whole write)
makes the import all or nothing. ``cancel()`` is checked between batches.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from planner.domain.enums import DelegateRole, LawfulBasis
from planner.domain.timezones import utc_now
from planner.errors import Cancelled
from planner.imports.people_plan import PeopleMatch
from planner.imports.table import CancelFn, ProgressFn
from planner.services.delegations import event_delegation
from planner.storage.models import Delegate, Event, EventContact, Organisation, Person, new_uuid

BATCH = 2000
T = TypeVar("T")


def _batches(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _check(cancel: CancelFn | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled("Import cancelled: nothing was changed.")


def write_people(session: Session, event: Event, match: PeopleMatch, source: str, *,
                 progress: ProgressFn | None = None, cancel: CancelFn | None = None) -> int:
    """Write ``match``; returns the number of organisations added."""
    conn = session.connection()
    now = utc_now()
    total = len(match.writes) + len(match.new_organisations)
    done = 0
    org_ids = dict(match.organisation_ids)
    new_orgs: list[dict[str, Any]] = [{"uuid": new_uuid(), "created_at": now, "updated_at": now, "name": name,
                 "name_key": key, "native_name": "", "kind": "company", "country": "", "city": "",
                 "website": "", "profile": ""} for key, name in match.new_organisations.items()]
    for batch in _batches(new_orgs):
        _check(cancel)
        result = conn.execute(insert(Organisation.__table__).returning(  # type: ignore[arg-type]
            Organisation.__table__.c.id, sort_by_parameter_order=True), list(batch))
        for row, (oid,) in zip(batch, result, strict=True):
            org_ids[str(row["name_key"])] = oid
        done += len(batch)
        if progress is not None:
            progress(done, total)
    new_people = [w for w in match.writes if w.existing is None]
    person_rows: list[dict[str, Any]] = []
    for w in new_people:
        r = w.record
        person_rows.append({
            "uuid": new_uuid(), "created_at": now, "updated_at": now,
            "given_name": r.given_name, "family_name": r.family_name,
            "name_order": r.name_order.value, "native_name": r.native_name, "native_reading": "",
            "title": "", "job_title": r.job_title,
            "organisation_id": org_ids.get(r.organisation_key) if r.organisation_key else None,
            "email": r.email, "email_key": r.email_key, "phone": r.phone, "mobile": "",
            "country": r.country, "language": "", "notes": r.notes,
            "lawful_basis": (r.lawful_basis or LawfulBasis.UNKNOWN).value,
            "lead_sharing_consent": bool(r.consent),
        })
    person_ids: dict[int, int] = {}  # index in new_people → id
    position = 0
    table = Person.__table__
    for batch in _batches(person_rows):
        _check(cancel)
        result = conn.execute(insert(table).returning(  # type: ignore[arg-type]
            table.c.id, sort_by_parameter_order=True), list(batch))
        for (pid,) in result:
            person_ids[position] = pid
            position += 1
        done += len(batch)
        if progress is not None:
            progress(done, total)
    existing_writes = [w for w in match.writes if w.existing is not None]
    if existing_writes:
        _check(cancel)
        _update_existing(session, existing_writes, org_ids)
    delegates: list[dict[str, Any]] = []
    contacts: list[dict[str, Any]] = []
    index_of = {id(w): i for i, w in enumerate(new_people)}
    delegation_id: int | None = None
    for w in match.writes:
        pid = w.existing.id if w.existing is not None else person_ids[index_of[id(w)]]
        if w.link == "delegate":
            if delegation_id is None:
                delegation_id = event_delegation(session, event, create=True).id
            delegates.append({
                "uuid": new_uuid(), "created_at": now, "updated_at": now,
                "delegation_id": delegation_id, "person_id": pid,
                "role": (w.record.role or DelegateRole.DELEGATE).value,
                "arrival": None, "arrival_flight": "", "departure": None, "departure_flight": "",
                "hotel": "", "dietary": w.record.dietary, "access_needs": "",
                "interpreter_language": "", "emergency_contact": "", "notes": "",
            })
        elif w.link == "contact":
            contacts.append({"uuid": new_uuid(), "created_at": now, "updated_at": now,
                             "event_id": event.id, "person_id": pid, "source": source[:100]})
    for rows, model in ((delegates, Delegate), (contacts, EventContact)):
        for batch in _batches(rows, 5000):
            _check(cancel)
            conn.execute(insert(model.__table__), list(batch))  # type: ignore[arg-type]
    if progress is not None:
        progress(total, total)
    return len(new_orgs)


def _update_existing(session: Session, writes: list[Any], org_ids: dict[str, int]) -> None:
    ids = [w.existing.id for w in writes]
    people: dict[int, Person] = {}
    for batch in _batches(ids, 500):
        for person in session.scalars(select(Person).where(Person.id.in_(batch))):
            people[person.id] = person
    for w in writes:
        person = people[w.existing.id]
        changes = dict(w.changes)
        if w.new_organisation and person.organisation_id is None:
            changes["organisation_id"] = org_ids[w.new_organisation]
        for name, value in changes.items():
            if getattr(person, name) != value:
                setattr(person, name, value)
    session.flush()
