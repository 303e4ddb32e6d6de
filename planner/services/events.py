"""Events, venues, rooms and travel times."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import timezones
from planner.domain.enums import EventKind, RoomKind
from planner.domain.rows import EventRow
from planner.domain.validation import clean_text, is_event_code, normalise_country
from planner.errors import NotFoundError, Problems, ValidationError
from planner.services.common import assign
from planner.storage.models import Event, Room, Venue, VenueTravel

EVENT_FIELDS = {"code", "name", "kind", "start_date", "end_date", "tz", "home_tz", "city", "country",
                "description", "emergency_info", "retention_days"}


def _validate_event(values: dict[str, Any], problems: Problems) -> None:
    if "code" in values:
        code = values["code"] = clean_text(values["code"]).lower()
        if not is_event_code(code):
            problems.add("code", "The code must be 2–63 lower-case letters, digits or hyphens, "
                                 "e.g. biojapan-2026")
    if "name" in values:
        values["name"] = clean_text(values["name"], max_len=300)
        if not values["name"]:
            problems.add("name", "The event needs a name")
    for key in ("tz", "home_tz"):
        if key in values and not timezones.is_valid_zone(values[key]):
            problems.add(key, f"{values[key]!r} is not an IANA time zone (e.g. Asia/Tokyo)")
    if "country" in values:
        try:
            values["country"] = normalise_country(values["country"])
        except ValidationError as exc:
            problems.items.extend(exc.problems)
    if "kind" in values and not isinstance(values["kind"], EventKind):
        values["kind"] = EventKind(values["kind"])
    for key in ("city",):
        if key in values:
            values[key] = clean_text(values[key], max_len=200)
    for key in ("description", "emergency_info"):
        if key in values:
            values[key] = clean_text(values[key], multiline=True)
    if values.get("retention_days") is not None and int(values["retention_days"]) < 0:
        problems.add("retention_days", "The retention period cannot be negative")


def _check_dates(start: date, end: date, problems: Problems) -> None:
    if end < start:
        problems.add("end_date", f"The event ends ({end}) before it starts ({start})")
    elif (end - start).days > 366:
        problems.add("end_date", "An event longer than a year is probably a typo")


def add_event(session: Session, *, code: str, name: str, start_date: date, end_date: date, tz: str,
              **extra: Any) -> Event:
    values: dict[str, Any] = {"code": code, "name": name, "start_date": start_date,
                              "end_date": end_date, "tz": tz, **extra}
    problems = Problems()
    _validate_event(values, problems)
    _check_dates(start_date, end_date, problems)
    if not problems.items and session.scalar(select(Event.id).where(Event.code == values["code"])):
        problems.add("code", f"An event with the code {values['code']} already exists")
    problems.raise_if_any()
    unknown = set(values) - EVENT_FIELDS
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    event = Event(**values)
    session.add(event)
    session.flush()
    return event


def update_event(session: Session, event: Event, **values: Any) -> Event:
    problems = Problems()
    _validate_event(values, problems)
    _check_dates(values.get("start_date", event.start_date), values.get("end_date", event.end_date), problems)
    if "code" in values and values["code"] != event.code and session.scalar(
            select(Event.id).where(Event.code == values["code"])):
        problems.add("code", f"An event with the code {values['code']} already exists")
    problems.raise_if_any()
    assign(event, values, EVENT_FIELDS)
    session.flush()
    return event


def get_event(session: Session, code_or_uuid: str) -> Event:
    key = code_or_uuid.strip()
    event = session.scalars(select(Event).where((Event.code == key.lower()) | (Event.uuid == key))).first()
    if event is None:
        known = session.scalars(select(Event.code).order_by(Event.start_date).limit(10)).all()
        hint = f"; known events: {', '.join(known)}" if known else "; there are no events yet"
        raise NotFoundError(f"No event with the code {code_or_uuid!r}{hint}")
    return event


def event_row(e: Event) -> EventRow:
    return EventRow(e.id, e.uuid, e.code, e.name, e.kind.value, e.start_date, e.end_date, e.tz,
                    e.home_tz, e.city, e.country)


def list_events(session: Session) -> list[EventRow]:
    events = session.scalars(select(Event).order_by(Event.start_date.desc(), Event.code)).all()
    return [event_row(e) for e in events]


def add_venue(session: Session, event: Event, *, name: str, tz: str | None = None, address: str = "",
              city: str = "", opens: time | None = None, closes: time | None = None,
              phone: str = "") -> Venue:
    problems = Problems()
    name = clean_text(name, max_len=300)
    if not name:
        problems.add("name", "The venue needs a name")
    tz = tz or event.tz
    if not timezones.is_valid_zone(tz):
        problems.add("tz", f"{tz!r} is not an IANA time zone")
    if opens and closes and closes <= opens:
        problems.add("closes", "The venue must close after it opens")
    problems.raise_if_any()
    venue = Venue(event_id=event.id, name=name, tz=tz, address=clean_text(address, multiline=True),
                  city=clean_text(city), opens=opens, closes=closes, phone=clean_text(phone))
    session.add(venue)
    session.flush()
    return venue


def add_room(session: Session, venue: Venue, *, name: str, kind: RoomKind = RoomKind.ROOM,
             capacity: int | None = None) -> Room:
    name = clean_text(name, max_len=200)
    if not name:
        raise ValidationError("The room needs a name", "name")
    room = Room(venue_id=venue.id, name=name, kind=kind, capacity=capacity)
    session.add(room)
    session.flush()
    return room


def set_travel_minutes(session: Session, a: Venue, b: Venue, minutes: int, *, both_ways: bool = True) -> None:
    if minutes < 0 or minutes > 24 * 60:
        raise ValidationError("Travel time must be between 0 and 1440 minutes", "minutes")
    pairs = [(a, b), (b, a)] if both_ways else [(a, b)]
    for src, dst in pairs:
        row = session.scalars(select(VenueTravel).where(
            VenueTravel.from_venue_id == src.id, VenueTravel.to_venue_id == dst.id)).first()
        if row is None:
            session.add(VenueTravel(from_venue_id=src.id, to_venue_id=dst.id, minutes=minutes))
        elif row.minutes != minutes:
            row.minutes = minutes
    session.flush()


def travel_table(session: Session, event: Event) -> dict[tuple[int, int], int]:
    venue_ids = select(Venue.id).where(Venue.event_id == event.id)
    rows = session.execute(select(VenueTravel.from_venue_id, VenueTravel.to_venue_id, VenueTravel.minutes)
                           .where(VenueTravel.from_venue_id.in_(venue_ids))).all()
    return {(a, b): m for a, b, m in rows}


def find_venue(session: Session, event: Event, name: str) -> Venue | None:
    key = clean_text(name).casefold()
    for venue in session.scalars(select(Venue).where(Venue.event_id == event.id)):
        if venue.name.casefold() == key:
            return venue
    return None
