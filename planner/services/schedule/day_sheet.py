"""One day of a mission as a list: who of the delegation is where, when, and with whom.

``build_day_sheet(session, event, day)`` gathers every timeline item that touches ``day`` (a
calendar day in the event's zone): meetings, showcase slots, side events, travel legs, and the
delegates' arrivals and departures; each with its time in event time and home time, its place,
our people and the people met. The schedule conflicts are the one checker's
(:func:`planner.services.outputs.briefing.schedule_conflicts`, exactly what ``planner check`` reports),
kept when they name an item on the sheet. With ``delegate_id`` the sheet holds that delegate's
items only. The result is plain data; :mod:`planner.exports.day_sheet` prints it.

Meetings that take no time (cancelled, declined, no-show) are not listed, only counted.
Dietary and access needs are never part of a day sheet (it is printed for the whole delegation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import timezones
from planner.domain.conflicts import MEETING, TimelineItem
from planner.domain.enums import MeetingStatus, SlotKind, label
from planner.domain.names import display_name
from planner.errors import NotFoundError, ValidationError
from planner.exports.briefing.briefing_data import ConflictNote
from planner.services.outputs.briefing import schedule_conflicts, source_date
from planner.services.schedule.timeline import Timeline, load_timeline
from planner.storage.models import Delegate, Delegation, Event, Organisation, Person

ARRIVAL, DEPARTURE = "arrival", "departure"


@dataclass(frozen=True)
class SheetPerson:
    id: int
    name: str
    organisation: str
    email: str


@dataclass(frozen=True)
class SheetEntry:
    """One line of the sheet. ``ours`` are delegates' person ids; ``with_whom`` the names of
    everyone else it brings together (counterparts, outside presenters)."""

    uuid: str
    kind: str  # "meeting", a slot kind, "arrival" or "departure"
    kind_label: str  # "Meeting", "Site visit", "Arrival"
    title: str
    start_utc: datetime
    end_utc: datetime | None  # None: a moment (an arrival)
    tz: str  # the zone of its venue
    event_time: str  # "10:00–10:30 JST"
    home_time: str  # "02:00–02:30 BST"; "" when home time is event time
    local_time: str  # the venue's own time when its zone is not the event's, else ""
    place: str  # "Table 03, Pacifico Yokohama"; a travel leg: "Pacifico Yokohama → Kobe …"
    status: str  # "" when confirmed or held, else "Requested", "Accepted"
    organisation: str  # the counterpart (or presenting) organisation
    ours: tuple[int, ...]
    with_whom: tuple[str, ...]
    conflict_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class DelegateDay:
    person: SheetPerson
    entries: tuple[SheetEntry, ...]


@dataclass(frozen=True)
class DaySheet:
    event_code: str
    event_name: str
    day: date
    tz: str
    home_tz: str
    prepared_at: datetime  # naive UTC
    entries: tuple[SheetEntry, ...]  # every line, once, in time order
    delegates: tuple[DelegateDay, ...]  # delegates with something on the day, by name
    free: tuple[SheetPerson, ...]  # delegates with nothing on the day (whole-delegation sheet)
    conflicts: tuple[ConflictNote, ...]  # the checker's conflicts naming a line of the sheet
    people: dict[int, SheetPerson]  # delegates by person id
    person_ids: frozenset[int]  # everyone the sheet names (for the export log)
    delegate_id: int | None = None  # a single delegate's sheet
    left_out: int = 0  # cancelled, declined or no-show meetings not listed

    @property
    def whole_delegation(self) -> bool:
        return self.delegate_id is None

    @property
    def conflict_keys(self) -> frozenset[str]:
        return frozenset(c.key for c in self.conflicts)


def _span(start: datetime, end: datetime | None, tz: str, home_tz: str | None, day: date) -> tuple[str, str]:
    """Event-time and home-time text of a span through the one dual-time formatter; the
    weekday is added to an end (or start) that falls on another day than ``day``."""
    def one(utc: datetime) -> timezones.DualTime:
        other_day = timezones.from_utc(utc, tz).date() != day
        return timezones.format_dual(utc, tz, home_tz, with_date=other_day)

    a = one(start)
    if end is None:
        return a.event_text, a.home_text or ""
    b = one(end)

    def join(x: str, y: str) -> str:
        xt, _, xa = x.rpartition(" ")
        yt, _, ya = y.rpartition(" ")
        return f"{xt}–{yt} {xa}" if xa == ya else f"{x}–{y}"

    home = join(a.home_text, b.home_text) if a.home_text and b.home_text else ""
    return join(a.event_text, b.event_text), home


def _delegates(session: Session, event: Event) -> dict[int, SheetPerson]:
    rows = session.execute(
        select(Person.id, Person.given_name, Person.family_name, Person.name_order, Person.native_name,
               Person.email, Organisation.name)
        .join(Delegate, Delegate.person_id == Person.id).join(Delegation)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .where(Delegation.event_id == event.id))
    return {r[0]: SheetPerson(r[0], display_name(r[1], r[2], r[3]) or r[4] or r[5], r[6] or "", r[5] or "")
            for r in rows}


def _place(tl: Timeline, it: TimelineItem) -> str:
    ctx = tl.context
    room = ctx.room_names.get(it.room_id, "") if it.room_id is not None else ""
    venue = ctx.venues.get(it.venue_id) if it.venue_id is not None else None
    dest = ctx.venues.get(it.destination_venue_id) if it.destination_venue_id is not None else None
    text = ", ".join(x for x in (room, venue.name if venue else "") if x)
    return f"{text} → {dest.name}" if dest is not None else text


def _entry(tl: Timeline, it: TimelineItem, delegates: dict[int, SheetPerson], day: date,
           keys: tuple[str, ...]) -> SheetEntry:
    ctx = tl.context
    event_time, home_time = _span(it.start, it.end, ctx.event_tz, ctx.home_tz, day)
    local = ""
    if it.tz != ctx.event_tz and timezones.from_utc(it.start, it.tz).utcoffset() != \
            timezones.from_utc(it.start, ctx.event_tz).utcoffset():
        local = _span(it.start, it.end, it.tz, None, day)[0]
    ours = tuple(p for p in it.people if p in delegates)
    others = tuple(tl.people[p].name for p in it.people if p not in delegates and p in tl.people)
    status = ""
    if it.is_meeting and it.status not in (MeetingStatus.CONFIRMED.value, MeetingStatus.HELD.value):
        status = label(MeetingStatus(it.status))
    kind_label = "Meeting" if it.is_meeting else label(SlotKind(it.kind))
    return SheetEntry(it.uuid, it.kind, kind_label, it.title, it.start, it.end, it.tz, event_time, home_time,
                      local, _place(tl, it), status, ctx.org_names.get(it.organisation_id or 0, ""), ours,
                      others, keys)


def _movements(session: Session, event: Event, day: date, delegates: dict[int, SheetPerson],
               home_tz: str | None) -> list[SheetEntry]:
    """Arrivals and departures on ``day`` (stored as event-local wall times)."""
    out = []
    for pid, arrival, a_flight, departure, d_flight in session.execute(
            select(Delegate.person_id, Delegate.arrival, Delegate.arrival_flight, Delegate.departure,
                   Delegate.departure_flight).join(Delegation).where(Delegation.event_id == event.id)):
        for kind, wall, flight in ((ARRIVAL, arrival, a_flight), (DEPARTURE, departure, d_flight)):
            if wall is None or wall.date() != day or pid not in delegates:
                continue
            utc = timezones.to_utc_lenient(wall, event.tz)
            event_time, home_time = _span(utc, None, event.tz, home_tz, day)
            verb = "Arrives" if kind == ARRIVAL else "Departs"
            title = f"{verb}" + (f" on {flight}" if flight else "")
            out.append(SheetEntry(f"{kind}-{pid}", kind, label_of(kind), title, utc, None, event.tz, event_time,
                                  home_time, "", "", "", "", (pid,), ()))
    return out


def label_of(kind: str) -> str:
    return {ARRIVAL: "Arrival", DEPARTURE: "Departure", MEETING: "Meeting"}.get(kind) or label(SlotKind(kind))


def build_day_sheet(session: Session, event: Event, day: date, *, delegate_id: int | None = None,
                    prepared_at: datetime | None = None) -> DaySheet:
    """The sheet of ``day`` (event-local) for the whole delegation, or for one delegate.

    Raises :class:`NotFoundError` when ``delegate_id`` is not a delegate of the event, and
    :class:`ValidationError` for a day outside the event's dates that holds nothing (a typo
    must not print as an empty day)."""
    tl = load_timeline(session, event)
    delegates = _delegates(session, event)
    if delegate_id is not None and delegate_id not in delegates:
        raise NotFoundError(f"That person is not a delegate of {event.code}")
    lo, hi = timezones.local_day_bounds(day, event.tz)
    on_day = [it for it in tl.items if it.start < hi and it.end > lo]
    if not on_day and not (event.start_date <= day <= event.end_date):
        raise ValidationError(f"{day:%d %B %Y} is outside {event.name} ({event.start_date:%d %B} – "
                              f"{event.end_date:%d %B %Y}) and nothing is scheduled on it", "date")
    listed = [it for it in on_day if it.occupies]
    if delegate_id is not None:
        listed = [it for it in listed if delegate_id in it.people]
    left_out = sum(1 for it in on_day if not it.occupies
                   and (delegate_id is None or delegate_id in it.people))
    uuids = {it.uuid for it in listed}
    notes = tuple(n for n in schedule_conflicts(session, event, {}) if any(i.uuid in uuids for i in n.items))
    keys: dict[str, list[str]] = {}
    for note in notes:
        for item in note.items:
            keys.setdefault(item.uuid, []).append(note.key)
    entries = [_entry(tl, it, delegates, day, tuple(keys.get(it.uuid, ()))) for it in listed]
    entries += [m for m in _movements(session, event, day, delegates, tl.context.home_tz)
                if delegate_id is None or m.ours == (delegate_id,)]
    order = {MEETING: 1, ARRIVAL: -1, DEPARTURE: 2}
    entries.sort(key=lambda e: (e.start_utc, order.get(e.kind, 0), e.end_utc or e.start_utc, e.uuid))
    chosen = [delegate_id] if delegate_id is not None else list(delegates)
    per: list[DelegateDay] = []
    free: list[SheetPerson] = []
    for pid in chosen:
        mine = tuple(e for e in entries if pid in e.ours)
        if mine:
            per.append(DelegateDay(delegates[pid], mine))
        else:
            free.append(delegates[pid])
    per.sort(key=lambda d: (d.person.name.casefold(), d.person.id))
    free.sort(key=lambda p: (p.name.casefold(), p.id))
    named = {pid for it in listed for pid in it.people} | {p for e in entries for p in e.ours}
    named |= {pid for n in notes for pid in n.person_ids} | {d.person.id for d in per} | ({p.id for p in free} if delegate_id is None else set())
    return DaySheet(event.code, event.name, day, event.tz, tl.context.home_tz or event.tz,
                    prepared_at or source_date() or timezones.utc_now(), tuple(entries), tuple(per),
                    tuple(free) if delegate_id is None else (), notes, delegates, frozenset(named),
                    delegate_id, left_out)
