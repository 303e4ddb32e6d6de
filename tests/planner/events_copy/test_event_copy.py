"""Starting next year's event from a past one (issue 19): `planner events copy` and its service.

Rules: people and organisations are linked, never duplicated; venues keep their own zone, rooms
and travel minutes; what the target has is reused and never overwritten; a second copy adds
nothing; what belongs to one year (meetings, leads, travel logistics) is never copied; needs only
when asked for; the target must exist; a dry run or a failed copy changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from planner.cli import main
from planner.errors import NotFoundError, ValidationError
from planner.services.events import event_copy
from planner.services.events.event_copy import (
    CopyOptions,
    copy_event,
    next_year_name,
    plan_event_copy,
)
from planner.services.events.events import get_event
from planner.services.events.places import (
    add_room,
    add_venue,
    find_venue,
    list_venues,
    set_travel_minutes,
)
from planner.storage.database import Database
from planner.storage.models import (
    Delegate,
    Delegation,
    DelegationOrganisation,
    EventContact,
    Lead,
    Meeting,
    Organisation,
    Person,
)
from tests.planner.engines import table_counts
from tests.planner.events_copy.conftest import CONTACT, DELEGATE, LEAD, NEXT, PAST, SPEAKER

pytestmark = pytest.mark.engines


def _copy(db: Database, options: CopyOptions | None = None, **kw: bool) -> event_copy.CopyPlan:
    with db.transaction() as s:
        return copy_event(s, PAST, NEXT, options, **kw)


def _delegates(db: Database, code: str) -> dict[str, Delegate]:
    with db.session() as s:
        event = get_event(s, code)
        rows = s.scalars(select(Delegate).join(Delegation).where(Delegation.event_id == event.id)).all()
        for d in rows:
            s.expunge(d)
        emails = {d.person_id: s.get(Person, d.person_id).email for d in rows}  # type: ignore[union-attr]
        return {emails[d.person_id]: d for d in rows}


def _counts(path: Path | str) -> dict[str, int]:
    return {k: v for k, v in table_counts(path).items() if k not in ("audit_entry", "change_log")}


# -- the service ---------------------------------------------------------------------------------
def test_a_dry_run_lists_what_would_be_made_and_changes_nothing(past_db: Database, past_path: Path) -> None:
    before = _counts(past_path)
    plan = _copy(past_db, dry_run=True)
    assert _counts(past_path) == before
    assert not plan.applied
    assert {k: made for k, (made, _) in plan.counts().items()} == {
        "delegation": 1, "organisation": 2, "delegate": 3, "venue": 2, "room": 2, "travel": 2, "contact": 1}
    assert [i.name for i in plan.of("delegation")] == ["UK Delegation to Expo 2027"]
    never = " ".join(plan.never_copied)
    assert "1 meeting," in never and "1 lead " in never and "arrival" in never and "hotel" in never
    assert "dietary and access needs" in never


def test_people_and_organisations_are_linked_not_duplicated(past_db: Database, past_path: Path) -> None:
    people_before = _counts(past_path)["person"]
    orgs_before = _counts(past_path)["organisation"]
    _copy(past_db)
    assert (_counts(past_path)["person"], _counts(past_path)["organisation"]) == (people_before, orgs_before)
    old, new = _delegates(past_db, PAST), _delegates(past_db, NEXT)
    assert set(new) == {LEAD, DELEGATE, SPEAKER}
    assert {e: d.person_id for e, d in new.items()} == {e: d.person_id for e, d in old.items()}
    assert {e: d.role.value for e, d in new.items()} == {LEAD: "lead", DELEGATE: "delegate", SPEAKER: "speaker"}
    with past_db.session() as s:
        target = get_event(s, NEXT)
        links = s.execute(select(Organisation.name, DelegationOrganisation.role).join(DelegationOrganisation)
                          .join(Delegation).where(Delegation.event_id == target.id)).all()
        assert {name: role.value for name, role in links} == {"Thames Cluster": "lead", "Acme Bio Ltd": "member"}
        contact = s.scalars(select(Person).join(EventContact, EventContact.person_id == Person.id)
                            .where(EventContact.event_id == target.id)).one()
        assert contact.email == CONTACT


def test_what_belongs_to_one_year_stays_behind(past_db: Database) -> None:
    _copy(past_db)
    dev = _delegates(past_db, NEXT)[DELEGATE]
    assert (dev.arrival, dev.departure, dev.arrival_flight, dev.hotel, dev.notes, dev.emergency_contact) == (
        None, None, "", "", "", "")
    assert (dev.dietary, dev.access_needs) == ("", "")  # not asked for
    assert dev.interpreter_language == "ja"  # how they work with the counterparts, not a need
    with past_db.session() as s:
        target = get_event(s, NEXT)
        assert s.scalars(select(Meeting).where(Meeting.event_id == target.id)).all() == []
        assert s.scalars(select(Lead).where(Lead.event_id == target.id)).all() == []
        delegation = s.scalars(select(Delegation).where(Delegation.event_id == target.id)).one()
        assert (delegation.name, delegation.funder, delegation.shared_hotel) == ("UK Delegation to Expo 2027", "", "")


def test_needs_come_along_only_when_asked_for(past_db: Database) -> None:
    plan = _copy(past_db, CopyOptions(needs=True))
    assert not any("dietary" in line for line in plan.never_copied)
    dev = _delegates(past_db, NEXT)[DELEGATE]
    assert (dev.dietary, dev.access_needs) == ("Halal", "Step-free")


def test_venues_keep_their_own_zone_hours_rooms_and_travel_minutes(past_db: Database) -> None:
    _copy(past_db)
    with past_db.session() as s:
        venues = {v.name: v for v in list_venues(s, get_event(s, NEXT))}
    assert set(venues) == {"Pacifico Yokohama", "COEX"}
    pacifico, coex = venues["Pacifico Yokohama"], venues["COEX"]
    # Expo 2027 is in Asia/Seoul: a venue in the old zone keeps Asia/Tokyo
    assert (pacifico.tz, coex.tz) == ("Asia/Tokyo", "Asia/Seoul")
    assert (pacifico.address, pacifico.city, pacifico.hours, pacifico.phone, pacifico.partnering) == (
        "1-1-1 Minatomirai", "Yokohama", "09:00–18:00", "+81 45 000", True)
    assert {(r.name, r.kind, r.capacity) for r in pacifico.rooms} == {
        ("Table 1", "meeting_table", 4), ("Main stage", "stage", 300)}
    assert dict(pacifico.travel) == {"COEX": 50} and dict(coex.travel) == {"Pacifico Yokohama": 50}


def test_a_venue_already_there_is_reused_its_edits_kept_and_missing_rooms_added(past_db: Database) -> None:
    with past_db.transaction() as s:
        target = get_event(s, NEXT)
        there = add_venue(s, target, name="pacifico yokohama", tz="Asia/Tokyo", address="New hall, 2027")
        add_room(s, there, name="table 01")  # the same table as "Table 1"
        coex = add_venue(s, target, name="COEX", tz="Asia/Seoul")
        set_travel_minutes(s, there, coex, 65, both_ways=False)  # re-measured this year
    plan = _copy(past_db)
    assert plan.counts()["venue"] == (0, 2)
    assert plan.counts()["room"] == (1, 1)
    assert plan.counts()["travel"] == (1, 1)
    with past_db.session() as s:
        venues = {v.name: v for v in list_venues(s, get_event(s, NEXT))}
    assert set(venues) == {"pacifico yokohama", "COEX"}
    assert venues["pacifico yokohama"].address == "New hall, 2027"
    assert sorted(r.name for r in venues["pacifico yokohama"].rooms) == ["Main stage", "table 01"]
    assert dict(venues["pacifico yokohama"].travel) == {"COEX": 65}  # not overwritten with 50
    assert dict(venues["COEX"].travel) == {"pacifico yokohama": 50}  # the missing way back added


def test_copying_twice_adds_nothing_the_second_time(past_db: Database, past_path: Path) -> None:
    first = _copy(past_db, CopyOptions(needs=True))
    after_first = _counts(past_path)
    second = _copy(past_db, CopyOptions(needs=True))
    assert _counts(past_path) == after_first
    assert second.nothing_to_do and not second.applied
    assert {k: there for k, (_, there) in second.counts().items()} == {
        k: made for k, (made, _) in first.counts().items()}


def test_a_delegate_already_in_next_years_delegation_keeps_this_years_role(past_db: Database) -> None:
    from planner.services.events.delegations import add_delegate, add_delegation
    from planner.services.people.people import find_person

    with past_db.transaction() as s:
        delegation = add_delegation(s, get_event(s, NEXT), name="UK at Expo, next year")
        add_delegate(s, delegation, find_person(s, SPEAKER), "lead")
    plan = _copy(past_db)
    assert [i.name for i in plan.of("delegation", new=False)] == ["UK at Expo, next year"]
    assert plan.counts()["delegate"] == (2, 1)
    new = _delegates(past_db, NEXT)
    assert new[SPEAKER].role.value == "lead" and len(new) == 3
    with past_db.session() as s:
        assert len(s.scalars(select(Delegation).where(Delegation.event_id == get_event(s, NEXT).id)).all()) == 1


def test_only_the_parts_chosen_come_along(past_db: Database) -> None:
    _copy(past_db, CopyOptions.from_words("venues"))
    assert _delegates(past_db, NEXT) == {}
    with past_db.session() as s:
        target = get_event(s, NEXT)
        assert find_venue(s, target, "COEX") is not None
        assert s.scalars(select(EventContact).where(EventContact.event_id == target.id)).all() == []


def test_the_target_must_exist_and_the_message_says_how_to_make_it(past_db: Database) -> None:
    with past_db.session() as s, pytest.raises(NotFoundError) as err:
        plan_event_copy(s, PAST, "expo-2028")
    assert "planner events add --code expo-2028" in str(err.value)


def test_an_event_is_not_copied_into_itself(past_db: Database) -> None:
    with past_db.session() as s, pytest.raises(ValidationError):
        plan_event_copy(s, PAST, PAST.upper())


def test_the_people_of_an_anonymised_event_are_not_copied_its_venues_are(past_db: Database) -> None:
    from datetime import date

    with past_db.transaction() as s:
        get_event(s, PAST).anonymised_at = date(2029, 1, 1)
    with past_db.session() as s, pytest.raises(ValidationError) as err:
        plan_event_copy(s, PAST, NEXT)
    assert "anonymised" in str(err.value) and "--what venues" in str(err.value)
    assert _copy(past_db, CopyOptions.from_words("venues")).counts()["venue"] == (2, 0)


def test_unknown_parts_are_refused_by_name() -> None:
    with pytest.raises(ValidationError) as err:
        CopyOptions.from_words("delegation,hotels")
    assert "'hotels'" in str(err.value)
    assert CopyOptions.from_words("delegation") == CopyOptions(venues=False, contacts=False)


@pytest.mark.parametrize(("name", "expected"), [
    ("UK Delegation to BioJapan 2026", "UK Delegation to BioJapan 2027"),
    ("Mission 2026/2026", "Mission 2027/2027"),
    ("Team 12026", "Team 12026"),  # not a year
    ("UK Delegation", "UK Delegation"),
])
def test_the_delegations_name_moves_on_a_year(past_db: Database, name: str, expected: str) -> None:
    with past_db.session() as s:
        assert next_year_name(name, get_event(s, PAST), get_event(s, NEXT)) == expected


# -- the command line ----------------------------------------------------------------------------
def _run(capsys: pytest.CaptureFixture[str], path: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(path), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_dry_run_prints_the_plan_exit_0_and_changes_nothing(capsys: pytest.CaptureFixture[str],
                                                                past_path: Path) -> None:
    before = _counts(past_path)
    code, out, err = _run(capsys, past_path, "events", "copy", "--from", PAST, "--to", NEXT, "--dry-run")
    assert code == 0, err
    assert _counts(past_path) == before
    assert "nothing was changed" in out
    assert "+ delegate: Dev Delegate <dev@acme.example> (delegate)" in out
    assert "+ venue: COEX (Asia/Seoul)" in out
    assert "Never copied:" in out and "1 meeting," in out


def test_cli_copy_then_again_json_reports_nothing_new(capsys: pytest.CaptureFixture[str], past_path: Path) -> None:
    code, out, err = _run(capsys, past_path, "events", "copy", "--from", PAST, "--to", NEXT)
    assert code == 0, err
    assert "delegates: 3 made" in out
    code, out, _ = _run(capsys, past_path, "events", "copy", "--from", PAST, "--to", NEXT, "--json")
    doc = json.loads(out)
    assert code == 0 and doc["applied"] is False and doc["dry_run"] is False
    assert doc["counts"]["delegate"] == {"new": 0, "existing": 3}
    assert {d["name"] for d in doc["delegates"]} >= {"Lena Lead <lena@cluster.example>"}
    code, out, _ = _run(capsys, past_path, "people", "list", "--event", NEXT, "--json")
    assert {p["email"] for p in json.loads(out)} == {LEAD, DELEGATE, SPEAKER, CONTACT}


@pytest.mark.parametrize(("argv", "message"), [
    (["--to", "expo-2028"], "planner events add --code expo-2028"),
    (["--to", NEXT, "--what", "delegation,hotel"], "'hotel'"),
    (["--to", " "], "--to is empty"),
    (["--to", PAST], "choose another event"),
])
def test_cli_bad_input_exits_2_with_a_message_and_changes_nothing(
        capsys: pytest.CaptureFixture[str], past_path: Path, argv: list[str], message: str) -> None:
    before = _counts(past_path)
    code, out, err = _run(capsys, past_path, "events", "copy", "--from", PAST, *argv)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert _counts(past_path) == before


def test_a_copy_that_fails_half_way_changes_nothing(capsys: pytest.CaptureFixture[str], past_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    before = _counts(past_path)

    def broken_room(*_a: object, **_k: object) -> None:
        raise ValidationError("the disk said no")

    monkeypatch.setattr(event_copy, "add_room", broken_room)  # after the delegation and venues are made
    code, _, err = _run(capsys, past_path, "events", "copy", "--from", PAST, "--to", NEXT)
    assert code == 2 and "the disk said no" in err
    assert _counts(past_path) == before
