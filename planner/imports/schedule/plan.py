"""Meeting lists and slot/side-event lists: check every row, match, then write through services.

A row matches an existing record by its external id when the file has one (a partnering
platform's meeting id, a calendar UID), else by its time and people (meetings) or its time and
title (slots); a match is updated, or skipped when nothing changed, so importing the same list
twice adds nothing. A newer export of a schedule is a sync: meetings it changed are updated (a
move to another table is shown in the dry run) and meetings that came from an earlier export but
are missing from this one are cancelled (only open meetings with an external id; with ``--ours``
only that delegate's). Volumes are small (hundreds), so rows go through the ordinary services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import timezones
from planner.domain.enums import AttendeeSide, MeetingStatus, SlotKind, label, parse_enum
from planner.domain.places import room_key
from planner.domain.validation import clean_text
from planner.errors import Cancelled, ValidationError
from planner.imports.errors import ErrorLog, MappingError
from planner.imports.normalise import email_key, organisation_key, text_key
from planner.imports.plan import ImportOptions, ImportPlan, RowAction
from planner.imports.preset_catalog import Kind
from planner.imports.presets import MappedRow, Mapping
from planner.imports.schedule.counterparts import Counterparts, NewPerson
from planner.imports.schedule.places import PlaceFinder, PlaceRef
from planner.imports.schedule.rows import (
    DEFAULT_MINUTES,
    PeopleByEmail,
    WallTime,
    parse_date,
    parse_time,
    resolve_wall,
    split_time_range,
)
from planner.imports.source import Source
from planner.imports.table import CancelFn, ProgressFn
from planner.storage.models import Event, Meeting, Organisation, Person, Slot

_YES = {"yes", "y", "true", "1", "x", "needed", "required"}
_NO = {"", "no", "n", "false", "0", "none", "-", "not needed"}
_OPEN = (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED, MeetingStatus.CONFIRMED)
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
    place: PlaceRef | None = None
    new_people: list[NewPerson] = field(default_factory=list)


@dataclass(frozen=True)
class Existing:
    id: int
    uuid: str
    ref: str
    start_utc: datetime
    status: MeetingStatus | None
    ours: frozenset[int]
    place: str
    room_key: str
    venue_id: int | None
    label: str


def _col(mapping: Mapping, name: str) -> str:
    headers = mapping.fields.get(name)
    return headers[0] if headers else name


def _times(row: MappedRow, mapping: Mapping, tz: str, log: ErrorLog) -> dict[str, Any] | None:
    """Wall times in ``tz``. An end earlier than the start is the next day (a 21:15 → 07:40
    flight, a reception until 00:30); no end gives the default length, counted in real time."""
    v, line = row.values, row.line
    ok = True
    day = None
    start: WallTime | None = None
    end: WallTime | None = None
    start_text, end_text = v.get("start", ""), v.get("end", "").strip()
    if not end_text:
        start_text, end_text = split_time_range(start_text)
    try:
        day = parse_date(v.get("date", ""))
    except ValueError:
        log.error(line, _col(mapping, "date"), v.get("date", ""),
                  "Write the date as YYYY-MM-DD (e.g. 2026-10-14).")
        ok = False
    try:
        start = parse_time(start_text)
    except ValueError:
        log.error(line, _col(mapping, "start"), v.get("start", ""),
                  "Write the start time as HH:MM (24-hour, e.g. 09:30).")
        ok = False
    if end_text:
        try:
            end = parse_time(end_text)
        except ValueError:
            log.error(line, _col(mapping, "end"), v.get("end", ""),
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
    s_utc = timezones.to_utc(result["start_local"], tz, result["start_fold"])
    if end is None:
        e_utc = s_utc + timedelta(minutes=DEFAULT_MINUTES)
        result["end_local"], result["end_fold"] = timezones.wall_from_utc(e_utc, tz)
        log.warn(line, _col(mapping, "end"), "", f"No end time: the entry is given "
                 f"{DEFAULT_MINUTES} minutes. Fill in the end time if that is wrong.")
    else:
        end_day = day + timedelta(days=1) if end.value <= start.value else day
        try:
            result["end_local"], result["end_fold"] = resolve_wall(end_day, end, tz)
        except ValidationError as exc:
            log.error(line, _col(mapping, "end"), v.get("end", ""), str(exc))
            return None
        e_utc = timezones.to_utc(result["end_local"], tz, result["end_fold"])
        if e_utc <= s_utc:
            log.error(line, _col(mapping, "end"), v.get("end", ""),
                      "The end is not after the start: correct the start or end time.")
            return None
    result["start_utc"] = s_utc
    return result


def _place(row: MappedRow, mapping: Mapping, places: PlaceFinder, log: ErrorLog,
           *, room_field: str) -> tuple[PlaceRef | None, bool]:
    """The row's place; False when the row names a venue the event does not have."""
    v = row.values
    base: PlaceRef | None = None
    if v.get("venue", "").strip():
        venue = places.venue(v["venue"])
        if venue is None:
            known = ", ".join(f"“{x.name}”" for x in places.venues.values()) or "none yet"
            log.error(row.line, _col(mapping, "venue"), v["venue"],
                      f"No venue of this name in the event (venues: {known}): correct the "
                      "name, or add the venue first (planner venues add, or the Venues page).")
            return None, False
        base = places.venue_ref(venue)
    text = v.get(room_field, "").strip()
    if not text:
        return base, True
    if base is None:
        venue = places.venue(text)
        if venue is not None:  # the text names a venue, not a table
            return places.venue_ref(venue), True
        base = places.default_ref()
    if not room_key(text):
        log.error(row.line, _col(mapping, room_field), text,
                  "This does not name a room or table: write its name, e.g. “Table 7”.")
        return None, False
    return places.room_ref(base, text), True


class _Ours:
    """Our side of each meeting: the file's column, and/or the delegate named by ``--ours``."""

    def __init__(self, session: Session, people: PeopleByEmail, ours: str | None) -> None:
        self.people = people
        self.fixed: int | None = None
        if ours is not None:
            if not ours.strip():
                raise MappingError("--ours names nobody: give the delegate's e-mail.")
            pid = people.ids.get(email_key(ours))
            if pid is None:
                raise MappingError(f"No person with the e-mail {ours!r} (--ours): import the "
                                   "delegation first, or correct the address.")
            self.fixed = pid


def _check_meeting(row: MappedRow, mapping: Mapping, event: Event, places: PlaceFinder,
                   people: PeopleByEmail, ours_opt: _Ours, partners: Counterparts,
                   log: ErrorLog) -> Item | None:
    v, line = row.values, row.line
    before = len(log.errors)
    place, _ok = _place(row, mapping, places, log, room_field="location")
    tz = place.tz if place else event.tz
    times = _times(row, mapping, tz, log)
    ours = people.resolve(v.get("our_attendees", ""), line, _col(mapping, "our_attendees"), log)
    if ours is not None and ours_opt.fixed is not None and ours_opt.fixed not in ours:
        ours.insert(0, ours_opt.fixed)
    if ours == []:
        log.error(line, _col(mapping, "our_attendees"), "",
                  "A meeting needs at least one of our attendees: add their e-mail, or name "
                  "the delegate whose schedule this is with --ours EMAIL.")
    company = clean_text(v.get("counterpart_organisation"), max_len=300)
    found = partners.resolve(v.get("counterparts", ""), company, line,
                             _col(mapping, "counterparts"), log)
    theirs, new = found if found is not None else ([], [])
    if ours and set(ours) & set(theirs):
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
    raw_place = " ".join(x for x in (v.get("venue", ""), v.get("location", "")) if x.strip())
    values["source_location"] = clean_text(raw_place, max_len=200)
    values["objective"] = clean_text(v.get("objective"), multiline=True)
    values["notes"] = clean_text(v.get("notes"), multiline=True)
    values["external_ref"] = clean_text(v.get("external_id"), max_len=200)
    item = Item(line, values, {"ours": ours, "theirs": theirs}, company, place=place,
                new_people=new)
    item.key = (start_utc, frozenset(ours), frozenset(theirs) | frozenset(p.key for p in new))
    return item


def _check_slot(row: MappedRow, mapping: Mapping, event: Event, places: PlaceFinder,
                people: PeopleByEmail, log: ErrorLog) -> Item | None:
    v, line = row.values, row.line
    before = len(log.errors)
    place, _ok = _place(row, mapping, places, log, room_field="room")
    tz = place.tz if place else event.tz
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
    attendees = people.resolve(v.get("attendees", ""), line, _col(mapping, "attendees"), log)
    if len(log.errors) > before or times is None:
        return None
    start_utc = times.pop("start_utc")
    values: dict[str, Any] = {**times, "title": title, "kind": kind,
                              "description": clean_text(v.get("notes"), multiline=True),
                              "external_ref": clean_text(v.get("external_id"), max_len=200)}
    item = Item(line, values, {"presenters": presenters or [], "attendees": attendees or []},
                clean_text(v.get("organisation"), max_len=300), place=place)
    item.key = (start_utc, text_key(title))
    return item


def _existing_meetings(session: Session, event: Event) -> list[Existing]:
    found = []
    for m in session.scalars(select(Meeting).where(Meeting.event_id == event.id)):
        ours = frozenset(a.person_id for a in m.attendees if a.side is AttendeeSide.OURS)
        room = m.room.name if m.room else ""
        venue = m.venue.name if m.venue else ""
        org = m.counterpart_organisation.name if m.counterpart_organisation else ""
        found.append(Existing(m.id, m.uuid, m.external_ref, m.start_utc, m.status, ours,
                              " · ".join(x for x in (room, venue) if x), room_key(room),
                              m.venue_id, f"{m.start_local:%Y-%m-%d %H:%M} · {org or 'meeting'}"
                              + (f" · {room}" if room else "")))
    return found


def _existing_keys(session: Session, event: Event, kind: Kind,
                   meetings: list[Existing]) -> tuple[dict[str, int], dict[tuple[Any, ...], int]]:
    by_ref: dict[str, int] = {}
    by_key: dict[tuple[Any, ...], int] = {}
    if kind == "meetings":
        theirs: dict[int, set[int]] = {}
        for m in session.scalars(select(Meeting).where(Meeting.event_id == event.id)):
            theirs[m.id] = {a.person_id for a in m.attendees if a.side is AttendeeSide.COUNTERPART}
        for e in meetings:
            if e.ref:
                by_ref.setdefault(e.ref, e.id)
            by_key.setdefault((e.start_utc, e.ours, frozenset(theirs.get(e.id, ()))), e.id)
    else:
        for s in session.scalars(select(Slot).where(Slot.event_id == event.id)):
            if s.external_ref:
                by_ref.setdefault(s.external_ref, s.id)
            by_key.setdefault((s.start_utc, text_key(s.title)), s.id)
    return by_ref, by_key


def _moved(item: Item, old: Existing | None) -> str:
    """The dry run's word for a meeting that changes table or venue."""
    if old is None or item.place is None:
        return ""
    new_key = room_key(item.place.room_name)
    if (new_key, item.place.venue_id) == (old.room_key, old.venue_id):
        return ""
    if not new_key and item.place.venue_id == old.venue_id:
        return ""
    return f"moves from {old.place or 'no place'} to {item.place.text()}"


def prepare_schedule(session: Session, source: Source, plan: ImportPlan, event: Event,
                     kind: Kind, cancel: CancelFn | None,
                     options: ImportOptions | None = None) -> Writer:
    """Check and match every row into ``plan``; returns the function that writes them."""
    from planner.imports.schedule.write import write_items

    options = options or ImportOptions()
    log = ErrorLog()
    places = PlaceFinder(session, event, options.venue)
    people = PeopleByEmail([(k, i) for k, i in session.execute(
        select(Person.email_key, Person.id).where(Person.email_key != "").order_by(Person.id))])
    ours_opt = _Ours(session, people, options.ours if kind == "meetings" else None)
    partners = Counterparts(session, people)
    meetings = _existing_meetings(session, event) if kind == "meetings" else []
    by_id = {e.id: e for e in meetings}
    by_ref, by_key = _existing_keys(session, event, kind, meetings)
    items: list[Item] = []
    seen: dict[tuple[Any, ...], int] = {}
    orgs = {k for (k,) in session.execute(select(Organisation.name_key))}
    new_orgs: set[str] = set()
    new_people: dict[tuple[str, str], str] = {}
    noun = "meeting" if kind == "meetings" else "slot"
    for n, row in enumerate(source.rows):
        if cancel is not None and n % 500 == 0 and cancel():
            raise Cancelled("Import cancelled: nothing was changed.")
        if (kind == "meetings" and source.table.format == "ics"
                and not row.values.get("counterparts", "").strip()
                and not row.values.get("counterpart_organisation", "").strip()):
            plan.rows.append(RowAction(row.line, "skip", row.values.get("objective", ""), None,
                                       "a session or bookmark in the calendar, not a meeting "
                                       "(no partner)"))
            continue
        if kind == "meetings":
            item = _check_meeting(row, source.mapping, event, places, people, ours_opt, partners,
                                  log)
        else:
            item = _check_slot(row, source.mapping, event, places, people, log)
        if item is None:
            continue
        if source.table.format == "ics":
            # a calendar's SUMMARY is the platform's title ("Meeting with …"), not our objective;
            # its DESCRIPTION is kept in the notes
            item.values["objective"] = ""
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
        for person in item.new_people:
            new_people.setdefault(person.key, person.label)
        items.append(item)
        action = "update" if item.existing_id is not None else "add"
        detail = "same external id" if ref and item.existing_id else ""
        moved = _moved(item, by_id.get(item.existing_id)) if item.existing_id else ""
        detail = "; ".join(x for x in (detail, moved) if x)
        plan.rows.append(RowAction(item.line, action, label_text, None, detail))  # type: ignore[arg-type]
    owner = ours_opt.fixed if ours_opt.fixed is not None else _calendar_owner(source, people)
    to_cancel = _missing_from_export(meetings, items, owner) if kind == "meetings" else []
    for old in to_cancel:
        plan.rows.append(RowAction(0, "cancel", old.label, old.uuid,
                                   "not in this export any more: will be cancelled"))
    plan.errors.extend(log.errors)
    plan.warnings.extend(log.warnings)
    plan.organisations_added = len(new_orgs)
    plan.created.extend(_created(places, new_people))
    ok_lines = {i.line for i in items}

    def write(s: Session, progress: ProgressFn | None, cancel_fn: CancelFn | None) -> int:
        bad = set(plan.error_lines)
        return write_items(s, event, kind, [i for i in items if i.line in ok_lines - bad],
                           progress, cancel_fn, cancel_ids=[m.id for m in to_cancel])

    return write


def _missing_from_export(meetings: list[Existing], items: list[Item],
                         ours: int | None) -> list[Existing]:
    """Open meetings from an earlier export (external id) that this export no longer lists.

    Only when this file has external ids itself, and only the schedules this file covers: the
    meetings of the delegate named by ``--ours`` (or whose calendar it is), or of the people on
    our side somewhere in the file — one delegate's new export never cancels a colleague's."""
    refs = {i.values.get("external_ref") for i in items} - {"", None}
    if not refs:
        return []
    owners = {ours} if ours is not None else {p for i in items for p in i.people.get("ours", [])}
    matched = {i.existing_id for i in items}
    return sorted((m for m in meetings if m.ref and m.ref not in refs and m.id not in matched
                   and m.status in _OPEN and owners & m.ours),
                  key=lambda m: m.start_utc)


def _calendar_owner(source: Source, people: PeopleByEmail) -> int | None:
    """The delegate whose calendar a .ics file is (put in every row's Our attendees)."""
    if source.table.format != "ics" or not source.table.rows:
        return None
    cells = {row.get("Our attendees") for row in source.table.rows}
    if len(cells) != 1:
        return None
    return people.ids.get(email_key(cells.pop() or ""))


def _created(places: PlaceFinder, new_people: dict[tuple[str, str], str]) -> list[str]:
    out = []
    venues = {vid for vid, _key in places.new_rooms}
    if None in venues:  # the partnering venue is made on first use
        out.append(f"new venue “{places.default_ref().venue_name}” (the partnering venue; to "
                   "use one of yours instead, mark it with venues add --partnering or the "
                   "Venues page, or import with --venue NAME)")
    names: dict[int | None, list[str]] = {}
    for (vid, _key), name in places.new_rooms.items():
        names.setdefault(vid, []).append(name)
    by_id: dict[int | None, str] = {v.id: v.name for v in places.venues.values()}
    by_id[None] = places.default_ref().venue_name
    for vid, rooms in names.items():
        shown = ", ".join(rooms[:8]) + (f" and {len(rooms) - 8} more" if len(rooms) > 8 else "")
        out.append(f"{len(rooms)} new table(s)/room(s) in {by_id.get(vid, '?')}: {shown}")
    if new_people:
        shown = ", ".join(list(new_people.values())[:8])
        more = f" and {len(new_people) - 8} more" if len(new_people) > 8 else ""
        out.append(f"{len(new_people)} new counterpart(s): {shown}{more}")
    return out


def _label(item: Item, kind: Kind) -> str:
    start: datetime = item.values["start_local"]
    if kind == "meetings":
        where = item.place.text() if item.place else ""
        who = item.organisation or ", ".join(p.label for p in item.new_people[:2])
        return " · ".join(x for x in (f"{start:%Y-%m-%d %H:%M}", who, where) if x)
    return f"{start:%Y-%m-%d %H:%M} · {item.values['title']}"

