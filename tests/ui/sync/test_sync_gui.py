"""Sync in the window, against a real team server (issue 17): the Sync action clones the team's
plan into an empty file and every page shows it; the status counts an edit to send and none after
the sync; a conflict made by editing one field in two files is listed on the Review page and
"Keep mine" resolves it; an unreachable server gives a message and loses nothing; an erasure
brought by a sync leaves no undo step naming the person; a window on the server has no Sync.

Needs PostgreSQL (``PLANNER_TEST_PG_URL``); skips with that message without it. Waits are hang
guards only."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from sqlalchemy import select

from planner.services.people.people import update_person
from planner.services.personal_data.privacy import erase_person
from planner.storage.database import Database
from planner.storage.models import Person
from planner.sync.review import list_conflicts
from planner.sync.run import sync
from planner.sync.status import sync_status
from tests.planner.sync.conftest import person, snapshot, start_mission
from ui.sync.sync_menu import REVIEW_HINT

WAIT_MS = 60_000


def _sync(qtbot, window, url: str | None = None):
    """Run the window's Sync (with ``url``: as typed in the dialog) and return its outcome."""
    ui = window.sync_ui
    with qtbot.waitSignal(ui.controller.finished, timeout=WAIT_MS) as finished:
        if url is None:
            window.findChild(QAction, "action_sync").trigger()
        else:
            assert ui.start(url)
    return finished.args[0]


def _title(db: Database, email: str) -> str:
    with db.session() as s:
        return person(s, email).job_title


@pytest.fixture
def laptop_a(tmp_path, server_url):
    """Another laptop: the mission set up there and published to the server."""
    db = Database.open(tmp_path / "a.mdk")
    start_mission(db)
    sync(db, server_url)
    yield db
    db.close()


def test_the_sync_action_copies_the_team_plan_and_the_pages_show_it(qtbot, file_window, laptop_a,
                                                                       server_url) -> None:
    window = file_window("b")
    ui = window.sync_ui
    assert window.event_combo.count() == 0
    with qtbot.waitSignal(ui.controller.finished, timeout=WAIT_MS) as finished:
        window.findChild(QAction, "action_sync").trigger()  # never synced: it asks for the server
        ui.dialog.pasted.setText(server_url)
        ui.dialog.try_accept()
    outcome = finished.args[0]
    assert outcome.ok and outcome.report.cloned, outcome.message
    assert window.event_combo.findData("bj26") >= 0  # the event switcher offers the team's event
    page = window.show_page("people")
    page.reload()
    names = {str(page.table.view.model().index(r, 0).data()) for r in range(page.row_count())}
    assert any("Reed" in n for n in names) and any("Sato" in n for n in names)
    assert window.statusBar().currentMessage() == outcome.report.summary(REVIEW_HINT)
    assert ui.status.text().startswith("Synced") and ui.status.text().endswith("0 changes to send")


def test_the_status_counts_an_edit_to_send_and_none_after_the_sync(qtbot, file_window, server_url) -> None:
    window = file_window("b")
    ws = window.ws
    start_mission(ws.db)
    assert _sync(qtbot, window, server_url).report.published
    ws.edit("Title", lambda s: update_person(s, person(s, "anna@cbc.example"), job_title="CEO"))
    status = window.sync_ui.status
    qtbot.waitUntil(lambda: "1 change to send" in status.text(), timeout=WAIT_MS)
    outcome = _sync(qtbot, window)  # Sync now: the server this window synced with, no question
    assert outcome.ok and outcome.report.pushed == 1
    assert status.text().endswith("· 0 changes to send")
    assert sync_status(ws.db).pending == 0
    hub = Database.open(server_url)
    try:
        assert _title(hub, "anna@cbc.example") == "CEO"
    finally:
        hub.close()


def test_a_conflict_is_listed_on_the_review_page_and_keep_mine_resolves_it(qtbot, file_window, laptop_a,
                                                                            server_url) -> None:
    window = file_window("b")
    ws = window.ws
    assert _sync(qtbot, window, server_url).report.cloned
    with laptop_a.transaction() as s:
        update_person(s, person(s, "anna@cbc.example"), job_title="CEO")
    sync(laptop_a, server_url)
    ws.edit("Title", lambda s: update_person(s, person(s, "anna@cbc.example"), job_title="Chief Scientist"))
    outcome = _sync(qtbot, window)
    assert outcome.report.conflicts == 1
    assert window.sync_ui.message_box is not None and window.sync_ui.message_box.isVisible()
    window.sync_ui.message_box.close()
    assert window.sync_ui.status.text().endswith("1 conflict")
    page = window.pages["review"]
    with qtbot.waitSignal(page.loaded, timeout=WAIT_MS):
        window.sync_ui.status.click()  # the status opens the Review page
    assert window.stack.currentWidget() is page
    assert page.conflicts.rowCount() == 1
    fields = page.fields
    assert fields.headerData(0, _vertical()) == "Job title"
    assert [fields.index(0, c).data() for c in (1, 2)] == ["Chief Scientist", "CEO"]
    assert "Keep mine" in page.explanation.text()
    with qtbot.waitSignal(page.resolved, timeout=WAIT_MS):
        page.keep_mine.click()
    assert list_conflicts(ws.db) == []
    assert _title(ws.db, "anna@cbc.example") == "Chief Scientist"
    qtbot.waitUntil(lambda: page.conflicts.rowCount() == 0, timeout=WAIT_MS)
    assert _sync(qtbot, window).ok  # the decision travels with the next sync
    sync(laptop_a, server_url)
    assert _title(laptop_a, "anna@cbc.example") == "Chief Scientist"


def _vertical():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Vertical


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_server_gives_a_message_and_loses_nothing(qtbot, file_window, server_url) -> None:
    window = file_window("b")
    ws = window.ws
    start_mission(ws.db)
    ws.edit("Title", lambda s: update_person(s, person(s, "anna@cbc.example"), job_title="CEO"))
    before = snapshot(ws.db)
    steps = ws.undo_stack.count()
    nowhere = f"postgresql+psycopg://planner:pw@127.0.0.1:{_closed_port()}/plan"
    outcome = _sync(qtbot, window, nowhere)
    assert not outcome.ok and outcome.offline
    box = window.sync_ui.message_box
    assert box is not None and box.isVisible()
    assert "cannot be reached" in box.text() and "Nothing was lost" in box.text()
    assert snapshot(ws.db) == before
    assert ws.undo_stack.count() == steps
    assert window.sync_ui.status.text().startswith("Offline")
    assert window.sync_ui.sync_action.isEnabled()
    box.close()
    assert _sync(qtbot, window, server_url).report.published  # and the next try sends it all
    hub = Database.open(server_url)
    try:
        assert _title(hub, "anna@cbc.example") == "CEO"
    finally:
        hub.close()


def test_auto_sync_is_off_by_default_and_quiet_when_the_server_is_away(qtbot, file_window) -> None:
    window = file_window("b")
    ui = window.sync_ui
    assert not ui.prefs.auto_sync and not ui.auto.timer.isActive()
    ui.controller.session_url = f"postgresql+psycopg://planner:pw@127.0.0.1:{_closed_port()}/plan"
    assert not ui.auto.tick()  # off: nothing runs
    ui.auto_action.setChecked(True)
    with qtbot.waitSignal(ui.controller.finished, timeout=WAIT_MS) as finished:
        assert ui.auto.tick()
    assert finished.args[0].offline
    assert ui.message_box is None
    assert ui.status.text().startswith("Offline")


def test_an_erasure_brought_by_a_sync_leaves_no_undo_step_naming_the_person(qtbot, file_window, laptop_a,
                                                                            server_url) -> None:
    window = file_window("b")
    ws = window.ws
    assert _sync(qtbot, window, server_url).report.cloned
    ws.edit("Kenji's title", lambda s: update_person(s, person(s, "k.sato@kyoto.example"), job_title="CSO"))
    ws.edit("Tom's note", lambda s: update_person(s, person(s, "tom@cbc.example"), notes="Dinner with Kenji Sato"))
    ws.edit("Anna's title", lambda s: update_person(s, person(s, "anna@cbc.example"), job_title="CEO"))
    erase_person(laptop_a, "k.sato@kyoto.example")
    sync(laptop_a, server_url)
    outcome = _sync(qtbot, window)
    assert outcome.ok and len(outcome.report.erased) == 1
    texts = [ws.undo_stack.text(i) for i in range(ws.undo_stack.count())]
    assert texts == ["Anna's title"]
    with ws.db.session() as s:
        assert s.scalars(select(Person.id).where(Person.email == "k.sato@kyoto.example")).all() == []


def test_a_window_on_the_team_server_has_no_sync(server_window) -> None:
    assert server_window.findChild(QAction, "action_sync") is None
    assert server_window.findChild(QMenu, "sync_menu") is None
    assert not hasattr(server_window, "sync_ui")
