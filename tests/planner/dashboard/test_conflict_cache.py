"""The dashboard's conflict figure is kept until the file changes, and never shown stale.

What the speed rests on: with nothing committed since, a second count does not run the checker;
the rest of the dashboard is a constant handful of queries whatever the size of the event. What
must never break: any commit — a meeting moved into a clash, here or by another program on the
same file, an acknowledgement — changes the figure to what a fresh check says.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from planner.domain.enums import AttendeeSide, MeetingStatus
from planner.services.events.events import get_event
from planner.services.schedule import conflict_cache
from planner.services.schedule.conflict_cache import ConflictCountCache, count_open_conflicts
from planner.services.schedule.conflicts import acknowledge_conflict, check_event
from planner.services.schedule.meetings import update_meeting
from planner.services.views.dashboard import build_dashboard, with_conflict_counts
from planner.storage.database import Database
from planner.storage.models import Meeting, MeetingAttendee

# SQLite only: the cache watches PRAGMA data_version (ServerDatabase.data_version_probe refuses;
# change notices on a server are the live/team area's).

CODE = "biojapan-2026"
TODAY = date(2026, 11, 11)


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


@pytest.fixture
def cache(demo_db):
    made = ConflictCountCache(demo_db.data_version_probe())
    yield made
    made.close()


def _uuid(db):
    with db.session() as s:
        return get_event(s, CODE).uuid


def _truth(db):
    """A fresh full check, no cache: what the figure must say."""
    with db.session() as s:
        return len(check_event(s, get_event(s, CODE)).open)


def _move_into_a_clash(db):
    """Move a meeting onto the time of another meeting of the same delegate (a double booking):
    the first delegate's last two planned meetings (the demo's deliberate clashes come earlier)."""
    with db.transaction() as s:
        event = get_event(s, CODE)
        person = s.scalar(select(func.min(MeetingAttendee.person_id)).join(Meeting)
                          .where(Meeting.event_id == event.id, MeetingAttendee.side == AttendeeSide.OURS))
        second, first = s.scalars(
            select(Meeting.id).join(MeetingAttendee)
            .where(Meeting.event_id == event.id, MeetingAttendee.person_id == person,
                   Meeting.status.in_([m for m in MeetingStatus if m.occupies_time]))
            .order_by(Meeting.start_utc.desc())).all()[:2]
        a, b = s.get(Meeting, first), s.get(Meeting, second)
        update_meeting(s, b, start_local=a.start_local, end_local=a.end_local)


def test_a_second_count_with_nothing_committed_does_not_run_the_checker(demo_db, cache, checks):
    uuid = _uuid(demo_db)
    first = cache.counts(demo_db.session, uuid)
    second = cache.counts(demo_db.session, uuid)
    assert checks == [CODE]
    assert first == second and first.total == _truth(demo_db) == 7


def test_a_meeting_moved_into_a_clash_here_changes_the_figure(demo_db, cache, checks):
    uuid = _uuid(demo_db)
    before = cache.counts(demo_db.session, uuid).total
    _move_into_a_clash(demo_db)
    after = cache.counts(demo_db.session, uuid).total
    assert after > before and after == _truth(demo_db)
    assert len(checks) == 2


def test_a_meeting_moved_by_another_program_changes_the_figure(demo_db, cache, checks):
    uuid = _uuid(demo_db)
    before = cache.counts(demo_db.session, uuid).total
    other = Database.open(demo_db.target)  # another program with the same file open
    try:
        _move_into_a_clash(other)
    finally:
        other.close()
    after = cache.counts(demo_db.session, uuid).total
    assert after > before and after == _truth(demo_db)


def test_an_acknowledgement_changes_the_figure(demo_db, cache):
    uuid = _uuid(demo_db)
    before = cache.counts(demo_db.session, uuid).total
    with demo_db.transaction() as s:
        event = get_event(s, CODE)
        acknowledge_conflict(s, event, check_event(s, event).open[0].key, "accepted")
    assert cache.counts(demo_db.session, uuid).total == before - 1 == _truth(demo_db)


def test_a_count_made_before_a_commit_is_not_kept_for_after_it(demo_db, cache):
    """The key is the counter read *before* the count's session read: a commit in between makes
    the stored count's key old, so the next question counts again."""
    uuid = _uuid(demo_db)
    version = cache.version()
    with demo_db.session() as s:
        stale = count_open_conflicts(s, get_event(s, uuid))
    _move_into_a_clash(demo_db)
    cache.put(uuid, version, stale)
    assert cache.get(uuid, cache.version()) is None
    assert cache.counts(demo_db.session, uuid).total == _truth(demo_db) != stale.total


def test_without_a_readable_counter_nothing_is_kept(demo_db, checks):
    unreadable = ConflictCountCache(None)  # a server database, or a probe that failed
    uuid = _uuid(demo_db)
    unreadable.counts(demo_db.session, uuid)
    unreadable.counts(demo_db.session, uuid)
    assert len(checks) == 2


def test_the_dashboard_takes_given_counts_without_checking(demo_db, cache, checks):
    uuid = _uuid(demo_db)
    counts = cache.counts(demo_db.session, uuid)
    with demo_db.session() as s:
        event = get_event(s, uuid)
        dash = build_dashboard(s, event, today=TODAY, conflict_counts=counts)
        pending = build_dashboard(s, event, today=TODAY, with_conflicts=False)
        full = build_dashboard(s, event, today=TODAY)
    assert checks == [CODE, CODE]  # the cache's count, then the full build's own
    assert dash == full
    assert dash.conflicts_counted and not pending.conflicts_counted
    assert pending.figure("conflicts").detail == "counting…"
    assert with_conflict_counts(pending, counts) == full


def test_the_dashboard_without_conflicts_is_a_constant_handful_of_queries(demo_db):
    """It reads grouped facts, never the lists' full rows: the number of statements does not grow
    with the number of meetings, slots or actions (one more day of meetings: the same count)."""
    def statements():
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731 (conn, cursor, statement, ...)
        sa_event.listen(demo_db.engine, "before_cursor_execute", listener)
        try:
            with demo_db.session() as s:
                build_dashboard(s, get_event(s, CODE), today=TODAY, with_conflicts=False)
        finally:
            sa_event.remove(demo_db.engine, "before_cursor_execute", listener)
        return [q for q in seen if q.lstrip().upper().startswith("SELECT")]

    before = statements()
    with demo_db.transaction() as s:
        event = get_event(s, CODE)
        for m in s.scalars(select(Meeting).where(Meeting.event_id == event.id)).all()[:40]:
            update_meeting(s, m, start_local=m.start_local + timedelta(days=1), end_local=m.end_local + timedelta(days=1))
    assert len(statements()) == len(before) <= 10
