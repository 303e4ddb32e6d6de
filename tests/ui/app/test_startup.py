"""Start-up: the window frame shows before the file is opened; the file opens on a worker thread."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.services.events.events import add_event
from planner.storage.database import Database
from ui.app import DeskApp
from ui.pages.opening_page import OpeningPage
from ui.pages.welcome_page import WelcomePage

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def messages(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


@pytest.fixture
def desk(qapp, settings):
    app = DeskApp(settings)
    yield app
    app.shutdown()


def _file_with_event(path: Path) -> Path:
    db = Database.open(path)
    with db.transaction() as s:
        add_event(s, code="bio-2027", name="BIO 2027", tz="America/New_York",
                  start_date=date(2027, 6, 14), end_date=date(2027, 6, 17))
    db.close()
    return path


def test_the_frame_shows_at_once_and_the_file_opens_behind_it(qtbot, desk, tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    assert desk.open(path)
    window = desk.window
    assert window is not None and window.isVisible() and window.ws is None
    opening = window.stack.currentWidget()
    assert isinstance(opening, OpeningPage) and opening.label.text() == "Opening new.db…"
    assert not window.sidebar.isEnabled()
    assert not window.findChild(type(window.menuBar().actions()[0]), "action_import").isEnabled()
    assert not desk.open(tmp_path / "other.db")  # one file at a time
    with qtbot.waitSignal(desk.ready, timeout=20000):
        pass
    assert window.ws is not None and window.ws.db.path == path
    assert isinstance(window.stack.currentWidget(), WelcomePage)  # an empty file: the welcome page
    assert window.sidebar.isEnabled() and window.opening_page is None
    assert desk.settings.preferences.recent_files[0] == str(path)
    assert window.findChild(type(window.menuBar().actions()[0]), "action_undo") is not None


def test_pages_are_built_when_first_shown(qtbot, desk, tmp_path: Path) -> None:
    path = _file_with_event(tmp_path / "event.db")
    desk.settings.ui_state.last_page = "events"
    desk.open(path)
    with qtbot.waitSignal(desk.ready, timeout=20000):
        pass
    window = desk.window
    assert window.current_page_key() == "events"
    assert window.ws.current_event.code == "bio-2027"
    assert not window.pages.is_built("people") and not window.pages.is_built("dashboard")
    people = window.show_page("people")
    assert window.pages.is_built("people") and window.stack.currentWidget() is people
    assert "people" in window.pages and "nonsense" not in window.pages


def test_a_file_that_cannot_be_opened_is_reported_and_nothing_stays_open(qtbot, desk, tmp_path: Path,
                                                                        messages: list[str]) -> None:
    bad = tmp_path / "notes.db"
    bad.write_text("not a database", encoding="utf-8")
    desk.settings.preferences.add_recent_file(str(bad))
    with qtbot.waitSignal(desk.start_failed, timeout=20000):
        desk.open(bad)
    assert desk.window is None and desk.opener is None
    assert messages and "not a Mission Desk file" in messages[0]
    assert str(bad) not in desk.settings.preferences.recent_files


def test_opening_another_file_keeps_the_window_until_it_is_open(qtbot, desk, tmp_path: Path,
                                                               messages: list[str]) -> None:
    first = _file_with_event(tmp_path / "first.db")
    desk.open(first)
    with qtbot.waitSignal(desk.ready, timeout=20000):
        pass
    old = desk.window
    bad = tmp_path / "bad.db"
    bad.write_text("nope", encoding="utf-8")
    desk.open(bad)
    qtbot.waitUntil(lambda: desk.opener is None, timeout=20000)
    assert messages and desk.window is old and old.ws.db.path == first  # a failure changes nothing
    then: list[str] = []
    with qtbot.waitSignal(desk.ready, timeout=20000):
        desk.open(tmp_path / "second.db", then=lambda: then.append("ran"))
    assert desk.window is not old and desk.window.ws.db.path == tmp_path / "second.db"
    assert not old.isVisible() and then == ["ran"]


def _run_main(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``main.main(args)`` in a fresh process (quitting a QApplication cannot be undone in this
    one); a critical message box is printed instead of waiting for a click."""
    code = ("import sys; from PySide6.QtWidgets import QMessageBox; "
            "QMessageBox.critical = staticmethod(lambda *a, **k: print('critical:', a[2], flush=True)); "
            f"import main; sys.exit(main.main({list(args)!r}))")
    env = {**os.environ, "PLANNER_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=120)


def test_main_prints_shown_then_populated_and_exits_2_on_a_bad_file(tmp_path: Path) -> None:
    path = _file_with_event(tmp_path / "main.db")
    done = _run_main(tmp_path, "--db", str(path), "--exit-when-shown")
    assert done.returncode == 0, done.stderr
    words = done.stdout.split()
    assert words[0::2] == ["shown", "opened", "populated"] and float(words[1]) <= float(words[3]) <= float(words[5])
    bad = tmp_path / "bad.db"
    bad.write_text("nope", encoding="utf-8")
    failed = _run_main(tmp_path, "--db", str(bad))
    assert failed.returncode == 2 and "critical: bad.db is not a Mission Desk file" in failed.stdout


def test_the_frame_needs_no_database_layer() -> None:
    """What the window frame imports: Qt and the frame modules only (SQLAlchemy and Alembic cost
    about 0.3 s of start-up and load on the opening thread)."""
    code = ("import sys, ui.app, ui.main_window; "
            "print(sorted(m for m in ('sqlalchemy', 'alembic', 'planner.storage.database', 'ui.workspace') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"
