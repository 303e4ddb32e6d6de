"""Meeting and slot imports place every row in a room of a venue: tables found or made in the
partnering venue (or --venue), partners by name and company, newer exports as a sync."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.domain.enums import MeetingStatus
from planner.imports.errors import MappingError
from planner.imports.plan import ImportOptions
from planner.imports.service import apply_import, plan_import
from planner.services.events.events import add_event, get_event
from planner.services.events.places import add_room, add_venue
from planner.services.people.people import add_organisation, add_person
from planner.services.schedule.conflicts import check_event
from planner.storage.database import Database
from planner.storage.models import Meeting, Person, Room, Slot, Venue

pytestmark = pytest.mark.engines

EV = "bj-2027"
OURS = "priya@ours.example"
HEAD = "Meeting ID,Date,Time,Table,Partner,Company,Status\n"


def _setup(db: Database, *, partnering: bool = True) -> None:
    with db.transaction() as s:
        ev = add_event(s, code=EV, name="BioJapan", start_date=date(2027, 10, 13),
                       end_date=date(2027, 10, 16), tz="Asia/Tokyo")
        if partnering:
            add_venue(s, ev, name="Pacifico Yokohama", partnering=True, opens=time(9),
                      closes=time(18))
        add_venue(s, ev, name="Seoul Bio Hub", tz="Asia/Seoul")
        add_person(s, given_name="Priya", family_name="Nair", email=OURS)
        add_person(s, given_name="Tom", family_name="Hughes", email="tom@ours.example")


def _csv(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _import(db: Database, path: Path, **options: object) -> object:
    with db.transaction() as s:
        return apply_import(s, path, "meetings", EV, ImportOptions(**options))  # type: ignore[arg-type]


def test_one_table_however_it_is_written(db: Database, tmp_path: Path) -> None:
    _setup(db)
    path = _csv(tmp_path, HEAD + "A1,2027-10-14,10:00-10:30,Table 7,Ken Mori,Mori KK,confirmed\n"
                               "A2,2027-10-14,11:00-11:30,table 07,Ann Lee,Lee Co,confirmed\n"
                               "A3,2027-10-14,12:00-12:30,Ｔａｂｌｅ７,Bo Kim,Kim Co,confirmed\n")
    plan = _import(db, path, ours=OURS)
    assert plan.applied and plan.counts["add"] == 3
    with db.session() as s:
        rooms = s.scalars(select(Room)).all()
        assert [r.name for r in rooms] == ["Table 7"]
        assert rooms[0].venue.name == "Pacifico Yokohama" and rooms[0].kind.value == "meeting_table"
        assert {m.room_id for m in s.scalars(select(Meeting))} == {rooms[0].id}


def test_without_a_partnering_venue_one_is_made_once(db: Database, tmp_path: Path) -> None:
    _setup(db, partnering=False)
    path = _csv(tmp_path, HEAD + "A1,2027-10-14,10:00-10:30,Table 1,Ken Mori,Mori KK,\n"
                               "A2,2027-10-14,11:00-11:30,Table 2,Ann Lee,Lee Co,\n")
    with db.session() as s:
        dry = plan_import(s, path, "meetings", EV, ImportOptions(ours=OURS))
    assert any("Partnering area" in line for line in dry.created)
    _import(db, path, ours=OURS)
    with db.session() as s:
        made = s.scalars(select(Venue).where(Venue.partnering)).all()
        assert [v.name for v in made] == ["Partnering area"] and made[0].tz == "Asia/Tokyo"
        assert s.query(Room).count() == 2


def test_venue_option_places_tables_and_reads_times_in_its_zone(db: Database, tmp_path: Path) -> None:
    _setup(db)
    path = _csv(tmp_path, HEAD + "S1,2027-10-16,10:00-10:30,Table 2,Jae Park,Seoul Genomics,\n")
    _import(db, path, ours=OURS, venue="seoul bio hub")
    with db.session() as s:
        m = s.scalars(select(Meeting)).one()
        assert m.venue is not None and m.venue.name == "Seoul Bio Hub" and m.tz == "Asia/Seoul"
        assert m.room is not None and m.room.venue_id == m.venue_id
        assert m.start_utc == datetime(2027, 10, 16, 1, 0)  # 10:00 in Seoul (UTC+9)


def test_a_named_partner_is_found_at_their_company_and_made_elsewhere(db: Database,
                                                                       tmp_path: Path) -> None:
    _setup(db)
    with db.transaction() as s:
        mori = add_organisation(s, name="Mori KK")
        add_person(s, given_name="Ken", family_name="Mori", organisation=mori)
    path = _csv(tmp_path, HEAD + "A1,2027-10-14,10:00-10:30,Table 1,Ken Mori,Mori KK,\n"
                               "A2,2027-10-14,11:00-11:30,Table 1,Ken Mori,Other Pharma,\n")
    _import(db, path, ours=OURS)
    with db.session() as s:
        kens = s.scalars(select(Person).where(Person.family_name == "Mori")).all()
        assert len(kens) == 2  # the same name at another company is another person
        companies = sorted(k.organisation.name for k in kens if k.organisation)
        assert companies == ["Mori KK", "Other Pharma"]
        for m in s.scalars(select(Meeting)):
            theirs = [a.person for a in m.attendees if a.side.value == "counterpart"]
            assert len(theirs) == 1 and theirs[0].organisation_id == m.counterpart_organisation_id


def test_unknown_our_delegate_is_refused(db: Database, tmp_path: Path) -> None:
    _setup(db)
    path = _csv(tmp_path, HEAD + "A1,2027-10-14,10:00-10:30,Table 1,Ken Mori,Mori KK,\n")
    with pytest.raises(MappingError), db.session() as s:
        plan_import(s, path, "meetings", EV, ImportOptions(ours="nobody@nowhere.example"))
    with pytest.raises(MappingError), db.session() as s:
        plan_import(s, path, "meetings", EV, ImportOptions(ours="  "))


def test_a_newer_export_moves_and_cancels_only_that_delegates_meetings(db: Database,
                                                                     tmp_path: Path) -> None:
    _setup(db)
    first = _csv(tmp_path, HEAD + "A1,2027-10-14,10:00-10:30,Table 7,Ken Mori,Mori KK,confirmed\n"
                                "A2,2027-10-14,11:00-11:30,Table 7,Ann Lee,Lee Co,confirmed\n", "a.csv")
    toms = _csv(tmp_path, HEAD + "T1,2027-10-15,10:00-10:30,Table 4,Bo Kim,Kim Co,confirmed\n", "t.csv")
    _import(db, first, ours=OURS)
    _import(db, toms, ours="tom@ours.example")
    newer = _csv(tmp_path, HEAD + "A1,2027-10-14,10:00-10:30,Table 9,Ken Mori,Mori KK,confirmed\n",
                 "b.csv")
    with db.session() as s:
        dry = plan_import(s, newer, "meetings", EV, ImportOptions(ours=OURS))
    assert dry.counts["update"] == 1 and dry.counts["cancel"] == 1 and dry.counts["add"] == 0
    moved = next(r for r in dry.rows if r.action == "update")
    assert "moves from Table 7" in moved.detail and "Table 9" in moved.detail
    _import(db, newer, ours=OURS)
    _import(db, newer, ours=OURS)  # the same export again changes nothing more
    with db.session() as s:
        by_ref = {m.external_ref: m for m in s.scalars(select(Meeting))}
        assert len(by_ref) == 3
        assert by_ref["A1"].room is not None and by_ref["A1"].room.name == "Table 9"
        assert by_ref["A2"].status is MeetingStatus.CANCELLED
        assert by_ref["T1"].status is MeetingStatus.CONFIRMED  # a colleague's meeting stays


def test_two_files_booking_one_table_are_a_room_clash(db: Database, tmp_path: Path) -> None:
    _setup(db)
    _import(db, _csv(tmp_path, HEAD + "A1,2027-10-14,14:00-14:30,Table 7,Ken Mori,Mori KK,\n",
                     "a.csv"), ours=OURS)
    _import(db, _csv(tmp_path, HEAD + "T1,2027-10-14,14:15-14:45,table 07,Bo Kim,Kim Co,\n",
                     "t.csv"), ours="tom@ours.example")
    with db.session() as s:
        kinds = [c.kind for c in check_event(s, get_event(s, EV)).conflicts]
    assert kinds == ["room_double_booked"]


def test_overnight_items_end_next_day_and_stay_inside_the_event(db: Database,
                                                              tmp_path: Path) -> None:
    _setup(db)
    path = _csv(tmp_path, "Date,Start,End,Venue,Room,Title,Kind,Presenters,Attendees\n"
                          "2027-10-16,21:15,07:40,Seoul Bio Hub,,Flight ICN-LHR,travel,,"
                          f"{OURS}\n"
                          "2027-10-16,19:00,00:30,Pacifico Yokohama,,Reception,reception,"
                          f"tom@ours.example,{OURS}\n")
    with db.transaction() as s:
        plan = apply_import(s, path, "slots", EV)
    assert plan.applied, plan.errors
    with db.session() as s:
        flight = s.scalars(select(Slot).where(Slot.kind == "travel")).one()
        assert flight.end_local == datetime(2027, 10, 17, 7, 40) and flight.tz == "Asia/Seoul"
        roles = {p.person.email: p.role.value for p in flight.people}
        assert roles == {OURS: "traveller"}
        reception = s.scalars(select(Slot).where(Slot.kind == "reception")).one()
        assert {p.person.email: p.role.value for p in reception.people} == {
            "tom@ours.example": "host", OURS: "attendee"}
        kinds = {c.kind for c in check_event(s, get_event(s, EV)).conflicts}
    assert "outside_event_dates" not in kinds
    assert "outside_venue_hours" in kinds  # the reception runs past Pacifico's 18:00 closing


def test_no_end_time_before_a_dst_gap_is_counted_in_real_minutes(db: Database,
                                                                tmp_path: Path) -> None:
    with db.transaction() as s:
        ev = add_event(s, code="berlin", name="Berlin", start_date=date(2027, 3, 27),
                       end_date=date(2027, 3, 29), tz="Europe/Berlin")
        hall = add_venue(s, ev, name="Hall", partnering=True)
        add_room(s, hall, name="Table 1")
        add_person(s, given_name="Priya", family_name="Nair", email=OURS)
    path = _csv(tmp_path, "Date,Start,Location,Our attendees\n"
                          f"2027-03-28,01:45,Table 1,{OURS}\n"
                          f"2027-03-28,02:15,Table 1,{OURS}\n")
    with db.transaction() as s:
        plan = apply_import(s, path, "meetings", "berlin")
    assert [e.line for e in plan.errors] == [3]  # 02:15 does not exist that night: a row error
    assert "does not exist" in plan.errors[0].message
    path = _csv(tmp_path, "Date,Start,Location,Our attendees\n"
                          f"2027-03-28,01:45,Table 1,{OURS}\n")
    with db.transaction() as s:
        assert apply_import(s, path, "meetings", "berlin").applied
    with db.session() as s:
        m = s.scalars(select(Meeting)).one()
        assert (m.end_utc - m.start_utc).total_seconds() == 30 * 60
        assert m.end_local == datetime(2027, 3, 28, 3, 15)


def test_an_accepted_clash_lapses_when_a_meeting_changes_table(db: Database, tmp_path: Path) -> None:
    from planner.services.schedule.conflicts import acknowledge_conflict
    from planner.services.schedule.meetings import update_meeting

    _setup(db)
    _import(db, _csv(tmp_path, HEAD + "A1,2027-10-14,14:00-14:30,Table 7,Ken Mori,Mori KK,\n"
                                      "A2,2027-10-14,14:00-14:30,Table 7,Bo Kim,Kim Co,\n"), ours=OURS)
    with db.transaction() as s:
        ev = get_event(s, EV)
        person_clash = [c for c in check_event(s, ev).conflicts if c.kind == "person_double_booked"]
        acknowledge_conflict(s, ev, person_clash[0].key, "Priya splits the slot")
        assert all(c.acknowledged for c in check_event(s, ev).conflicts
                   if c.kind == "person_double_booked")
        second = s.scalars(select(Meeting).where(Meeting.external_ref == "A2")).one()
        other = add_room(s, second.venue, name="Table 8")  # type: ignore[arg-type]
        update_meeting(s, second, room_id=other.id)
        rows = check_event(s, ev).conflicts
    assert [c.kind for c in rows] == ["person_double_booked"]  # the table clash is gone …
    assert not rows[0].acknowledged  # … and the accepted clash must be looked at again


def test_a_delegates_calendar_becomes_their_meetings(db: Database, tmp_path: Path) -> None:
    """b2match-style agenda: the owner found among the delegates is our side, the others are
    partners (made when new), the table is found in the partnering venue, the title is not
    taken for an objective, sessions without a partner are skipped."""
    from planner.services.events.delegations import add_delegate, event_delegation

    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "calendars"
    with db.transaction() as s:
        ev = add_event(s, code=EV, name="BioJapan", start_date=date(2026, 10, 13),
                       end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        add_venue(s, ev, name="Pacifico Yokohama", partnering=True)
        priya = add_person(s, given_name="Priya", family_name="Nair",
                           email="priya.nair@northbio-cluster.example")
        add_delegate(s, event_delegation(s, ev, create=True), priya)
    with db.transaction() as s:
        plan = apply_import(s, fixtures / "b2match_tokyo.ics", "meetings", EV)
    assert plan.applied, plan.errors
    with db.session() as s:
        meetings = s.scalars(select(Meeting).order_by(Meeting.start_utc)).all()
        assert meetings and all(m.objective == "" for m in meetings)
        for m in meetings:
            ours = [a.person.email for a in m.attendees if a.side.value == "ours"]
            theirs = [a.person.email for a in m.attendees if a.side.value == "counterpart"]
            assert ours == ["priya.nair@northbio-cluster.example"]
            assert "priya.nair@northbio-cluster.example" not in theirs
        first = meetings[0]
        assert first.room is not None and first.room.name == "Table 12"
        assert first.start_utc == datetime(2026, 10, 14, 5, 0)  # 14:00 in Tokyo
