"""Venues, rooms (stages, booths, meeting tables, halls) and travel minutes between venues.

A room is the single truth of a meeting's or slot's place. Room names are matched with
:func:`planner.domain.places.room_key`, so "Table 7", "table 07" and "Ｔａｂｌｅ７" are one table
in a venue; a venue holds at most one room per key. One venue per event may be the *partnering
venue*: the one whose tables partnering meetings use when a file or a user names only a table.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import timezones
from planner.domain.enums import RoomKind, parse_enum
from planner.domain.places import guess_room_kind, room_key
from planner.domain.validation import clean_text
from planner.errors import NotFoundError, Problems, ValidationError
from planner.services.common import resolve_span
from planner.storage.models import Event, Meeting, Room, Slot, Venue, VenueTravel

VENUE_FIELDS = {"name", "tz", "address", "city", "opens", "closes", "phone", "partnering"}
ROOM_FIELDS = {"name", "kind", "capacity"}
PARTNERING_AREA = "Partnering area"
MAX_CAPACITY = 100_000


@dataclass(frozen=True)
class RoomRow:
    id: int
    uuid: str
    venue_id: int
    venue: str
    name: str
    kind: str
    capacity: int | None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.uuid, "venue": self.venue, "name": self.name, "kind": self.kind,
                "capacity": self.capacity}


@dataclass(frozen=True)
class VenueRow:
    id: int
    uuid: str
    name: str
    tz: str
    address: str
    city: str
    opens: time | None
    closes: time | None
    phone: str
    partnering: bool
    rooms: tuple[RoomRow, ...]
    travel: tuple[tuple[str, int], ...]  # (other venue's name, minutes from this one)

    @property
    def hours(self) -> str:
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}" if self.opens and self.closes else ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.uuid, "name": self.name, "tz": self.tz, "address": self.address,
                "city": self.city, "opens": f"{self.opens:%H:%M}" if self.opens else None,
                "closes": f"{self.closes:%H:%M}" if self.closes else None, "phone": self.phone,
                "partnering": self.partnering, "rooms": [r.name for r in self.rooms],
                "room_details": [r.to_json() for r in self.rooms],
                "travel": {name: minutes for name, minutes in self.travel}}


# -- venues ------------------------------------------------------------------------------------
def _venues(session: Session, event_id: int) -> list[Venue]:
    return list(session.scalars(select(Venue).where(Venue.event_id == event_id).order_by(Venue.id)))


def _validate_venue(session: Session, event_id: int, values: dict[str, Any], problems: Problems,
                    *, venue_id: int | None = None, opens: time | None = None,
                    closes: time | None = None) -> None:
    if "name" in values:
        values["name"] = clean_text(values["name"], max_len=300)
        if not values["name"]:
            problems.add("name", "The venue needs a name")
        else:
            key = room_key(values["name"])
            for other in _venues(session, event_id):
                if other.id != venue_id and room_key(other.name) == key:
                    problems.add("name", f"The event already has a venue called “{other.name}”")
    if "tz" in values:
        values["tz"] = clean_text(values["tz"])
        if not timezones.is_valid_zone(values["tz"]):
            problems.add("tz", f"{values['tz']!r} is not an IANA time zone (e.g. Asia/Seoul)")
    for key in ("address",):
        if key in values:
            values[key] = clean_text(values[key], multiline=True)
    for key in ("city", "phone"):
        if key in values:
            values[key] = clean_text(values[key], max_len=200 if key == "city" else 64)
    if "partnering" in values:
        values["partnering"] = bool(values["partnering"])
    start = values.get("opens", opens)
    end = values.get("closes", closes)
    if (start is None) != (end is None):
        problems.add("closes" if end is None else "opens",
                     "Give both the opening and the closing time, or neither")
    elif start is not None and end is not None and end <= start:
        problems.add("closes", "The venue must close after it opens (overnight hours are not "
                               "supported: leave the hours empty for a venue open all night)")


def _only_partnering(session: Session, venue: Venue) -> None:
    for other in _venues(session, venue.event_id):
        if other.id != venue.id and other.partnering:
            other.partnering = False


def add_venue(session: Session, event: Event, *, name: str, tz: str | None = None,
              address: str = "", city: str = "", opens: time | None = None,
              closes: time | None = None, phone: str = "", partnering: bool = False) -> Venue:
    """A venue of ``event``; its zone defaults to the event's (a Seoul side trip gives its own)."""
    values: dict[str, Any] = {"name": name, "tz": tz or event.tz, "address": address,
                              "city": city, "opens": opens, "closes": closes, "phone": phone,
                              "partnering": partnering}
    problems = Problems()
    _validate_venue(session, event.id, values, problems)
    problems.raise_if_any()
    venue = Venue(event_id=event.id, **values)
    session.add(venue)
    session.flush()
    if venue.partnering:
        _only_partnering(session, venue)
        session.flush()
    return venue


def update_venue(session: Session, venue: Venue, **values: Any) -> Venue:
    """Change a venue. A new zone keeps the wall times of everything at the venue (they were
    typed as local times there) and recomputes their UTC instants; a time that does not exist
    in the new zone is refused with the item named."""
    unknown = set(values) - VENUE_FIELDS
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    problems = Problems()
    _validate_venue(session, venue.event_id, values, problems, venue_id=venue.id,
                    opens=venue.opens, closes=venue.closes)
    problems.raise_if_any()
    new_tz = values.get("tz")
    if new_tz and new_tz != venue.tz:
        _move_items_to_zone(session, venue, new_tz)
    for key, value in values.items():
        if getattr(venue, key) != value:
            setattr(venue, key, value)
    session.flush()
    if venue.partnering:
        _only_partnering(session, venue)
        session.flush()
    return venue


def _move_items_to_zone(session: Session, venue: Venue, tz: str) -> None:
    items: list[Meeting | Slot] = [*session.scalars(select(Meeting).where(Meeting.venue_id == venue.id)),
                                   *session.scalars(select(Slot).where(Slot.venue_id == venue.id))]
    problems = Problems()
    for item in items:
        try:
            span = resolve_span(item.start_local, item.end_local, tz, item.start_fold, item.end_fold)
        except ValidationError as exc:
            what = getattr(item, "title", "") or "a meeting"
            problems.add("tz", f"{what} at {item.start_local:%Y-%m-%d %H:%M}: {exc}")
            continue
        if (span.start_utc, span.end_utc) != (item.start_utc, item.end_utc):
            item.sequence += 1
        span.apply_to(item)
    problems.raise_if_any()


def get_venue(session: Session, event: Event, name_or_uuid: str) -> Venue:
    """The event's venue called ``name_or_uuid`` (matched like room names) or with that UUID."""
    key = name_or_uuid.strip()
    if not key:
        raise ValidationError("Name a venue: an empty name names none", "venue")
    venue = find_venue(session, event, key)
    if venue is None:
        venue = session.scalars(select(Venue).where(Venue.event_id == event.id,
                                                    Venue.uuid == key)).first()
    if venue is None:
        known = ", ".join(f"“{v.name}”" for v in _venues(session, event.id)) or "none yet"
        raise NotFoundError(f"No venue {name_or_uuid!r} in {event.code} (venues: {known}); "
                            f"add it with: planner venues add --event {event.code} --name …")
    return venue


def find_venue(session: Session, event: Event, name: str) -> Venue | None:
    key = room_key(name)
    if not key:
        return None
    for venue in _venues(session, event.id):
        if room_key(venue.name) == key:
            return venue
    return None


def partnering_venue(session: Session, event: Event, *, create: bool = False) -> Venue | None:
    """The venue whose tables partnering meetings use: the one marked so; else, with
    ``create``, a new "Partnering area" in the event's zone, marked so. (Never guessed from
    the other venues: a hotel or a Seoul side trip must not receive the partnering tables.)"""
    venues = _venues(session, event.id)
    marked = [v for v in venues if v.partnering]
    if marked:
        return marked[0]
    if not create:
        return None
    name = PARTNERING_AREA
    while find_venue(session, event, name) is not None:
        name += " (partnering)"
    return add_venue(session, event, name=name, partnering=True)


def list_venues(session: Session, event: Event) -> list[VenueRow]:
    venues = _venues(session, event.id)
    names = {v.id: v.name for v in venues}
    rooms: dict[int, list[RoomRow]] = {v.id: [] for v in venues}
    for r in session.scalars(select(Room).where(Room.venue_id.in_(list(names)))):
        rooms[r.venue_id].append(RoomRow(r.id, r.uuid, r.venue_id, names[r.venue_id], r.name,
                                         r.kind.value, r.capacity))
    travel: dict[int, list[tuple[str, int]]] = {v.id: [] for v in venues}
    for a, b, minutes in session.execute(select(VenueTravel.from_venue_id, VenueTravel.to_venue_id,
                                                VenueTravel.minutes)
                                         .where(VenueTravel.from_venue_id.in_(list(names)))):
        if b in names:
            travel[a].append((names[b], minutes))
    return [VenueRow(v.id, v.uuid, v.name, v.tz, v.address, v.city, v.opens, v.closes, v.phone,
                     v.partnering, tuple(sorted(rooms[v.id], key=_room_order)),
                     tuple(sorted(travel[v.id]))) for v in sorted(venues, key=lambda v: v.name.casefold())]


def _room_order(r: RoomRow) -> tuple[str, ...]:
    """Natural order: Table 2 before Table 10."""
    return tuple(t.zfill(8) if t.isdigit() else t for t in room_key(r.name).split())


# -- rooms -------------------------------------------------------------------------------------
def _validate_room(session: Session, venue: Venue, values: dict[str, Any], problems: Problems,
                   *, room_id: int | None = None) -> None:
    check_room_fields(values, problems)
    if "name" in values and room_key(values["name"]):
        same = find_room(session, venue, values["name"])
        if same is not None and same.id != room_id:
            problems.add("name", f"{venue.name} already has “{same.name}”")


def check_room_fields(values: dict[str, Any], problems: Problems) -> None:
    """Clean and check a room's own fields in place (its name being free in the venue is the
    caller's check: :func:`find_room`)."""
    if "name" in values:
        # NFKC: "Ｔａｂｌｅ９" from a Japanese input method or export is stored as "Table9"
        values["name"] = clean_text(unicodedata.normalize("NFKC", str(values["name"])), max_len=200)
        if not room_key(values["name"]):
            problems.add("name", "The room or table needs a name with a letter or a digit")
    if "kind" in values and not isinstance(values["kind"], RoomKind):
        try:
            values["kind"] = parse_enum(RoomKind, str(values["kind"]), "kind")
        except ValidationError as exc:
            problems.items.extend(exc.problems)
    if values.get("capacity") is not None:
        try:
            values["capacity"] = int(values["capacity"])
        except (TypeError, ValueError):
            problems.add("capacity", "The capacity is a whole number of people")
        else:
            if not 1 <= values["capacity"] <= MAX_CAPACITY:
                problems.add("capacity", f"The capacity must be between 1 and {MAX_CAPACITY:,}")


def add_room(session: Session, venue: Venue, *, name: str, kind: RoomKind | str | None = None,
             capacity: int | None = None) -> Room:
    """A room, stage, booth, hall or meeting table in ``venue`` (kind guessed from the name
    when not given: "Table 12" is a meeting table)."""
    values: dict[str, Any] = {"name": name, "kind": kind if kind is not None else guess_room_kind(name),
                              "capacity": capacity}
    problems = Problems()
    _validate_room(session, venue, values, problems)
    problems.raise_if_any()
    room = Room(venue_id=venue.id, **values)
    session.add(room)
    session.flush()
    return room


def update_room(session: Session, room: Room, **values: Any) -> Room:
    unknown = set(values) - ROOM_FIELDS
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    problems = Problems()
    _validate_room(session, room.venue, values, problems, room_id=room.id)
    problems.raise_if_any()
    for key, value in values.items():
        if getattr(room, key) != value:
            setattr(room, key, value)
    session.flush()
    return room


def find_room(session: Session, venue: Venue, name: str) -> Room | None:
    key = room_key(name)
    if not key:
        return None
    return session.scalars(select(Room).where(Room.venue_id == venue.id, Room.name_key == key)
                           .order_by(Room.id)).first()


def find_or_add_room(session: Session, venue: Venue, name: str) -> tuple[Room, bool]:
    """The room of this name in ``venue``, made (kind guessed) when there is none; and whether
    it was made."""
    room = find_room(session, venue, name)
    if room is not None:
        return room, False
    return add_room(session, venue, name=name), True


def get_room(session: Session, venue: Venue, name_or_uuid: str) -> Room:
    key = name_or_uuid.strip()
    if not key:
        raise ValidationError("Name a room: an empty name names none", "room")
    room = find_room(session, venue, key) or session.scalars(
        select(Room).where(Room.venue_id == venue.id, Room.uuid == key)).first()
    if room is None:
        raise NotFoundError(f"No room or table {name_or_uuid!r} in {venue.name}")
    return room


def room_in_event(session: Session, event_id: int, room_id: int) -> Room:
    room = session.get(Room, room_id)
    if room is None or room.venue.event_id != event_id:
        raise ValidationError("That room or table is not in this event's venues", "room_id")
    return room


def keep_place_consistent(session: Session, event_id: int, room_id: int | None,
                          venue_id: int | None, values: dict[str, Any]) -> None:
    """Make an edit's place one truth (meetings and slots alike): a room given sets its venue;
    a venue given without a room clears a room of the old venue (Table 7 in Yokohama is not at
    the Seoul venue); a room or venue of another event is refused. ``room_id``/``venue_id`` are
    the record's current place; ``values`` the edit, changed in place."""
    new_room = values.get("room_id", room_id)
    new_venue = values.get("venue_id", venue_id)
    if "room_id" in values and new_room is not None:
        room = session.get(Room, new_room)
        if room is None or room.venue.event_id != event_id:
            raise ValidationError("That room or table is not in this event's venues", "room_id")
        if "venue_id" in values and new_venue is not None and new_venue != room.venue_id:
            raise ValidationError(f"“{room.name}” is in {room.venue.name}, not in the venue chosen",
                                  "room_id")
        values["venue_id"] = room.venue_id
    elif "venue_id" in values and new_room is not None:
        room = session.get(Room, new_room)
        if room is None or room.venue_id != new_venue:
            values["room_id"] = None
    if values.get("venue_id") is not None:
        venue = session.get(Venue, values["venue_id"])
        if venue is None or venue.event_id != event_id:
            raise ValidationError("That venue belongs to another event", "venue_id")


# -- travel ------------------------------------------------------------------------------------
def set_travel_minutes(session: Session, a: Venue, b: Venue, minutes: int, *,
                       both_ways: bool = True) -> None:
    """Minutes needed from ``a`` to ``b`` (and back, unless ``both_ways`` is false)."""
    if a.id == b.id:
        raise ValidationError("Travel time is between two different venues", "to")
    if a.event_id != b.event_id:
        raise ValidationError("Both venues must belong to the same event", "to")
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 0 <= minutes <= 24 * 60:
        raise ValidationError("Travel time must be a whole number of minutes between 0 and 1440",
                              "minutes")
    pairs = [(a, b), (b, a)] if both_ways else [(a, b)]
    for src, dst in pairs:
        row = session.scalars(select(VenueTravel).where(
            VenueTravel.from_venue_id == src.id, VenueTravel.to_venue_id == dst.id)).first()
        if row is None:
            session.add(VenueTravel(from_venue_id=src.id, to_venue_id=dst.id, minutes=minutes))
        elif row.minutes != minutes:
            row.minutes = minutes
    session.flush()


def clear_travel_minutes(session: Session, a: Venue, b: Venue, *, both_ways: bool = True) -> None:
    pairs = [(a, b), (b, a)] if both_ways else [(a, b)]
    for src, dst in pairs:
        for row in session.scalars(select(VenueTravel).where(
                VenueTravel.from_venue_id == src.id, VenueTravel.to_venue_id == dst.id)):
            session.delete(row)
    session.flush()


def travel_table(session: Session, event: Event) -> dict[tuple[int, int], int]:
    venue_ids = select(Venue.id).where(Venue.event_id == event.id)
    rows = session.execute(select(VenueTravel.from_venue_id, VenueTravel.to_venue_id, VenueTravel.minutes)
                           .where(VenueTravel.from_venue_id.in_(venue_ids))).all()
    return {(a, b): m for a, b, m in rows}
