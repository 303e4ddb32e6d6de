"""What the schedule board shows, without Qt: the event's timeline, its conflicts and day layouts.

``load_board`` reads the timeline once (column-only queries) and checks it; ``BoardData`` then
lays out one day at a time (``layout_day``) and answers the live question asked while a block is
dragged: "what would clash if it were here?" (``trial_conflicts``), by re-checking only the
items that share a person, a room or a counterpart organisation with the dragged one.
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import timezones
from planner.domain.conflicts import (
    Conflict,
    ConflictKind,
    TimelineItem,
    conflicts_involving,
    find_conflicts,
)
from planner.services.schedule.timeline import Timeline, load_timeline
from planner.storage.models import (
    ConflictAcknowledgement,
    Delegate,
    Delegation,
    Event,
    Organisation,
    Person,
)

DEFAULT_FIRST_HOUR = 7
DEFAULT_LAST_HOUR = 21


class BoardMode(StrEnum):
    DELEGATES = "delegates"
    ROOMS = "rooms"
    VENUES = "venues"


MODE_LABELS = {BoardMode.DELEGATES: "Delegates", BoardMode.ROOMS: "Rooms and tables",
               BoardMode.VENUES: "Venues"}


@dataclass(frozen=True)
class BoardColumn:
    key: str
    title: str
    subtitle: str = ""
    person_id: int | None = None
    room_id: int | None = None
    venue_id: int | None = None


@dataclass(frozen=True)
class BoardBlock:
    item: TimelineItem
    column: int
    lane: int
    lanes: int
    top: float  # minutes from the start of the day view
    bottom: float
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class HourMark:
    offset: float  # minutes from the start of the view
    local: str  # "10:00"
    home: str  # "02:00" ("" when home time is the event's)


@dataclass
class DayLayout:
    day: date
    mode: BoardMode
    start_utc: datetime  # the top of the view
    minutes: float  # the height of the view in minutes
    columns: list[BoardColumn]
    blocks: list[BoardBlock]
    hours: list[HourMark]
    event_abbr: str
    home_abbr: str
    by_column: dict[int, list[int]] = field(default_factory=dict)  # column → block indexes

    def offset_of(self, utc: datetime) -> float:
        return (utc - self.start_utc).total_seconds() / 60

    def utc_at(self, offset: float) -> datetime:
        return self.start_utc + timedelta(minutes=offset)


def _natural(text: str) -> list[object]:
    return [int(t) if t.isdigit() else t.casefold() for t in re.split(r"(\d+)", text)]


def _day_window(items: list[TimelineItem], day: date, tz: str) -> tuple[datetime, float]:
    """UTC top of the view and its length: 07:00–21:00 widened to whatever the day holds."""
    lo, hi = timezones.local_day_bounds(day, tz)
    first = lo + timedelta(hours=DEFAULT_FIRST_HOUR)
    last = lo + timedelta(hours=DEFAULT_LAST_HOUR)
    for it in items:
        first = min(first, max(lo, it.start))
        last = max(last, min(hi, it.end))
    first = lo + timedelta(hours=int((first - lo).total_seconds() // 3600))
    rest = (last - lo).total_seconds() % 3600
    if rest:
        last += timedelta(seconds=3600 - rest)
    return first, (last - first).total_seconds() / 60


def _lanes(blocks: list[tuple[int, float, float]]) -> dict[int, tuple[int, int]]:
    """Side-by-side lanes for overlapping blocks of one column: index → (lane, lanes in its cluster)."""
    out: dict[int, tuple[int, int]] = {}
    cluster: list[tuple[int, int]] = []
    lane_ends: list[float] = []
    cluster_end = -1.0

    def close() -> None:
        for index, lane in cluster:
            out[index] = (lane, len(lane_ends))

    for index, top, bottom in sorted(blocks, key=lambda b: (b[1], b[2], b[0])):
        if cluster and top >= cluster_end:
            close()
            cluster, lane_ends = [], []
        for lane, end in enumerate(lane_ends):
            if end <= top:
                lane_ends[lane] = bottom
                break
        else:
            lane = len(lane_ends)
            lane_ends.append(bottom)
        cluster.append((index, lane))
        cluster_end = max(cluster_end, bottom) if len(cluster) > 1 else bottom
    if cluster:
        close()
    return out


@dataclass
class BoardData:
    timeline: Timeline
    delegates: dict[int, str]  # person id → display name, delegates of the event only
    conflicts: list[Conflict]
    acknowledged: dict[str, str] = field(default_factory=dict)  # conflict key → signature accepted
    delegate_orgs: dict[int, str] = field(default_factory=dict)  # person id → organisation name
    items: dict[str, TimelineItem] = field(default_factory=dict)
    by_item: dict[str, list[Conflict]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.reindex()

    # -- indexes ------------------------------------------------------------------------------------
    def reindex(self) -> None:
        self.items = {it.uuid: it for it in self.timeline.items}
        self._by_person: dict[int, list[TimelineItem]] = defaultdict(list)
        self._by_room: dict[int, list[TimelineItem]] = defaultdict(list)
        self._by_org: dict[int, list[TimelineItem]] = defaultdict(list)
        for it in self.timeline.items:
            for pid in set(it.people):
                self._by_person[pid].append(it)
            if it.room_id is not None:
                self._by_room[it.room_id].append(it)
            if it.is_meeting and it.organisation_id is not None:
                self._by_org[it.organisation_id].append(it)
        self._index_conflicts()

    def _index_conflicts(self) -> None:
        self.by_item = defaultdict(list)
        for c in self.conflicts:
            for uuid in c.items:
                self.by_item[uuid].append(c)

    def is_open(self, conflict: Conflict) -> bool:
        """Not accepted by the user (an acceptance lapses when the items move)."""
        return self.acknowledged.get(conflict.key) != conflict.signature

    def open_conflicts(self, uuid: str) -> tuple[Conflict, ...]:
        return tuple(c for c in self.by_item.get(uuid, ()) if self.is_open(c))

    @property
    def event_tz(self) -> str:
        return self.timeline.context.event_tz

    @property
    def home_tz(self) -> str | None:
        return self.timeline.context.home_tz

    def days(self) -> list[date]:
        """The event's days, and any other day that holds an item (shown so it can be moved back)."""
        ctx = self.timeline.context
        days = {ctx.event_start + timedelta(days=i) for i in range((ctx.event_end - ctx.event_start).days + 1)}
        for it in self.timeline.items:
            days.add(timezones.wall_from_utc(it.start, ctx.event_tz)[0].date())
        return sorted(days)

    def items_on(self, day: date) -> list[TimelineItem]:
        lo, hi = timezones.local_day_bounds(day, self.event_tz)
        return [it for it in self.timeline.items if it.start < hi and it.end > lo]

    # -- layout ---------------------------------------------------------------------------------------
    def columns_for(self, items: list[TimelineItem], mode: BoardMode) -> list[BoardColumn]:
        ctx = self.timeline.context
        if mode is BoardMode.DELEGATES:
            ids = {p for it in items for p in it.people if p in self.delegates}
            return [BoardColumn(f"p{pid}", self.delegates[pid], self.delegate_orgs.get(pid, ""), person_id=pid)
                    for pid in sorted(ids, key=lambda p: (_natural(self.delegates[p]), p))]
        if mode is BoardMode.ROOMS:
            keys: dict[str, BoardColumn] = {}
            for it in items:
                if it.room_id is not None:
                    vid = self.timeline.room_venues.get(it.room_id, it.venue_id)
                    venue = ctx.venues.get(vid) if vid is not None else None
                    keys.setdefault(f"r{it.room_id}", BoardColumn(
                        f"r{it.room_id}", ctx.room_names.get(it.room_id, f"room #{it.room_id}"),
                        venue.name if venue else "", room_id=it.room_id, venue_id=vid))
                else:
                    venue = ctx.venues.get(it.venue_id) if it.venue_id is not None else None
                    keys.setdefault(f"v{it.venue_id}", BoardColumn(
                        f"v{it.venue_id}", "No room or table", venue.name if venue else "No venue",
                        venue_id=it.venue_id))
            return sorted(keys.values(), key=lambda c: (_natural(c.subtitle), c.room_id is not None,
                                                        _natural(c.title)))
        venues: dict[str, BoardColumn] = {}
        for it in items:
            venue = ctx.venues.get(it.venue_id) if it.venue_id is not None else None
            venues.setdefault(f"v{it.venue_id}", BoardColumn(
                f"v{it.venue_id}", venue.name if venue else "No venue", venue.tz if venue else "",
                venue_id=it.venue_id))
        return sorted(venues.values(), key=lambda c: (c.venue_id is None, _natural(c.title)))

    def column_indexes(self, it: TimelineItem, columns: dict[str, int], mode: BoardMode) -> list[int]:
        if mode is BoardMode.DELEGATES:
            return [columns[k] for k in dict.fromkeys(f"p{p}" for p in it.people) if k in columns]
        key = f"r{it.room_id}" if mode is BoardMode.ROOMS and it.room_id is not None else f"v{it.venue_id}"
        return [columns[key]] if key in columns else []

    def layout_day(self, day: date, mode: BoardMode, column_filter: str = "") -> DayLayout:
        items = self.items_on(day)
        start, minutes = _day_window(items, day, self.event_tz)
        columns = self.columns_for(items, mode)
        words = column_filter.casefold().split()
        if words:
            columns = [c for c in columns if all(w in f"{c.title} {c.subtitle}".casefold() for w in words)]
        index = {c.key: i for i, c in enumerate(columns)}
        placed: dict[int, list[tuple[TimelineItem, float, float]]] = defaultdict(list)
        for it in items:
            top = max(0.0, (it.start - start).total_seconds() / 60)
            bottom = min(minutes, (it.end - start).total_seconds() / 60)
            for col in self.column_indexes(it, index, mode):
                placed[col].append((it, top, max(bottom, top + 1)))
        blocks: list[BoardBlock] = []
        by_column: dict[int, list[int]] = {}
        for col in sorted(placed):
            entries = placed[col]
            lanes = _lanes([(i, top, bottom) for i, (_it, top, bottom) in enumerate(entries)])
            by_column[col] = []
            for i, (it, top, bottom) in enumerate(entries):
                lane, count = lanes[i]
                by_column[col].append(len(blocks))
                blocks.append(BoardBlock(it, col, lane, count, top, bottom, self.open_conflicts(it.uuid)))
        home = self.home_tz if self.home_tz and self.home_tz != self.event_tz else None
        hours = []
        for h in range(int(minutes // 60) + 1):
            utc = start + timedelta(hours=h)
            local = timezones.wall_from_utc(utc, self.event_tz)[0]
            home_text = timezones.wall_from_utc(utc, home)[0].strftime("%H:%M") if home else ""
            hours.append(HourMark(h * 60.0, local.strftime("%H:%M"), home_text))
        mid = start + timedelta(minutes=minutes / 2)
        return DayLayout(day, mode, start, minutes, columns, blocks, hours,
                         timezones.abbreviation(mid, self.event_tz),
                         timezones.abbreviation(mid, home) if home else "", by_column)

    # -- moving -----------------------------------------------------------------------------------
    def moved(self, uuid: str, start_utc: datetime, *, venue_id: int | None = None,
              room_id: int | None = None, keep_place: bool = True) -> TimelineItem:
        """The item as it would be if it started at ``start_utc`` (and, if given, in that room/venue)."""
        it = self.items[uuid]
        ctx = self.timeline.context
        if room_id is not None:
            venue_id = self.timeline.room_venues.get(room_id, venue_id)
        elif keep_place:
            venue_id, room_id = it.venue_id, it.room_id
        elif venue_id != it.venue_id:
            room_id = None
        else:
            room_id = it.room_id
        venue = ctx.venues.get(venue_id) if venue_id is not None else None
        tz = venue.tz if venue is not None else it.tz
        end_utc = start_utc + (it.end - it.start)
        return dataclasses.replace(
            it, start=start_utc, end=end_utc, start_local=timezones.wall_from_utc(start_utc, tz)[0],
            end_local=timezones.wall_from_utc(end_utc, tz)[0], tz=tz, venue_id=venue_id, room_id=room_id)

    def _neighbourhood(self, items: list[TimelineItem]) -> dict[str, TimelineItem]:
        out: dict[str, TimelineItem] = {}
        for it in items:
            for pid in set(it.people):
                out.update((x.uuid, x) for x in self._by_person.get(pid, ()))
            if it.room_id is not None:
                out.update((x.uuid, x) for x in self._by_room.get(it.room_id, ()))
            if it.is_meeting and it.organisation_id is not None:
                out.update((x.uuid, x) for x in self._by_org.get(it.organisation_id, ()))
        return out

    def trial_conflicts(self, candidate: TimelineItem) -> list[Conflict]:
        """The conflicts ``candidate`` (a moved copy of an item) would have, checked against only
        the items it could clash with: a few dozen, so this runs on every mouse move."""
        around = self._neighbourhood([candidate])
        around[candidate.uuid] = candidate
        return conflicts_involving(find_conflicts(list(around.values()), self.timeline.context),
                                   [candidate.uuid])

    def apply_move(self, candidate: TimelineItem) -> None:
        """Put a moved item in place and update the conflicts without re-checking the whole event.

        A conflict is about one or two items, so only those naming the moved item change, plus the
        travel-time conflicts of its people (which pair consecutive items): both are re-checked over
        the items of those people, rooms and organisation.
        """
        old = self.items[candidate.uuid]
        people = set(old.people) | set(candidate.people)
        self.timeline.items = [candidate if it.uuid == candidate.uuid else it for it in self.timeline.items]
        self.timeline.items.sort(key=lambda it: (it.start, it.end, it.uuid))
        self.reindex()

        def touched(c: Conflict) -> bool:
            return candidate.uuid in c.items or (c.kind is ConflictKind.TRAVEL_TIME
                                                 and bool(people.intersection(c.people)))

        around = self._neighbourhood([candidate, old])
        fresh = [c for c in find_conflicts(list(around.values()), self.timeline.context) if touched(c)]
        kept = [c for c in self.conflicts if not touched(c)]
        starts = {it.uuid: it.start for it in self.timeline.items}
        self.conflicts = sorted(kept + fresh, key=lambda c: (starts.get(c.items[0], datetime.min), c.items))
        self._index_conflicts()


def delegate_names(session: Session, event: Event, timeline: Timeline) -> tuple[dict[int, str], dict[int, str]]:
    """The event's delegates: display names and organisation names, by person id."""
    rows = session.execute(select(Delegate.person_id, Organisation.name).join(Delegation)
                           .join(Person, Person.id == Delegate.person_id)
                           .outerjoin(Organisation, Organisation.id == Person.organisation_id)
                           .where(Delegation.event_id == event.id))
    names: dict[int, str] = {}
    orgs: dict[int, str] = {}
    for pid, org in rows:
        ref = timeline.people.get(pid)
        names[pid] = ref.name if ref is not None else f"person #{pid}"
        orgs[pid] = org or ""
    return names, orgs


def load_board(session: Session, event: Event, *, home_tz: str | None = None) -> BoardData:
    """The event's timeline with its conflicts, ready to lay out day by day."""
    timeline = load_timeline(session, event, home_tz=home_tz)
    conflicts = find_conflicts(timeline.items, timeline.context)
    acks = {key: sig for key, sig in session.execute(
        select(ConflictAcknowledgement.key, ConflictAcknowledgement.signature)
        .where(ConflictAcknowledgement.event_id == event.id))}
    names, orgs = delegate_names(session, event, timeline)
    return BoardData(timeline, names, conflicts, acks, delegate_orgs=orgs)
