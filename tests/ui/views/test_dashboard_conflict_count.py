"""The dashboard page shows its figures without waiting for the conflict check, shows "…" (never
an old number) while it counts, re-uses the count while nothing is committed, and counts again
after a commit by another program (issue 20)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from planner.domain.enums import MeetingStatus
from planner.services.events.events import get_event
from planner.services.schedule import conflict_cache
from planner.services.schedule.conflicts import check_event
from planner.services.schedule.meetings import update_meeting
from planner.storage.database import Database
from planner.storage.models import Meeting
from ui.dashboard.dashboard_view import DashboardView

TODAY = date(2026, 11, 11)
PLANNED = [s for s in MeetingStatus if s.occupies_time]


@pytest.fixture
def checks(monkeypatch):
    calls = []
    real = conflict_cache.check_event
    monkeypatch.setattr(conflict_cache, "check_event", lambda s, e, **kw: calls.append(e.code) or real(s, e, **kw))
    return calls


def _reload(qtbot, view):
    with qtbot.waitSignals([view.loaded, view.conflicts_shown], timeout=60000):
        view.reload()


def test_figures_first_then_the_conflict_count_kept_until_the_file_changes(qtbot, demo_workspace, settings, checks):
    view = DashboardView(demo_workspace, settings, today=TODAY)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=60000):
        view.reload()
    first = view.dashboard
    assert first is not None and not first.conflicts_counted  # the page is filled before the check ends
    assert view.tiles["conflicts"].value.text() == "…"
    assert view.tiles["delegates"].value.text() == f"{first.figure('delegates').value:,}"
    qtbot.waitUntil(lambda: view.dashboard.conflicts_counted, timeout=60000)
    assert view.tiles["conflicts"].value.text() == "7" and checks == ["biojapan-2026"]

    _reload(qtbot, view)  # nothing committed since: the count comes with the figures, no check runs
    assert view.dashboard.conflicts_counted and checks == ["biojapan-2026"]

    other = Database.open(demo_workspace.db.path)  # another program moves a meeting onto another's time
    try:
        with other.transaction() as s:
            event = get_event(s, "biojapan-2026")
            a, b = s.scalars(select(Meeting).where(Meeting.event_id == event.id, Meeting.room_id.is_not(None),
                                                     Meeting.status.in_(PLANNED))
                             .order_by(Meeting.room_id, Meeting.start_utc.desc())).all()[:2]
            assert a.room_id == b.room_id
            update_meeting(s, b, start_local=a.start_local, end_local=a.end_local)
            truth = len(check_event(s, event).open)
    finally:
        other.close()
    checks.clear()
    with qtbot.waitSignal(view.loaded, timeout=60000):
        view.reload()
    assert not view.dashboard.conflicts_counted and view.tiles["conflicts"].value.text() == "…"
    qtbot.waitUntil(lambda: view.dashboard.conflicts_counted, timeout=60000)
    assert view.dashboard.figure("conflicts").value == truth > 7
    assert view.tiles["conflicts"].value.text() == str(truth)


def test_the_next_start_shows_the_stored_count_at_once_and_its_own_write_reloads_nothing(
        qtbot, demo_workspace, settings, checks):
    """The count is kept in the file: the app started again on an unchanged schedule shows the
    conflict figure with the first figures, and no check runs. Storing it is the app's own write:
    the views are not reloaded as if another program had saved."""
    view = DashboardView(demo_workspace, settings, today=TODAY)
    qtbot.addWidget(view)
    _reload(qtbot, view)
    assert checks == ["biojapan-2026"]
    assert not demo_workspace.look_for_changes_elsewhere()  # the stored count is not "someone else"
    path = demo_workspace.db.path
    demo_workspace.close()

    from ui.workspace import Workspace

    again = Workspace(Database.open(path))
    try:
        again.set_event("biojapan-2026")
        second = DashboardView(again, settings, today=TODAY)
        qtbot.addWidget(second)
        with qtbot.waitSignal(second.loaded, timeout=60000):
            second.reload()
        assert second.dashboard.conflicts_counted  # with the first figures, not after a check
        assert second.tiles["conflicts"].value.text() == "7" and checks == ["biojapan-2026"]
    finally:
        again.close()
