"""Schedule conflicts across every kind of timeline item: a pure function over plain dataclasses.

Meetings, showcase slots and side events (travel legs included) are checked together. All
comparisons run on naive UTC instants; wall times are only used for dates and opening hours.
The checker sorts the items once by start, then sweeps each person's, room's and counterpart
organisation's items in that order, so it costs O(n log n + conflicts) and can run live while
a user drags items on a schedule board.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from operator import attrgetter

from planner.domain import timezones


class ConflictKind(StrEnum):
    PERSON_DOUBLE_BOOKED = "person_double_booked"
    ROOM_DOUBLE_BOOKED = "room_double_booked"
    TRAVEL_TIME = "travel_time"
    OUTSIDE_VENUE_HOURS = "outside_venue_hours"
    OUTSIDE_EVENT_DATES = "outside_event_dates"
    PRESENTER_BUSY = "presenter_busy"
    COUNTERPART_ORG_TWICE = "counterpart_org_twice"


TRAVEL = "travel"
MEETING = "meeting"
OVERNIGHT_GRACE = timedelta(hours=12)
_MINUTE = timedelta(minutes=1)
# The grid free starts are rounded up to: steps counted from a UTC midnight, so a step that
# divides a day (5, 10, 15, 30 min) falls on the clock's round minutes.
_GRID_ORIGIN = datetime(2000, 1, 1)


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One thing on the timeline. ``kind`` is ``meeting`` or a slot kind (showcase, travel …).

    ``start``/``end`` are naive UTC; ``start_local``/``end_local`` the wall times in ``tz``.
    For a slot, ``ours`` holds its attendees and ``presenters`` its presenters; for a meeting,
    ``ours``/``counterparts`` its two sides and ``organisation_id`` the counterpart
    organisation. A travel leg starts at ``venue_id`` and ends at ``destination_venue_id``.
    """

    id: int
    uuid: str
    kind: str
    title: str
    start: datetime
    end: datetime
    start_local: datetime
    end_local: datetime
    tz: str
    venue_id: int | None = None
    room_id: int | None = None
    destination_venue_id: int | None = None
    organisation_id: int | None = None
    status: str = ""
    ours: tuple[int, ...] = ()
    counterparts: tuple[int, ...] = ()
    presenters: tuple[int, ...] = ()
    occupies: bool = True
    people: tuple[int, ...] = field(init=False, repr=False, compare=False)  # everyone, once each
    end_venue_id: int | None = field(init=False, repr=False, compare=False)  # where it leaves you

    def __post_init__(self) -> None:
        object.__setattr__(self, "people", tuple(dict.fromkeys(self.presenters + self.ours + self.counterparts)))
        leg_end = self.kind == TRAVEL and self.destination_venue_id is not None
        object.__setattr__(self, "end_venue_id", self.destination_venue_id if leg_end else self.venue_id)

    @property
    def is_meeting(self) -> bool:
        return self.kind == MEETING




@dataclass(frozen=True, slots=True)
class VenueInfo:
    id: int
    name: str
    tz: str
    opens: time | None = None
    closes: time | None = None


@dataclass(frozen=True)
class CheckContext:
    """What the checker needs besides the items: dates, venues, travel minutes and names."""

    event_start: date
    event_end: date
    event_tz: str
    home_tz: str | None = None
    venues: Mapping[int, VenueInfo] = field(default_factory=dict)
    travel: Mapping[tuple[int, int], int] = field(default_factory=dict)
    person_names: Mapping[int, str] = field(default_factory=dict)
    room_names: Mapping[int, str] = field(default_factory=dict)
    org_names: Mapping[int, str] = field(default_factory=dict)

    def person(self, pid: int) -> str:
        return self.person_names.get(pid, f"person #{pid}")

    def people(self, pids: Iterable[int]) -> str:
        names = sorted({self.person(p) for p in pids})
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    message: str
    suggestion: str
    items: tuple[str, ...]  # item uuids, in time order
    people: tuple[int, ...]  # person ids
    signature: str  # changes when any item involved moves
    at: datetime | None = field(default=None, compare=False)  # UTC start of the first item

    @property
    def key(self) -> str:
        """A stable name for this conflict: its kind and the items and people involved."""
        raw = "|".join((self.kind.value, *sorted(self.items), *map(str, sorted(self.people))))
        return f"{self.kind.value}:{hashlib.sha1(raw.encode()).hexdigest()[:16]}"

    @property
    def text(self) -> str:
        return f"{self.message} {self.suggestion}".strip()


_START = attrgetter("start")
_UUID = attrgetter("uuid")
_TIME_ORDER = attrgetter("start", "uuid")


def occupying(items: Iterable[TimelineItem]) -> list[TimelineItem]:
    """The items that take time, sorted by UTC start (cancelled or declined meetings take none).

    The sort is stable, so items that start together keep the caller's order.
    """
    return sorted([it for it in items if it.occupies], key=_START)


def _signature(items: Sequence[TimelineItem]) -> str:
    raw = "|".join(f"{it.uuid}@{it.start.isoformat()}-{it.end.isoformat()}/{it.venue_id}/{it.room_id}"
                   for it in sorted(items, key=_UUID))
    return hashlib.sha1(raw.encode()).hexdigest()[:20]


class _Describer:
    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx

    def when(self, it: TimelineItem) -> str:
        return timezones.format_span(it.start, it.end, it.tz, self.ctx.home_tz)

    def _venue(self, vid: int | None) -> VenueInfo | None:
        return None if vid is None else self.ctx.venues.get(vid)

    def where(self, it: TimelineItem) -> str:
        parts = []
        if it.room_id is not None and it.room_id in self.ctx.room_names:
            parts.append(self.ctx.room_names[it.room_id])
        venue = self._venue(it.venue_id)
        if venue is not None:
            parts.append(venue.name)
        dest = self._venue(it.destination_venue_id)
        return ", ".join(parts) + (f" → {dest.name}" if it.kind == TRAVEL and dest is not None else "")

    def item(self, it: TimelineItem) -> str:
        where = self.where(it)
        return f"“{it.title}” ({self.when(it)}{', ' + where if where else ''})"

    def venue(self, vid: int | None) -> str:
        venue = self._venue(vid)
        return venue.name if venue else "an unknown venue"


def _pair_conflict(kind: ConflictKind, a: TimelineItem, b: TimelineItem, people: Iterable[int],
                   message: str, suggestion: str) -> Conflict:
    first, second = sorted((a, b), key=_TIME_ORDER)
    return Conflict(kind, message, suggestion, (first.uuid, second.uuid), tuple(sorted(set(people))),
                    _signature((a, b)), first.start)


def _is_presenter_busy(meeting: TimelineItem, slot: TimelineItem, person: int) -> bool:
    return meeting.is_meeting and not slot.is_meeting and person in slot.presenters \
        and meeting.ours == (person,)


def _overlap_conflict(a: TimelineItem, b: TimelineItem, people: set[int], ctx: CheckContext,
                      d: _Describer) -> Conflict:
    for meeting, slot in ((a, b), (b, a)):
        busy = [p for p in people if _is_presenter_busy(meeting, slot, p)]
        if busy:
            who = ctx.people(busy)
            return _pair_conflict(
                ConflictKind.PRESENTER_BUSY, a, b, people,
                f"{who} presents {d.item(slot)} during {d.item(meeting)}, where {who} is the only "
                f"attendee from our side.",
                "Move the meeting, or add a colleague who can take it.")
    who = ctx.people(people)
    return _pair_conflict(
        ConflictKind.PERSON_DOUBLE_BOOKED, a, b, people,
        f"{who} {'is' if len(people) == 1 else 'are'} booked in two places at once: "
        f"{d.item(a)} and {d.item(b)}.",
        f"Move one of them, or take {who} off one of them.")


def _outside_dates(it: TimelineItem, ctx: CheckContext, d: _Describer) -> Conflict:
    return Conflict(
        ConflictKind.OUTSIDE_EVENT_DATES,
        f"{d.item(it)} is outside the event's dates "
        f"({ctx.event_start:%a %d %b} – {ctx.event_end:%a %d %b %Y}).",
        "Move it into the event's dates, or change the event's dates if they are wrong.",
        (it.uuid,), tuple(sorted(it.people)), _signature((it,)), it.start)


def _outside_hours(it: TimelineItem, venue: VenueInfo, d: _Describer) -> Conflict:
    return Conflict(
        ConflictKind.OUTSIDE_VENUE_HOURS,
        f"{d.item(it)} is outside the opening hours of {venue.name} "
        f"({venue.opens:%H:%M}–{venue.closes:%H:%M}).",
        f"Move it to between {venue.opens:%H:%M} and {venue.closes:%H:%M}, or to another venue.",
        (it.uuid,), tuple(sorted(it.people)), _signature((it,)), it.start)


def _room_conflict(a: TimelineItem, b: TimelineItem, room_id: int, d: _Describer) -> Conflict:
    room = d.ctx.room_names.get(room_id, f"room #{room_id}")
    return _pair_conflict(
        ConflictKind.ROOM_DOUBLE_BOOKED, a, b, set(a.people) | set(b.people),
        f"{room} is double-booked: {d.item(a)} and {d.item(b)} overlap.",
        "Give one of them another room or table, or move it.")


def _org_conflict(a: TimelineItem, b: TimelineItem, org_id: int, d: _Describer) -> Conflict:
    org = d.ctx.org_names.get(org_id, f"organisation #{org_id}")
    return _pair_conflict(
        ConflictKind.COUNTERPART_ORG_TWICE, a, b, set(a.ours) | set(b.ours),
        f"{org} is met twice at the same time by different delegates "
        f"({d.ctx.people(a.ours)}; {d.ctx.people(b.ours)}): {d.item(a)} and {d.item(b)}.",
        "Merge them into one meeting, or move one so the organisation is not split.")


def _travel_conflict(a: TimelineItem, b: TimelineItem, people: set[int], need: int, gap: int,
                     d: _Describer) -> Conflict:
    who = d.ctx.people(people)
    return _pair_conflict(
        ConflictKind.TRAVEL_TIME, a, b, people,
        f"{who} cannot get from {d.venue(a.end_venue_id)} to {d.venue(b.venue_id)} in time: "
        f"{d.item(a)} ends {gap} min before {d.item(b)}, and the journey takes {need} min.",
        f"Move one of them so that at least {need} min lie between them "
        f"({need - gap} min more), or change the travel time if it is wrong.")


# A sweep state per person, room or organisation: [item ending last, its end, items still running
# (None when only that one)]. Items arrive in start order, so each step is O(1) unless they overlap.
_State = list


def _running(state: _State, it: TimelineItem) -> list[TimelineItem] | None:
    """Advance ``state`` to ``it``; the earlier items it overlaps, or None when it overlaps none."""
    start = it.start
    if start >= state[1]:
        state[0], state[1], state[2] = it, it.end, None
        return None
    running = [a for a in state[2] if a.end > start] if state[2] is not None else [state[0]]
    state[2] = [*running, it]
    if it.end > state[1]:
        state[0], state[1] = it, it.end
    return running


def _scan(items: list[TimelineItem], ctx: CheckContext, d: _Describer,
          cancel: Callable[[], bool] | None) -> list[Conflict]:
    """One pass over the items in start order, keeping a sweep state per person, room and
    counterpart organisation, and checking dates and opening hours on the way."""
    persons: dict[int, _State] = {}
    rooms: dict[int, _State] = {}
    orgs: dict[int, _State] = {}
    overlaps: dict[tuple[str, str], tuple[TimelineItem, TimelineItem, set[int]]] = {}
    short: dict[tuple[str, str], tuple[TimelineItem, TimelineItem, set[int], int, int]] = {}
    # per zone of the items: the UTC start of the event's first day and of the day after its last
    bounds = {tz: (timezones.to_utc_lenient(datetime.combine(ctx.event_start, time(0)), tz),
                   timezones.to_utc_lenient(datetime.combine(ctx.event_end + timedelta(days=1), time(0)), tz))
              for tz in {it.tz for it in items}}
    windows: dict[tuple[int, date], tuple[datetime, datetime]] = {}  # (venue, local day) → UTC hours
    travel, venues = ctx.travel, ctx.venues
    out: list[Conflict] = []
    for n, it in enumerate(items):
        if cancel is not None and not n % 20_000 and cancel():
            from planner.errors import Cancelled

            raise Cancelled("The check was cancelled")
        start = it.start
        for pid in it.people:
            st = persons.get(pid)
            if st is None:
                persons[pid] = [it, it.end, None]
                continue
            if start >= st[1]:  # free before this item (_running starts afresh): time to get here?
                last = st[0]
                src, dst = last.end_venue_id, it.venue_id
                if src != dst and src is not None and dst is not None:
                    need = travel.get((src, dst))
                    if need is not None:
                        gap = (start - st[1]) // _MINUTE
                        if gap < need:
                            short.setdefault((last.uuid, it.uuid), (last, it, set(), need, gap))[2].add(pid)
            for a in _running(st, it) or ():
                overlaps.setdefault((a.uuid, it.uuid), (a, it, set()))[2].add(pid)
        if it.room_id is not None:
            st = rooms.get(it.room_id)
            if st is None:
                rooms[it.room_id] = [it, it.end, None]
            else:
                for a in _running(st, it) or ():
                    out.append(_room_conflict(a, it, it.room_id, d))
        if it.organisation_id is not None and it.kind == MEETING:
            st = orgs.get(it.organisation_id)
            if st is None:
                orgs[it.organisation_id] = [it, it.end, None]
            else:
                for a in _running(st, it) or ():
                    if set(a.ours) != set(it.ours):  # the same delegates twice is a double booking
                        out.append(_org_conflict(a, it, it.organisation_id, d))
        b = bounds[it.tz]
        # Starting within the dates is what counts: an overnight flight or a reception that
        # ends after midnight of the last day is not outside the event (up to noon next day).
        if not (b[0] <= start < b[1] and it.end <= b[1] + OVERNIGHT_GRACE):
            out.append(_outside_dates(it, ctx, d))
        vid = it.venue_id
        if vid is None or it.kind == TRAVEL:
            continue
        venue = venues.get(vid)
        if venue is None or venue.opens is None or venue.closes is None:
            continue
        day = it.start_local.date() if venue.tz == it.tz else timezones.wall_from_utc(start, venue.tz)[0].date()
        w = windows.get((vid, day))
        if w is None:
            w = windows[(vid, day)] = (timezones.to_utc_lenient(datetime.combine(day, venue.opens), venue.tz),
                                       timezones.to_utc_lenient(datetime.combine(day, venue.closes), venue.tz))
        if not (w[0] <= start and it.end <= w[1]):
            out.append(_outside_hours(it, venue, d))
    out.extend(_overlap_conflict(a, b2, people, ctx, d) for a, b2, people in overlaps.values())
    out.extend(_travel_conflict(a, b2, people, need, gap, d) for a, b2, people, need, gap in short.values())
    return out


def find_conflicts(items: Iterable[TimelineItem], ctx: CheckContext,
                   cancel: Callable[[], bool] | None = None) -> list[Conflict]:
    """Every conflict among ``items``, in time order (items that take no time are ignored).

    A meeting that clashes with the pitch of its only attendee from our side is reported once,
    as ``presenter_busy``; two overlapping items shared by several people are one conflict.
    """
    paused = gc.isenabled()
    if paused:  # the scan allocates many small acyclic objects: full collections would only cost time
        gc.disable()
    try:
        out = _scan(occupying(items), ctx, _Describer(ctx), cancel)
    finally:
        if paused:
            gc.enable()
    order = {kind: i for i, kind in enumerate(ConflictKind)}
    out.sort(key=lambda c: (c.at, order[c.kind], c.items))
    return out


def conflicts_involving(conflicts: Iterable[Conflict], uuids: Iterable[str]) -> list[Conflict]:
    """The conflicts that name any of the given items (e.g. the one being dragged)."""
    wanted = set(uuids)
    return [c for c in conflicts if wanted.intersection(c.items)]


def _ceil_to(moment: datetime, step: timedelta) -> datetime:
    rest = (moment - _GRID_ORIGIN) % step
    return moment if not rest else moment + (step - rest)


def free_start(items: Iterable[TimelineItem], ctx: CheckContext, *, people: Iterable[int], venue_id: int,
               duration: timedelta, earliest: datetime, room_id: int | None = None,
               exclude: Iterable[str] = (), step: timedelta = timedelta(minutes=5)) -> datetime | None:
    """The first UTC start ≥ ``earliest`` when everyone in ``people`` (and the room) is free for
    ``duration`` at ``venue_id``, with travel time from their previous item and to their next one,
    inside the venue's opening hours and the event's dates; None when there is no such time.
    """
    wanted, skip = set(people), set(exclude)
    venue = ctx.venues.get(venue_id)
    tz = venue.tz if venue is not None else ctx.event_tz
    travel = ctx.travel
    blocked: list[tuple[datetime, datetime]] = []
    for it in items:
        if not it.occupies or it.uuid in skip:
            continue
        if room_id is not None and it.room_id == room_id:
            blocked.append((it.start - duration, it.end))
        if wanted.intersection(it.people):
            to_next = travel.get((venue_id, it.venue_id), 0) if it.venue_id not in (None, venue_id) else 0
            from_prev = travel.get((it.end_venue_id, venue_id), 0) if it.end_venue_id not in (None, venue_id) else 0
            blocked.append((it.start - timedelta(minutes=to_next) - duration, it.end + timedelta(minutes=from_prev)))
    blocked.sort()
    day = max(ctx.event_start, timezones.wall_from_utc(earliest, tz)[0].date())
    while day <= ctx.event_end:
        opens = venue.opens if venue is not None and venue.opens is not None else time(0)
        lo = timezones.to_utc_lenient(datetime.combine(day, opens), tz)
        if venue is not None and venue.closes is not None:
            hi = timezones.to_utc_lenient(datetime.combine(day, venue.closes), tz)
        else:
            hi = timezones.local_day_bounds(day, tz)[1]
        # One pass is enough: the spans are sorted by their start and s only moves later, so a
        # span passed once never blocks again. s stays on the grid, so a span that ends by s
        # leaves it where it is.
        s = _ceil_to(max(lo, earliest), step)
        for b_lo, b_hi in blocked:
            if b_lo >= s:
                break
            s = max(s, _ceil_to(b_hi, step))
        if s + duration <= hi:
            return s
        day += timedelta(days=1)
    return None
