"""Meeting lists and slot/side-event lists: check every row, match, then write through services.

A row matches an existing record by its external id when the file has one, else by its time and
people (meetings) or its time and title (slots); a match is updated, or skipped when nothing
changed, so importing the same list twice adds nothing. Volumes are small (hundreds), so rows
are written through the ordinary services (ORM).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import timezones
from planner.domain.enums import MeetingStatus, SlotKind, label, parse_enum
from planner.domain.validation import clean_text
from planner.errors import Cancelled, ValidationError
from planner.imports.errors import ErrorLog
from planner.imports.normalise import organisation_key, text_key
from planner.imports.plan import ImportPlan, RowAction
from planner.imports.preset_catalog import Kind
from planner.imports.presets import MappedRow, Mapping
from planner.imports.schedule_rows import (
    DEFAULT_MINUTES,
    PeopleByEmail,
    parse_date,
    parse_time,
    resolve_wall,
)
from planner.imports.source import Source
from planner.imports.table import CancelFn, ProgressFn
from planner.storage.models import Event, Meeting, Organisation, Person, Room, Slot, Venue

_YES = {"yes", "y", "true", "1", "x", "needed", "required"}
_NO = {"", "no", "n", "false", "0", "none", "-", "not needed"}
Writer = Callable[[Session, ProgressFn | None, CancelFn | None], int]


@dataclass
class Item:
    """A checked row: the values for the service, and the existing record it matches."""

    line: int
    values: dict[str, Any]
    people: dict[str, list[int]] = field(default_factory=dict)
    organisation: str = ""
    existing_id: int | None = None
    key: tuple[Any, ...] = ()


class _Places:
    def __init__(self, session: Session, event: Event) -> None:
        self.venues = {text_key(v.name): v for v in session.scalars(
            select(Venue).where(Venue.event_id == event.id).order_by(Venue.id))}
        ids = [v.id for v in self.venues.values()]
        self.rooms: dict[tuple[int, str], Room] = {}
        self.any_room: dict[str, Room] = {}
        for room in session.scalars(select(Room).where(Room.venue_id.in_(ids)).order_by(Room.id)):
            self.rooms[(room.venue_id, text_key(room.name))] = room
            self.any_room.setdefault(text_key(room.name), room)
        self.by_id = {v.id: v for v in self.venues.values()}


def _col(mapping: Mapping, name: str) -> str:
    headers = mapping.fields.get(name)
    return headers[0] if headers else name


def _times(row: MappedRow, mapping: Mapping, tz: str, log: ErrorLog) -> dict[str, Any] | None:
    v, line = row.values, row.line
    ok = True
    day = start = end = None
    try:
        day = parse_date(v.get("date", ""))
    except ValueError:
        log.error(line, _col(mapping, "date"), v.get("date", ""),
                  "Write the date as YYYY-MM-DD (e.g. 2026-10-14).")
        ok = False
    try:
        start = parse_time(v.get("start", ""))
    except ValueError:
        log.error(line, _col(mapping, "start"), v.get("start", ""),
                  "Write the start time as HH:MM (24-hour, e.g. 09:30).")
        ok = False
    if v.get("end", "").strip():
        try:
            end = parse_time(v["end"])
        except ValueError:
            log.error(line, _col(mapping, "end"), v["end"],
                      "Write the end time as HH:MM (24-hour, e.g. 10:00).")
            ok = False
    if not ok or day is None or start is None:
        return None
    result: dict[str, Any] = {}
    try:
        result["start_local"], result["start_fold"] = resolve_wall(day, start, tz)
    except ValidationError as exc:
        log.error(line, _col(mapping, "start"), v.get("start", ""), str(exc))
        return None
    if end is None:
        result["end_local"] = result["start_local"] + timedelta(minutes=DEFAULT_MINUTES)
        result["end_fold"] = result["start_fold"]
        log.warn(line, _col(mapping, "end"), "", f"No end time: the entry is given "
                 f"{DEFAULT_MINUTES} minutes. Fill in the end time if that is wrong.")
    else:
        end_day = day + timedelta(days=1) if end.value <= start.value and end.value.hour < 6 \
            and start.value.hour >= 18 else day
        try:
            result["end_local"], result["end_fold"] = resolve_wall(end_day, end, tz)
        except ValidationError as exc:
            log.error(line, _col(mapping, "end"), v.get("end", ""), str(exc))
            return None
    s_utc = timezones.to_utc(result["start_local"], tz, result["start_fold"])
    e_utc = timezones.to_utc(result["end_local"], tz, result["end_fold"])
    if e_utc <= s_utc:
        log.error(line, _col(mapping, "end"), v.get("end", ""),
                  "The end is not after the start: correct the start or end time.")
        return None
    result["start_utc"] = s_utc
    return result


def _place(row: MappedRow, mapping: Mapping, places: _Places, log: ErrorLog,
           *, venue_field: str | None, room_field: str) -> tuple[Venue | None, Room | None, bool]:
    v = row.values
    venue: Venue | None = None
    if venue_field and v.get(venue_field):
        venue = places.venues.get(text_key(v[venue_field]))
        if venue is None:
            known = ", ".join(f"“{x.name}”" for x in places.venues.values()) or "none yet"
            log.error(row.line, _col(mapping, venue_field), v[venue_field],
                      f"No venue of this name in the event (venues: {known}): correct the "
                      "name or add the venue first.")
            return None, None, False
    room_text = v.get(room_field, "")
    room: Room | None = None
    if room_text:
        key = text_key(room_text)
        room = places.rooms.get((venue.id, key)) if venue else places.any_room.get(key)
        if room is None and venue_field is None:
            # a meeting's location: a venue's name, or free text such as "Table 12"
            venue = places.venues.get(key)
            return venue, None, True
        if room is None and venue_field:
            where = f"in “{venue.name}”" if venue else "in any venue of the event"
            log.error(row.line, _col(mapping, room_field), room_text,
                      f"No room of this name {where}: correct it, leave it empty or add "
                      "the room first.")
            return venue, None, False
        if room is not None and venue is None:
            venue = places.by_id.get(room.venue_id)
    return venue, room, True


def _check_meeting(row: MappedRow, mapping: Mapping, event: Event, places: _Places,
                   people: PeopleByEmail, log: ErrorLog) -> Item | None:
    v, line = row.values, row.line
    before = len(log.errors)
    venue, room, _ = _place(row, mapping, places, log, venue_field=None, room_field="location")
    tz = venue.tz if venue else event.tz
    times = _times(row, mapping, tz, log)
    ours = people.resolve(v.get("our_attendees", ""), line, _col(mapping, "our_attendees"), log)
    if ours == []:
        log.error(line, _col(mapping, "our_attendees"), "",
                  "A meeting needs at least one of our attendees: add their e-mail.")
    theirs = people.resolve(v.get("counterparts", ""), line, _col(mapping, "counterparts"), log)
    if ours and theirs and set(ours) & set(theirs):
        log.error(line, _col(mapping, "counterparts"), v.get("counterparts", ""),
                  "The same person is on both sides of the meeting: remove them from one side.")
    values: dict[str, Any] = {}
    if v.get("status"):
        try:
            values["status"] = parse_enum(MeetingStatus, v["status"], "status")
        except ValidationError:
            allowed = ", ".join(label(s) for s in MeetingStatus)
            log.error(line, _col(mapping, "status"), v["status"], f"Unknown status: use one "
                      f"of {allowed}.")
    interp = v.get("interpreter", "").strip()
    if interp.casefold() in _YES:
        values["interpreter_needed"] = True
    elif interp.casefold() not in _NO:
        values["interpreter_needed"], values["interpreter_language"] = True, interp[:50]
    if len(log.errors) > before or times is None or not ours:
        return None
    start_utc = times.pop("start_utc")
    values.update(times)
    values["location"] = clean_text(v.get("location"), max_len=200)
    values["objective"] = clean_text(v.get("objective"), multiline=True)
    values["notes"] = clean_text(v.get("notes"), multiline=True)
    values["external_ref"] = clean_text(v.get("external_id"), max_len=200)
    values["venue"], values["room"] = venue, room
    item = Item(line, values, {"ours": ours, "theirs": theirs or []},
                clean_text(v.get("counterpart_organisation"), max_len=300))
    item.key = (start_utc, frozenset(ours), frozenset(theirs or []))
    return item


def _check_slot(row: MappedRow, mapping: Mapping, event: Event, places: _Places,
                people: PeopleByEmail, log: ErrorLog) -> Item | None:
    v, line = row.values, row.line
    before = len(log.errors)
    venue, room, _ = _place(row, mapping, places, log, venue_field="venue", room_field="room")
    tz = venue.tz if venue else event.tz
    times = _times(row, mapping, tz, log)
    title = clean_text(v.get("title"), max_len=300)
    if not title:
        log.error(line, _col(mapping, "title"), "", "The slot needs a title: fill it in.")
    kind = SlotKind.SHOWCASE
    if v.get("kind"):
        try:
            kind = SlotKind(parse_enum(SlotKind, v["kind"], "kind"))
        except ValidationError:
            allowed = ", ".join(label(k).lower() for k in SlotKind)
            log.error(line, _col(mapping, "kind"), v["kind"], f"Unknown kind: use one of "
                      f"{allowed}.")
    presenters = people.resolve(v.get("presenters", ""), line, _col(mapping, "presenters"), log)
    if len(log.errors) > before or times is None:
        return None
    start_utc = times.pop("start_utc")
    values: dict[str, Any] = {**times, "title": title, "kind": kind, "venue": venue, "room": room,
                              "description": clean_text(v.get("notes"), multiline=True),
                              "external_ref": clean_text(v.get("external_id"), max_len=200)}
    item = Item(line, values, {"presenters": presenters or []},
                clean_text(v.get("organisation"), max_len=300))
    item.key = (start_utc, text_key(title))
    return item


def _existing_keys(session: Session, event: Event, kind: Kind) -> tuple[dict[str, int],
                                                                       dict[tuple[Any, ...], int]]:
    by_ref: dict[str, int] = {}
    by_key: dict[tuple[Any, ...], int] = {}
    if kind == "meetings":
        for m in session.scalars(select(Meeting).where(Meeting.event_id == event.id)):
            if m.external_ref:
                by_ref.setdefault(m.external_ref, m.id)
            ours = frozenset(a.person_id for a in m.attendees if a.side.value == "ours")
            theirs = frozenset(a.person_id for a in m.attendees if a.side.value == "counterpart")
            by_key.setdefault((m.start_utc, ours, theirs), m.id)
    else:
        for s in session.scalars(select(Slot).where(Slot.event_id == event.id)):
            if s.external_ref:
                by_ref.setdefault(s.external_ref, s.id)
            by_key.setdefault((s.start_utc, text_key(s.title)), s.id)
    return by_ref, by_key


def prepare_schedule(session: Session, source: Source, plan: ImportPlan, event: Event,
                     kind: Kind, cancel: CancelFn | None) -> Writer:
    """Check and match every row into ``plan``; returns the function that writes them."""
    from planner.imports.schedule_write import write_items

    log = ErrorLog()
    places = _Places(session, event)
    people = PeopleByEmail([(k, i) for k, i in session.execute(
        select(Person.email_key, Person.id).where(Person.email_key != "").order_by(Person.id))])
    by_ref, by_key = _existing_keys(session, event, kind)
    check = _check_meeting if kind == "meetings" else _check_slot
    items: list[Item] = []
    seen: dict[tuple[Any, ...], int] = {}
    orgs = {k for (k,) in session.execute(select(Organisation.name_key))}
    new_orgs: set[str] = set()
    noun = "meeting" if kind == "meetings" else "slot"
    for n, row in enumerate(source.rows):
        if cancel is not None and n % 500 == 0 and cancel():
            raise Cancelled("Import cancelled: nothing was changed.")
        item = check(row, source.mapping, event, places, people, log)
        if item is None:
            continue
        label_text = _label(item, kind)
        ref = item.values.get("external_ref") or ""
        dup_key = ("ref", ref) if ref else item.key
        if dup_key in seen:
            plan.rows.append(RowAction(item.line, "skip", label_text, None,
                                       f"same {noun} as line {seen[dup_key]}"))
            continue
        seen[dup_key] = item.line
        item.existing_id = by_ref.get(ref) if ref else None
        if item.existing_id is None:
            item.existing_id = by_key.get(item.key)
        okey = organisation_key(item.organisation)
        if okey and okey not in orgs:
            new_orgs.add(okey)
        items.append(item)
        action = "update" if item.existing_id is not None else "add"
        plan.rows.append(RowAction(item.line, action, label_text, None,  # type: ignore[arg-type]
                                   "same external id" if ref and item.existing_id else ""))
    plan.errors.extend(log.errors)
    plan.warnings.extend(log.warnings)
    plan.organisations_added = len(new_orgs)
    ok_lines = {i.line for i in items}

    def write(s: Session, progress: ProgressFn | None, cancel_fn: CancelFn | None) -> int:
        bad = set(plan.error_lines)
        return write_items(s, event, kind, [i for i in items if i.line in ok_lines - bad],
                           progress, cancel_fn)

    return write


def _label(item: Item, kind: Kind) -> str:
    start: datetime = item.values["start_local"]
    if kind == "meetings":
        where = item.values.get("location") or ""
        who = item.organisation or ""
        return " · ".join(x for x in (f"{start:%Y-%m-%d %H:%M}", who, where) if x)
    return f"{start:%Y-%m-%d %H:%M} · {item.values['title']}"
