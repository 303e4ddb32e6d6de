"""Task runner (results, readable errors, cancel, shutdown), undo history rules, settings."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from planner.errors import Cancelled, ValidationError
from planner.services.editing.editing import save_person
from planner.services.views.search import person_ids, person_rows
from ui.pages.record_actions import merge_records
from ui.settings import AppSettings
from ui.tasks import TaskFailure


def test_a_job_runs_off_the_gui_thread_with_its_own_session(qtbot, demo_workspace):
    ws = demo_workspace
    seen: dict[str, object] = {}

    def job(session, progress, cancel):
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        progress(1, 2)
        return len(person_ids(session))

    results: list[int] = []
    handle = ws.runner.start("Counting", job, on_done=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert seen["thread"] is True and results[0] > 100 and handle.done


def test_a_worker_error_reaches_the_gui_as_a_readable_message_with_details(qtbot, demo_workspace):
    failures: list[TaskFailure] = []

    def broken(session, progress, cancel):
        raise KeyError("slot 17")

    def refused(session, progress, cancel):
        raise ValidationError("The file has no e-mail column", "email")

    demo_workspace.runner.start("Broken job", broken, on_error=failures.append)
    demo_workspace.runner.start("Refused job", refused, on_error=failures.append)
    qtbot.waitUntil(lambda: len(failures) == 2, timeout=5000)
    bug = next(f for f in failures if f.title == "Broken job")
    assert not bug.expected and "Nothing was changed" in bug.message and "KeyError" in bug.details
    user = next(f for f in failures if f.title == "Refused job")
    assert user.expected and user.message == "The file has no e-mail column"


def test_cancel_rolls_back_and_reports_cancelled(qtbot, demo_workspace):
    ws = demo_workspace
    started = threading.Event()
    cancelled: list[bool] = []

    def slow_writer(session, progress, cancel):
        save_person(session, None, {"given_name": "Temp", "family_name": "Person"})
        started.set()
        while not cancel():
            threading.Event().wait(0.01)
        raise Cancelled("stopped")

    before = len(ws.read(person_ids))
    handle = ws.runner.start("Slow", slow_writer, on_cancelled=lambda: cancelled.append(True), writes=True)
    qtbot.waitUntil(started.is_set, timeout=5000)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=5000)
    assert len(ws.read(person_ids)) == before


def test_merge_is_undoable_and_erasure_drops_history_that_mentions_the_person(qtbot, workspace):
    ws = workspace
    a = ws.edit("Add Ana", lambda s: save_person(s, None, {"given_name": "Ana", "family_name": "Lima",
                                                          "email": "ana@example.org"}))
    b = ws.edit("Add Ana again", lambda s: save_person(s, None, {"given_name": "Ana", "family_name": "Lima",
                                                                "email": "ana.lima@example.org"}))
    c = ws.edit("Add Bo", lambda s: save_person(s, None, {"given_name": "Bo", "family_name": "Ek"}))
    rows = ws.read(lambda s: person_rows(s, [a, b]))
    merge_records(ws, "person", rows[a], rows[b], lambda r: r.display_name)
    assert ws.undo_stack.undoText() == "Merge Ana Lima into Ana Lima"
    assert set(ws.read(person_ids)) == {a, c}
    ws.undo_stack.undo()
    assert set(ws.read(person_ids)) == {a, b, c}
    ws.undo_stack.redo()
    uuid = rows[a].uuid
    from planner.services.personal_data.privacy import erase_person

    report = erase_person(ws.db, uuid)
    dropped = ws.forget_person(uuid, "ana@example.org", report)
    # adding Ana, adding her second record (her name, merged into her) and the merge mention
    # her; the edit about someone else stays
    assert dropped == 3
    texts = [ws.undo_stack.text(i) for i in range(ws.undo_stack.count())]
    assert texts == ["Add Bo"]
    ws.undo_stack.undo()
    assert set(ws.read(person_ids)) == set()


def test_settings_keep_preferences_apart_from_window_state(tmp_path: Path, qapp):
    path = str(tmp_path / "s.ini")
    s = AppSettings.at(path)
    s.preferences.add_recent_file("/a.db")
    s.preferences.add_recent_file("/b.db")
    s.preferences.add_recent_file("/a.db")
    s.ui_state.set_last_event("/a.db", "biojapan-2026")
    s.ui_state.last_page = "meetings"
    s.sync()
    again = AppSettings.at(path)
    assert again.preferences.recent_files == ["/a.db", "/b.db"]
    assert again.ui_state.last_event("/a.db") == "biojapan-2026"
    again.ui_state.reset()
    assert again.ui_state.last_page == "" and again.preferences.recent_files == ["/a.db", "/b.db"]
    assert "[preferences]" in Path(path).read_text() or "preferences" in Path(path).read_text()


def test_closing_the_app_during_a_running_job_exits_cleanly(tmp_path: Path):
    script = textwrap.dedent(f"""
        import os, sys, threading
        sys.path.insert(0, {str(Path.cwd())!r})
        os.environ["PLANNER_DATA_DIR"] = {str(tmp_path)!r}
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from pathlib import Path
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        from planner.errors import Cancelled
        from planner.storage.database import Database
        from ui.main_window import MainWindow
        from ui.settings import AppSettings
        from ui.workspace import Workspace
        app = QApplication([])
        ws = Workspace(Database.open(Path({str(tmp_path)!r}) / "x.db"))
        w = MainWindow(ws, AppSettings.at({str(tmp_path / "s.ini")!r}))
        w.show()
        def long_job(session, progress, cancel):
            for i in range(10_000):
                if cancel():
                    raise Cancelled("stop")
                progress(i, 10_000)
                threading.Event().wait(0.01)
        ws.runner.start("Long", long_job, on_done=print)
        QTimer.singleShot(300, w.close)
        QTimer.singleShot(400, app.quit)
        sys.exit(app.exec())
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "RuntimeError" not in done.stderr and "Traceback" not in done.stderr
