"""Rows for the GUI tables the core services do not list yet: delegates, leads, follow-ups, venues.
Plain frozen dataclasses out, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, selectinload

from planner.domain import timezones
from planner.services.people import person_name
from planner.storage.models import (
    Delegate,
    Delegation,
    FollowUp,
    Lead,
    Organisation,
    Person,
    Room,
    Venue,
)


@dataclass(frozen=True)
class DelegateRow:
    id: int
    uuid: str
    person_id: int
    name: str
    native_name: str
    organisation: str
    email: str
    role: str
    arrival: datetime | None
    departure: datetime | None
    hotel: str
    dietary: str
    interpreter_language: str


@dataclass(frozen=True)
class LeadRow:
    id: int
    uuid: str
    title: str
    person: str
    organisation: str
    stage: str
    owner: str
    value: int | None
    currency: str
    next_action: str
    next_due: date | None
    open_actions: int


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    uuid: str
    lead_id: int
    lead: str
    description: str
    owner: str
    due_date: date | None
    status: str
    overdue: bool


@dataclass(frozen=True)
class VenueRow:
    id: int
    name: str
    tz: str
    rooms: tuple[tuple[int, str], ...]


def list_delegates(session: Session, event_id: int) -> list[DelegateRow]:
    stmt = (select(Delegate).join(Delegation).where(Delegation.event_id == event_id)
            .options(selectinload(Delegate.person).selectinload(Person.organisation)).order_by(Delegate.id))
    rows = []
    for d in session.scalars(stmt):
        p = d.person
        rows.append(DelegateRow(d.id, d.uuid, p.id, person_name(p), p.native_name,
                                p.organisation.name if p.organisation else "", p.email, d.role.value,
                                d.arrival, d.departure, d.hotel, d.dietary, d.interpreter_language))
    return rows


def list_leads(session: Session, event_id: int) -> list[LeadRow]:
    stmt = (select(Lead).where(Lead.event_id == event_id)
            .options(selectinload(Lead.person), selectinload(Lead.owner), selectinload(Lead.organisation),
                     selectinload(Lead.actions)).order_by(Lead.id))
    rows = []
    for lead in session.scalars(stmt):
        open_actions = sorted((a for a in lead.actions if not a.status.is_closed),
                              key=lambda a: (a.due_date is None, a.due_date or date.max))
        nxt = open_actions[0] if open_actions else None
        rows.append(LeadRow(lead.id, lead.uuid, lead.title, person_name(lead.person) if lead.person else "",
                            lead.organisation.name if lead.organisation else "", lead.stage.value,
                            person_name(lead.owner) if lead.owner else "", lead.value, lead.currency,
                            nxt.description if nxt else "", nxt.due_date if nxt else None, len(open_actions)))
    return rows


def list_follow_ups(session: Session, event_id: int, *, today: date | None = None) -> list[FollowUpRow]:
    today = today or timezones.utc_now().date()
    subject = aliased(Person)
    stmt = (select(FollowUp, Lead.title, subject, Organisation.name)
            .join(Lead, Lead.id == FollowUp.lead_id)
            .outerjoin(subject, subject.id == Lead.person_id)
            .outerjoin(Organisation, Organisation.id == Lead.organisation_id)
            .where(Lead.event_id == event_id)
            .options(selectinload(FollowUp.owner))
            .order_by(FollowUp.due_date, FollowUp.id))
    rows = []
    for action, title, person, org in session.execute(stmt):
        lead_text = title or " · ".join(x for x in (person_name(person) if person else "", org or "") if x)
        overdue = bool(action.due_date and action.due_date < today and not action.status.is_closed)
        rows.append(FollowUpRow(action.id, action.uuid, action.lead_id, lead_text, action.description,
                                person_name(action.owner) if action.owner else "", action.due_date,
                                action.status.value, overdue))
    return rows


def list_venues(session: Session, event_id: int) -> list[VenueRow]:
    venues = session.scalars(select(Venue).where(Venue.event_id == event_id)
                             .options(selectinload(Venue.rooms)).order_by(Venue.name)).all()
    return [VenueRow(v.id, v.name, v.tz, tuple((r.id, r.name) for r in v.rooms)) for v in venues]


def room_names(session: Session, event_id: int) -> dict[int, str]:
    stmt = select(Room.id, Venue.name, Room.name).join(Venue).where(Venue.event_id == event_id)
    return {rid: f"{vname} · {rname}" for rid, vname, rname in session.execute(stmt)}
