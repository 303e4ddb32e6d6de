"""Events, venues, rooms and travel times."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import timezones
from planner.domain.enums import EventKind
from planner.domain.rows import EventRow
from planner.domain.validation import clean_text, date_problem, is_event_code, normalise_country
from planner.errors import NotFoundError, Problems, ValidationError
from planner.services.common import assign
from planner.storage.models import Event

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
        if key in values:
            if isinstance(values[key], str):
                values[key] = clean_text(values[key])
            try:
                timezones.zone(values[key])  # only real IANA zones, spelled exactly
            except ValidationError as exc:  # its message says what to write instead
                problems.add(key, str(exc))
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
    bad = False
    for key, day in (("start_date", start), ("end_date", end)):
        problem = date_problem(day)
        if problem:
            problems.add(key, problem)
            bad = True
    if bad:
        return
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
    key = (code_or_uuid or "").strip()
    if not key:
        raise ValidationError("Name an event by its code (e.g. biojapan-2026) or id: an empty "
                              "value names no event", "event")
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


# Venues, rooms and travel live in planner.services.events.places; these names stay importable here.
from planner.services.events.places import (  # noqa: E402
    add_room,
    add_venue,
    find_venue,
    set_travel_minutes,
    travel_table,
)

__all__ = ["add_event", "add_room", "add_venue", "event_row", "find_venue", "get_event",
           "list_events", "set_travel_minutes", "travel_table", "update_event"]
