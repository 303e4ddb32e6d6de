"""Many slots and meetings at once, each checked as :func:`add_slot` / :func:`add_meeting` check one.

Rows name people, organisations, venues and rooms by id (what an importer or a copy has after
writing them in bulk). Venues and rooms are read once per call; each row then goes through
:func:`~planner.services.schedule.slots.check_slot` or :func:`~planner.services.schedule.meetings.check_meeting`,
the checks of the one-record services (the place, the times in the venue's zone, the fields),
and the rows and their people are written with one multi-row INSERT per batch. See
:mod:`planner.services.people.bulk` for the conventions (``uuid``, ``new_id``, errors naming the row).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import AttendeeSide, SlotKind
from planner.errors import ValidationError
from planner.services.people.bulk import NewId, checked, insert_rows, own_uuid
from planner.services.schedule.meetings import check_meeting
from planner.services.schedule.slots import check_slot
from planner.storage.models import (
    Event,
    Meeting,
    MeetingAttendee,
    Room,
    Slot,
    SlotPerson,
    Venue,
    new_uuid,
)

TIME_KEYS = ("start_local", "end_local", "start_fold", "end_fold")


class _Places:
    """The event's venues and their rooms, read once, found by id."""

    def __init__(self, session: Session, event: Event) -> None:
        self.venues = {v.id: v for v in session.scalars(select(Venue).where(Venue.event_id == event.id))}
        self.rooms = {r.id: r for r in session.scalars(select(Room).where(Room.venue_id.in_(list(self.venues))))}

    def venue(self, venue_id: int | None) -> Venue | None:
        if venue_id is None:
            return None
        if venue_id not in self.venues:
            raise ValidationError("That venue belongs to another event", "venue_id")
        return self.venues[venue_id]

    def room(self, room_id: int | None) -> Room | None:
        if room_id is None:
            return None
        if room_id not in self.rooms:
            raise ValidationError("That room or table is not in this event's venues", "room_id")
        return self.rooms[room_id]


def _times(row: dict[str, Any]) -> dict[str, Any]:
    return {"start_local": row["start_local"], "end_local": row["end_local"],
            "start_fold": row.get("start_fold", 0), "end_fold": row.get("end_fold", 0)}


def _span_columns(span: Any) -> dict[str, Any]:
    return {"start_local": span.start_local, "end_local": span.end_local, "start_fold": span.start_fold,
            "end_fold": span.end_fold, "tz": span.tz, "start_utc": span.start_utc, "end_utc": span.end_utc}


def add_slots(session: Session, event: Event, rows: Sequence[dict[str, Any]], *,
              new_id: NewId = new_uuid) -> list[int]:
    """Slots and side events, as :func:`~planner.services.schedule.slots.add_slot` adds each. A row has
    ``title``, ``kind``, the wall times (``start_local``, ``end_local``, folds), ``venue_id``,
    ``room_id``, ``destination_venue_id``, ``organisation_id``, ``presenter_ids`` and
    ``attendee_ids`` (someone in both presents), ``description``, ``external_ref``."""
    places = _Places(session, event)
    links: list[list[tuple[int, Any]]] = []
    plain = ("venue_id", "room_id", "destination_venue_id", "organisation_id", "presenter_ids",
             "attendee_ids", "title", "kind", "uuid", *TIME_KEYS)

    def check(row: dict[str, Any]) -> dict[str, Any]:
        extra = {k: v for k, v in row.items() if k not in plain}
        values, span, venue = check_slot(event, title=row["title"], kind=row["kind"],
                                         venue=places.venue(row.get("venue_id")),
                                         room=places.room(row.get("room_id")), extra=extra, **_times(row))
        kind = SlotKind(values["kind"])
        people = {pid: kind.lead_role for pid in row.get("presenter_ids", ())}
        for pid in row.get("attendee_ids", ()):
            people.setdefault(pid, kind.attendee_role)
        links.append(list(people.items()))
        values.update(_span_columns(span), uuid=own_uuid(row, new_id), event_id=event.id,
                      venue_id=venue.id if venue else None, room_id=row.get("room_id"),
                      destination_venue_id=row.get("destination_venue_id"),
                      organisation_id=row.get("organisation_id"))
        return values

    ids = insert_rows(session, Slot, checked("Slot", rows, check), new_id)
    insert_rows(session, SlotPerson, [{"slot_id": sid, "person_id": pid, "role": role}
                                      for sid, people in zip(ids, links, strict=True) for pid, role in people],
                new_id, ids=False)
    return ids


def add_meetings(session: Session, event: Event, rows: Sequence[dict[str, Any]], *,
                 new_id: NewId = new_uuid) -> list[int]:
    """Partnering meetings, as :func:`~planner.services.schedule.meetings.add_meeting` adds each. A row
    has the wall times (``start_local``, ``end_local``, folds), ``our_ids`` and
    ``counterpart_ids`` (people), ``counterpart_organisation_id``, ``venue_id``, ``room_id``
    and the meeting's other fields (``status``, ``objective`` …)."""
    places = _Places(session, event)
    links: list[list[tuple[int, AttendeeSide]]] = []
    plain = ("venue_id", "room_id", "counterpart_organisation_id", "our_ids", "counterpart_ids", "uuid",
             *TIME_KEYS)

    def check(row: dict[str, Any]) -> dict[str, Any]:
        extra = {k: v for k, v in row.items() if k not in plain}
        ours = list(dict.fromkeys(row.get("our_ids", ())))
        theirs = list(dict.fromkeys(row.get("counterpart_ids", ())))
        span, venue = check_meeting(event, our_ids=ours, counterpart_ids=theirs,
                                    venue=places.venue(row.get("venue_id")),
                                    room=places.room(row.get("room_id")), extra=extra, **_times(row))
        links.append([(pid, AttendeeSide.OURS) for pid in ours]
                     + [(pid, AttendeeSide.COUNTERPART) for pid in theirs])
        extra.update(_span_columns(span), uuid=own_uuid(row, new_id), event_id=event.id,
                     venue_id=venue.id if venue else None, room_id=row.get("room_id"),
                     counterpart_organisation_id=row.get("counterpart_organisation_id"))
        return extra

    ids = insert_rows(session, Meeting, checked("Meeting", rows, check), new_id)
    insert_rows(session, MeetingAttendee, [{"meeting_id": mid, "person_id": pid, "side": side}
                                           for mid, people in zip(ids, links, strict=True)
                                           for pid, side in people], new_id, ids=False)
    return ids
