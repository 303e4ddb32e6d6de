"""The small pure rules of planner/domain (validation, enums, places, rows), issue 21: each test
states one rule and kills the mutants of the sampled run that no test reached (names in comments).

Countries (countries.py) and currencies are cached with lru_cache, which mutmut 3 does not mutate;
their rules are tested in tests/planner/hostile and imports."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from planner.domain.enums import (
    ActionStatus,
    MeetingStatus,
    RoomKind,
    SlotKind,
    SlotRole,
    Verdict,
    label,
    parse_enum,
)
from planner.domain.places import guess_room_kind, room_key
from planner.domain.rows import EventRow, MeetingRow, OrganisationRow, PersonRow, SlotRow
from planner.domain.validation import (
    check_date,
    clean_text,
    date_problem,
    is_currency,
    is_email,
    is_event_code,
    normalise_email,
    parse_amount,
)
from planner.errors import ValidationError

# ------------------------------------------------------------------ amounts (a lead's estimated value)


def amount_problem(value: object) -> list[str]:
    with pytest.raises(ValidationError) as err:
        parse_amount(value, "estimated_value")
    return err.value.for_field("estimated_value")


@pytest.mark.parametrize("value, stored", [
    ("250000", 250000), ("1,250,000", 1250000), ("1_000", 1000), ("1500.00", 1500), ("  2500 ", 2500),
    (1500, 1500), (1500.0, 1500), (Decimal("1E+3"), 1000), (Decimal("0"), 0), (999_999_999_999_999, 999_999_999_999_999),
])
def test_an_amount_is_stored_as_the_whole_number_it_states(value: object, stored: int):
    # parse_amount mutmut_28 (underscores as digit separators)
    assert parse_amount(value) == stored


@pytest.mark.parametrize("value, message", [
    ("1500.75", "1500.75: estimated values are kept in whole units of the currency (no cents); round it"),
    (1500.75, "1500.75: estimated values are kept in whole units of the currency (no cents); round it"),
    (Decimal("1.005"), "1.005 has more than 2 decimals"),  # a Decimal's decimals count as written
    ("1.005", "1.005 has more than 2 decimals"),
    ("-5", "The estimated value cannot be negative"),
    (-5, "The estimated value cannot be negative"),
    ("abc", "'abc' is not an amount: write it in plain digits, e.g. 250000 or 1,250,000"),
    (float("nan"), "'nan' is not an amount: give a number such as 250000"),
    (Decimal("Infinity"), "'Infinity' is not an amount: give a number such as 250000"),
    (True, "'True' is not an amount"),
    (10**15, "1000000000000000 is more than the largest estimated value Mission Desk keeps "
             "(999,999,999,999,999): check the number of digits"),
])
def test_an_amount_that_cannot_be_stored_exactly_is_refused_on_its_field(value: object, message: str):
    # parse_amount mutmut_77/79 (decimals of a Decimal), mutmut_95 (the cents message)
    assert amount_problem(value) == [message]


# ------------------------------------------------------------------ text, e-mail, codes


def test_user_text_loses_control_characters_and_keeps_joiners_and_wanted_line_breaks():
    # clean_text mutmut_13/16/21/26/32
    assert clean_text("a\tb\r\nc\x07d\u200de", multiline=True) == "a\tb\ncd\u200de"
    assert clean_text("a\tb\nc") == "a b c"  # one-line text: tabs and line breaks become spaces
    assert clean_text("x\u200by") == "xy"  # a zero-width space is dropped, a joiner kept
    assert clean_text("  abcdef ", max_len=3) == "abc" and clean_text(None) == ""


def test_an_email_is_kept_with_its_domain_in_lower_case_and_without_invisible_characters():
    # normalise_email mutmut_13
    assert normalise_email(" Ann＠Example.COM\u200b ") == "Ann@example.com"
    assert normalise_email("no-at") == "no-at" and normalise_email(None) == ""


def test_an_email_with_two_dots_in_a_row_or_too_long_is_not_an_email():
    # is_email mutmut_1
    assert is_email("ann.lee@example.com")
    assert not is_email("ann..lee@example.com")
    assert not is_email("a@" + "b" * 250 + ".com")


def test_a_currency_is_an_iso_code_in_capitals_that_names_money_and_an_event_code_is_a_slug():
    assert is_currency("GBP") and is_currency("JPY")
    assert not any(is_currency(c) for c in ("gbp", "ABC", "XXX", "XTS", "GBPX"))
    assert is_event_code("lt-2026") and not is_event_code("A") and not is_event_code("-lt")


def test_a_date_outside_1900_to_2200_is_refused_on_its_field():
    assert date_problem(date(1900, 1, 1)) is None and date_problem(date(2200, 12, 31)) is None
    assert date_problem(datetime(1899, 12, 31, 5)) == (
        "1899-12-31 is outside the years Mission Desk works with (1900–2200): check the year")
    with pytest.raises(ValidationError) as err:
        check_date(date(2201, 1, 1), "due")
    assert err.value.for_field("due")
    check_date(None, "due")


# ------------------------------------------------------------------ closed vocabularies


@pytest.mark.parametrize("value, shown", [
    (MeetingStatus.NO_SHOW, "No-show"), (SlotKind.SITE_VISIT, "Site visit"),
    (ActionStatus.IN_PROGRESS, "In progress"), (Verdict.DID_NOT_TAKE_PLACE, "Did not take place"),
    (Verdict.INFORMATIVE, "Informative, no cooperation planned"),
    (Verdict.COOPERATION_POSSIBLE, "Cooperation possible"), (RoomKind.MEETING_TABLE, "Meeting table"),
])
def test_every_value_is_shown_with_its_human_label(value, shown: str):
    # label mutmut_2-27
    assert label(value) == shown


@pytest.mark.parametrize("typed, member", [
    ("no_show", MeetingStatus.NO_SHOW), ("No-show", MeetingStatus.NO_SHOW), ("NO SHOW", MeetingStatus.NO_SHOW),
    (" Site visit ", SlotKind.SITE_VISIT), ("Informative, no cooperation planned", Verdict.INFORMATIVE),
    ("did not take place", Verdict.DID_NOT_TAKE_PLACE), ("in-progress", ActionStatus.IN_PROGRESS),
])
def test_a_typed_value_is_read_by_its_value_its_name_or_its_label(typed: str, member):
    assert parse_enum(type(member), typed) is member


def test_an_unknown_value_names_the_field_and_lists_the_allowed_ones():
    # parse_enum mutmut_1/30/34
    with pytest.raises(ValidationError) as err:
        parse_enum(ActionStatus, "finished", "status")
    assert err.value.for_field("status") == [
        "'finished' is not a valid status; use one of: open, in_progress, done, cancelled"]
    with pytest.raises(ValidationError) as err:
        parse_enum(ActionStatus, "finished")
    assert err.value.for_field("") == [
        "'finished' is not a valid ActionStatus; use one of: open, in_progress, done, cancelled"]


def test_who_leads_a_slot_and_what_blocks_time():
    assert SlotKind.RECEPTION.lead_role is SlotRole.HOST and SlotKind.SITE_VISIT.lead_role is SlotRole.HOST
    assert SlotKind.TRAVEL.lead_role is SlotRole.TRAVELLER and SlotKind.SHOWCASE.lead_role is SlotRole.PRESENTER
    assert SlotKind.TRAVEL.attendee_role is SlotRole.TRAVELLER and SlotKind.BRIEFING.attendee_role is SlotRole.ATTENDEE
    assert not SlotKind.SHOWCASE.is_side_event and SlotKind.RECEPTION.is_side_event
    assert [r.verb for r in SlotRole] == ["presents", "hosts", "attends", "travels on"]
    assert {s for s in MeetingStatus if s.occupies_time} == {
        MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED, MeetingStatus.CONFIRMED, MeetingStatus.HELD}
    assert {s for s in ActionStatus if s.is_closed} == {ActionStatus.DONE, ActionStatus.CANCELLED}


# ------------------------------------------------------------------ rooms and tables


def test_a_table_typed_in_many_ways_is_one_table():
    # room_key mutmut_13
    assert room_key("Table 07") == room_key("table7") == room_key("Ｔａｂｌｅ７") == "table 7"
    assert room_key("Hall C, Table 7") == "hall c table 7"
    assert room_key("卓０３") == "卓 3" and room_key(None) == ""


@pytest.mark.parametrize("name, kind", [
    ("Table 12", RoomKind.MEETING_TABLE), ("12", RoomKind.MEETING_TABLE), ("Tisch 3", RoomKind.MEETING_TABLE),
    ("Main Stage", RoomKind.STAGE), ("Booth B4", RoomKind.BOOTH), ("Hall 2", RoomKind.HALL),
    ("Room 101", RoomKind.ROOM), ("Boardroom", RoomKind.ROOM),
])
def test_a_room_made_on_the_fly_gets_the_kind_its_name_suggests(name: str, kind: RoomKind):
    # guess_room_kind mutmut_4/7/9
    assert guess_room_kind(name) is kind


# ------------------------------------------------------------------ rows as the CLI prints them (--json)


def test_rows_print_every_field_under_its_documented_key():
    # EventRow/PersonRow/OrganisationRow/MeetingRow/SlotRow.to_json mutants
    event = EventRow(1, "e-uuid", "lt-2026", "London Tech", "trade_show", date(2026, 6, 1), date(2026, 6, 3),
                     "Europe/London", "Asia/Tokyo", "London", "GB")
    assert event.to_json() == {"code": "lt-2026", "name": "London Tech", "start": "2026-06-01", "end": "2026-06-03",
                               "tz": "Europe/London", "city": "London", "country": "GB", "id": "e-uuid"}
    person = PersonRow(2, "p-uuid", "Ann", "Lee", "given_first", "李安", "ann@example.com", "Acme", "CTO", "GB",
                       "Ann Lee", ("delegate",))
    assert person.to_json() == {"id": "p-uuid", "given_name": "Ann", "family_name": "Lee", "native_name": "李安",
                                "email": "ann@example.com", "organisation": "Acme", "job_title": "CTO",
                                "country": "GB", "roles": ["delegate"]}
    org = OrganisationRow(3, "o-uuid", "Acme", "アクメ", "company", "JP", ("pharma",), 4)
    assert org.to_json() == {"id": "o-uuid", "name": "Acme", "native_name": "アクメ", "kind": "company",
                             "country": "JP", "tags": ["pharma"], "people_count": 4}
    meeting = MeetingRow(4, "m-uuid", datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 10), "2026-06-01T10:00:00+01:00",
                         "2026-06-01T11:00:00+01:00", "Europe/London", "ExCeL", "confirmed", ("a",), ("b",),
                         counterpart_organisation="Beta", objective="Intro", interpreter_needed=True,
                         venue="ExCeL", room="Table 7")
    assert meeting.to_json() == {"id": "m-uuid", "start": "2026-06-01T10:00:00+01:00",
                                 "end": "2026-06-01T11:00:00+01:00", "tz": "Europe/London", "location": "ExCeL",
                                 "venue": "ExCeL", "room": "Table 7", "status": "confirmed", "our_attendees": ["a"],
                                 "counterparts": ["b"], "counterpart_organisation": "Beta", "objective": "Intro",
                                 "interpreter_needed": True}
    slot = SlotRow(5, "s-uuid", "showcase", "Pitch", datetime(2026, 6, 1, 9), datetime(2026, 6, 1, 10),
                   "2026-06-01T10:00:00+01:00", "2026-06-01T11:00:00+01:00", "Europe/London", "ExCeL", "Stage",
                   "Acme", ("Ann Lee",))
    assert slot.to_json() == {"id": "s-uuid", "kind": "showcase", "title": "Pitch", "start": "2026-06-01T10:00:00+01:00",
                              "end": "2026-06-01T11:00:00+01:00", "tz": "Europe/London", "venue": "ExCeL",
                              "room": "Stage", "organisation": "Acme", "presenters": ["Ann Lee"]}
