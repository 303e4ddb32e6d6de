"""Schedule conflicts across every kind of timeline item: a pure function over plain dataclasses.

Meetings, showcase slots and side events (travel legs included) are checked together. All
comparisons run on naive UTC instants; wall times are only used for dates and opening hours.
The checker sorts the items once by start, then sweeps each person's, room's and counterpart
organisation's items in that order, so it costs O(n log n + conflicts) and can run live while
a user drags items on a schedule board.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
    location: str = ""

    @property
    def is_meeting(self) -> bool:
        return self.kind == MEETING

    @property
    def people(self) -> tuple[int, ...]:
        return self.presenters + self.ours + self.counterparts

    @property
    def start_venue_id(self) -> int | None:
        return self.venue_id

    @property
    def end_venue_id(self) -> int | None:
        if self.kind == TRAVEL and self.destination_venue_id is not None:
            return self.destination_venue_id
        return self.venue_id


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

    @property
    def key(self) -> str:
        """A stable name for this conflict: its kind and the items and people involved."""
        raw = "|".join((self.kind.value, *sorted(self.items), *map(str, sorted(self.people))))
        return f"{self.kind.value}:{hashlib.sha1(raw.encode()).hexdigest()[:16]}"

    @property
    def text(self) -> str:
        return f"{self.message} {self.suggestion}".strip()


def occupying(items: Iterable[TimelineItem]) -> list[TimelineItem]:
    """The items that take time, sorted by UTC start (cancelled or declined meetings take none)."""
    return sorted((it for it in items if it.occupies), key=attrgetter("start", "end", "uuid"))


def _signature(items: Sequence[TimelineItem]) -> str:
    raw = "|".join(f"{it.uuid}@{it.start:%Y%m%d%H%M}-{it.end:%Y%m%d%H%M}/{it.venue_id}/{it.room_id}"
                   for it in sorted(items, key=attrgetter("uuid")))
    return hashlib.sha1(raw.encode()).hexdigest()[:20]


def overlapping_pairs(group: Iterable[TimelineItem]) -> Iterator[tuple[TimelineItem, TimelineItem]]:
    """Every pair that overlaps in a group sorted by start (touching ends do not overlap)."""
    active: list[TimelineItem] = []
    for item in group:
        if active:
            active = [a for a in active if a.end > item.start]
            for a in active:
                yield a, item
        active.append(item)


class _Describer:
    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx

    def when(self, it: TimelineItem) -> str:
        return timezones.format_span(it.start, it.end, it.tz, self.ctx.home_tz)

    def where(self, it: TimelineItem) -> str:
        parts = []
        if it.room_id is not None and it.room_id in self.ctx.room_names:
            parts.append(self.ctx.room_names[it.room_id])
        elif it.location:
            parts.append(it.location)
        venue = self.ctx.venues.get(it.venue_id) if it.venue_id is not None else None
        if venue is not None:
            parts.append(venue.name)
        dest = self.ctx.venues.get(it.destination_venue_id) if it.destination_venue_id is not None else None
        return ", ".join(parts) + (f" → {dest.name}" if it.kind == TRAVEL and dest is not None else "")

    def item(self, it: TimelineItem) -> str:
        where = self.where(it)
        return f"“{it.title}” ({self.when(it)}{', ' + where if where else ''})"

    def venue(self, vid: int | None) -> str:
        venue = self.ctx.venues.get(vid) if vid is not None else None
        return venue.name if venue else "an unknown venue"


def _pair_conflict(kind: ConflictKind, a: TimelineItem, b: TimelineItem, people: Iterable[int],
                   message: str, suggestion: str) -> Conflict:
    first, second = (a, b) if (a.start, a.uuid) <= (b.start, b.uuid) else (b, a)
    return Conflict(kind, message, suggestion, (first.uuid, second.uuid), tuple(sorted(set(people))),
                    _signature((a, b)))


def _is_presenter_busy(meeting: TimelineItem, slot: TimelineItem, person: int) -> bool:
    return meeting.is_meeting and not slot.is_meeting and person in slot.presenters \
        and meeting.ours == (person,)


def _person_conflicts(items: list[TimelineItem], ctx: CheckContext, d: _Describer) -> list[Conflict]:
    by_person: dict[int, list[TimelineItem]] = defaultdict(list)
    for it in items:
        for pid in set(it.people):
            by_person[pid].append(it)
    overlaps: dict[tuple[str, str], tuple[TimelineItem, TimelineItem, set[int]]] = {}
    short: dict[tuple[str, str], tuple[TimelineItem, TimelineItem, set[int], int, int]] = {}
    travel = ctx.travel
    for pid, group in by_person.items():
        if len(group) < 2:
            continue
        for a, b in overlapping_pairs(group):
            overlaps.setdefault((a.uuid, b.uuid), (a, b, set()))[2].add(pid)
        last: TimelineItem | None = None
        for it in group:
            if last is not None and it.start >= last.end:
                src, dst = last.end_venue_id, it.start_venue_id
                if src is not None and dst is not None and src != dst:
                    need = travel.get((src, dst))
                    gap = int((it.start - last.end).total_seconds() // 60)
                    if need is not None and gap < need:
                        short.setdefault((last.uuid, it.uuid), (last, it, set(), need, gap))[2].add(pid)
            if last is None or it.end > last.end:
                last = it
    out = []
    for a, b, people in overlaps.values():
        out.append(_overlap_conflict(a, b, people, ctx, d))
    for a, b, people, need, gap in short.values():
        who = ctx.people(people)
        out.append(_pair_conflict(
            ConflictKind.TRAVEL_TIME, a, b, people,
            f"{who} cannot get from {d.venue(a.end_venue_id)} to {d.venue(b.start_venue_id)} in time: "
            f"{d.item(a)} ends {gap} min before {d.item(b)}, and the journey takes {need} min.",
            f"Move one of them so that at least {need} min lie between them "
            f"({need - gap} min more), or change the travel time if it is wrong."))
    return out


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


def _room_conflicts(items: list[TimelineItem], d: _Describer) -> list[Conflict]:
    by_room: dict[int, list[TimelineItem]] = defaultdict(list)
    for it in items:
        if it.room_id is not None:
            by_room[it.room_id].append(it)
    out = []
    for room_id, group in by_room.items():
        room = d.ctx.room_names.get(room_id, f"room #{room_id}")
        for a, b in overlapping_pairs(group):
            out.append(_pair_conflict(
                ConflictKind.ROOM_DOUBLE_BOOKED, a, b, set(a.people) | set(b.people),
                f"{room} is double-booked: {d.item(a)} and {d.item(b)} overlap.",
                "Give one of them another room or table, or move it."))
    return out


def _org_conflicts(items: list[TimelineItem], d: _Describer) -> list[Conflict]:
    by_org: dict[int, list[TimelineItem]] = defaultdict(list)
    for it in items:
        if it.is_meeting and it.organisation_id is not None:
            by_org[it.organisation_id].append(it)
    out = []
    for org_id, group in by_org.items():
        if len(group) < 2:
            continue
        org = d.ctx.org_names.get(org_id, f"organisation #{org_id}")
        for a, b in overlapping_pairs(group):
            if set(a.ours) == set(b.ours):
                continue  # the same delegates twice is a double booking, reported as such
            people = set(a.ours) | set(b.ours)
            out.append(_pair_conflict(
                ConflictKind.COUNTERPART_ORG_TWICE, a, b, people,
                f"{org} is met twice at the same time by different delegates "
                f"({d.ctx.people(a.ours)}; {d.ctx.people(b.ours)}): {d.item(a)} and {d.item(b)}.",
                "Merge them into one meeting, or move one so the organisation is not split."))
    return out


def _last_moment(end_local: datetime) -> datetime:
    return end_local - timedelta(microseconds=1)


def _date_conflicts(items: list[TimelineItem], ctx: CheckContext, d: _Describer) -> list[Conflict]:
    out = []
    for it in items:
        first, last = it.start_local.date(), _last_moment(it.end_local).date()
        if first >= ctx.event_start and last <= ctx.event_end:
            continue
        out.append(Conflict(
            ConflictKind.OUTSIDE_EVENT_DATES,
            f"{d.item(it)} is outside the event's dates "
            f"({ctx.event_start:%a %d %b} – {ctx.event_end:%a %d %b %Y}).",
            "Move it into the event's dates, or change the event's dates if they are wrong.",
            (it.uuid,), tuple(sorted(set(it.people))), _signature((it,))))
    return out


def _hours_conflicts(items: list[TimelineItem], ctx: CheckContext, d: _Describer) -> list[Conflict]:
    out = []
    for it in items:
        if it.kind == TRAVEL or it.venue_id is None:
            continue
        venue = ctx.venues.get(it.venue_id)
        if venue is None or venue.opens is None or venue.closes is None:
            continue
        if venue.tz == it.tz:
            start, end = it.start_local, it.end_local
        else:
            start = timezones.wall_from_utc(it.start, venue.tz)[0]
            end = timezones.wall_from_utc(it.end, venue.tz)[0]
        if start.time() >= venue.opens and end.date() == start.date() and end.time() <= venue.closes:
            continue
        out.append(Conflict(
            ConflictKind.OUTSIDE_VENUE_HOURS,
            f"{d.item(it)} is outside the opening hours of {venue.name} "
            f"({venue.opens:%H:%M}–{venue.closes:%H:%M}).",
            f"Move it to between {venue.opens:%H:%M} and {venue.closes:%H:%M}, or to another venue.",
            (it.uuid,), tuple(sorted(set(it.people))), _signature((it,))))
    return out


def find_conflicts(items: Iterable[TimelineItem], ctx: CheckContext,
                   cancel: Callable[[], bool] | None = None) -> list[Conflict]:
    """Every conflict among ``items``, in time order (items that take no time are ignored).

    A meeting that clashes with the pitch of its only attendee from our side is reported once,
    as ``presenter_busy``; two overlapping items shared by several people are one conflict.
    """
    active = occupying(items)
    d = _Describer(ctx)
    out: list[Conflict] = []
    steps: list[Callable[[], list[Conflict]]] = [
        lambda: _person_conflicts(active, ctx, d),
        lambda: _room_conflicts(active, d),
        lambda: _org_conflicts(active, d),
        lambda: _date_conflicts(active, ctx, d),
        lambda: _hours_conflicts(active, ctx, d),
    ]
    for step in steps:
        if cancel is not None and cancel():
            from planner.errors import Cancelled

            raise Cancelled("The check was cancelled")
        out.extend(step())
    starts = {it.uuid: it.start for it in active}
    order = list(ConflictKind)
    out.sort(key=lambda c: (starts[c.items[0]], order.index(c.kind), c.items))
    return out


def conflicts_involving(conflicts: Iterable[Conflict], uuids: Iterable[str]) -> list[Conflict]:
    """The conflicts that name any of the given items (e.g. the one being dragged)."""
    wanted = set(uuids)
    return [c for c in conflicts if wanted.intersection(c.items)]


def _ceil_to(moment: datetime, step: timedelta) -> datetime:
    epoch = datetime(2000, 1, 1)
    rest = (moment - epoch) % step
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
            to_next = travel.get((venue_id, it.start_venue_id), 0) if it.start_venue_id not in (None, venue_id) else 0
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
        s = _ceil_to(max(lo, earliest), step)
        moved = True
        while moved:
            moved = False
            for b_lo, b_hi in blocked:
                if b_lo >= s:
                    break
                if b_hi > s:
                    s, moved = _ceil_to(b_hi, step), True
        if s + duration <= hi:
            return s
        day += timedelta(days=1)
    return None
