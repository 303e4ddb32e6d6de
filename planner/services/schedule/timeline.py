"""One timeline per event, delegate, room or organisation: meetings, slots and side events together.

Items are loaded with a handful of column-only SELECTs (no ORM objects), so an event with
hundreds of thousands of items loads quickly; the views below are filters over that list.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import BindParameter, String, bindparam, select, type_coerce
from sqlalchemy.orm import Session

from planner.domain import timezones
from planner.domain.conflicts import MEETING, CheckContext, TimelineItem, VenueInfo
from planner.domain.enums import AttendeeSide, MeetingStatus, SlotRole
from planner.domain.names import display_name
from planner.services.events.events import travel_table
from planner.storage.models import (
    Event,
    Meeting,
    MeetingAttendee,
    Organisation,
    Person,
    Room,
    Slot,
    SlotPerson,
    Venue,
)

if TYPE_CHECKING:
    from planner.exports.ics import CalendarData


@dataclass(frozen=True, slots=True)
class PersonRef:
    id: int
    uuid: str
    email: str
    name: str
    organisation_id: int | None


@dataclass
class Timeline:
    """An event's items in UTC order with what is needed to describe and check them."""

    event_id: int
    event_code: str
    items: list[TimelineItem]
    context: CheckContext
    people: dict[int, PersonRef] = field(default_factory=dict)
    room_venues: dict[int, int] = field(default_factory=dict)

    def by_uuid(self) -> dict[str, TimelineItem]:
        return {it.uuid: it for it in self.items}


@dataclass(frozen=True)
class TimelineEntry:
    """One row of a timeline view, ready for a table or a printout."""

    uuid: str
    kind: str
    title: str
    start_utc: datetime
    end_utc: datetime
    tz: str
    start_iso: str
    end_iso: str
    when: str  # event-local, and home time when it differs
    venue: str
    room: str
    destination: str
    status: str
    active: bool
    people: tuple[str, ...]  # display names
    emails: tuple[str, ...]


_OURS = AttendeeSide.OURS.value
_PRESENTER = SlotRole.PRESENTER.value
_STATUSES = {s.value: s for s in MeetingStatus}


def _stored(column: Any) -> Any:
    """An enumeration column as the value stored (``enum_column`` stores each member's value)."""
    return type_coerce(column, String)


def _meeting_title(org_name: str, counterparts: list[str]) -> str:
    if org_name:
        return f"Meeting with {org_name}"
    if counterparts:
        return "Meeting with " + ", ".join(counterparts[:3])
    return "Meeting"


def load_timeline(session: Session, event: Event, *, home_tz: str | None = None) -> Timeline:
    """Every meeting and slot of ``event`` as :class:`TimelineItem`, sorted by UTC start.

    Read through the session's connection (rows as plain tuples, no ORM result machinery) and
    with the enumerations as their stored values (one dictionary lookup each instead of a type
    conversion per row): tens of thousands of attendee rows at ``demo --scale 100``."""
    conn = session.connection()
    venue_ids = select(Venue.id).where(Venue.event_id == event.id)
    venues = {r.id: VenueInfo(r.id, r.name, r.tz, r.opens, r.closes) for r in conn.execute(
        select(Venue.id, Venue.name, Venue.tz, Venue.opens, Venue.closes).where(Venue.event_id == event.id))}
    rooms = conn.execute(select(Room.id, Room.name, Room.venue_id).where(Room.venue_id.in_(venue_ids))).all()

    slot_people: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for slot_id, pid, role in conn.execute(
            select(SlotPerson.slot_id, SlotPerson.person_id, _stored(SlotPerson.role)).join(Slot)
            .where(Slot.event_id == event.id).order_by(SlotPerson.id)):
        slot_people[slot_id][0 if role == _PRESENTER else 1].append(pid)  # hosts attend
    sides: dict[int, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for meeting_id, pid, side in conn.execute(
            select(MeetingAttendee.meeting_id, MeetingAttendee.person_id, _stored(MeetingAttendee.side))
            .join(Meeting).where(Meeting.event_id == event.id).order_by(MeetingAttendee.id)):
        sides[meeting_id][0 if side == _OURS else 1].append(pid)

    ids_in_slots = select(SlotPerson.person_id).join(Slot).where(Slot.event_id == event.id)
    ids_in_meetings = select(MeetingAttendee.person_id).join(Meeting).where(Meeting.event_id == event.id)
    people = {r.id: PersonRef(r.id, r.uuid, r.email, display_name(r.given_name, r.family_name, r.name_order)
                              or r.native_name or r.email, r.organisation_id)
              for r in conn.execute(
                  select(Person.id, Person.uuid, Person.email, Person.given_name, Person.family_name,
                         Person.name_order, Person.native_name, Person.organisation_id)
                  .where(Person.id.in_(ids_in_slots) | Person.id.in_(ids_in_meetings)))}
    org_ids = select(Meeting.counterpart_organisation_id).where(Meeting.event_id == event.id)
    slot_org_ids = select(Slot.organisation_id).where(Slot.event_id == event.id)
    orgs: dict[int, str] = {oid: name for oid, name in conn.execute(select(Organisation.id, Organisation.name)
                            .where(Organisation.id.in_(org_ids) | Organisation.id.in_(slot_org_ids)))}

    items: list[TimelineItem] = []
    no_people: tuple[list[int], list[int]] = ([], [])
    for r in conn.execute(
            select(Slot.id, Slot.uuid, _stored(Slot.kind), Slot.title, Slot.start_utc, Slot.end_utc,
                   Slot.start_local, Slot.end_local, Slot.tz, Slot.venue_id, Slot.room_id,
                   Slot.destination_venue_id, Slot.organisation_id).where(Slot.event_id == event.id)):
        presenters, attendees = slot_people.get(r[0], no_people)
        items.append(TimelineItem(
            r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], "",
            tuple(attendees), (), tuple(presenters), True))
    for mr in conn.execute(
            select(Meeting.id, Meeting.uuid, _stored(Meeting.status), Meeting.start_utc, Meeting.end_utc,
                   Meeting.start_local, Meeting.end_local, Meeting.tz, Meeting.venue_id, Meeting.room_id,
                   Meeting.counterpart_organisation_id).where(Meeting.event_id == event.id)):
        ours, theirs = sides.get(mr[0], no_people)
        status = _STATUSES[mr[2]]
        title = _meeting_title(orgs.get(mr[10] or 0, ""), [people[p].name for p in theirs if p in people])
        items.append(TimelineItem(
            mr[0], mr[1], MEETING, title, mr[3], mr[4], mr[5], mr[6], mr[7], mr[8], mr[9], None, mr[10],
            status.value, tuple(ours), tuple(theirs), (), status.occupies_time))
    items.sort(key=lambda it: (it.start, it.end, it.uuid))
    ctx = CheckContext(event.start_date, event.end_date, event.tz, home_tz or event.home_tz, venues,
                       travel_table(session, event), {pid: p.name for pid, p in people.items()},
                       {r.id: r.name for r in rooms}, orgs)
    return Timeline(event.id, event.code, items, ctx, people, {r.id: r.venue_id for r in rooms})


# -- views -------------------------------------------------------------------------------------
def for_person(timeline: Timeline, person_id: int) -> list[TimelineItem]:
    return [it for it in timeline.items if person_id in it.people]


def for_room(timeline: Timeline, room_id: int) -> list[TimelineItem]:
    return [it for it in timeline.items if it.room_id == room_id]


def for_venue(timeline: Timeline, venue_id: int) -> list[TimelineItem]:
    return [it for it in timeline.items if venue_id in (it.venue_id, it.destination_venue_id)]


def for_organisation(timeline: Timeline, organisation_id: int) -> list[TimelineItem]:
    """Items the organisation presents, is met at, or that one of its people takes part in."""
    members = {pid for pid, p in timeline.people.items() if p.organisation_id == organisation_id}
    return [it for it in timeline.items
            if it.organisation_id == organisation_id or members.intersection(it.people)]


def entries(timeline: Timeline, items: list[TimelineItem]) -> list[TimelineEntry]:
    """Display rows for items (times via the one dual-time formatter)."""
    ctx = timeline.context
    out = []
    for it in items:
        venue = ctx.venues.get(it.venue_id) if it.venue_id is not None else None
        dest = ctx.venues.get(it.destination_venue_id) if it.destination_venue_id is not None else None
        room = ctx.room_names.get(it.room_id, "") if it.room_id is not None else ""
        refs = [timeline.people[p] for p in dict.fromkeys(it.people) if p in timeline.people]
        out.append(TimelineEntry(
            it.uuid, it.kind, it.title, it.start, it.end, it.tz, timezones.iso_local(it.start, it.tz),
            timezones.iso_local(it.end, it.tz), timezones.format_span(it.start, it.end, it.tz, ctx.home_tz),
            venue.name if venue else "", room, dest.name if dest else "", it.status, it.occupies,
            tuple(p.name for p in refs), tuple(p.email for p in refs)))
    return out


def event_timeline(session: Session, event: Event, *, home_tz: str | None = None) -> list[TimelineEntry]:
    tl = load_timeline(session, event, home_tz=home_tz)
    return entries(tl, tl.items)


def person_timeline(session: Session, event: Event, person: Person, *,
                    home_tz: str | None = None) -> list[TimelineEntry]:
    tl = load_timeline(session, event, home_tz=home_tz)
    return entries(tl, for_person(tl, person.id))


def room_timeline(session: Session, event: Event, room: Room, *, home_tz: str | None = None) -> list[TimelineEntry]:
    tl = load_timeline(session, event, home_tz=home_tz)
    return entries(tl, for_room(tl, room.id))


def organisation_timeline(session: Session, event: Event, organisation: Organisation, *,
                          home_tz: str | None = None) -> list[TimelineEntry]:
    tl = load_timeline(session, event, home_tz=home_tz)
    return entries(tl, for_organisation(tl, organisation.id))


# -- calendars -----------------------------------------------------------------------------------
_ICAL_STATUS = {"requested": "TENTATIVE", "accepted": "CONFIRMED", "confirmed": "CONFIRMED",
                "held": "CONFIRMED"}


MAX_LISTED = 8


def _describe(tl: Timeline, it: TimelineItem, extra: dict[str, str], written: set[int]) -> str:
    """The DESCRIPTION text; adds the people it names to ``written``."""
    ctx = tl.context

    def names(ids: tuple[int, ...], *, emails: bool) -> str:
        known = [p for p in dict.fromkeys(ids) if p in tl.people]
        shown = known[:MAX_LISTED]
        written.update(shown)
        parts = [f"{tl.people[p].name} <{tl.people[p].email}>" if emails and tl.people[p].email
                 else tl.people[p].name for p in shown]
        more = len(known) - len(shown)
        return "; ".join(parts) + (f" and {more} more" if more else "")

    lines = [f"When: {timezones.format_span(it.start, it.end, it.tz, ctx.home_tz)}"]
    where = _where(tl, it)
    if where:
        lines.append(f"Where: {where}")
    if it.is_meeting:
        org = ctx.org_names.get(it.organisation_id or 0, "")
        lines.append(f"Status: {it.status.replace('_', ' ')}")
        if org:
            lines.append(f"Counterpart organisation: {org}")
        if it.counterparts:
            lines.append(f"Counterparts: {names(it.counterparts, emails=True)}")
        if it.ours:
            lines.append(f"Our attendees: {names(it.ours, emails=True)}")
    else:
        if it.presenters:
            lines.append(f"Presenters: {names(it.presenters, emails=False)}")
        if it.ours:
            lines.append(f"Attendees: {names(it.ours, emails=False)}")
    for label, text in extra.items():
        if text:
            lines.append(f"{label}: {text}" if "\n" not in text else f"{label}:\n{text}")
    return "\n".join(lines)


def _where(tl: Timeline, it: TimelineItem) -> str:
    ctx = tl.context
    parts = []
    room = ctx.room_names.get(it.room_id, "") if it.room_id is not None else ""
    if room:
        parts.append(room)
    venue = ctx.venues.get(it.venue_id) if it.venue_id is not None else None
    if venue is not None:
        parts.append(venue.name)
    dest = ctx.venues.get(it.destination_venue_id) if it.destination_venue_id is not None else None
    return ", ".join(parts) + (f" → {dest.name}" if dest is not None else "")


def calendar_data(session: Session, event: Event, person: Person | None = None, *,
                  stamp: datetime | None = None) -> CalendarData:
    """A delegate's calendar (or, without ``person``, the whole delegation's) for the .ics export:
    what the plan shows now, with the SEQUENCEs and cancellations the calendar's memory of its
    last export calls for (:func:`planner.services.outputs.calendars.calendar_export`)."""
    from planner.services.outputs.calendars import calendar_export  # it builds on this module

    return calendar_export(session, event, person, stamp=stamp).data


def _inline_ids(name: str, ids: list[int]) -> BindParameter[Any]:
    """``ids`` for an ``IN``, written into the statement as integer literals: one statement
    however many there are (bound parameters would hit SQLite's limit and need chunks)."""
    return bindparam(name, [int(i) for i in ids], expanding=True, literal_execute=True)


def current_calendar(session: Session, event: Event, person: Person | None = None, *,
                     stamp: datetime | None = None) -> CalendarData:
    """What the plan shows now for the calendar, every item included: a cancelled or declined
    meeting is an entry with STATUS CANCELLED and its stored SEQUENCE (which of them a file
    carries is decided against the calendar's memory, in :mod:`planner.services.outputs.calendars`)."""
    tl = load_timeline(session, event)
    chosen = for_person(tl, person.id) if person is not None else tl.items
    meeting_ids = [it.id for it in chosen if it.is_meeting]
    slot_ids = [it.id for it in chosen if not it.is_meeting]
    meeting_extra: dict[int, tuple[int, datetime, dict[str, str]]] = {}
    if meeting_ids:  # one statement each for meetings and slots, however many (issue 20)
        for r in session.execute(select(Meeting.id, Meeting.sequence, Meeting.updated_at, Meeting.objective,
                                        Meeting.talking_points, Meeting.interpreter_needed,
                                        Meeting.interpreter_language)
                                 .where(Meeting.id.in_(_inline_ids("meeting_ids", meeting_ids)))):
            interp = (f"needed ({r.interpreter_language})" if r.interpreter_language else "needed") \
                if r.interpreter_needed else ""
            meeting_extra[r.id] = (r.sequence, r.updated_at, {"Objective": r.objective,
                                                              "Talking points": r.talking_points,
                                                              "Interpreter": interp})
    slot_extra: dict[int, tuple[int, datetime, dict[str, str]]] = {}
    if slot_ids:
        for sr in session.execute(select(Slot.id, Slot.sequence, Slot.updated_at, Slot.description)
                                  .where(Slot.id.in_(_inline_ids("slot_ids", slot_ids)))):
            slot_extra[sr.id] = (sr.sequence, sr.updated_at, {"About": sr.description})
    from planner.exports.ics import (  # the calendar export only
        UID_DOMAIN,
        CalendarData,
        CalendarEntry,
        entry_uid,
    )

    entries: list[CalendarEntry] = []
    people: set[int] = set()
    for it in chosen:
        sequence, updated, extra = (meeting_extra if it.is_meeting else slot_extra)[it.id]
        status = _ICAL_STATUS.get(it.status, "CANCELLED") if it.is_meeting else "CONFIRMED"
        shown = tuple(sorted(tl.people[p].uuid for p in it.people if p in tl.people))
        entries.append(CalendarEntry(
            entry_uid(it.uuid), sequence, it.title, it.start, it.end, it.tz, _where(tl, it),
            _describe(tl, it, extra, people), status, (it.kind.replace("_", " "),), updated, shown))
    if person is not None:
        people.add(person.id)
        name = f"{event.name} — {tl.people[person.id].name if person.id in tl.people else person.email}"
        uid = f"{event.uuid}.{person.uuid}@{UID_DOMAIN}"
    else:
        name, uid = f"{event.name} — delegation", f"{event.uuid}@{UID_DOMAIN}"
    return CalendarData(name, f"Exported from Mission Desk ({event.code})", entries, uid, frozenset(people),
                        stamp)
