"""The place a schedule row names: a venue, and a room or table in it.

A meeting list names a table ("Table 7", "table 07", "Ｔａｂｌｅ７" are one); it is found in the
row's venue (a Venue column), else in ``--venue``, else in the event's partnering venue — made
on first use ("Partnering area", in the event's zone) when the event has none. A table that does
not exist yet is made (kind guessed from its name) and the dry run says so. Text that names a
venue rather than a table ("Toranomon Conference Centre") places the row at that venue.

Checking happens before anything is written, so a place is described by :class:`PlaceRef`
(ids of what exists, names of what will be made); :class:`PlaceMaker` turns refs into rows
when the import is written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.places import room_key
from planner.domain.validation import clean_text
from planner.services.events.places import PARTNERING_AREA, find_or_add_room, partnering_venue
from planner.storage.models import Event, Room, Venue


@dataclass(frozen=True)
class PlaceRef:
    """Where a row is: ``venue_id`` None with ``venue_name`` set means the partnering venue
    that will be made; ``room_id`` None with ``room_name`` set means a room that will be made."""

    venue_id: int | None
    venue_name: str
    tz: str
    room_id: int | None = None
    room_name: str = ""

    @property
    def new_venue(self) -> bool:
        return self.venue_id is None and bool(self.venue_name)

    @property
    def new_room(self) -> bool:
        return self.room_id is None and bool(self.room_name)

    def text(self) -> str:
        return " · ".join(x for x in (self.room_name, self.venue_name) if x)


class PlaceFinder:
    """An event's venues and rooms, read once, for checking many rows."""

    def __init__(self, session: Session, event: Event, default_venue: str | None) -> None:
        self.event = event
        venues = list(session.scalars(select(Venue).where(Venue.event_id == event.id)
                                      .order_by(Venue.id)))
        self.venues = {room_key(v.name): v for v in reversed(venues)}  # first one wins
        self.rooms: dict[tuple[int, str], Room] = {}
        for room in session.scalars(select(Room).where(Room.venue_id.in_([v.id for v in venues]))
                                    .order_by(Room.id.desc())):
            self.rooms[(room.venue_id, room.name_key)] = room
        self.new_rooms: dict[tuple[int | None, str], str] = {}  # first spelling of each new room
        if default_venue:
            found = self.venue(default_venue)
            if found is None:
                from planner.errors import NotFoundError

                known = ", ".join(f"“{v.name}”" for v in venues) or "none yet"
                raise NotFoundError(f"No venue {default_venue!r} in {event.code} (venues: {known}); "
                                    f"add it first: planner venues add --event {event.code} "
                                    f"--name …")
            self.default: Venue | None = found
        else:
            self.default = partnering_venue(session, event, create=False)

    def venue(self, name: str) -> Venue | None:
        return self.venues.get(room_key(name))

    def default_ref(self) -> PlaceRef:
        if self.default is not None:
            return PlaceRef(self.default.id, self.default.name, self.default.tz)
        return PlaceRef(None, PARTNERING_AREA, self.event.tz)

    def venue_ref(self, venue: Venue) -> PlaceRef:
        return PlaceRef(venue.id, venue.name, venue.tz)

    def room_ref(self, base: PlaceRef, name: str) -> PlaceRef:
        """``name`` in ``base``'s venue: the existing room, or one to make."""
        key = room_key(name)
        if base.venue_id is not None:
            room = self.rooms.get((base.venue_id, key))
            if room is not None:
                return PlaceRef(base.venue_id, base.venue_name, base.tz, room.id, room.name)
        spelled = self.new_rooms.setdefault((base.venue_id, key),
                                            clean_text(unicodedata.normalize("NFKC", name),
                                                       max_len=200))
        return PlaceRef(base.venue_id, base.venue_name, base.tz, None, spelled)


def schedule_zone(session: Session, event: Event, venue_name: str | None) -> str:
    """The zone a file's times are read in when the file itself does not say: the ``--venue``'s,
    else the partnering venue's, else the event's."""
    if venue_name:
        from planner.services.events.places import find_venue

        venue = find_venue(session, event, venue_name)
        if venue is not None:
            return venue.tz
    venue = partnering_venue(session, event, create=False)
    return venue.tz if venue is not None else event.tz


class PlaceMaker:
    """Turns :class:`PlaceRef` into venues and rooms while the import is written."""

    def __init__(self, session: Session, event: Event) -> None:
        self.session = session
        self.event = event
        self._venue: Venue | None = None
        self._rooms: dict[tuple[int, str], Room] = {}
        self.made: list[str] = []

    def resolve(self, ref: PlaceRef | None) -> tuple[Venue | None, Room | None]:
        if ref is None:
            return None, None
        if ref.venue_id is not None:
            venue = self.session.get(Venue, ref.venue_id)
        else:
            if self._venue is None:
                self._venue = partnering_venue(self.session, self.event, create=True)
                assert self._venue is not None
                self.made.append(f"venue “{self._venue.name}”")
            venue = self._venue
        assert venue is not None
        if ref.room_id is not None:
            return venue, self.session.get(Room, ref.room_id)
        if not ref.room_name:
            return venue, None
        key = (venue.id, room_key(ref.room_name))
        if key not in self._rooms:
            room, made = find_or_add_room(self.session, venue, ref.room_name)
            if made:
                self.made.append(f"“{room.name}” in {venue.name}")
            self._rooms[key] = room
        return venue, self._rooms[key]
