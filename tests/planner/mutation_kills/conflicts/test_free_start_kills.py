"""The first free start for a meeting (issue 21): “find the next slot” when rescheduling.

A start is offered when everyone is free for the whole meeting at the venue, with the journey from
their previous item and to their next one, inside the venue's hours (in the venue's own zone) and
the event's dates, on the 5-minute grid."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from planner.domain.conflicts import free_start

from .bookings import ANN, BEN, CTX, HALL, HOTEL, LAB, TABLE_01, TABLE_02, item, tokyo

HALF_HOUR, HOUR = timedelta(minutes=30), timedelta(hours=1)


def first_at_hall(items, *, earliest, duration=HALF_HOUR, ctx=CTX, **kw):
    return free_start(items, ctx, people=[ANN], venue_id=HALL, duration=duration, earliest=earliest, **kw)


# -- the grid, the day and the zone ------------------------------------------------------------------
def test_a_start_asked_for_at_an_odd_minute_is_rounded_up_to_the_five_minute_grid():
    assert first_at_hall([], earliest=tokyo(14, 10, 2)) == tokyo(14, 10, 5)
    assert first_at_hall([], earliest=tokyo(14, 10, 5)) == tokyo(14, 10, 5)


def test_after_a_meeting_ending_at_an_odd_minute_the_next_start_is_on_the_grid():
    busy = item("09:00", "10:47", ours=(ANN,))
    assert first_at_hall([busy], earliest=tokyo(14, 9)) == tokyo(14, 10, 50)


def test_the_last_day_of_the_event_is_searched_too():
    assert first_at_hall([], earliest=tokyo(16, 10)) == tokyo(16, 10)


def test_the_hall_opening_hours_are_read_in_yokohama_time_even_when_the_event_is_kept_in_london():
    ctx = replace(CTX, event_tz="Europe/London")
    assert first_at_hall([], earliest=tokyo(14, 8), ctx=ctx) == tokyo(14, 9)
    assert first_at_hall([], earliest=tokyo(14, 17, 45), ctx=ctx) == tokyo(15, 9)


def test_a_venue_the_checker_does_not_know_takes_meetings_at_any_hour_of_the_events_days():
    start = free_start([], CTX, people=[ANN], venue_id=99, duration=HOUR, earliest=tokyo(14, 6))
    assert start == tokyo(14, 6)
    # counted in the event's zone: 23:30 on the last day leaves no hour before the event ends
    assert free_start([], CTX, people=[ANN], venue_id=99, duration=HOUR, earliest=tokyo(16, 23, 30)) is None


# -- the person's other items -------------------------------------------------------------------------
def test_a_meeting_may_end_when_the_next_one_at_the_same_venue_starts():
    busy = item("10:00", "11:00", ours=(ANN,))
    assert first_at_hall([busy], earliest=tokyo(14, 9), duration=HOUR) == tokyo(14, 9)


def test_a_meeting_may_start_when_the_previous_one_at_the_same_venue_ends():
    busy = item("09:00", "10:00", ours=(ANN,))
    assert first_at_hall([busy], earliest=tokyo(14, 9)) == tokyo(14, 10)


def test_a_free_morning_is_offered_before_an_afternoon_meeting():
    busy = item("15:00", "16:00", ours=(ANN,))
    assert first_at_hall([busy], earliest=tokyo(14, 9)) == tokyo(14, 9)


def test_no_journey_is_assumed_to_or_from_a_venue_with_no_known_travel_time():
    at_lab = item("10:00", "11:00", ours=(ANN,), venue_id=LAB)
    assert first_at_hall([at_lab], earliest=tokyo(14, 9), duration=HOUR) == tokyo(14, 9)
    earlier_at_lab = item("09:00", "10:00", ours=(ANN,), venue_id=LAB)
    assert first_at_hall([earlier_at_lab], earliest=tokyo(14, 9)) == tokyo(14, 10)


def test_the_journey_from_the_hotel_is_left_before_a_meeting_at_the_hall():
    breakfast = item("08:00", "09:10", ours=(ANN,), venue_id=HOTEL)  # 10 min from the hotel
    assert first_at_hall([breakfast], earliest=tokyo(14, 9)) == tokyo(14, 9, 20)


def test_a_cancelled_or_excluded_item_listed_first_does_not_hide_the_busy_ones_after_it():
    cancelled = item("09:00", "10:00", ours=(ANN,), occupies=False)
    moving = item("09:00", "10:00", ours=(ANN,))
    busy = item("09:00", "10:00", ours=(ANN,))
    assert first_at_hall([cancelled, busy], earliest=tokyo(14, 9)) == tokyo(14, 10)
    assert first_at_hall([moving, busy], earliest=tokyo(14, 9), exclude=[moving.uuid]) == tokyo(14, 10)


# -- the table ----------------------------------------------------------------------------------------
def test_a_meeting_may_end_when_the_table_is_next_taken_but_not_later():
    taken = item("13:00", "14:00", ours=(BEN,), room_id=TABLE_01)
    assert first_at_hall([taken], earliest=tokyo(14, 12, 30), room_id=TABLE_01) == tokyo(14, 12, 30)
    assert first_at_hall([taken], earliest=tokyo(14, 12, 45), room_id=TABLE_01) == tokyo(14, 14)


def test_other_peoples_meetings_at_other_tables_do_not_hold_up_the_table():
    elsewhere = item("09:00", "10:00", ours=(BEN,), room_id=TABLE_02)
    assert first_at_hall([elsewhere], earliest=tokyo(14, 9), room_id=TABLE_01) == tokyo(14, 9)


def test_without_a_table_asked_for_other_peoples_meetings_do_not_count():
    no_table = item("09:00", "10:00", ours=(BEN,))
    assert first_at_hall([no_table], earliest=tokyo(14, 9)) == tokyo(14, 9)
