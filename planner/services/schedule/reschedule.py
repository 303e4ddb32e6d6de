"""Rescheduling: move an item, swap two meetings, find the next free time for a set of people.

Every change goes through the ORM (``update_meeting``/``update_slot``), so it is captured by
``record_changes`` and can be undone; the calendar SEQUENCE goes up whenever a time changes.
Conflicts a move creates are warnings (see ``planner check``); only inconsistent data is refused:
a time that does not exist, an ambiguous time without a chosen occurrence, a room in another venue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import timezones
from planner.domain.conflicts import free_start
from planner.errors import NotFoundError, ValidationError
from planner.services.schedule.meetings import update_meeting
from planner.services.schedule.slots import update_slot
from planner.services.schedule.timeline import load_timeline
from planner.storage.models import Event, Meeting, Person, Room, Slot, Venue


@dataclass(frozen=True)
class FreeSlot:
    start_utc: datetime
    end_utc: datetime
    start_local: datetime
    end_local: datetime
    tz: str
    text: str  # event-local, and home time when it differs


def find_item(session: Session, uuid: str) -> Meeting | Slot:
    meeting = session.scalars(select(Meeting).where(Meeting.uuid == uuid.strip())).first()
    if meeting is not None:
        return meeting
    slot = session.scalars(select(Slot).where(Slot.uuid == uuid.strip())).first()
    if slot is not None:
        return slot
    raise NotFoundError(f"No meeting or slot with id {uuid}")


def _place(session: Session, item: Meeting | Slot, venue: Venue | None, room: Room | None) -> tuple[int | None, int | None, str]:
    """The venue, room and zone after a move (keeping the current ones when not given)."""
    venue_id = venue.id if venue is not None else item.venue_id
    if room is not None:
        if venue is None and room.venue_id != venue_id:
            venue_id = room.venue_id
        elif room.venue_id != venue_id:
            raise ValidationError(f"{room.name} is not in {venue.name if venue else 'that venue'}", "room")
    room_id = room.id if room is not None else (item.room_id if venue_id == item.venue_id else None)
    target = session.get(Venue, venue_id) if venue_id is not None else None
    event = session.get(Event, item.event_id)
    assert event is not None
    if target is not None and target.event_id != event.id:
        raise ValidationError(f"{target.name} belongs to another event", "venue")
    return venue_id, room_id, target.tz if target is not None else event.tz


def move_item(session: Session, uuid: str, start_local: datetime, *, start_fold: int | None = None,
              venue: Venue | None = None, room: Room | None = None) -> Meeting | Slot:
    """Move a meeting or slot to a new start (wall time at its venue), keeping its real duration.

    A start in a spring-forward gap is refused with the next valid time; an ambiguous start
    needs ``start_fold`` (0 = first occurrence, 1 = second).
    """
    item = find_item(session, uuid)
    venue_id, room_id, tz = _place(session, item, venue, room)
    start_utc = timezones.to_utc(start_local, tz, start_fold, field_name="start")
    end_local, end_fold = timezones.wall_from_utc(start_utc + (item.end_utc - item.start_utc), tz)
    values = {"start_local": start_local, "start_fold": start_fold or 0, "end_local": end_local,
              "end_fold": end_fold, "tz": tz, "venue_id": venue_id, "room_id": room_id}
    if isinstance(item, Meeting):
        return update_meeting(session, item, **values)
    return update_slot(session, item, **values)


def swap_meetings(session: Session, first_uuid: str, second_uuid: str) -> tuple[Meeting, Meeting]:
    """Give each meeting the other's time, venue and table."""
    a, b = find_item(session, first_uuid), find_item(session, second_uuid)
    if not isinstance(a, Meeting) or not isinstance(b, Meeting):
        raise ValidationError("Only two meetings can be swapped", "meetings")
    if a.id == b.id:
        raise ValidationError("Choose two different meetings to swap", "meetings")
    if a.event_id != b.event_id:
        raise ValidationError("The meetings belong to different events", "meetings")

    def place(m: Meeting) -> dict[str, object]:
        return {"start_local": m.start_local, "end_local": m.end_local, "start_fold": m.start_fold,
                "end_fold": m.end_fold, "tz": m.tz, "venue_id": m.venue_id, "room_id": m.room_id}

    pa, pb = place(a), place(b)
    update_meeting(session, a, **pb)
    update_meeting(session, b, **pa)
    return a, b


def find_next_free_slot(session: Session, event: Event, people: list[Person], venue: Venue, *,
                        minutes: int, not_before: datetime, not_before_fold: int | None = 0,
                        room: Room | None = None, exclude: list[str] | None = None,
                        step_minutes: int = 5) -> FreeSlot | None:
    """The first time from ``not_before`` (wall time at the venue) when all ``people`` (and the
    room, if given) are free for ``minutes`` at ``venue``, leaving the travel time from their
    previous item and to their next one, within the venue's hours and the event's dates.
    ``exclude`` names items to ignore (the meeting being moved). None when nothing fits.
    """
    if minutes <= 0:
        raise ValidationError("The length must be at least one minute", "minutes")
    if room is not None and room.venue_id != venue.id:
        raise ValidationError(f"{room.name} is not in {venue.name}", "room")
    earliest = timezones.to_utc(not_before, venue.tz, not_before_fold, field_name="not_before")
    timeline = load_timeline(session, event)
    start = free_start(timeline.items, timeline.context, people=[p.id for p in people], venue_id=venue.id,
                       duration=timedelta(minutes=minutes), earliest=earliest,
                       room_id=room.id if room is not None else None, exclude=exclude or (),
                       step=timedelta(minutes=step_minutes))
    if start is None:
        return None
    end = start + timedelta(minutes=minutes)
    return FreeSlot(start, end, timezones.wall_from_utc(start, venue.tz)[0],
                    timezones.wall_from_utc(end, venue.tz)[0], venue.tz,
                    timezones.format_span(start, end, venue.tz, event.home_tz))
