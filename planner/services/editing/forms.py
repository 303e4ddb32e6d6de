"""What an editor shows for one record, as plain values, and the choices its pickers offer.

Editors never hold ORM objects: they get a dict from these functions and hand a dict of changed
values back to the usual services (``update_person`` …) inside an undoable edit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import AttendeeSide, SlotRole
from planner.services.common import get_by_id
from planner.services.people.identity import aliases_text
from planner.services.people.people import person_name
from planner.services.views.search import (
    organisation_ids,
    organisation_rows,
    person_ids,
    person_rows,
)
from planner.storage.models import (
    Delegate,
    Delegation,
    DelegationOrganisation,
    Event,
    FollowUp,
    Lead,
    Meeting,
    Organisation,
    OrganisationTag,
    Person,
    Slot,
)


def person_label(p: Person) -> str:
    parts = [person_name(p)]
    if p.native_name and p.native_name != parts[0]:
        parts[0] += f" ({p.native_name})"
    detail = " · ".join(x for x in (p.organisation.name if p.organisation else "", p.email) if x)
    return f"{parts[0]} — {detail}" if detail else parts[0]


def search_people(session: Session, text: str, limit: int = 20) -> list[tuple[int, str]]:
    ids = person_ids(session, text=text)[:limit]
    rows = person_rows(session, ids)
    result = []
    for i in ids:
        r = rows[i]
        name = r.display_name + (f" ({r.native_name})" if r.native_name and r.native_name != r.display_name else "")
        detail = " · ".join(x for x in (r.organisation, r.email) if x)
        result.append((i, f"{name} — {detail}" if detail else name))
    return result


def search_organisations(session: Session, text: str, limit: int = 20) -> list[tuple[int, str]]:
    ids = organisation_ids(session, text=text)[:limit]
    rows = organisation_rows(session, ids)
    return [(i, rows[i].name + (f" ({rows[i].native_name})" if rows[i].native_name else "")) for i in ids]


def _org_label(org: Organisation | None) -> tuple[int | None, str]:
    return (org.id, org.name) if org is not None else (None, "")


def event_form(session: Session, event_id: int) -> dict[str, Any]:
    e = get_by_id(session, Event, event_id)
    return {"version": e.version, "code": e.code, "name": e.name, "kind": e.kind.value, "start_date": e.start_date,
            "end_date": e.end_date, "tz": e.tz, "home_tz": e.home_tz, "city": e.city, "country": e.country,
            "description": e.description, "retention_days": e.retention_days}


def organisation_form(session: Session, org_id: int) -> dict[str, Any]:
    o = get_by_id(session, Organisation, org_id)
    tags = sorted(t.tag.name for t in session.scalars(
        select(OrganisationTag).where(OrganisationTag.organisation_id == o.id)))
    return {"version": o.version, "name": o.name, "native_name": o.native_name, "kind": o.kind.value, "country": o.country,
            "city": o.city, "website": o.website, "profile": o.profile, "tags": tags}


def person_form(session: Session, person_id: int) -> dict[str, Any]:
    p = get_by_id(session, Person, person_id)
    return {"version": p.version, "given_name": p.given_name, "family_name": p.family_name, "name_order": p.name_order.value,
            "native_name": p.native_name, "native_reading": p.native_reading, "title": p.title,
            "job_title": p.job_title, "organisation": _org_label(p.organisation), "email": p.email,
            "phone": p.phone, "mobile": p.mobile, "country": p.country, "notes": p.notes,
            "lawful_basis": p.lawful_basis.value, "lead_sharing_consent": p.lead_sharing_consent,
            "uuid": p.uuid, "aliases": aliases_text(p)}


def delegate_form(session: Session, delegate_id: int) -> dict[str, Any]:
    d = get_by_id(session, Delegate, delegate_id)
    return {"version": d.version, "person": (d.person_id, person_label(d.person)), "role": d.role.value, "arrival": d.arrival,
            "arrival_flight": d.arrival_flight, "departure": d.departure, "departure_flight": d.departure_flight,
            "hotel": d.hotel, "dietary": d.dietary, "access_needs": d.access_needs,
            "interpreter_language": d.interpreter_language, "emergency_contact": d.emergency_contact,
            "notes": d.notes}


def meeting_form(session: Session, meeting_id: int) -> dict[str, Any]:
    m = get_by_id(session, Meeting, meeting_id)
    ours = [(a.person_id, person_label(a.person)) for a in m.attendees if a.side is AttendeeSide.OURS]
    theirs = [(a.person_id, person_label(a.person)) for a in m.attendees if a.side is AttendeeSide.COUNTERPART]
    return {"version": m.version, "start_local": m.start_local, "end_local": m.end_local, "start_fold": m.start_fold,
            "end_fold": m.end_fold, "tz": m.tz, "venue_id": m.venue_id,
            "room_id": m.room_id, "source_location": m.source_location, "status": m.status.value, "ours": ours,
            "counterparts": theirs, "counterpart_organisation": _org_label(m.counterpart_organisation),
            "objective": m.objective, "talking_points": m.talking_points,
            "interpreter_needed": m.interpreter_needed, "interpreter_language": m.interpreter_language,
            "notes": m.notes}


def slot_form(session: Session, slot_id: int) -> dict[str, Any]:
    s = get_by_id(session, Slot, slot_id)
    leads = (SlotRole.PRESENTER, SlotRole.HOST) if s.kind.lead_role is not SlotRole.TRAVELLER else ()
    presenters = [(link.person_id, person_label(link.person)) for link in s.people
                  if link.role in leads]
    attendees = [(link.person_id, person_label(link.person)) for link in s.people
                 if link.role not in leads]
    return {"version": s.version, "title": s.title, "kind": s.kind.value, "start_local": s.start_local, "end_local": s.end_local,
            "start_fold": s.start_fold, "end_fold": s.end_fold,
            "tz": s.tz, "venue_id": s.venue_id, "room_id": s.room_id,
            "organisation": _org_label(s.organisation), "presenters": presenters,
            "attendees": attendees, "description": s.description}


def lead_form(session: Session, lead_id: int) -> dict[str, Any]:
    lead = get_by_id(session, Lead, lead_id)
    return {"version": lead.version, "title": lead.title, "stage": lead.stage.value, "value": lead.value, "currency": lead.currency,
            "notes": lead.notes,
            "person": (lead.person_id, person_label(lead.person)) if lead.person else (None, ""),
            "owner": (lead.owner_id, person_label(lead.owner)) if lead.owner else (None, ""),
            "organisation": _org_label(lead.organisation),
            "member_organisation_id": lead.member_organisation_id,
            "member_organisation": _member_name(session, lead.member_organisation_id)}


def _member_name(session: Session, organisation_id: int | None) -> str:
    member = session.get(Organisation, organisation_id) if organisation_id is not None else None
    return member.name if member is not None else ""


def member_organisation_choices(session: Session, event_id: int) -> list[tuple[int, str]]:
    """The delegation's member organisations of an event, ``(id, name)`` by name: what a lead's
    "member organisation" (whose lead it is) can be."""
    rows = session.execute(
        select(Organisation.id, Organisation.name)
        .join(DelegationOrganisation, DelegationOrganisation.organisation_id == Organisation.id)
        .join(Delegation, Delegation.id == DelegationOrganisation.delegation_id)
        .where(Delegation.event_id == event_id).distinct())
    return sorted(((i, n) for i, n in rows), key=lambda r: r[1].casefold())


def follow_up_form(session: Session, action_id: int) -> dict[str, Any]:
    a = get_by_id(session, FollowUp, action_id)
    return {"version": a.version, "description": a.description, "due_date": a.due_date, "status": a.status.value, "notes": a.notes,
            "owner": (a.owner_id, person_label(a.owner)) if a.owner else (None, "")}
