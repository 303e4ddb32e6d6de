"""The welcome page's demo mission opens in its own file (demo.db in the data folder) and says so;
the user's file never gets the demo built into it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from planner.demo.common import DEMO_EVENT_CODE
from planner.services.events.events import add_event, list_events
from planner.storage.database import Database
from ui.app import DeskApp
from ui.pages.welcome_page import WelcomePage


@pytest.fixture
def desk(qapp, settings):
    app = DeskApp(settings)
    yield app
    app.shutdown()


def _event_codes(path: Path) -> list[str]:
    db = Database.open(path)
    try:
        with db.session() as s:
            return [e.code for e in list_events(s)]
    finally:
        db.close()


def _open(qtbot, desk: DeskApp, path: Path) -> None:
    with qtbot.waitSignal(desk.ready, timeout=20000):
        desk.open(path)


def _wait_for_demo(qtbot, desk: DeskApp, demo: Path) -> None:
    qtbot.waitUntil(lambda: desk.window is not None and desk.window.ws is not None
                    and desk.window.ws.db.path == demo and desk.window.ws.current_event is not None
                    and desk.window.ws.current_event.code == DEMO_EVENT_CODE, timeout=120000)


def test_the_welcome_demo_opens_demo_db_and_leaves_the_users_file_alone(qtbot, desk, tmp_path: Path) -> None:
    mine = tmp_path / "mine.db"
    _open(qtbot, desk, mine)
    welcome = desk.window.stack.currentWidget()
    assert isinstance(welcome, WelcomePage) and "its own file (demo.db" in welcome.intro.text()
    demo = tmp_path / "data" / "demo.db"  # PLANNER_DATA_DIR (tests/conftest.py): not there yet
    assert not demo.parent.exists()

    qtbot.mouseClick(welcome.demo_button, Qt.MouseButton.LeftButton)
    _wait_for_demo(qtbot, desk, demo)
    window = desk.window
    assert "demo.db" in window.windowTitle() and "demo mission" in window.windowTitle()
    note = window.statusBar().currentMessage()
    assert "own file demo.db" in note and "mine.db is untouched" in note
    assert window.current_page_key() == "dashboard"
    desk.shutdown()

    assert _event_codes(mine) == []  # the user's file: no demo event
    assert DEMO_EVENT_CODE in _event_codes(demo)
    assert str(mine) in desk.settings.preferences.recent_files  # the way back


def test_the_menu_demo_from_a_file_with_events_opens_the_demo_file_too(qtbot, desk, tmp_path: Path,
                                                                        settings) -> None:
    mine = tmp_path / "plans.db"
    db = Database.open(mine)
    with db.transaction() as s:
        add_event(s, code="bio-2027", name="BIO 2027", tz="America/New_York",
                  start_date=date(2027, 6, 14), end_date=date(2027, 6, 17))
    db.close()
    demo = tmp_path / "elsewhere" / "demo.db"
    desk.demo_path = demo
    _open(qtbot, desk, mine)
    first = desk.window
    first.findChild(QAction, "action_demo").trigger()
    _wait_for_demo(qtbot, desk, demo)
    assert desk.window is not first and "plans.db is untouched" in desk.window.statusBar().currentMessage()

    # Asked again while the demo file is open: it is shown, not reopened or built again.
    again = desk.window
    again.show_page("people")
    desk.open_demo()
    assert desk.opener is None and desk.window is again and again.current_page_key() == "dashboard"
    desk.shutdown()
    assert _event_codes(mine) == ["bio-2027"]
    assert _event_codes(demo).count(DEMO_EVENT_CODE) == 1
