"""The schedule conflict checker, rule by rule, on items a user can make (issue 21).

Each test kills mutants of planner/domain/conflicts.py that the earlier suite let through: the
rule is stated in the name, the items are a delegate's real day at BioJapan (Pacifico Yokohama,
the British Embassy, the hotel)."""

from __future__ import annotations

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
    person_names={1: "Ann Lee", 2: "Ben Ode", 3: "Yamada Taro"},
    room_names={10: "Table 01", 20: "Stage"},
    org_names={100: "Sakura Pharma"},
)
_n = 0


def item(start: str, end: str, *, kind: str = "meeting", day: int = 14, **kw) -> TimelineItem:
    global _n
    _n += 1
    s = datetime(2026, 10, day, *map(int, start.split(":")))
    e = datetime(2026, 10, day, *map(int, end.split(":")))
    kw.setdefault("venue_id", HALL)
    return TimelineItem(_n, f"u{_n:03d}", kind, kw.pop("title", f"item {_n}"), to_utc(s, TZ),
                        to_utc(e, TZ), s, e, TZ, **kw)


def pairs(conflicts, kind: ConflictKind) -> set[tuple[str, ...]]:
    return {c.items for c in conflicts if c.kind is kind}


def test_a_chain_of_three_overlapping_meetings_is_two_clashes_not_one():
    # 10:00–11:00 overlaps 10:30–12:00, which overlaps 11:30–12:30; the first and last do not meet.
    a = item("10:00", "11:00", ours=(1,))
    b = item("10:30", "12:00", ours=(1,))
    c = item("11:30", "12:30", ours=(1,))
    found = find_conflicts([c, a, b], CTX)
    assert pairs(found, ConflictKind.PERSON_DOUBLE_BOOKED) == {(a.uuid, b.uuid), (b.uuid, c.uuid)}


def test_a_long_meeting_clashes_with_each_short_one_inside_it():
    long = item("10:00", "13:00", ours=(1,))
    first = item("10:30", "11:00", ours=(1,))
    second = item("11:30", "12:00", ours=(1,))  # after `first` ended, still inside `long`
    found = pairs(find_conflicts([long, first, second], CTX), ConflictKind.PERSON_DOUBLE_BOOKED)
    assert found == {(long.uuid, first.uuid), (long.uuid, second.uuid)}


def test_the_same_chain_in_one_room_is_two_room_clashes():
    a = item("10:00", "11:00", ours=(1,), room_id=10)
    b = item("10:30", "12:00", ours=(2,), room_id=10)
    c = item("11:30", "12:30", ours=(3,), room_id=10)
    found = pairs(find_conflicts([a, b, c], CTX), ConflictKind.ROOM_DOUBLE_BOOKED)
    assert found == {(a.uuid, b.uuid), (b.uuid, c.uuid)}


def test_back_to_back_meetings_at_two_venues_need_the_travel_time():
    at_hall = item("10:00", "11:00", ours=(1,))
    at_embassy = item("11:00", "12:00", ours=(1,), venue_id=EMBASSY)
    [c] = find_conflicts([at_hall, at_embassy], CTX)
    assert c.kind is ConflictKind.TRAVEL_TIME and c.people == (1,)
    assert "ends 0 min before" in c.message and "50 min" in c.message
    assert "(50 min more)" in c.suggestion


def test_travel_is_measured_from_where_the_latest_meeting_ends():
    # Two meetings at the hall overlap; the one ending last decides when she can leave.
    a = item("10:00", "11:30", ours=(1,))
    b = item("10:30", "11:00", ours=(1,))
    lunch = item("12:00", "13:00", ours=(1,), venue_id=EMBASSY, kind="other")
    found = find_conflicts([a, b, lunch], CTX)
    [travel] = [c for c in found if c.kind is ConflictKind.TRAVEL_TIME]
    assert travel.items == (a.uuid, lunch.uuid) and "ends 30 min before" in travel.message


def test_enough_travel_time_exactly_is_fine():
    a = item("10:00", "11:00", ours=(1,))
    b = item("11:50", "12:30", ours=(1,), venue_id=EMBASSY)
    assert find_conflicts([a, b], CTX) == []
    c = item("11:49", "12:30", ours=(1,), venue_id=EMBASSY)
    [short] = find_conflicts([a, c], CTX)
    assert short.kind is ConflictKind.TRAVEL_TIME and "(1 min more)" in short.suggestion


def test_one_travel_warning_names_everyone_who_makes_the_same_trip():
    a = item("10:00", "11:00", ours=(1, 2))
    b = item("11:10", "12:00", ours=(1, 2), venue_id=EMBASSY)
    [c] = find_conflicts([a, b], CTX)
    assert c.people == (1, 2) and c.message.startswith("Ann Lee and Ben Ode cannot get from "
                                                       "Pacifico Yokohama to British Embassy")


def test_a_meeting_that_ends_when_the_next_starts_is_not_a_clash():
    a = item("10:00", "10:30", ours=(1,), room_id=10)
    b = item("10:30", "11:00", ours=(1,), room_id=10)
    assert find_conflicts([a, b], CTX) == []


def test_each_overlap_is_reported_once_in_start_order():
    a = item("10:00", "11:00", ours=(1,))
    b = item("10:30", "12:00", ours=(1,))
    c = item("11:30", "12:30", ours=(1,))
    d = item("13:00", "14:00", ours=(1,))
    got = [x.items for x in find_conflicts([d, c, b, a], CTX)]
    assert got == [(a.uuid, b.uuid), (b.uuid, c.uuid)]


def test_a_meeting_ending_after_the_hall_closes_is_outside_its_hours():
    late = item("17:30", "18:30", ours=(1,))
    [c] = find_conflicts([late], CTX)
    assert c.kind is ConflictKind.OUTSIDE_VENUE_HOURS and "(09:00–18:00)" in c.message
    assert "between 09:00 and 18:00" in c.suggestion
    early = item("08:30", "09:30", ours=(2,))
    assert [x.kind for x in find_conflicts([early], CTX)] == [ConflictKind.OUTSIDE_VENUE_HOURS]
    inside = item("09:00", "18:00", ours=(3,))
    assert find_conflicts([inside], CTX) == []


def test_a_venue_without_hours_takes_meetings_at_any_time():
    assert find_conflicts([item("06:00", "07:00", ours=(1,), venue_id=HOTEL)], CTX) == []


def test_a_meeting_the_day_after_the_event_is_outside_its_dates():
    after = item("10:00", "11:00", ours=(1,), day=17)
    before = item("10:00", "11:00", ours=(2,), day=12)
    last_day = item("10:00", "11:00", ours=(3,), day=16)
    found = find_conflicts([after, before, last_day], CTX)
    assert [(c.kind, c.items) for c in found] == [
        (ConflictKind.OUTSIDE_EVENT_DATES, (before.uuid,)),
        (ConflictKind.OUTSIDE_EVENT_DATES, (after.uuid,))]
    assert "(Tue 13 Oct – Fri 16 Oct 2026)" in found[0].message


def test_a_reception_running_past_midnight_of_the_last_day_is_inside_the_event():
    s = datetime(2026, 10, 16, 20)
    e = datetime(2026, 10, 17, 1)
    reception = TimelineItem(900, "u900", "reception", "Farewell", to_utc(s, TZ), to_utc(e, TZ), s, e, TZ,
                             venue_id=HOTEL, ours=(1,))
    assert find_conflicts([reception], CTX) == []
    e2 = datetime(2026, 10, 17, 13)
    too_long = TimelineItem(901, "u901", "reception", "Too long", to_utc(s, TZ), to_utc(e2, TZ), s, e2,
                            TZ, venue_id=HOTEL, ours=(2,))
    assert [c.kind for c in find_conflicts([too_long], CTX)] == [ConflictKind.OUTSIDE_EVENT_DATES]


def test_the_same_organisation_met_twice_at_once_by_different_delegates():
    a = item("10:00", "10:30", ours=(1,), organisation_id=100)
    b = item("10:15", "10:45", ours=(2,), organisation_id=100)
    [c] = find_conflicts([a, b], CTX)
    assert c.kind is ConflictKind.COUNTERPART_ORG_TWICE and c.people == (1, 2)
    assert "Sakura Pharma is met twice" in c.message and "(Ann Lee; Ben Ode)" in c.message
    later = item("10:45", "11:00", ours=(2,), organisation_id=100)
    assert find_conflicts([a, later], CTX) == []


def test_the_pitch_of_the_only_attendee_is_presenter_busy_not_a_double_booking():
    meeting = item("11:00", "11:30", ours=(1,), counterparts=(3,), title="Sakura")
    pitch = item("11:15", "11:25", kind="showcase", presenters=(1,), title="Pitch", room_id=20)
    [c] = find_conflicts([pitch, meeting], CTX)
    assert c.kind is ConflictKind.PRESENTER_BUSY and c.people == (1,)
    assert c.message.startswith("Ann Lee presents “Pitch”")
    # with a colleague at the meeting, it is an ordinary double booking of the presenter
    shared = item("11:00", "11:30", ours=(1, 2), counterparts=(3,))
    [d] = find_conflicts([pitch, shared], CTX)
    assert d.kind is ConflictKind.PERSON_DOUBLE_BOOKED and d.people == (1,)


def test_conflicts_come_in_time_order_and_name_their_items_in_time_order():
    late = [item("15:00", "16:00", ours=(2,)), item("15:30", "16:30", ours=(2,))]
    early = [item("10:00", "11:00", ours=(1,)), item("10:30", "11:30", ours=(1,))]
    found = find_conflicts([*late, *early], CTX)
    assert [c.items for c in found] == [(early[0].uuid, early[1].uuid), (late[0].uuid, late[1].uuid)]
    assert found[0].at == early[0].start


def test_a_conflict_key_is_stable_and_its_signature_changes_when_an_item_moves():
    a = item("10:00", "11:00", ours=(1,))
    b = item("10:30", "11:30", ours=(1,))
    [c1] = find_conflicts([a, b], CTX)
    [c2] = find_conflicts([b, a], CTX)
    assert c1.key == c2.key and c1.signature == c2.signature
    moved = TimelineItem(b.id, b.uuid, b.kind, b.title, b.start + timedelta(minutes=5),
                         b.end + timedelta(minutes=5), b.start_local, b.end_local, TZ, venue_id=HALL, ours=(1,))
    [c3] = find_conflicts([a, moved], CTX)
    assert c3.key == c1.key and c3.signature != c1.signature
    assert conflicts_involving([c1], [a.uuid]) == [c1] and conflicts_involving([c1], ["other"]) == []


def test_free_start_skips_past_busy_time_and_travel():
    busy = item("10:00", "11:00", ours=(1,), venue_id=EMBASSY)
    start = free_start([busy], CTX, people=[1], venue_id=HALL, duration=timedelta(minutes=30),
                       earliest=to_utc(datetime(2026, 10, 14, 9, 45), TZ))
    # from the embassy at 11:00, 50 min of travel: 11:50 at the hall
    assert start == to_utc(datetime(2026, 10, 14, 11, 50), TZ)
    before = free_start([busy], CTX, people=[1], venue_id=HALL, duration=timedelta(minutes=30),
                        earliest=to_utc(datetime(2026, 10, 14, 9, 0), TZ))
    assert before == to_utc(datetime(2026, 10, 14, 11, 50), TZ)  # 9:00–9:30 leaves no time to travel
    none = free_start([], CTX, people=[1], venue_id=HALL, duration=timedelta(hours=10),
                      earliest=to_utc(datetime(2026, 10, 14, 9, 0), TZ))
    assert none is None  # the hall is open 9 hours a day


def test_unknown_names_are_said_plainly_in_messages():
    ctx = CheckContext(date(2026, 10, 13), date(2026, 10, 16), TZ, venues=CTX.venues,
                       travel={(HALL, 99): 30})
    a = item("10:00", "10:30", ours=(7,), room_id=42)
    b = item("10:15", "10:45", ours=(8,), room_id=42)
    [room] = find_conflicts([a, b], ctx)
    assert room.message.startswith("room #42 is double-booked")
    c = item("11:00", "11:30", ours=(7,))
    d = item("11:40", "12:00", ours=(7,), venue_id=99)
    [travel] = [x for x in find_conflicts([c, d], ctx) if x.kind is ConflictKind.TRAVEL_TIME]
    assert "person #7 cannot get from Pacifico Yokohama to an unknown venue" in travel.message


def test_every_conflict_has_a_signature_a_start_and_a_suggestion():
    a = item("10:00", "10:30", ours=(1,), organisation_id=100)
    b = item("10:15", "10:45", ours=(2,), organisation_id=100)
    late = item("10:00", "11:00", ours=(3,), day=20)
    for c in find_conflicts([a, b, late], CTX):
        assert c.signature and len(c.signature) == 20 and c.at is not None and c.suggestion
    org = next(c for c in find_conflicts([a, b], CTX) if c.kind is ConflictKind.COUNTERPART_ORG_TWICE)
    assert org.suggestion == "Merge them into one meeting, or move one so the organisation is not split."


def test_free_start_fits_a_meeting_that_ends_exactly_at_closing():
    start = free_start([], CTX, people=[1], venue_id=HALL, duration=timedelta(hours=9),
                       earliest=to_utc(datetime(2026, 10, 14, 8, 0), TZ))
    assert start == to_utc(datetime(2026, 10, 14, 9, 0), TZ)  # 09:00–18:00, the hall's hours
    anywhere = free_start([], CTX, people=[1], venue_id=HOTEL, duration=timedelta(hours=1),
                          earliest=to_utc(datetime(2026, 10, 14, 23, 30), TZ))
    assert anywhere == to_utc(datetime(2026, 10, 15, 0, 0), TZ)  # no hours: the next day's start
