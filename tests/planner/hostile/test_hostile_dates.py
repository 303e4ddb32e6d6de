"""Dates at the ends of the calendar (year 1, 9999, or so near that a zone conversion or
"the next day" overflows) are refused with a message naming the years Mission Desk works with
(1900–2200); imports and packs never meet them, and never crash on them."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain import timezones
from planner.domain.validation import FIRST_YEAR, LAST_YEAR, check_date
from planner.errors import ValidationError
from planner.services.events.events import add_event, get_event, update_event
from planner.services.followup.followups import (
    add_follow_up,
    add_lead_with_action,
    update_follow_up,
)
from planner.services.followup.leads import find_lead
from planner.storage.models import FollowUp
from tests.planner.engines import plant
from tests.planner.hostile.conftest import EVENT, TARO, Plan

pytestmark = pytest.mark.engines

RANGE = f"({FIRST_YEAR}–{LAST_YEAR})"
FAR = ["0001-01-01", "0001-01-02", "1899-12-31", "2201-01-01", "9999-12-30", "9999-12-31"]


@pytest.mark.parametrize("day", FAR)
def test_events_add_outside_the_years_exits_2_with_the_range(plan: Plan, day: str) -> None:
    before = plan.dump()
    code, out, err = plan.run("events", "add", "--code", "far-away", "--name", "Far", "--start",
                              day, "--end", day, "--tz", "America/New_York")
    assert code == 2 and out == ""
    assert RANGE in err and "Traceback" not in err
    assert plan.dump() == before


@pytest.mark.parametrize("start, end", [(date(1, 1, 1), date(1, 1, 2)),
                                        (date(9999, 12, 30), date(9999, 12, 31)),
                                        (date(2026, 1, 1), date(9999, 12, 31))])
def test_the_event_service_names_the_field(plan: Plan, start: date, end: date) -> None:
    from planner.storage.database import Database

    with Database.open(plan.db) as db, db.transaction() as s:
        with pytest.raises(ValidationError) as info:
            add_event(s, code="far-away", name="Far", start_date=start, end_date=end,
                      tz="Pacific/Kiritimati")
        fields = {p.field for p in info.value.problems}
        assert "end_date" in fields and all(RANGE in m for m in info.value.for_field("end_date"))
        with pytest.raises(ValidationError, match="1900–2200"):
            update_event(s, get_event(s, EVENT), end_date=date(9999, 12, 31))


def test_edges_of_the_range_are_accepted_in_every_extreme_zone(plan: Plan) -> None:
    for tz in ("Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14", "America/New_York"):
        for day in (date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)):
            start, end = timezones.local_day_bounds(day, tz)
            assert end > start
            for hour in (0, 23):
                wall = datetime(day.year, day.month, day.day, hour)
                utc = timezones.to_utc(wall, tz)
                assert timezones.wall_from_utc(utc, tz)[0] == wall


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59)),
       st.sampled_from(["Pacific/Kiritimati", "Etc/GMT+12", "Asia/Tokyo", "America/New_York",
                        "Europe/London", "UTC"]))
def test_any_wall_time_converts_or_is_refused_never_overflows(wall: datetime, tz: str) -> None:
    try:
        utc = timezones.to_utc(wall, tz)
    except ValidationError as exc:
        assert RANGE in str(exc) or "does not exist" in str(exc)
        return
    timezones.iso_local(utc, tz)
    timezones.local_day_bounds(wall.date(), tz)
    assert FIRST_YEAR <= wall.year <= LAST_YEAR


def test_a_stored_time_at_the_end_of_the_calendar_is_a_message_not_an_overflow() -> None:
    with pytest.raises(ValidationError, match="1900–2200"):
        timezones.from_utc(datetime(1, 1, 1), "America/New_York")
    with pytest.raises(ValidationError, match="1900–2200"):
        timezones.local_day_bounds(date(9999, 12, 31), "Asia/Tokyo")


@pytest.mark.parametrize("due", ["9999-12-31", "0001-01-01", "2201-01-01"])
def test_leads_add_refuses_a_due_date_outside_the_years(plan: Plan, due: str) -> None:
    before = plan.dump()
    code, out, err = plan.run("leads", "add", "--event", EVENT, "--person", TARO,
                              "--next-action", "Call", "--due", due)
    assert code == 2 and out == "" and RANGE in err and "Traceback" not in err
    assert plan.dump() == before


def test_the_follow_up_services_refuse_far_due_dates(plan: Plan) -> None:
    from planner.storage.database import Database

    with Database.open(plan.db) as db, db.transaction() as s:
        lead = find_lead(s, plan.lead)
        with pytest.raises(ValidationError) as info:
            add_follow_up(s, lead, description="Call", due_date=date(9999, 12, 31))
        assert info.value.for_field("due_date")
        action = s.query(FollowUp).filter_by(lead_id=lead.id).one()
        with pytest.raises(ValidationError, match="1900–2200"):
            update_follow_up(s, action, due_date=date(1, 1, 1))
        with pytest.raises(ValidationError, match="1900–2200"):
            add_lead_with_action(s, get_event(s, EVENT), person=lead.person, next_action="x",
                                 due_date=date(9999, 1, 1))
    check_date(date(2026, 1, 1))
    check_date(None)


@pytest.mark.parametrize("row", [
    "9999-12-31,23:00,01:00",  # ends "the next day": past the end of the calendar
    "9999-12-31,20:00,21:00",
    "0001-01-01,01:00,02:00",
    "2200-12-31,23:00,01:00",  # the next day is 2201
])
def test_a_meeting_import_with_far_dates_reports_the_row_and_changes_nothing(plan: Plan, tmp_path,
                                                                            row: str) -> None:
    csv = tmp_path / "meetings.csv"
    csv.write_text("Date,Start,End,Location,Our attendees,Counterparts\n"
                   f"{row},Table 1,alice@ours.example,taro@sakura.example\n", encoding="utf-8")
    before = plan.dump()
    code, _out, err = plan.run("import", "meetings", str(csv), "--event", EVENT)
    assert code == 1, err
    assert "line 2" in err and RANGE in err and "Traceback" not in err
    assert plan.dump() == before


def _last_day_event(plan: Plan, arrival: datetime) -> None:
    from planner.services.events.delegations import add_delegate, event_delegation
    from planner.services.people.people import find_person
    from planner.services.schedule.meetings import add_meeting
    from planner.storage.database import Database

    with Database.open(plan.db) as db, db.transaction() as s:
        event = add_event(s, code="last-day", name="Last day", start_date=date(LAST_YEAR, 12, 30),
                          end_date=date(LAST_YEAR, 12, 31), tz="Etc/GMT+12")
        alice, taro = find_person(s, "alice@ours.example"), find_person(s, TARO)
        add_delegate(s, event_delegation(s, event, create=True), alice, arrival=arrival,
                     departure=datetime(LAST_YEAR, 12, 31, 23, 30))
        add_meeting(s, event, start_local=datetime(LAST_YEAR, 12, 31, 23, 0),
                    end_local=datetime(LAST_YEAR, 12, 31, 23, 45), ours=[alice], counterparts=[taro])


def test_a_pack_on_the_last_day_of_the_range_exports(plan: Plan, tmp_path) -> None:
    """The last day the range allows, in the zone furthest behind UTC (its evening is the
    next year in UTC): packs, calendars and the check all work."""
    _last_day_event(plan, datetime(LAST_YEAR, 12, 30, 9, 0))
    for args in (["export", "ics", "--out", str(tmp_path / "x.ics")],
                 ["export", "briefing", "--out", str(tmp_path / "x.pdf")], ["check"]):
        code, _out, err = plan.run(*args, "--event", "last-day")
        assert code == 0 and "Traceback" not in err, err
    assert (tmp_path / "x.pdf").stat().st_size > 0


def test_a_stored_arrival_at_the_end_of_the_calendar_is_a_message_not_a_crash(plan: Plan,
                                                                               tmp_path) -> None:
    """An arrival kept from before dates were checked (year 1): the pack is made, or says what
    is wrong (exit 2); it never crashes."""
    _last_day_event(plan, datetime(LAST_YEAR, 12, 30, 9, 0))
    # the service refuses it now: plant it as an old plan holds it
    plant(plan.db, "UPDATE delegate SET arrival = :year_one", year_one=datetime(1, 1, 1, 9, 0))
    code, _out, err = plan.run("export", "briefing", "--event", "last-day", "--out",
                               str(tmp_path / "x.pdf"))
    assert "Traceback" not in err and (code == 0 or (code == 2 and RANGE in err)), err


@pytest.mark.parametrize("year", [1, 1899, 2201, 9999])
def test_a_delegates_arrival_or_departure_outside_the_range_is_refused(db, year: int) -> None:
    from datetime import datetime as _dt

    from planner.errors import ValidationError as _VE
    from planner.services.events.delegations import add_delegate, event_delegation
    from planner.services.events.events import add_event
    from planner.services.people.people import add_person

    with db.transaction() as s:
        ev = add_event(s, code="range", name="Range", start_date=date(2027, 10, 13),
                       end_date=date(2027, 10, 16), tz="Asia/Tokyo")
        person = add_person(s, given_name="A", family_name="B")
        for field in ("arrival", "departure"):
            with pytest.raises(_VE) as info:
                add_delegate(s, event_delegation(s, ev, create=True), person,
                             **{field: _dt(year, 1, 2, 10, 0)})
            assert "1900" in str(info.value) and "2200" in str(info.value)
