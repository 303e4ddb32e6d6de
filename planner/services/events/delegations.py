"""Delegations: lead and member organisations, delegates with roles and logistics; contacts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import DelegateRole, DelegationOrgRole
from planner.domain.validation import check_date, clean_text
from planner.errors import NotFoundError, ValidationError
from planner.services.common import assign
from planner.storage.models import (
    Delegate,
    Delegation,
    DelegationOrganisation,
    Event,
    EventContact,
    Organisation,
    Person,
)

DELEGATE_FIELDS = {"role", "arrival", "arrival_flight", "departure", "departure_flight", "hotel",
                   "dietary", "access_needs", "interpreter_language", "emergency_contact", "notes"}
DELEGATION_FIELDS = {"name", "grant_funded", "funder", "shared_stand", "shared_hotel", "notes"}


def add_delegation(session: Session, event: Event, *, name: str, **extra: Any) -> Delegation:
    name = clean_text(name, max_len=300)
    if not name:
        raise ValidationError("The delegation needs a name", "name")
    unknown = set(extra) - DELEGATION_FIELDS
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    delegation = Delegation(event_id=event.id, name=name, **extra)
    session.add(delegation)
    session.flush()
    return delegation


def update_delegation(session: Session, delegation: Delegation, **values: Any) -> Delegation:
    if "name" in values:
        values["name"] = clean_text(values["name"], max_len=300)
        if not values["name"]:
            raise ValidationError("The delegation needs a name", "name")
    assign(delegation, values, DELEGATION_FIELDS)
    session.flush()
    return delegation


def event_delegation(session: Session, event: Event, *, create: bool = False) -> Delegation:
    """The event's (first) delegation; most missions have exactly one."""
    delegation = session.scalars(select(Delegation).where(Delegation.event_id == event.id)
                                 .order_by(Delegation.id)).first()
    if delegation is None:
        if not create:
            raise NotFoundError(f"The event {event.code} has no delegation yet")
        delegation = add_delegation(session, event, name=f"{event.name} delegation")
    return delegation


def add_delegation_organisation(session: Session, delegation: Delegation, org: Organisation,
                                role: DelegationOrgRole = DelegationOrgRole.MEMBER) -> DelegationOrganisation:
    link = session.scalars(select(DelegationOrganisation).where(
        DelegationOrganisation.delegation_id == delegation.id,
        DelegationOrganisation.organisation_id == org.id)).first()
    if link is None:
        link = DelegationOrganisation(delegation_id=delegation.id, organisation_id=org.id, role=role)
        session.add(link)
    elif link.role != role:
        link.role = role
    session.flush()
    return link


def _clean_delegate_values(values: dict[str, Any]) -> None:
    for key in ("arrival_flight", "departure_flight", "dietary", "access_needs", "interpreter_language",
                "emergency_contact"):
        if key in values:
            values[key] = clean_text(values[key], max_len=300)
    for key in ("hotel", "notes"):
        if key in values:
            values[key] = clean_text(values[key], multiline=True)
    if "role" in values and not isinstance(values["role"], DelegateRole):
        values["role"] = DelegateRole(values["role"])
    arrival, departure = values.get("arrival"), values.get("departure")
    check_date(arrival, "arrival")  # 1900–2200: packs and calendars never overflow on them
    check_date(departure, "departure")
    if arrival and departure and departure <= arrival:
        raise ValidationError("Departure must be after arrival", "departure")


def add_delegate(session: Session, delegation: Delegation, person: Person,
                 role: DelegateRole = DelegateRole.DELEGATE, **extra: Any) -> Delegate:
    existing = session.scalars(select(Delegate).where(
        Delegate.delegation_id == delegation.id, Delegate.person_id == person.id)).first()
    if existing is not None:
        raise ValidationError("This person is already in the delegation", "person")
    delegate = Delegate(delegation_id=delegation.id, person_id=person.id,
                        **delegate_values(role=role, **extra))
    session.add(delegate)
    session.flush()
    return delegate


def delegate_values(*, role: DelegateRole | str = DelegateRole.DELEGATE, **extra: Any) -> dict[str, Any]:
    """The columns :func:`add_delegate` stores for a delegate's role and logistics: cleaned and
    checked (raises :class:`ValidationError`)."""
    values = {"role": role, **extra}
    _clean_delegate_values(values)
    unknown = set(values) - DELEGATE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    return values


def update_delegate(session: Session, delegate: Delegate, **values: Any) -> Delegate:
    _clean_delegate_values(values)
    merged_arrival = values.get("arrival", delegate.arrival)
    merged_departure = values.get("departure", delegate.departure)
    if merged_arrival and merged_departure and merged_departure <= merged_arrival:
        raise ValidationError("Departure must be after arrival", "departure")
    assign(delegate, values, DELEGATE_FIELDS)
    session.flush()
    return delegate


def add_event_contact(session: Session, event: Event, person: Person, source: str = "") -> EventContact:
    contact = session.scalars(select(EventContact).where(
        EventContact.event_id == event.id, EventContact.person_id == person.id)).first()
    if contact is None:
        contact = EventContact(event_id=event.id, person_id=person.id, source=clean_text(source, max_len=100))
        session.add(contact)
        session.flush()
    return contact


def delegates_of_event(session: Session, event: Event) -> list[Delegate]:
    return list(session.scalars(select(Delegate).join(Delegation).where(Delegation.event_id == event.id)
                                .order_by(Delegate.id)).all())
