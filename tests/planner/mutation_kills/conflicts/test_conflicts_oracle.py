"""The conflict checker against a brute-force oracle over generated days (issue 21).

The checker sweeps items in start order to stay fast; the oracle compares every pair. For any
schedule: two items that overlap in time and share a person are one person conflict (double
booking or presenter busy) naming exactly the people they share; two that overlap in one room
are one room conflict; nothing else is reported as either."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.conflicts import (
    CheckContext,
    ConflictKind,
    TimelineItem,
    VenueInfo,
    find_conflicts,
)

TZ = "UTC"  # wall time = UTC, so the oracle needs no zone arithmetic
A, B = 1, 2
CTX = CheckContext(date(2026, 10, 13), date(2026, 10, 16), TZ,
                   venues={A: VenueInfo(A, "Hall", TZ), B: VenueInfo(B, "Embassy", TZ)},
                   travel={(A, B): 30, (B, A): 30})
DAY = datetime(2026, 10, 14, 8)
# A room belongs to one venue, as a user makes it (add_room in a venue), and an item in a room
# is at that room's venue (as add_meeting and add_slot decide): never one room at two venues.
VENUE_OF_ROOM = {10: A, 11: A, 12: B}
PERSON_KINDS = {ConflictKind.PERSON_DOUBLE_BOOKED, ConflictKind.PRESENTER_BUSY}


@st.composite
def schedules(draw) -> list[TimelineItem]:
    n = draw(st.integers(min_value=0, max_value=9))
    items = []
    for i in range(n):
        start = DAY + timedelta(minutes=15 * draw(st.integers(0, 24)))
        end = start + timedelta(minutes=15 * draw(st.integers(1, 8)))
        kind = draw(st.sampled_from(["meeting", "meeting", "showcase"]))
        people = tuple(sorted(draw(st.sets(st.integers(1, 3), min_size=1, max_size=2))))
        presenters = people[:1] if kind == "showcase" and draw(st.booleans()) else ()
        ours = people if not presenters else people[1:]
        room_id = draw(st.sampled_from([None, *VENUE_OF_ROOM]))
        venue_id = VENUE_OF_ROOM[room_id] if room_id is not None else draw(st.sampled_from([A, B]))
        items.append(TimelineItem(
            i, f"u{i:02d}", kind, f"item {i}", start, end, start, end, TZ,
            venue_id=venue_id, room_id=room_id,
            ours=ours, presenters=presenters, occupies=draw(st.booleans()) or kind != "meeting"))
    return items


def overlap(a: TimelineItem, b: TimelineItem) -> bool:
    return a.start < b.end and b.start < a.end


@settings(max_examples=120, deadline=None)
@given(items=schedules())
def test_every_pair_sharing_a_person_or_a_room_at_once_is_reported_and_nothing_else(items):
    live = [it for it in items if it.occupies]
    want_people: dict[frozenset[str], tuple[int, ...]] = {}
    want_rooms: set[frozenset[str]] = set()
    for a, b in combinations(live, 2):
        if not overlap(a, b):
            continue
        shared = set(a.people) & set(b.people)
        if shared:
            want_people[frozenset((a.uuid, b.uuid))] = tuple(sorted(shared))
        if a.room_id is not None and a.room_id == b.room_id:
            want_rooms.add(frozenset((a.uuid, b.uuid)))

    found = find_conflicts(items, CTX)
    got_people = {frozenset(c.items): c.people for c in found if c.kind in PERSON_KINDS}
    got_rooms = [frozenset(c.items) for c in found if c.kind is ConflictKind.ROOM_DOUBLE_BOOKED]
    assert got_people == want_people
    assert sorted(map(sorted, got_rooms)) == sorted(map(sorted, want_rooms))  # each once


@settings(max_examples=60, deadline=None)
@given(gap=st.integers(0, 60), first_venue=st.sampled_from([A, B]), second_venue=st.sampled_from([A, B]))
def test_two_meetings_in_a_row_need_the_travel_time_between_their_venues(gap, first_venue, second_venue):
    s1 = DAY
    e1 = s1 + timedelta(hours=1)
    s2 = e1 + timedelta(minutes=gap)
    e2 = s2 + timedelta(hours=1)
    a = TimelineItem(1, "a", "meeting", "a", s1, e1, s1, e1, TZ, venue_id=first_venue, ours=(1,))
    b = TimelineItem(2, "b", "meeting", "b", s2, e2, s2, e2, TZ, venue_id=second_venue, ours=(1,))
    kinds = [c.kind for c in find_conflicts([b, a], CTX)]
    short = first_venue != second_venue and gap < 30
    assert kinds == ([ConflictKind.TRAVEL_TIME] if short else [])


def test_the_oracle_sees_what_the_checker_sees_on_a_hand_made_day():
    s = DAY
    items = [TimelineItem(i, f"u{i}", "meeting", "m", s + timedelta(minutes=m1), s + timedelta(minutes=m2),
                          s + timedelta(minutes=m1), s + timedelta(minutes=m2), TZ, venue_id=A, ours=(1,))
             for i, (m1, m2) in enumerate([(0, 60), (30, 120), (90, 150)])]
    assert len([c for c in find_conflicts(items, CTX) if c.kind in PERSON_KINDS]) == 2
