"""What a user reads for each conflict (issue 21): the exact message and suggestion.

An item is described as “title” (its time in the event's zone and at home, its table, its venue);
a travel leg as “from → to”. People are listed by name, “A, B and C”. These texts are what the
conflict panel, the check report and the briefing pack show, so each is stated in full."""

from __future__ import annotations

from planner.domain.conflicts import ConflictKind, find_conflicts

from .bookings import (
    ANN,
    BEN,
    CTX,
    EMBASSY,
    HOTEL,
    KIM,
    SAKURA,
    STAGE,
    TABLE_01,
    TARO,
    item,
    of_kind,
)

WED = "Wed 14 Oct"


def test_a_person_in_two_places_is_told_each_item_with_its_time_table_and_venue():
    meeting = item("10:00", "10:30", ours=(ANN,), room_id=TABLE_01, title="Sakura Pharma")
    symposium = item("10:15", "10:45", kind="symposium", ours=(ANN, BEN), venue_id=None, title="Symposium")
    [c] = find_conflicts([symposium, meeting], CTX)
    assert c.message == (
        "Ann Lee is booked in two places at once: "
        f"“Sakura Pharma” ({WED} 10:00–10:30 JST · 02:00–02:30 BST, Table 01, Pacifico Yokohama) and "
        f"“Symposium” ({WED} 10:15–10:45 JST · 02:15–02:45 BST).")
    assert c.suggestion == "Move one of them, or take Ann Lee off one of them."


def test_an_item_at_a_venue_without_a_named_table_shows_the_venue_alone():
    a = item("10:00", "10:30", ours=(ANN,), venue_id=EMBASSY, room_id=99, title="Call")
    b = item("10:00", "10:30", ours=(ANN,), venue_id=EMBASSY, title="Lunch")
    [c] = of_kind(find_conflicts([a, b], CTX), ConflictKind.PERSON_DOUBLE_BOOKED)
    assert c.message == (
        "Ann Lee is booked in two places at once: "
        f"“Call” ({WED} 10:00–10:30 JST · 02:00–02:30 BST, British Embassy) and "
        f"“Lunch” ({WED} 10:00–10:30 JST · 02:00–02:30 BST, British Embassy).")


def test_three_people_double_booked_are_listed_as_a_b_and_c():
    a = item("10:00", "11:00", ours=(TARO, ANN, BEN), title="Briefing")
    b = item("10:30", "11:30", ours=(BEN, TARO, ANN), venue_id=HOTEL, title="Lunch")
    [c] = of_kind(find_conflicts([a, b], CTX), ConflictKind.PERSON_DOUBLE_BOOKED)
    assert c.message.startswith("Ann Lee, Ben Ode and Yamada Taro are booked in two places at once: ")
    assert c.suggestion == "Move one of them, or take Ann Lee, Ben Ode and Yamada Taro off one of them."


def test_a_travel_leg_is_described_from_where_it_leaves_to_where_it_arrives():
    leg = item("08:00", "09:00", kind="travel", ours=(ANN,), venue_id=HOTEL, destination_venue_id=EMBASSY,
               title="Car to the embassy")
    briefing = item("08:30", "09:30", ours=(ANN,), venue_id=EMBASSY, title="Briefing")
    [c] = find_conflicts([leg, briefing], CTX)
    assert c.message == (
        "Ann Lee is booked in two places at once: "
        f"“Car to the embassy” ({WED} 08:00–09:00 JST · 00:00–01:00 BST, Hotel → British Embassy) and "
        f"“Briefing” ({WED} 08:30–09:30 JST · 00:30–01:30 BST, British Embassy).")


def test_a_travel_leg_without_a_destination_is_described_by_where_it_leaves():
    leg = item("08:00", "09:00", kind="travel", ours=(ANN,), venue_id=HOTEL, title="Walk")
    other = item("08:30", "09:30", ours=(ANN,), venue_id=HOTEL, title="Breakfast")
    [c] = find_conflicts([leg, other], CTX)
    assert f"“Walk” ({WED} 08:00–09:00 JST · 00:00–01:00 BST, Hotel) and" in c.message


def test_only_a_travel_leg_shows_an_arrow_to_its_destination():
    # a reception that was a travel leg before its kind was changed keeps its destination field
    reception = item("18:00", "20:00", kind="reception", ours=(ANN,), venue_id=EMBASSY,
                     destination_venue_id=HOTEL, title="Reception")
    dinner = item("19:00", "21:00", ours=(ANN,), venue_id=EMBASSY, title="Dinner")
    [c] = find_conflicts([reception, dinner], CTX)
    assert f"“Reception” ({WED} 18:00–20:00 JST · 10:00–12:00 BST, British Embassy) and" in c.message


def test_the_pitch_of_the_only_attendee_says_who_presents_what_during_which_meeting():
    meeting = item("11:00", "11:30", ours=(ANN,), counterparts=(TARO,), room_id=TABLE_01, title="Sakura Pharma")
    pitch = item("11:15", "11:25", kind="showcase", presenters=(ANN,), room_id=STAGE, title="Pitch")
    [c] = find_conflicts([pitch, meeting], CTX)
    assert c.kind is ConflictKind.PRESENTER_BUSY
    assert c.message == (
        f"Ann Lee presents “Pitch” ({WED} 11:15–11:25 JST · 03:15–03:25 BST, Stage, Pacifico Yokohama) "
        f"during “Sakura Pharma” ({WED} 11:00–11:30 JST · 03:00–03:30 BST, Table 01, Pacifico Yokohama), "
        "where Ann Lee is the only attendee from our side.")
    assert c.suggestion == "Move the meeting, or add a colleague who can take it."


def test_a_table_booked_twice_is_named_and_the_user_is_told_to_give_one_another_table():
    a = item("15:30", "16:00", ours=(ANN,), room_id=TABLE_01, title="Sakura Pharma")
    b = item("15:45", "16:15", ours=(BEN,), room_id=TABLE_01, title="Tokyo Genomics")
    [c] = find_conflicts([a, b], CTX)
    assert c.message == (
        f"Table 01 is double-booked: “Sakura Pharma” ({WED} 15:30–16:00 JST · 07:30–08:00 BST, Table 01, "
        f"Pacifico Yokohama) and “Tokyo Genomics” ({WED} 15:45–16:15 JST · 07:45–08:15 BST, Table 01, "
        "Pacifico Yokohama) overlap.")
    assert c.suggestion == "Give one of them another room or table, or move it."


def test_an_organisation_without_a_name_is_called_by_its_number():
    a = item("10:00", "10:30", ours=(ANN,), organisation_id=101, title="M1")
    b = item("10:15", "10:45", ours=(KIM,), organisation_id=101, title="M2")
    [c] = find_conflicts([a, b], CTX)
    assert c.kind is ConflictKind.COUNTERPART_ORG_TWICE
    assert c.message.startswith("organisation #101 is met twice at the same time by different delegates "
                                "(Ann Lee; Kim Min-jun): “M1” (")


def test_the_same_organisation_met_twice_names_it_and_both_sides():
    a = item("10:00", "10:30", ours=(ANN, BEN), organisation_id=SAKURA, title="M1")
    b = item("10:15", "10:45", ours=(KIM,), organisation_id=SAKURA, title="M2")
    [c] = find_conflicts([a, b], CTX)
    assert c.message.startswith("Sakura Pharma is met twice at the same time by different delegates "
                                "(Ann Lee and Ben Ode; Kim Min-jun): ")
    assert c.people == (ANN, BEN, KIM)


def test_an_item_outside_the_event_dates_names_its_people_and_says_how_to_fix_it():
    after = item("10:00", "11:00", ours=(BEN, ANN), day=17, title="Late visit")
    [c] = find_conflicts([after], CTX)
    assert c.kind is ConflictKind.OUTSIDE_EVENT_DATES and c.people == (ANN, BEN)
    assert c.message == ("“Late visit” (Sat 17 Oct 10:00–11:00 JST · 02:00–03:00 BST, Pacifico Yokohama) "
                         "is outside the event's dates (Tue 13 Oct – Fri 16 Oct 2026).")
    assert c.suggestion == "Move it into the event's dates, or change the event's dates if they are wrong."
    assert c.items == (after.uuid,) and c.at == after.start and len(c.signature) == 20


def test_an_item_outside_the_venue_hours_names_its_people_and_the_hours():
    late = item("17:45", "18:15", ours=(BEN, ANN), counterparts=(TARO,), title="Late meeting")
    [c] = find_conflicts([late], CTX)
    assert c.kind is ConflictKind.OUTSIDE_VENUE_HOURS and c.people == (ANN, BEN, TARO)
    assert c.message == (f"“Late meeting” ({WED} 17:45–18:15 JST · 09:45–10:15 BST, Pacifico Yokohama) "
                         "is outside the opening hours of Pacifico Yokohama (09:00–18:00).")
    assert c.suggestion == "Move it to between 09:00 and 18:00, or to another venue."
    assert c.items == (late.uuid,) and c.at == late.start and len(c.signature) == 20


def test_travel_warning_tells_the_minutes_missing():
    a = item("10:00", "11:00", ours=(ANN,), title="Sakura Pharma")
    b = item("11:20", "12:00", ours=(ANN,), venue_id=EMBASSY, title="Lunch")
    [c] = find_conflicts([a, b], CTX)
    assert c.message == (
        "Ann Lee cannot get from Pacifico Yokohama to British Embassy in time: "
        f"“Sakura Pharma” ({WED} 10:00–11:00 JST · 02:00–03:00 BST, Pacifico Yokohama) ends 20 min before "
        f"“Lunch” ({WED} 11:20–12:00 JST · 03:20–04:00 BST, British Embassy), and the journey takes 50 min.")
    assert c.suggestion == ("Move one of them so that at least 50 min lie between them (30 min more), "
                            "or change the travel time if it is wrong.")
