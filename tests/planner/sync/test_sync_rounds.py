"""Offline sync between laptops and the team server, as users meet it (issue 17)."""

from __future__ import annotations

from datetime import datetime

import pytest
import sqlalchemy as sa

from planner.domain.enums import AttendeeSide
from planner.services.editing.dependents import delete_with_dependents
from planner.services.people.merge import merge_people
from planner.services.people.people import add_person, update_person
from planner.services.schedule.meetings import set_attendees, update_meeting
from planner.storage.models import MeetingAttendee, Person
from planner.sync.errors import OtherPlanError, SchemaMismatchError, SyncError
from planner.sync.review import (
    KIND_DELETED_HERE,
    KIND_DELETED_THERE,
    KIND_FIELDS,
    list_conflicts,
    resolve,
)
from planner.sync.run import sync
from planner.sync.status import sync_status
from tests.planner.sync.conftest import Team, meeting, person, server, snapshot, start_mission


def _two_laptops(team: Team) -> None:
    start_mission(team.laptop("a"))
    team.sync("a", "b")


def _all_equal(team: Team) -> None:
    team.sync(*team.laptops)  # a second round: everyone takes what the last ones sent
    team.sync(*team.laptops)
    hub = server(team)
    try:
        expected = snapshot(hub)
    finally:
        hub.close()
    for name, db in team.laptops.items():
        assert snapshot(db) == expected, name


def test_the_first_sync_publishes_a_full_file_and_clones_into_an_empty_one(team: Team) -> None:
    start_mission(team.laptop("a"))
    published, cloned = team.sync("a", "b")
    assert published.published and published.pushed > 0 and not published.cloned
    assert cloned.cloned and cloned.pulled == published.pushed and cloned.pushed == 0
    _all_equal(team)
    assert sync_status(team.laptop("b")).pending == 0


def test_different_fields_changed_on_two_laptops_merge_without_a_question(team: Team) -> None:
    _two_laptops(team)
    with team.laptop("a").transaction() as s:
        update_person(s, person(s, "anna@cbc.example"), job_title="CEO")
    with team.laptop("b").transaction() as s:
        update_person(s, person(s, "anna@cbc.example"), phone="+44 20 7946 0000")
    reports = team.sync("a", "b")
    assert reports[1].merged == 1 and reports[1].conflicts == 0
    _all_equal(team)
    with team.laptop("a").session() as s:
        anna = person(s, "anna@cbc.example")
        assert (anna.job_title, anna.phone) == ("CEO", "+44 20 7946 0000")
    assert list_conflicts(team.laptop("b")) == []


def test_the_same_field_changed_differently_is_one_conflict_never_decided_by_time(team: Team) -> None:
    _two_laptops(team)
    with team.laptop("b").transaction() as s:  # b edits first …
        update_person(s, person(s, "anna@cbc.example"), job_title="Chief Scientist")
    with team.laptop("a").transaction() as s:  # … a later, and a syncs first
        update_person(s, person(s, "anna@cbc.example"), job_title="CEO")
    team.sync("a", "b", "a", "b")
    waiting = list_conflicts(team.laptop("b"))
    assert len(waiting) == 1 and list_conflicts(team.laptop("a")) == []
    conflict = waiting[0]
    assert conflict.kind == KIND_FIELDS and conflict.fields == ("job_title",)
    assert (conflict.mine["job_title"], conflict.theirs["job_title"]) == ("Chief Scientist", "CEO")
    assert conflict.base["job_title"] == ""
    resolve(team.laptop("b"), conflict.id, "mine")
    _all_equal(team)
    with team.laptop("a").session() as s:
        assert person(s, "anna@cbc.example").job_title == "Chief Scientist"
    assert list_conflicts(team.laptop("b")) == []


def test_a_meeting_moved_on_both_laptops_is_one_conflict_not_two(team: Team) -> None:
    _two_laptops(team)
    with team.laptop("a").transaction() as s:
        update_meeting(s, meeting(s), start_local=datetime(2026, 10, 14, 11), end_local=datetime(2026, 10, 14, 11, 30))
    with team.laptop("b").transaction() as s:
        update_meeting(s, meeting(s), start_local=datetime(2026, 10, 15, 9), end_local=datetime(2026, 10, 15, 9, 30))
    team.sync("a", "b")
    waiting = list_conflicts(team.laptop("b"))
    assert len(waiting) == 1
    assert {"start_local", "end_local", "start_utc"} <= set(waiting[0].fields)
    assert "tz" not in waiting[0].fields  # shown: what differs, not the zone both kept
    _all_equal(team)
    with team.laptop("b").session() as s:  # the file shows the team's time until someone decides
        assert meeting(s).start_local == datetime(2026, 10, 14, 11)


def test_attendees_added_on_two_laptops_merge_as_a_set(team: Team) -> None:
    _two_laptops(team)
    for name, email in (("a", "tom@cbc.example"), ("b", "k.sato@kyoto.example")):
        with team.laptop(name).transaction() as s:
            m = meeting(s)
            side = AttendeeSide.OURS if name == "a" else AttendeeSide.COUNTERPART
            present = [a.person for a in m.attendees if a.side is side]
            newcomer = add_person(s, given_name="New", family_name=name.upper(), email=f"new-{name}@x.example")
            set_attendees(s, m, side, [*present, newcomer] if name == "b" else [*present, person(s, email)])
    team.sync("a", "b")
    _all_equal(team)
    with team.laptop("a").session() as s:
        people = {a.person.email for a in meeting(s).attendees}
    assert people == {"anna@cbc.example", "tom@cbc.example", "k.sato@kyoto.example", "new-b@x.example"}
    assert list_conflicts(team.laptop("a")) == list_conflicts(team.laptop("b")) == []


def test_an_edit_to_a_person_deleted_elsewhere_is_a_conflict_not_a_resurrection(team: Team) -> None:
    _two_laptops(team)
    with team.laptop("a").transaction() as s:
        delete_with_dependents(s, person(s, "tom@cbc.example"))
    with team.laptop("b").transaction() as s:
        update_person(s, person(s, "tom@cbc.example"), job_title="Head of BD")
    team.sync("a", "b")
    _all_equal(team)
    with team.laptop("b").session() as s:
        assert s.scalar(sa.select(Person.id).where(Person.email == "tom@cbc.example")) is None
    (conflict,) = list_conflicts(team.laptop("b"))
    assert conflict.kind == KIND_DELETED_THERE and conflict.mine["job_title"] == "Head of BD"
    resolve(team.laptop("b"), conflict.id, "mine")  # a person decides to keep Tom after all
    _all_equal(team)
    with team.laptop("a").session() as s:
        assert person(s, "tom@cbc.example").job_title == "Head of BD"


def test_a_delete_here_wins_over_an_edit_there_and_the_edit_waits_in_the_queue(team: Team) -> None:
    _two_laptops(team)
    with team.laptop("a").transaction() as s:
        update_person(s, person(s, "tom@cbc.example"), job_title="Head of BD")
    with team.laptop("b").transaction() as s:
        delete_with_dependents(s, person(s, "tom@cbc.example"))
    team.sync("a", "b")
    _all_equal(team)
    (conflict,) = list_conflicts(team.laptop("b"))
    assert conflict.kind == KIND_DELETED_HERE and conflict.theirs["job_title"] == "Head of BD"
    with team.laptop("a").session() as s:
        assert s.scalar(sa.select(Person.id).where(Person.email == "tom@cbc.example")) is None


def test_a_person_added_offline_for_someone_merged_elsewhere_follows_the_merge(team: Team) -> None:
    _two_laptops(team)
    with team.laptop("a").transaction() as s:  # a finds Tom twice and merges
        dup = add_person(s, given_name="Thomas", family_name="Hale", email="t.hale@cbc.example")
    team.sync("a", "b")
    with team.laptop("a").transaction() as s:
        merge_people(s, person(s, "tom@cbc.example"), person(s, "t.hale@cbc.example"))
    with team.laptop("b").transaction() as s:  # b, offline, puts the duplicate in the meeting
        m = meeting(s)
        ours = [a.person for a in m.attendees if a.side is AttendeeSide.OURS]
        set_attendees(s, m, AttendeeSide.OURS, [*ours, person(s, "t.hale@cbc.example")])
    del dup
    team.sync("a", "b")
    _all_equal(team)
    with team.laptop("a").session() as s:
        emails = {a.person.email for a in meeting(s).attendees}
        assert "tom@cbc.example" in emails
        assert s.scalar(sa.select(Person.id).where(Person.email == "t.hale@cbc.example")) is None


def test_a_laptop_of_another_program_version_refuses_and_says_what_to_upgrade(team: Team) -> None:
    _two_laptops(team)
    with team.laptop("a").transaction() as s:
        update_person(s, person(s, "anna@cbc.example"), job_title="CEO")
    engine = sa.create_engine(team.url)
    with engine.begin() as conn:
        head = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar_one()
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0010'"))
    with pytest.raises(SchemaMismatchError, match=r"older.*administrator upgrades the server"):
        sync(team.laptop("a"), team.url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = 'f00d'"))
    with pytest.raises(SchemaMismatchError, match=r"newer.*update Mission Desk on this laptop"):
        sync(team.laptop("a"), team.url)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = :head"), {"head": head})
        assert conn.execute(sa.text("SELECT job_title FROM person WHERE email = 'anna@cbc.example'")).scalar() == ""
    engine.dispose()
    assert sync_status(team.laptop("a")).pending == 1  # nothing lost: sent at the next sync
    team.sync("a")
    assert sync_status(team.laptop("a")).pending == 0


def test_a_file_of_one_plan_never_syncs_into_another(team: Team, pg_server: object) -> None:
    _two_laptops(team)
    name, other = pg_server.fresh()  # type: ignore[attr-defined]
    try:
        with pytest.raises(OtherPlanError):
            sync(team.laptop("a"), other)
    finally:
        pg_server.drop(name)  # type: ignore[attr-defined]


def test_a_sync_cut_off_after_the_server_took_the_changes_applies_nothing_twice(team: Team, monkeypatch) -> None:
    from planner.sync import apply

    _two_laptops(team)
    with team.laptop("a").transaction() as s:
        update_person(s, person(s, "anna@cbc.example"), job_title="CEO")
        add_person(s, given_name="Mei", family_name="Lin", email="mei@cbc.example")
    real = apply.mark_pushed
    monkeypatch.setattr(apply, "mark_pushed", lambda *a: (_ for _ in ()).throw(OSError("network gone")))
    with pytest.raises(OSError):
        sync(team.laptop("a"), team.url)
    monkeypatch.setattr(apply, "mark_pushed", real)
    again = sync(team.laptop("a"), team.url)
    assert again.conflicts == 0 and sync_status(team.laptop("a")).pending == 0
    _all_equal(team)
    with team.laptop("b").session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Person).where(Person.email == "mei@cbc.example")) == 1


def test_a_push_cut_off_before_its_commit_leaves_the_server_as_it_was(team: Team, monkeypatch) -> None:
    from planner.sync import remote

    _two_laptops(team)
    before = snapshot(server_db := server(team))
    server_db.close()
    with team.laptop("a").transaction() as s:
        delete_with_dependents(s, person(s, "tom@cbc.example"))
        update_person(s, person(s, "anna@cbc.example"), job_title="CEO")
    monkeypatch.setattr(remote, "crashpoint", lambda name: (_ for _ in ()).throw(ConnectionError("dropped")))
    with pytest.raises(ConnectionError):
        sync(team.laptop("a"), team.url)
    after = snapshot(server_db := server(team))
    server_db.close()
    assert after == before
    monkeypatch.undo()
    team.sync("a")
    _all_equal(team)


def test_a_record_changed_on_the_server_between_pull_and_push_is_pulled_again(team: Team, monkeypatch) -> None:
    from planner.sync import remote

    _two_laptops(team)
    with team.laptop("a").transaction() as s:
        update_person(s, person(s, "anna@cbc.example"), job_title="CEO")
    with team.laptop("b").transaction() as s:
        update_person(s, person(s, "anna@cbc.example"), phone="+44 1")
    real_pull = remote.pull
    calls = []

    def pull_then_b_sends(srv, since):  # b sends its change just after a's first pull
        got = real_pull(srv, since)
        calls.append(since)
        if len(calls) == 1:
            sync(team.laptop("b"), team.url)
        return got

    monkeypatch.setattr(remote, "pull", pull_then_b_sends)
    report = sync(team.laptop("a"), team.url)
    monkeypatch.undo()
    assert report.rounds >= 3 and report.conflicts == 0
    _all_equal(team)
    with team.laptop("a").session() as s:
        anna = person(s, "anna@cbc.example")
        assert (anna.job_title, anna.phone) == ("CEO", "+44 1")


def test_sync_refuses_a_plan_on_the_server_itself_and_a_file_that_never_synced_without_a_server(team: Team) -> None:
    hub = server(team)
    try:
        with pytest.raises(SyncError, match="already on the server"):
            sync(hub, team.url)
    finally:
        hub.close()
    with pytest.raises(SyncError, match="never synced"):
        sync(team.laptop("z"))


def test_meeting_attendee_rows_removed_on_one_laptop_and_kept_on_another(team: Team) -> None:
    _two_laptops(team)
    with team.laptop("a").transaction() as s:
        m = meeting(s)
        set_attendees(s, m, AttendeeSide.COUNTERPART, [])
    team.sync("a", "b")
    _all_equal(team)
    with team.laptop("b").session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(MeetingAttendee)) == 1
