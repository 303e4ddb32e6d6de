"""The application controller: opens files into main windows, switches files, builds the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from planner.errors import PlannerError
from planner.storage.database import Database
from ui.dialogs.error_dialog import show_failure
from ui.main_window import MainWindow
from ui.settings import AppSettings
from ui.tasks import TaskFailure
from ui.workspace import Workspace

FILE_FILTER = "Mission Desk files (*.db *.sqlite);;All files (*)"


class DeskApp(QObject):
    """Owns the open window; ``main.py`` builds it with the settings and a first file."""

    def __init__(self, settings: AppSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.window: MainWindow | None = None
        self.workspace: Workspace | None = None

    def open(self, path: Path, *, parent: QWidget | None = None) -> bool:
        """Open ``path`` (created if missing) in a new main window; False with a message on failure."""
        try:
            db = Database.open(path)
        except PlannerError as exc:
            QMessageBox.critical(parent or self.window, "Cannot open the file", str(exc))
            self.settings.preferences.remove_recent_file(str(path))
            return False
        except OSError as exc:
            QMessageBox.critical(parent or self.window, "Cannot open the file", f"{path}: {exc.strerror or exc}")
            return False
        old = self.window
        if old is not None:
            old.close()  # saves its layout and closes its file
        self.workspace = Workspace(db)
        self.window = MainWindow(self.workspace, self.settings)
        self.window.open_file_requested.connect(self.ask_open)
        self.window.new_file_requested.connect(self.ask_new)
        self.window.demo_requested.connect(self.open_demo)
        self.settings.preferences.add_recent_file(str(db.path))
        self.settings.preferences.last_database = str(db.path)
        self.window.show()
        return True

    def shutdown(self) -> None:
        """Close the window (its layout is saved, workers stopped, the file closed)."""
        if self.window is not None:
            self.window.close()
            self.window = None

    def ask_open(self, path: str = "") -> None:
        if not path:
            start = str(self.workspace.db.path.parent) if self.workspace else ""
            path, _ = QFileDialog.getOpenFileName(self.window, "Open a Mission Desk file", start, FILE_FILTER)
        if path:
            self.open(Path(path))

    def ask_new(self) -> None:
        start = str(self.workspace.db.path.parent) if self.workspace else ""
        path, _ = QFileDialog.getSaveFileName(self.window, "New Mission Desk file", start, FILE_FILTER)
        if path:
            target = Path(path) if Path(path).suffix else Path(path + ".db")
            if target.exists():
                QMessageBox.warning(self.window, "New file", f"{target.name} already exists: use Open instead.")
                return
            self.open(target)

    def open_demo(self) -> None:
        """Show the demo mission, building it in this file first if it is not there."""
        from planner.demo import build_demo
        from planner.demo.common import DEMO_EVENT_CODE

        ws, window = self.workspace, self.window
        if ws is None or window is None:
            return
        if any(e.code == DEMO_EVENT_CODE for e in ws.events()):
            ws.set_event(DEMO_EVENT_CODE)
            window.show_page("dashboard")
            return

        def done(_summary: object) -> None:
            ws.clear_history()
            ws.notify_external_change()
            ws.set_event(DEMO_EVENT_CODE)
            window.show_page("dashboard")
            window.statusBar().showMessage("The demo mission is ready: BioJapan 2026", 6000)

        def failed(failure: TaskFailure) -> None:
            show_failure(window, failure)

        ws.runner.start("Creating the demo mission…",
                        lambda session, progress, _cancel: build_demo(session, progress=progress),
                        on_done=done, on_error=failed, writes=True, dialog_parent=window)
