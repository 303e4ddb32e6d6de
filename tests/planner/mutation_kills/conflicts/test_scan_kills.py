"""The sweep over a day's items (issue 21): which pairs clash, where a journey starts, which
items lie outside the event's dates or a venue's hours, and how a long check is cancelled.

The checker keeps, per person, table and counterpart organisation, the item ending last and the
items still running; these tests pin the cases where that bookkeeping could go wrong."""

from __future__ import annotations

import gc
from datetime import datetime, time

import pytest

from planner.domain.conflicts import (
    CheckContext,
    ConflictKind,
    TimelineItem,
    VenueInfo,
    find_conflicts,
)
from planner.domain.timezones import to_utc
from planner.errors import Cancelled

from .bookings import (
    ANN,
    BEN,
    CTX,
    EMBASSY,
    HALL,
    HOTEL,
    KIM,
    SAKURA,
    TABLE_01,
    TARO,
    TZ,
    item,
    of_kind,
)


def uuids(conflicts, kind: ConflictKind) -> list[tuple[str, ...]]:
    return [c.items for c in conflicts if c.kind is kind]


# -- who clashes with whom -----------------------------------------------------------------------
def test_two_clashing_items_that_start_together_are_named_in_the_same_order_however_listed():
    first = item("10:00", "10:30", ours=(ANN,), title="A")
    second = item("10:00", "11:00", ours=(ANN,), title="B")
    for listed in ([first, second], [second, first]):
        [c] = find_conflicts(listed, CTX)
        assert c.items == (first.uuid, second.uuid)  # start, then uuid: the key and the panel agree


def test_a_meeting_starting_when_a_short_one_inside_a_long_one_ends_clashes_with_the_long_one_only():
    long = item("10:00", "13:00", ours=(ANN,), title="Booth duty")
    short = item("10:30", "11:00", ours=(ANN,), title="Sakura Pharma")
    touching = item("11:00", "11:30", ours=(ANN,), title="Tokyo Genomics")  # starts as `short` ends
    found = uuids(find_conflicts([long, short, touching], CTX), ConflictKind.PERSON_DOUBLE_BOOKED)
    assert found == [(long.uuid, short.uuid), (long.uuid, touching.uuid)]


def test_a_table_freed_at_ten_can_be_booked_at_ten_and_only_the_real_overlap_after_is_a_clash():
    early = item("09:00", "10:00", ours=(ANN,), room_id=TABLE_01)
    at_ten = item("10:00", "11:00", ours=(BEN,), room_id=TABLE_01)  # touches `early`: no clash
    late = item("10:30", "11:30", ours=(KIM,), room_id=TABLE_01)  # overlaps `at_ten` only
    found = find_conflicts([early, at_ten, late], CTX)
    assert uuids(found, ConflictKind.ROOM_DOUBLE_BOOKED) == [(at_ten.uuid, late.uuid)]
    assert len(found) == 1


def test_a_person_free_at_ten_can_be_booked_at_ten_and_only_the_real_overlap_after_is_a_clash():
    early = item("09:00", "10:00", ours=(ANN,))
    at_ten = item("10:00", "11:00", ours=(ANN,))
    late = item("10:30", "11:30", ours=(ANN,))
    found = find_conflicts([early, at_ten, late], CTX)
    assert uuids(found, ConflictKind.PERSON_DOUBLE_BOOKED) == [(at_ten.uuid, late.uuid)]
    assert len(found) == 1


def test_an_organisation_met_at_ten_after_a_meeting_that_ended_at_ten_is_met_twice_only_where_they_overlap():
    early = item("09:00", "10:00", ours=(ANN,), organisation_id=SAKURA)
    at_ten = item("10:00", "11:00", ours=(BEN,), organisation_id=SAKURA)
    late = item("10:30", "11:30", ours=(KIM,), organisation_id=SAKURA)
    found = find_conflicts([early, at_ten, late], CTX)
    assert uuids(found, ConflictKind.COUNTERPART_ORG_TWICE) == [(at_ten.uuid, late.uuid)]
    assert len(found) == 1


# -- where a journey starts ----------------------------------------------------------------------
def test_the_journey_starts_where_the_item_ending_last_is_even_if_it_started_later():
    at_hall = item("10:00", "11:00", ours=(ANN,), title="Hall")
    at_embassy = item("10:30", "11:30", ours=(ANN,), venue_id=EMBASSY, title="Embassy")  # ends last
    lunch_at_embassy = item("11:30", "12:30", ours=(ANN,), venue_id=EMBASSY, title="Lunch")
    found = find_conflicts([at_hall, at_embassy, lunch_at_embassy], CTX)
    assert [c.kind for c in found] == [ConflictKind.PERSON_DOUBLE_BOOKED]  # no journey: she is there
    back_at_hall = item("11:40", "12:30", ours=(ANN,), title="Back")
    [travel] = of_kind(find_conflicts([at_hall, at_embassy, back_at_hall], CTX), ConflictKind.TRAVEL_TIME)
    assert travel.items == (at_embassy.uuid, back_at_hall.uuid) and "ends 10 min before" in travel.message


def test_of_two_items_ending_together_the_one_booked_first_is_where_the_journey_starts():
    # Ann is double-booked 10:30–11:00 (reported); for the journey after, the checker keeps the
    # item that started first, so the next meeting at the hall needs no travel from the embassy.
    at_hall = item("10:00", "11:00", ours=(ANN,))
    at_embassy = item("10:30", "11:00", ours=(ANN,), venue_id=EMBASSY)
    next_at_hall = item("11:10", "12:00", ours=(ANN,))
    found = find_conflicts([at_hall, at_embassy, next_at_hall], CTX)
    assert [c.kind for c in found] == [ConflictKind.PERSON_DOUBLE_BOOKED]


def test_a_travel_leg_without_a_destination_leaves_you_where_it_started():
    walk = item("08:00", "09:00", kind="travel", ours=(ANN,), venue_id=HOTEL, title="Walk")
    briefing = item("09:10", "10:00", ours=(ANN,), venue_id=EMBASSY)
    [c] = find_conflicts([walk, briefing], CTX)
    assert c.kind is ConflictKind.TRAVEL_TIME and "from Hotel to British Embassy" in c.message


def test_an_item_that_is_not_a_travel_leg_leaves_you_at_its_venue_whatever_its_destination_field():
    reception = item("17:00", "18:00", kind="reception", ours=(ANN,), venue_id=HALL, destination_venue_id=EMBASSY)
    next_at_hall = item("18:00", "18:30", kind="briefing", ours=(ANN,), venue_id=HALL)
    assert [c.kind for c in find_conflicts([reception, next_at_hall], CTX)] == [ConflictKind.OUTSIDE_VENUE_HOURS]


def test_each_short_journey_of_the_day_is_its_own_travel_warning():
    a = item("10:00", "11:00", ours=(ANN,))
    b = item("11:10", "12:00", ours=(ANN,), venue_id=EMBASSY)
    c = item("12:10", "13:00", ours=(ANN,))
    found = find_conflicts([a, b, c], CTX)
    assert uuids(found, ConflictKind.TRAVEL_TIME) == [(a.uuid, b.uuid), (b.uuid, c.uuid)]


# -- the event's dates -----------------------------------------------------------------------------
def test_an_item_starting_at_midnight_of_the_first_day_is_inside_the_event():
    airport = item("00:00", "01:00", kind="travel", day=13, ours=(ANN,), venue_id=HOTEL, title="Arrival")
    assert find_conflicts([airport], CTX) == []


def test_an_item_starting_at_midnight_after_the_last_day_is_outside_the_event():
    late = item("00:00", "01:00", kind="travel", day=17, ours=(ANN,), venue_id=HOTEL, title="Departure")
    assert uuids(find_conflicts([late], CTX), ConflictKind.OUTSIDE_EVENT_DATES) == [(late.uuid,)]


def test_a_reception_on_the_last_day_may_run_until_noon_the_next_day_and_no_later():
    until_noon = item("20:00", "12:00", kind="reception", day=16, end_day=17, ours=(ANN,), venue_id=HOTEL)
    assert find_conflicts([until_noon], CTX) == []
    past_noon = item("20:00", "12:01", kind="reception", day=16, end_day=17, ours=(BEN,), venue_id=HOTEL)
    assert uuids(find_conflicts([past_noon], CTX), ConflictKind.OUTSIDE_EVENT_DATES) == [(past_noon.uuid,)]


# -- a venue's hours --------------------------------------------------------------------------------
def test_a_venue_with_only_an_opening_time_holds_no_one_to_hours():
    # the venue form refuses half-set hours; a venue that has them anyway must not break the check
    ctx = CheckContext(CTX.event_start, CTX.event_end, TZ, venues={9: VenueInfo(9, "Annex", TZ, time(9))})
    assert find_conflicts([item("07:00", "08:00", ours=(ANN,), venue_id=9)], ctx) == []


def test_opening_hours_are_counted_on_the_venues_own_day_for_an_item_kept_in_another_zone():
    # 10:00 on Wednesday in Yokohama is 21:00 on Tuesday in New York, where the call was entered
    ny = "America/New_York"
    s, e = datetime(2026, 10, 13, 21), datetime(2026, 10, 13, 22)
    call = TimelineItem(900, "u900", "meeting", "Call", to_utc(s, ny), to_utc(e, ny), s, e, ny,
                        venue_id=HALL, ours=(ANN,))
    assert call.start == to_utc(datetime(2026, 10, 14, 10), TZ)
    assert find_conflicts([call], CTX) == []
    s2, e2 = datetime(2026, 10, 13, 19), datetime(2026, 10, 13, 20)  # 08:00 in Yokohama: before opening
    early = TimelineItem(901, "u901", "meeting", "Early", to_utc(s2, ny), to_utc(e2, ny), s2, e2, ny,
                         venue_id=HALL, ours=(BEN,))
    assert [c.kind for c in find_conflicts([early], CTX)] == [ConflictKind.OUTSIDE_VENUE_HOURS]


# -- cancelling, and what the check leaves behind -------------------------------------------------
def test_a_check_the_user_cancels_stops_and_says_the_check_was_cancelled():
    with pytest.raises(Cancelled) as exc:
        find_conflicts([item("10:00", "11:00", ours=(ANN,))], CTX, cancel=lambda: True)
    assert str(exc.value) == "The check was cancelled"


def test_a_check_over_a_huge_board_stops_when_the_user_cancels_partway():
    start, end = to_utc(datetime(2026, 10, 14, 10), TZ), to_utc(datetime(2026, 10, 14, 11), TZ)
    board = [TimelineItem(i, f"u{i}", "other", "x", start, end, start, end, TZ) for i in range(20_001)]
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) > 1  # the user presses Cancel once the check is under way

    with pytest.raises(Cancelled):
        find_conflicts(board, CTX, cancel=cancel)
    assert len(asked) == 2


def test_the_check_pauses_the_garbage_collector_while_it_scans_and_restores_it():
    seen: list[bool] = []
    assert gc.isenabled()
    find_conflicts([item("10:00", "11:00", ours=(ANN,))], CTX, cancel=lambda: seen.append(gc.isenabled()) or False)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        find_conflicts([item("10:00", "11:00", ours=(ANN,))], CTX)
        assert not gc.isenabled()  # left off by the caller: stays off
    finally:
        gc.enable()


def test_an_acknowledged_conflict_keeps_its_stored_signature_across_versions():
    # acknowledgements store the signature; the same two items at the same times and places must
    # give the same one, or every accepted conflict would come back after an upgrade
    a = TimelineItem(1, "a1", "meeting", "A", datetime(2026, 10, 14, 1), datetime(2026, 10, 14, 2),
                     datetime(2026, 10, 14, 10), datetime(2026, 10, 14, 11), TZ, venue_id=HALL, room_id=TABLE_01,
                     ours=(ANN,))
    b = TimelineItem(2, "b2", "meeting", "B", datetime(2026, 10, 14, 1, 30), datetime(2026, 10, 14, 2, 30),
                     datetime(2026, 10, 14, 10, 30), datetime(2026, 10, 14, 11, 30), TZ, venue_id=HALL,
                     ours=(ANN, TARO))
    [c] = of_kind(find_conflicts([b, a], CTX), ConflictKind.PERSON_DOUBLE_BOOKED)
    assert c.signature == SIGNATURE_A1_B2


# sha1 of "a1@2026-10-14T01:00:00-2026-10-14T02:00:00/1/10|b2@2026-10-14T01:30:00-2026-10-14T02:30:00/1/None"
SIGNATURE_A1_B2 = "8e8c150a2e847a19381f"
