"""Rows for the GUI tables the core services do not list yet: delegates, leads, follow-ups, venues.
Plain frozen dataclasses out, never ORM objects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload, subqueryload

from planner.domain.names import display_name
from planner.errors import NotFoundError
from planner.services.events.clock import event_today
from planner.services.people.people import person_name
from planner.storage.models import (
    Delegate,
    Delegation,
    Event,
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
    member_organisation: str = ""  # the delegation member the lead was won for ("" = none)


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
    overdue: bool  # open and due before the mission's today (see planner.services.events.clock)
    owner_email: str = ""
    person_email: str = ""
    lead_uuid: str = ""
    member_organisation: str = ""

    def to_json(self) -> dict[str, Any]:
        """The fields of ``followups list --json`` (shared/cli.md)."""
        return {"id": self.uuid, "lead": self.lead_uuid, "lead_text": self.lead, "person": self.person_email,
                "owner": self.owner_email, "owner_name": self.owner, "action": self.description,
                "due": self.due_date.isoformat() if self.due_date else None, "status": self.status,
                "overdue": self.overdue, "member_organisation": self.member_organisation}


@dataclass(frozen=True)
class VenueRow:
    id: int
    name: str
    tz: str
    rooms: tuple[tuple[int, str], ...]


def list_delegates(session: Session, event_id: int) -> list[DelegateRow]:
    stmt = (select(Delegate).join(Delegation).where(Delegation.event_id == event_id)
            .options(joinedload(Delegate.person).joinedload(Person.organisation)).order_by(Delegate.id))
    rows = []
    for d in session.scalars(stmt):
        p = d.person
        rows.append(DelegateRow(d.id, d.uuid, p.id, person_name(p), p.native_name,
                                p.organisation.name if p.organisation else "", p.email, d.role.value,
                                d.arrival, d.departure, d.hotel, d.dietary, d.interpreter_language))
    return rows


def list_leads(session: Session, event_id: int) -> list[LeadRow]:
    stmt = (select(Lead).where(Lead.event_id == event_id)
            .options(joinedload(Lead.person), joinedload(Lead.owner), joinedload(Lead.organisation),
                     subqueryload(Lead.actions)).order_by(Lead.id))
    members: dict[int, str] = {lead_id: name for lead_id, name in session.execute(  # one query, no N+1
        select(Lead.id, Organisation.name).join(Organisation, Organisation.id == Lead.member_organisation_id)
        .where(Lead.event_id == event_id))}
    rows = []
    for lead in session.scalars(stmt):
        open_actions = sorted((a for a in lead.actions if not a.status.is_closed),
                              key=lambda a: (a.due_date is None, a.due_date or date.max))
        nxt = open_actions[0] if open_actions else None
        rows.append(LeadRow(lead.id, lead.uuid, lead.title, person_name(lead.person) if lead.person else "",
                            lead.organisation.name if lead.organisation else "", lead.stage.value,
                            person_name(lead.owner) if lead.owner else "", lead.value, lead.currency,
                            nxt.description if nxt else "", nxt.due_date if nxt else None, len(open_actions),
                            members.get(lead.id, "")))
    return rows


def list_follow_ups(session: Session, event_id: int, *, today: date | None = None) -> list[FollowUpRow]:
    """The event's follow-up actions, soonest due first (undated last). ``overdue`` is as of
    ``today``, by default the mission's today (the date in the event's home zone)."""
    if today is None:
        event = session.get(Event, event_id)
        if event is None:
            raise NotFoundError(f"There is no event with id {event_id}")
        today = event_today(event)
    subject, owner = aliased(Person), aliased(Person)
    org, member = aliased(Organisation), aliased(Organisation)
    stmt = (select(FollowUp.id, FollowUp.uuid, FollowUp.lead_id, FollowUp.description, FollowUp.due_date,
                   FollowUp.status, Lead.title, Lead.uuid.label("lead_uuid"), org.name.label("org_name"),
                   member.name.label("member_name"), subject.email.label("p_email"),
                   subject.id.label("p_id"), subject.given_name, subject.family_name, subject.name_order,
                   subject.native_name, owner.id.label("o_id"), owner.given_name.label("o_given"),
                   owner.family_name.label("o_family"), owner.name_order.label("o_order"),
                   owner.native_name.label("o_native"), owner.email.label("o_email"))
            .join(Lead, Lead.id == FollowUp.lead_id)
            .outerjoin(subject, subject.id == Lead.person_id)
            .outerjoin(owner, owner.id == FollowUp.owner_id)
            .outerjoin(org, org.id == Lead.organisation_id)
            .outerjoin(member, member.id == Lead.member_organisation_id)
            .where(Lead.event_id == event_id)
            .order_by(FollowUp.due_date.is_(None), FollowUp.due_date, FollowUp.id))
    rows = []
    for r in session.execute(stmt):
        person = _name(r.given_name, r.family_name, r.name_order, r.native_name) if r.p_id is not None else ""
        lead_text = r.title or " · ".join(x for x in (person, r.org_name or "") if x)
        overdue = bool(r.due_date and r.due_date < today and not r.status.is_closed)
        rows.append(FollowUpRow(r.id, r.uuid, r.lead_id, lead_text, r.description,
                                _name(r.o_given, r.o_family, r.o_order, r.o_native) if r.o_id is not None else "",
                                r.due_date, r.status.value, overdue, r.o_email or "", r.p_email or "",
                                r.lead_uuid, r.member_name or ""))
    return rows


def _name(given: str | None, family: str | None, order: Any, native: str | None) -> str:
    """As :func:`planner.services.people.people.person_name`, from columns."""
    return display_name(given or "", family or "", order) or (native or "")


def list_venues(session: Session, event_id: int) -> list[VenueRow]:
    venues = session.scalars(select(Venue).where(Venue.event_id == event_id)
                             .options(selectinload(Venue.rooms)).order_by(Venue.name)).all()
    return [VenueRow(v.id, v.name, v.tz, tuple((r.id, r.name) for r in v.rooms)) for v in venues]


def room_names(session: Session, event_id: int) -> dict[int, str]:
    stmt = select(Room.id, Venue.name, Room.name).join(Venue).where(Venue.event_id == event_id)
    return {rid: f"{vname} · {rname}" for rid, vname, rname in session.execute(stmt)}
