"""Partnering meetings: add, edit, status changes, attendees, listing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, subqueryload

from planner.domain import timezones
from planner.domain.enums import AttendeeSide, MeetingStatus
from planner.domain.rows import MeetingRow
from planner.domain.validation import clean_text
from planner.errors import Problems, ValidationError
from planner.services.common import Span, assign, resolve_span
from planner.services.events.places import keep_place_consistent
from planner.services.people.people import person_name
from planner.storage.models import (
    Event,
    Meeting,
    MeetingAttendee,
    Organisation,
    Person,
    Room,
    Venue,
)

MEETING_FIELDS = {"status", "venue_id", "room_id", "source_location", "counterpart_organisation_id", "objective",
                  "talking_points", "interpreter_needed", "interpreter_language", "notes", "external_ref"}
TIME_FIELDS = {"start_local", "end_local", "start_fold", "end_fold", "tz"}


def _clean(values: dict[str, Any]) -> None:
    for key in ("source_location", "interpreter_language", "external_ref"):
        if key in values:
            values[key] = clean_text(values[key], max_len=200)
    for key in ("objective", "talking_points", "notes"):
        if key in values:
            values[key] = clean_text(values[key], multiline=True)
    if "status" in values and not isinstance(values["status"], MeetingStatus):
        values["status"] = MeetingStatus(values["status"])
    if "interpreter_needed" in values:
        values["interpreter_needed"] = bool(values["interpreter_needed"])


def _zone_for(session: Session, event: Event, venue_id: int | None) -> str:
    if venue_id is not None:
        venue = session.get(Venue, venue_id)
        if venue is not None:
            return venue.tz
    return event.tz


def add_meeting(session: Session, event: Event, *, start_local: datetime, end_local: datetime,
                ours: list[Person], counterparts: list[Person] | None = None,
                counterpart_organisation: Organisation | None = None, venue: Venue | None = None,
                room: Room | None = None, start_fold: int | None = 0, end_fold: int | None = 0,
                **extra: Any) -> Meeting:
    """Add a meeting; times are wall times in the venue's zone (the event's when no venue)."""
    counterparts = counterparts or []
    span, venue = check_meeting(event, start_local=start_local, end_local=end_local,
                                our_ids=[p.id for p in ours], counterpart_ids=[p.id for p in counterparts],
                                venue=venue, room=room, start_fold=start_fold, end_fold=end_fold,
                                extra=extra)
    meeting = Meeting(event_id=event.id, venue_id=venue.id if venue else None, room_id=room.id if room else None,
                      counterpart_organisation_id=counterpart_organisation.id if counterpart_organisation else None,
                      start_local=span.start_local, end_local=span.end_local, start_fold=span.start_fold,
                      end_fold=span.end_fold, tz=span.tz, start_utc=span.start_utc, end_utc=span.end_utc,
                      **extra)
    for person in ours:
        meeting.attendees.append(MeetingAttendee(person_id=person.id, side=AttendeeSide.OURS))
    for person in counterparts:
        meeting.attendees.append(MeetingAttendee(person_id=person.id, side=AttendeeSide.COUNTERPART))
    session.add(meeting)
    session.flush()
    return meeting


def check_meeting(event: Event, *, start_local: datetime, end_local: datetime, our_ids: list[int],
                  counterpart_ids: list[int], venue: Venue | None, room: Room | None,
                  start_fold: int | None, end_fold: int | None,
                  extra: dict[str, Any]) -> tuple[Span, Venue | None]:
    """What :func:`add_meeting` checks, for one meeting or many: the attendees, the place (a room
    decides the venue), the times in the venue's zone; ``extra`` is cleaned in place. Returns the
    span and the venue; raises :class:`ValidationError` naming every bad field."""
    problems = Problems()
    if not our_ids:
        problems.add("our_attendees", "A meeting needs at least one attendee from our side")
    if set(our_ids) & set(counterpart_ids):
        problems.add("counterparts", "The same person cannot be on both sides of a meeting")
    if room is not None:
        if room.venue.event_id != event.id:
            problems.add("room_id", "That room or table is not in this event's venues")
        elif venue is None:
            venue = room.venue
        elif room.venue_id != venue.id:
            problems.add("room_id", f"“{room.name}” is in {room.venue.name}, not {venue.name}")
    if venue is not None and venue.event_id != event.id:
        problems.add("venue_id", "That venue belongs to another event")
    tz = venue.tz if venue is not None else event.tz
    try:
        span = resolve_span(start_local, end_local, tz, start_fold, end_fold)
    except ValidationError as exc:
        if not problems.items:
            raise  # keeps NonexistentTimeError / AmbiguousTimeError (they carry the fix)
        problems.items.extend(exc.problems)
    problems.raise_if_any()
    _clean(extra)
    unknown = set(extra) - MEETING_FIELDS
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    return span, venue


def update_meeting(session: Session, meeting: Meeting, **values: Any) -> Meeting:
    """Change fields and/or times; time changes bump the calendar SEQUENCE."""
    time_values = {k: values.pop(k) for k in list(values) if k in TIME_FIELDS}
    _clean(values)
    keep_place_consistent(session, meeting.event_id, meeting.room_id, meeting.venue_id, values)
    if time_values or "venue_id" in values:
        event = session.get(Event, meeting.event_id)
        assert event is not None
        # A new venue brings its zone; otherwise the meeting keeps the zone its times were typed
        # in (a meeting whose venue was deleted stays at the same instant, not the event's zone).
        tz = time_values.get("tz") or (_zone_for(session, event, values["venue_id"])
                                       if "venue_id" in values else meeting.tz)
        span: Span = resolve_span(time_values.get("start_local", meeting.start_local),
                                  time_values.get("end_local", meeting.end_local), tz,
                                  time_values.get("start_fold", meeting.start_fold),
                                  time_values.get("end_fold", meeting.end_fold))
        if (span.start_utc, span.end_utc) != (meeting.start_utc, meeting.end_utc):
            meeting.sequence += 1
        span.apply_to(meeting)
    if "status" in values and values["status"] != meeting.status:
        meeting.sequence += 1
    moved = any(k in values for k in ("venue_id", "room_id"))
    assign(meeting, values, MEETING_FIELDS)
    session.flush()
    if moved:
        session.expire(meeting, ["venue", "room"])
    return meeting


def set_attendees(session: Session, meeting: Meeting, side: AttendeeSide, people: list[Person]) -> None:
    if side is AttendeeSide.OURS and not people:
        raise ValidationError("A meeting needs at least one attendee from our side", "our_attendees")
    wanted = {p.id for p in people}
    for link in list(meeting.attendees):
        if link.side is side and link.person_id not in wanted:
            meeting.attendees.remove(link)
    present = {a.person_id for a in meeting.attendees if a.side is side}
    other = {a.person_id for a in meeting.attendees if a.side is not side}
    if wanted & other:
        raise ValidationError("The same person cannot be on both sides of a meeting", side.value)
    for person in people:
        if person.id not in present:
            meeting.attendees.append(MeetingAttendee(person_id=person.id, side=side))
    session.flush()


def set_meeting_status(session: Session, meeting: Meeting, status: MeetingStatus) -> Meeting:
    return update_meeting(session, meeting, status=status)


def meeting_location(m: Meeting) -> str:
    """Where the meeting is, as people say it: "Table 7 · Pacifico Yokohama"."""
    return place_text(m.room.name if m.room else "", m.venue.name if m.venue else "")


def place_text(room: str, venue: str) -> str:
    return " · ".join(x for x in (room, venue) if x)


def meeting_row(m: Meeting, verdict: str = "") -> MeetingRow:
    ours = [a.person for a in m.attendees if a.side is AttendeeSide.OURS]
    theirs = [a.person for a in m.attendees if a.side is AttendeeSide.COUNTERPART]
    return MeetingRow(
        m.id, m.uuid, m.start_utc, m.end_utc, timezones.iso_local(m.start_utc, m.tz),
        timezones.iso_local(m.end_utc, m.tz), m.tz, meeting_location(m), m.status.value,
        tuple(p.email or p.uuid for p in ours), tuple(p.email or p.uuid for p in theirs),
        tuple(person_name(p) for p in ours), tuple(person_name(p) for p in theirs),
        m.counterpart_organisation.name if m.counterpart_organisation else "", m.objective,
        m.interpreter_needed, verdict, venue=m.venue.name if m.venue else "",
        room=m.room.name if m.room else "")


def list_meetings(session: Session, event: Event) -> list[MeetingRow]:
    meetings = session.scalars(
        select(Meeting).where(Meeting.event_id == event.id)
        .options(subqueryload(Meeting.attendees).joinedload(MeetingAttendee.person),
                 joinedload(Meeting.counterpart_organisation), joinedload(Meeting.venue),
                 joinedload(Meeting.room))
        .order_by(Meeting.start_utc, Meeting.id)).all()
    return [meeting_row(m) for m in meetings]
