"""The pure conflict checker, one rule at a time, on hand-made items."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from planner.domain.conflicts import (
    CheckContext,
    ConflictKind,
    TimelineItem,
    VenueInfo,
    conflicts_involving,
    find_conflicts,
    free_start,
)
from planner.domain.timezones import to_utc

TZ = "Asia/Tokyo"
HALL, EMBASSY, HOTEL = 1, 2, 3
CTX = CheckContext(
    date(2026, 10, 13), date(2026, 10, 16), TZ, "Europe/London",
    venues={HALL: VenueInfo(HALL, "Pacifico Yokohama", TZ, time(9), time(18)),
            EMBASSY: VenueInfo(EMBASSY, "British Embassy", TZ, time(8, 30), time(21)),
            HOTEL: VenueInfo(HOTEL, "Hotel", TZ)},
    travel={(HALL, EMBASSY): 50, (EMBASSY, HALL): 50, (HOTEL, HALL): 10, (HALL, HOTEL): 10},
    person_names={1: "Ann Lee", 2: "Ben Ode", 3: "Yamada Taro", 4: "Kim Min-jun"},
    room_names={10: "Table 01", 11: "Table 02", 20: "Stage"},
    org_names={100: "Sakura Pharma"},
)
_n = 0


def item(start: str, end: str, *, kind: str = "meeting", day: int = 14, **kw) -> TimelineItem:
    global _n
    _n += 1
    s = datetime(2026, 10, day, *map(int, start.split(":")))
    e = datetime(2026, 10, day, *map(int, end.split(":")))
    kw.setdefault("venue_id", HALL)
    return TimelineItem(_n, f"u{_n:03d}", kind, kw.pop("title", f"item {_n}"), to_utc(s, TZ), to_utc(e, TZ),
                        s, e, TZ, **kw)


def kinds(items) -> list[str]:
    return [c.kind.value for c in find_conflicts(items, CTX)]


def test_a_clean_day_has_no_conflicts():
    items = [item("10:00", "10:30", ours=(1,), counterparts=(3,), room_id=10),
             item("10:30", "11:00", ours=(1,), counterparts=(4,), room_id=10),  # touching is fine
             item("11:00", "11:15", kind="showcase", presenters=(1,), room_id=20)]
    assert kinds(items) == []


def test_a_person_in_two_places_names_both_items_and_the_person():
    a = item("10:00", "10:30", ours=(1,), room_id=10, title="Meeting with Sakura")
    b = item("10:15", "10:45", kind="symposium", ours=(1, 2), title="Symposium")
    [c] = find_conflicts([b, a], CTX)
    assert c.kind is ConflictKind.PERSON_DOUBLE_BOOKED
    assert c.items == (a.uuid, b.uuid) and c.people == (1,)
    assert "Ann Lee" in c.message and "Meeting with Sakura" in c.message and "Symposium" in c.message
    assert "10:00–10:30 JST · 02:00–02:30 BST" in c.message
    assert c.suggestion


def test_two_people_sharing_the_same_clash_make_one_conflict():
    a = item("10:00", "11:00", ours=(1, 2), room_id=10)
    b = item("10:30", "11:30", kind="reception", ours=(1, 2), venue_id=EMBASSY)
    [c] = find_conflicts([a, b], CTX)
    assert c.people == (1, 2) and "Ann Lee and Ben Ode are booked" in c.message


def test_counterparts_are_people_too():
    a = item("10:00", "10:30", ours=(1,), counterparts=(3,), room_id=10)
    b = item("10:00", "10:30", ours=(2,), counterparts=(3,), room_id=11)
    assert kinds([a, b]) == ["person_double_booked"]


def test_cancelled_and_declined_meetings_take_no_time():
    a = item("10:00", "10:30", ours=(1,), room_id=10)
    b = item("10:00", "10:30", ours=(1,), room_id=10, status="cancelled", occupies=False)
    c = item("10:00", "10:30", ours=(1,), room_id=10, status="declined", occupies=False)
    assert kinds([a, b, c]) == []


def test_a_room_or_table_booked_twice():
    a = item("15:30", "16:00", ours=(1,), room_id=10)
    b = item("15:45", "16:15", ours=(2,), room_id=10)
    [c] = find_conflicts([a, b], CTX)
    assert c.kind is ConflictKind.ROOM_DOUBLE_BOOKED and "Table 01" in c.message
    assert c.people == (1, 2)


def test_not_enough_travel_time_between_venues():
    a = item("11:30", "12:00", ours=(1,), room_id=10)
    b = item("12:30", "13:30", kind="other", ours=(1,), venue_id=EMBASSY, title="Lunch")
    [c] = find_conflicts([a, b], CTX)
    assert c.kind is ConflictKind.TRAVEL_TIME and c.items == (a.uuid, b.uuid)
    assert "50 min" in c.message and "30 min" in c.message and "20 min more" in c.suggestion
    ok = replace(b, start=b.start + timedelta(minutes=20), end=b.end + timedelta(minutes=20))
    assert kinds([a, ok]) == []


def test_a_travel_leg_ends_at_its_destination():
    leg = item("08:00", "09:00", kind="travel", ours=(1,), venue_id=HOTEL, destination_venue_id=EMBASSY)
    at_embassy = item("09:00", "10:00", kind="briefing", ours=(1,), venue_id=EMBASSY)
    assert kinds([leg, at_embassy]) == []
    at_hall = item("09:30", "10:00", ours=(1,), room_id=10)  # from the embassy: 50 min needed
    assert kinds([leg, at_hall]) == ["travel_time"]
    # Travel legs are not held to opening hours (the hotel has none, the hall opens at 9).
    early = item("07:00", "07:30", kind="travel", ours=(2,), venue_id=HALL, destination_venue_id=HOTEL)
    assert kinds([early]) == []


def test_unknown_travel_time_is_not_a_conflict():
    a = item("10:00", "10:30", ours=(1,), venue_id=EMBASSY)
    b = item("10:30", "11:00", ours=(1,), venue_id=HOTEL)
    assert kinds([a, b]) == []


def test_outside_venue_hours_and_event_dates():
    late = item("18:15", "18:45", ours=(1,), room_id=10)
    early = item("08:30", "09:30", ours=(2,), room_id=11)
    fine = item("17:30", "18:00", ours=(3,))
    after = item("10:00", "10:30", day=17, ours=(4,))
    before = item("10:00", "10:30", day=12, ours=(4,), venue_id=HOTEL)
    found = {(c.kind.value, c.items) for c in find_conflicts([late, early, fine, after, before], CTX)}
    assert found == {("outside_venue_hours", (late.uuid,)), ("outside_venue_hours", (early.uuid,)),
                     ("outside_event_dates", (after.uuid,)), ("outside_event_dates", (before.uuid,))}
    [c] = find_conflicts([late], CTX)
    assert "09:00–18:00" in c.message and "Pacifico Yokohama" in c.message


def test_an_item_ending_at_midnight_on_the_last_day_is_inside_the_dates():
    s, e = datetime(2026, 10, 16, 22), datetime(2026, 10, 17, 0)
    party = TimelineItem(999, "u999", "reception", "Party", to_utc(s, TZ), to_utc(e, TZ), s, e, TZ,
                         venue_id=HOTEL, ours=(1,))
    assert kinds([party]) == []


def test_a_sole_attendee_presenting_is_presenter_busy_and_reported_once():
    pitch = item("11:00", "11:15", kind="showcase", presenters=(1,), room_id=20)
    meeting = item("11:00", "11:30", ours=(1,), counterparts=(3,), room_id=10)
    assert kinds([pitch, meeting]) == ["presenter_busy"]
    # With a colleague at the meeting, it can go ahead: the presenter is double-booked, not blocked.
    shared = replace(meeting, ours=(1, 2))
    assert kinds([pitch, shared]) == ["person_double_booked"]


def test_a_counterpart_organisation_met_twice_by_different_delegates():
    a = item("10:00", "10:30", ours=(1,), counterparts=(3,), organisation_id=100, room_id=10)
    b = item("10:00", "10:30", ours=(2,), counterparts=(4,), organisation_id=100, room_id=11)
    [c] = find_conflicts([a, b], CTX)
    assert c.kind is ConflictKind.COUNTERPART_ORG_TWICE and "Sakura Pharma" in c.message
    assert c.people == (1, 2)
    later = replace(b, start=b.start + timedelta(minutes=30), end=b.end + timedelta(minutes=30))
    assert kinds([a, later]) == []


def test_overlaps_are_computed_on_utc_across_zones():
    # 10:00–11:00 in Tokyo is 01:00–02:00 UTC; 02:30–03:30 in London (BST) is 01:30–02:30 UTC.
    london = VenueInfo(7, "London office", "Europe/London")
    ctx = replace(CTX, venues={**CTX.venues, 7: london}, event_start=date(2026, 10, 13))
    a = item("10:00", "11:00", ours=(1,), venue_id=EMBASSY)
    s, e = datetime(2026, 10, 14, 2, 30), datetime(2026, 10, 14, 3, 30)
    b = TimelineItem(500, "u500", "other", "Call", to_utc(s, "Europe/London"), to_utc(e, "Europe/London"),
                     s, e, "Europe/London", venue_id=7, ours=(1,))
    assert [c.kind.value for c in find_conflicts([a, b], ctx)] == ["person_double_booked"]


def test_keys_are_stable_and_signatures_follow_the_times():
    a = item("10:00", "10:30", ours=(1,), room_id=10)
    b = item("10:15", "10:45", ours=(1,), room_id=11)
    [c1] = find_conflicts([a, b], CTX)
    [c2] = find_conflicts([b, a], CTX)
    assert c1.key == c2.key and c1.signature == c2.signature
    moved = replace(b, start=b.start + timedelta(minutes=5), end=b.end + timedelta(minutes=5))
    [c3] = find_conflicts([a, moved], CTX)
    assert c3.key == c1.key and c3.signature != c1.signature
    assert conflicts_involving([c1], [a.uuid]) == [c1] and conflicts_involving([c1], ["other"]) == []


def test_many_overlapping_items_report_every_pair():
    items = [item("10:00", "12:00", ours=(1,), venue_id=HOTEL) for _ in range(4)]
    assert len(find_conflicts(items, CTX)) == 6


def test_free_start_respects_people_travel_room_and_hours():
    lunch = item("12:00", "13:00", kind="other", ours=(1,), venue_id=EMBASSY)
    busy_table = item("13:00", "14:00", ours=(2,), room_id=10)
    items = [lunch, busy_table]
    earliest = to_utc(datetime(2026, 10, 14, 12, 0), TZ)
    start = free_start(items, CTX, people=[1], venue_id=HALL, duration=timedelta(minutes=30), earliest=earliest)
    assert start == to_utc(datetime(2026, 10, 14, 13, 50), TZ)  # lunch ends 13:00 + 50 min travel
    start = free_start(items, CTX, people=[1], venue_id=HALL, duration=timedelta(minutes=30),
                       earliest=earliest, room_id=10)
    assert start == to_utc(datetime(2026, 10, 14, 14, 0), TZ)  # the table is taken until 14:00
    # Before lunch: the meeting must end 50 min before the lunch starts.
    morning = to_utc(datetime(2026, 10, 14, 10, 45), TZ)
    start = free_start(items, CTX, people=[1], venue_id=HALL, duration=timedelta(minutes=30), earliest=morning)
    assert start == to_utc(datetime(2026, 10, 14, 13, 50), TZ)
    # Too late in the day: the next morning at opening time.
    evening = to_utc(datetime(2026, 10, 14, 17, 45), TZ)
    start = free_start(items, CTX, people=[1], venue_id=HALL, duration=timedelta(minutes=30), earliest=evening)
    assert start == to_utc(datetime(2026, 10, 15, 9, 0), TZ)
    # After the event's last day there is nothing.
    last = to_utc(datetime(2026, 10, 16, 17, 45), TZ)
    assert free_start(items, CTX, people=[1], venue_id=HALL, duration=timedelta(minutes=30), earliest=last) is None
    # Excluding an item frees its time.
    start = free_start(items, CTX, people=[1], venue_id=HALL, duration=timedelta(minutes=30), earliest=earliest,
                       exclude=[lunch.uuid])
    assert start == earliest
