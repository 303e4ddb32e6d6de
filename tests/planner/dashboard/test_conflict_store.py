"""The conflict figure kept in the file: shown at once on a later start, never when it is stale.

What the speed rests on: a dashboard opened on a file whose schedule has not changed since its
count runs no check at all. What must never break: any change to what the check reads — a meeting
moved into a clash through the services, an acknowledgement, a person deleted (their attendance
goes with them), an edit by another program with no Mission Desk code in it, an undo — makes the
stored figure unusable, and the next dashboard counts what a fresh check says.
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select, text

from planner.domain.enums import AttendeeSide, MeetingStatus
from planner.services.editing import changes
from planner.services.events.events import get_event
from planner.services.schedule import conflict_cache
from planner.services.schedule.conflict_store import (
    open_conflict_counts,
    remember_counts,
    schedule_stamp,
    stored_counts,
)
from planner.services.schedule.conflicts import acknowledge_conflict, check_event
from planner.services.schedule.meetings import update_meeting
from planner.storage.models import Meeting, MeetingAttendee, Person

pytestmark = pytest.mark.engines

CODE = "biojapan-2026"


@pytest.fixture
def checks(monkeypatch):
    """How many times the full conflict check ran."""
    calls = []
    real = conflict_cache.check_event

    def counting(session, event, **kw):
        calls.append(event.code)
        return real(session, event, **kw)

    monkeypatch.setattr(conflict_cache, "check_event", counting)
    return calls


def _uuid(db):
    with db.session() as s:
        return get_event(s, CODE).uuid


def _truth(db):
    with db.session() as s:
        return len(check_event(s, get_event(s, CODE)).open)


def _clash_pair(s):
    """The first delegate's last two planned meetings (the demo's deliberate clashes come earlier)."""
    event = get_event(s, CODE)
    person = s.scalar(select(func.min(MeetingAttendee.person_id)).join(Meeting)
                      .where(Meeting.event_id == event.id, MeetingAttendee.side == AttendeeSide.OURS))
    second, first = s.scalars(
        select(Meeting.id).join(MeetingAttendee)
        .where(Meeting.event_id == event.id, MeetingAttendee.person_id == person,
               Meeting.status.in_([m for m in MeetingStatus if m.occupies_time]))
        .order_by(Meeting.start_utc.desc())).all()[:2]
    return s.get(Meeting, first), s.get(Meeting, second)


def test_a_later_start_shows_the_stored_figure_without_checking(demo_db, checks):
    uuid = _uuid(demo_db)
    first, from_store = open_conflict_counts(demo_db, uuid)
    assert not from_store and checks == [CODE]
    again, from_store = open_conflict_counts(demo_db, uuid)
    assert from_store and checks == [CODE]  # no second check
    assert again == first and again.total == _truth(demo_db) == 7


def test_a_meeting_moved_into_a_clash_makes_the_stored_figure_unusable(demo_db, checks):
    uuid = _uuid(demo_db)
    before, _ = open_conflict_counts(demo_db, uuid)
    with demo_db.transaction() as s:
        a, b = _clash_pair(s)
        update_meeting(s, b, start_local=a.start_local, end_local=a.end_local)
    after, from_store = open_conflict_counts(demo_db, uuid)
    assert not from_store
    assert after.total > before.total and after.total == _truth(demo_db)


def test_an_acknowledgement_makes_the_stored_figure_unusable(demo_db):
    uuid = _uuid(demo_db)
    before, _ = open_conflict_counts(demo_db, uuid)
    with demo_db.transaction() as s:
        event = get_event(s, CODE)
        acknowledge_conflict(s, event, check_event(s, event).open[0].key, "accepted")
    after, from_store = open_conflict_counts(demo_db, uuid)
    assert not from_store and after.total == before.total - 1 == _truth(demo_db)


def test_deleting_a_person_in_a_clash_makes_the_stored_figure_unusable(demo_db):
    """The attendance rows go with the person (a cascade): the stamp moves all the same."""
    uuid = _uuid(demo_db)
    before, _ = open_conflict_counts(demo_db, uuid)
    with demo_db.session() as s:
        event = get_event(s, CODE)
        clash = next(c for c in check_event(s, event).open if c.kind == "person_double_booked")
        email = clash.people[0]
    with demo_db.transaction() as s:
        s.delete(s.scalar(select(Person).where(Person.email == email)))
    after, from_store = open_conflict_counts(demo_db, uuid)
    assert not from_store and after.total < before.total and after.total == _truth(demo_db)


def test_an_undone_move_is_counted_again_not_taken_from_the_store(demo_db):
    uuid = _uuid(demo_db)
    with demo_db.transaction() as s:
        a, b = _clash_pair(s)
        with changes.record_changes(s, "move") as changeset:
            update_meeting(s, b, start_local=a.start_local, end_local=a.end_local)
    clashing, _ = open_conflict_counts(demo_db, uuid)
    with demo_db.transaction() as s:
        changes.undo(s, changeset)
    after, from_store = open_conflict_counts(demo_db, uuid)
    assert not from_store and after.total < clashing.total and after.total == _truth(demo_db)


def test_an_edit_by_another_program_without_mission_desk_makes_it_unusable(demo_db, checks):
    """A plain sqlite3 connection (or psql) moves a meeting: the triggers (or the server's
    versions) see it, although no code of ours ran."""
    uuid = _uuid(demo_db)
    before, _ = open_conflict_counts(demo_db, uuid)
    with demo_db.session() as s:
        a, b = _clash_pair(s)
        moved = {"s": a.start_utc, "e": a.end_utc, "sl": a.start_local, "el": a.end_local, "id": b.id}
    sql = ("UPDATE meeting SET start_utc = :s, end_utc = :e, start_local = :sl, end_local = :el "
           "WHERE id = :id")
    if demo_db.is_server:
        with demo_db.engine.begin() as conn:
            conn.execute(text(sql), moved)
    else:
        con = sqlite3.connect(demo_db.path)
        with con:
            con.execute(sql, {k: (str(v) if k != "id" else v) for k, v in moved.items()})
        con.close()
    after, from_store = open_conflict_counts(demo_db, uuid)
    assert not from_store and after.total > before.total and after.total == _truth(demo_db)


def test_a_count_made_before_a_change_is_never_shown_after_it(demo_db):
    """The stored row carries the stamp read *before* the count read anything: data that changed
    while counting leaves that stamp behind, so the row never matches the stamp after the change."""
    uuid = _uuid(demo_db)
    with demo_db.session() as s:
        stamp = schedule_stamp(s)
        old = conflict_cache.count_open_conflicts(s, get_event(s, uuid))
    with demo_db.transaction() as s:
        a, b = _clash_pair(s)
        update_meeting(s, b, start_local=a.start_local, end_local=a.end_local)
    assert remember_counts(demo_db, uuid, stamp, old)
    with demo_db.session() as s:
        now = schedule_stamp(s)
        assert now != stamp and stored_counts(s, uuid, now) is None
    now_counts = open_conflict_counts(demo_db, uuid)[0]
    assert now_counts.total > old.total and now_counts.total == _truth(demo_db)


def test_a_damaged_stored_row_is_counted_again(demo_db):
    uuid = _uuid(demo_db)
    open_conflict_counts(demo_db, uuid)
    with demo_db.engine.begin() as conn:
        conn.execute(text("UPDATE schedule_check_count SET counts = :c"), {"c": '[["double_booking", -3]]'})
    counts, from_store = open_conflict_counts(demo_db, uuid)
    assert not from_store and counts.total == _truth(demo_db)


def test_each_event_keeps_its_own_figure(demo_db):
    uuid = _uuid(demo_db)
    open_conflict_counts(demo_db, uuid)
    with demo_db.session() as s:
        stamp = schedule_stamp(s)
        assert stored_counts(s, "another-event-uuid", stamp) is None
        assert stored_counts(s, uuid, stamp) is not None


def test_storing_the_figure_is_not_a_change_of_the_plan(demo_db):
    """Looking at the dashboard owes no backup: the stored counts are not in the fingerprint."""
    if demo_db.is_server:
        pytest.skip("backups and fingerprints are the file's")
    before = demo_db.fingerprint()
    open_conflict_counts(demo_db, _uuid(demo_db))
    assert demo_db.fingerprint() == before


def test_a_busy_file_skips_storing_and_loses_nothing(demo_db):
    """Another program holds the write lock: storing gives up after a moment instead of waiting
    the user's busy timeout; the figure is still right, and the next start counts again."""
    if demo_db.is_server:
        pytest.skip("SQLite's write lock between programs")
    uuid = _uuid(demo_db)
    other = sqlite3.connect(demo_db.path, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        counts, _ = open_conflict_counts(demo_db, uuid)
    finally:
        other.rollback()
        other.close()
    assert counts.total == _truth(demo_db)
    with demo_db.session() as s:
        assert stored_counts(s, uuid, schedule_stamp(s)) is None



def test_triggers_a_table_rebuild_dropped_are_put_back_and_the_stored_figures_forgotten(demo_db):
    """A later migration that rebuilds a table (SQLite's batch mode) drops its triggers, and
    writes made meanwhile move no stamp: the upgrade puts the triggers back and forgets every
    stored figure, so none of them can be taken for current."""
    if demo_db.is_server:
        pytest.skip("SQLite triggers; the server's stamp is its sync versions")
    from planner.storage import schedule_stamp as stamp_ddl

    uuid = _uuid(demo_db)
    open_conflict_counts(demo_db, uuid)
    con = sqlite3.connect(demo_db.path, isolation_level=None)
    try:
        con.execute("DROP TRIGGER schedule_check_v1_meeting_au")
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert stamp_ddl.repair(con.execute, names)
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
        assert set(stamp_ddl.TRIGGER_NAMES) <= names
        assert not stamp_ddl.repair(con.execute, names)  # all there: nothing to do
    finally:
        con.close()
    with demo_db.session() as s:
        assert stored_counts(s, uuid, schedule_stamp(s)) is None
