"""Showcase slots and side events (symposia, receptions, site visits, briefings, travel legs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, subqueryload

from planner.domain import timezones
from planner.domain.enums import SlotKind, SlotRole
from planner.domain.rows import SlotRow
from planner.domain.validation import clean_text
from planner.errors import Problems, ValidationError
from planner.services.common import Span, assign, resolve_span
from planner.services.events.places import keep_place_consistent
from planner.storage.models import Event, Organisation, Person, Room, Slot, SlotPerson, Venue

SLOT_FIELDS = {"kind", "title", "venue_id", "room_id", "destination_venue_id", "organisation_id",
               "description", "external_ref"}
TIME_FIELDS = {"start_local", "end_local", "start_fold", "end_fold", "tz"}


def _clean(values: dict[str, Any], problems: Problems) -> None:
    if "title" in values:
        values["title"] = clean_text(values["title"], max_len=300)
        if not values["title"]:
            problems.add("title", "The slot needs a title")
    if "description" in values:
        values["description"] = clean_text(values["description"], multiline=True)
    if "kind" in values and not isinstance(values["kind"], SlotKind):
        values["kind"] = SlotKind(values["kind"])


def add_slot(session: Session, event: Event, *, title: str, kind: SlotKind, start_local: datetime,
             end_local: datetime, venue: Venue | None = None, room: Room | None = None,
             organisation: Organisation | None = None, presenters: list[Person] | None = None,
             attendees: list[Person] | None = None, destination: Venue | None = None,
             start_fold: int | None = 0, end_fold: int | None = 0, **extra: Any) -> Slot:
    values, span, venue = check_slot(event, title=title, kind=kind, start_local=start_local,
                                     end_local=end_local, venue=venue, room=room,
                                     start_fold=start_fold, end_fold=end_fold, extra=extra)
    slot = Slot(event_id=event.id, venue_id=venue.id if venue else None, room_id=room.id if room else None,
                organisation_id=organisation.id if organisation else None,
                destination_venue_id=destination.id if destination else None,
                start_local=span.start_local, end_local=span.end_local, start_fold=span.start_fold,
                end_fold=span.end_fold, tz=span.tz, start_utc=span.start_utc, end_utc=span.end_utc, **values)
    kind_value = SlotKind(values["kind"])
    for person in presenters or []:
        slot.people.append(SlotPerson(person_id=person.id, role=kind_value.lead_role))
    seen = {p.id for p in presenters or []}
    for person in attendees or []:
        if person.id not in seen:
            seen.add(person.id)
            slot.people.append(SlotPerson(person_id=person.id, role=kind_value.attendee_role))
    session.add(slot)
    session.flush()
    return slot


def check_slot(event: Event, *, title: str, kind: SlotKind | str, start_local: datetime,
               end_local: datetime, venue: Venue | None, room: Room | None, start_fold: int | None,
               end_fold: int | None,
               extra: dict[str, Any]) -> tuple[dict[str, Any], Span, Venue | None]:
    """What :func:`add_slot` checks, for one slot or many: title and kind, the place (a room
    decides the venue), the times in the venue's zone. Returns the cleaned fields, the span and
    the venue; raises :class:`ValidationError` naming every bad field."""
    problems = Problems()
    values: dict[str, Any] = {"title": title, "kind": kind, **extra}
    _clean(values, problems)
    if room is not None and venue is None:
        venue = room.venue  # the room decides the venue (and so the zone)
    if venue is not None and venue.event_id != event.id:
        problems.add("venue_id", "That venue belongs to another event")
    tz = venue.tz if venue is not None else event.tz
    try:
        span = resolve_span(start_local, end_local, tz, start_fold, end_fold)
    except ValidationError as exc:
        if not problems.items:
            raise  # keeps NonexistentTimeError / AmbiguousTimeError (they carry the fix)
        problems.items.extend(exc.problems)
    if room is not None and venue is not None and room.venue_id != venue.id:
        problems.add("room", f"{room.name} is not in {venue.name}")
    problems.raise_if_any()
    unknown = set(values) - SLOT_FIELDS
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    return values, span, venue


def update_slot(session: Session, slot: Slot, **values: Any) -> Slot:
    problems = Problems()
    time_values = {k: values.pop(k) for k in list(values) if k in TIME_FIELDS}
    _clean(values, problems)
    problems.raise_if_any()
    keep_place_consistent(session, slot.event_id, slot.room_id, slot.venue_id, values)
    if time_values or "venue_id" in values:
        venue_id = values.get("venue_id", slot.venue_id)
        venue = session.get(Venue, venue_id) if venue_id else None
        event = session.get(Event, slot.event_id)
        assert event is not None
        if "venue_id" in values:
            tz = time_values.get("tz") or (venue.tz if venue else event.tz)
        else:
            tz = time_values.get("tz") or slot.tz
        span = resolve_span(time_values.get("start_local", slot.start_local),
                            time_values.get("end_local", slot.end_local), tz,
                            time_values.get("start_fold", slot.start_fold),
                            time_values.get("end_fold", slot.end_fold))
        if (span.start_utc, span.end_utc) != (slot.start_utc, slot.end_utc):
            slot.sequence += 1
        span.apply_to(slot)
    assign(slot, values, SLOT_FIELDS)
    session.flush()
    return slot


LEAD_ROLES = (SlotRole.PRESENTER, SlotRole.HOST)


def set_slot_roles(session: Session, slot: Slot, leads: list[Person], others: list[Person]) -> None:
    """Everyone on a slot, with the roles its kind gives: ``leads`` present (a pitch) or host
    (a reception), ``others`` attend or, on a travel leg, travel. Anyone else is taken off."""
    wanted: dict[int, SlotRole] = {}
    for person in others:
        wanted[person.id] = slot.kind.attendee_role
    for person in leads:
        wanted[person.id] = slot.kind.lead_role
    for link in list(slot.people):
        role = wanted.pop(link.person_id, None)
        if role is None:
            slot.people.remove(link)
        elif link.role is not role:
            link.role = role
    for pid, role in wanted.items():
        slot.people.append(SlotPerson(person_id=pid, role=role))
    session.flush()


def set_slot_people(session: Session, slot: Slot, role: SlotRole, people: list[Person]) -> None:
    wanted = {p.id for p in people}
    for link in list(slot.people):
        if link.role is role and link.person_id not in wanted:
            slot.people.remove(link)
    present = {link.person_id for link in slot.people}
    for person in people:
        if person.id not in present:
            slot.people.append(SlotPerson(person_id=person.id, role=role))
    session.flush()


def slot_row(s: Slot, venue_names: dict[int, str], room_names: dict[int, str]) -> SlotRow:
    return SlotRow(s.id, s.uuid, s.kind.value, s.title, s.start_utc, s.end_utc,
                   timezones.iso_local(s.start_utc, s.tz), timezones.iso_local(s.end_utc, s.tz), s.tz,
                   venue_names.get(s.venue_id or 0, ""), room_names.get(s.room_id or 0, ""),
                   s.organisation.name if s.organisation else "",
                   tuple(p.person.email for p in s.people if p.role is SlotRole.PRESENTER))


def list_slots(session: Session, event: Event) -> list[SlotRow]:
    venues = {v.id: v.name for v in session.scalars(select(Venue).where(Venue.event_id == event.id))}
    rooms = {r.id: r.name for r in session.scalars(select(Room).where(Room.venue_id.in_(list(venues))))}
    slots = session.scalars(select(Slot).where(Slot.event_id == event.id)
                            .options(subqueryload(Slot.people).joinedload(SlotPerson.person),
                                     joinedload(Slot.organisation))
                            .order_by(Slot.start_utc, Slot.id)).all()
    return [slot_row(s, venues, rooms) for s in slots]
