"""The application controller: opens files into main windows, switches files, opens the demo.

Opening never blocks the first paint: the main window frame is shown at once with an "Opening
…" page, the file is opened (checked, backed up and upgraded when needed) by a
:class:`~ui.file_opener.FileOpener` thread, and the window gets its workspace when that is done.
Opening another file keeps the current window until the new file is open. A team server
(File ▸ Open team server…, or ``--db postgresql+psycopg://…``) opens the same way: ``open`` takes
its URL; see :mod:`ui.team.server_actions`.

At start-up the fonts the PDF exports bundle (``resources/fonts``) are registered with Qt and
made the UI font's fallbacks, so Japanese, Korean and Chinese names show on a machine without
system CJK fonts (:func:`install_bundled_fonts`).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget  # QFileDialog where used: it builds its enums

from ui.file_opener import FileOpener
from ui.main_window import PAGE_CLASSES, MainWindow
from ui.settings import AppSettings
from ui.team.naming import is_server_target, plan_label, target_label
from ui.team.passwords import url_for_settings

if TYPE_CHECKING:
    from ui.tasks import TaskFailure
    from ui.workspace import Workspace

FILE_FILTER = "Mission Desk files (*.db *.sqlite);;All files (*)"
OPEN_WAIT_S = 30  # at quit, how long to let an opening file finish (an upgrade must not be cut)
WARM_MODULES = ["ui.workspace", "ui.tasks", "ui.undo", "ui.dialogs.error_dialog"]
FONT_DIR = Path(__file__).resolve().parents[1] / "resources" / "fonts"  # shared with the PDF exports
_CJK = (QFontDatabase.WritingSystem.Japanese, QFontDatabase.WritingSystem.Korean,
        QFontDatabase.WritingSystem.SimplifiedChinese, QFontDatabase.WritingSystem.TraditionalChinese)
_installed_fonts: list[str] | None = None


def install_bundled_fonts(folder: Path = FONT_DIR) -> list[str]:
    """Register the bundled TrueType fonts with Qt (once per process; about 10 ms, most of it
    Qt reading its font list, which the first paint would do anyway) and make the CJK ones
    fallbacks of the UI font; return the families registered.

    Fallback order: the faces made for one language first (they draw Han characters that
    language's way), Japanese, Korean, then Chinese; then faces covering several languages
    (the PDF exports' order when no language is known): IPAex for 山田, Nanum for 김, Droid for 张.
    Qt tries a font's substitutes before the system's fallbacks, glyph by glyph, so Latin text
    keeps the system font. Must run before the first text is laid out (Qt caches the chain).
    """
    global _installed_fonts
    if _installed_fonts is not None:
        return _installed_fonts
    families: list[str] = []
    for file in sorted(folder.glob("*.ttf")):
        families += QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(file)))
    families = list(dict.fromkeys(families))
    languages = {f: [w for w in _CJK if w in QFontDatabase.writingSystems(f)] for f in families}
    fallbacks = sorted((f for f in families if languages[f]),
                       key=lambda f: (len(languages[f]), _CJK.index(languages[f][0])))
    if fallbacks:
        font = QGuiApplication.font()
        general = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        for family in dict.fromkeys([font.family(), QFontInfo(font).family(), general.family()]):
            QFont.insertSubstitutions(family, [f for f in fallbacks if f not in QFont.substitutes(family)])
    _installed_fonts = families
    return families


class DeskApp(QObject):
    """Owns the open window; ``main.py`` builds it with the settings and a first file."""

    opened = Signal(object)  # MainWindow: a file is open in it (its first page may still be loading)
    ready = Signal(object)  # MainWindow: the first page shown after opening has its data
    start_failed = Signal()  # the first file could not be opened: there is nothing to show

    def __init__(self, settings: AppSettings, parent: QObject | None = None, *, demo_path: Path | None = None) -> None:
        super().__init__(parent)
        install_bundled_fonts()  # before the first window lays out any text
        self.settings = settings
        self.demo_path = demo_path  # None: demo.db in the data folder
        self.window: MainWindow | None = None
        self.workspace: Workspace | None = None
        self.opener: FileOpener | None = None
        self._then: Callable[[], None] | None = None
        self._dialog_parent: QWidget | None = None

    def open(self, path: Path | str, *, parent: QWidget | None = None, then: Callable[[], None] | None = None) -> bool:
        """Start opening ``path`` (created if missing; a server URL: connected to); False if
        another file is still opening.

        The first time, the main window appears at once with an "Opening …" page. ``then`` runs
        once the file is open. A failure is reported in a message box; for the first file
        ``start_failed`` follows (``main.py`` exits with status 2).
        """
        if self.opener is not None:
            return False
        if self.window is None:
            self.window = self._new_window(None, path)
            self.window.show()
        else:
            self.window.statusBar().showMessage(f"Opening {target_label(path)}…")
        self._then = then
        self._dialog_parent = parent
        self.opener = FileOpener(path, WARM_MODULES + self._first_page_modules(), self)
        self.opener.opened.connect(self._on_opened)
        self.opener.failed.connect(self._on_failed)
        # Start once the event loop has run: the opening thread's imports hold the interpreter
        # lock in long stretches and would otherwise delay the frame's first paint.
        QTimer.singleShot(0, self.opener.start)
        return True

    def _first_page_modules(self) -> list[str]:
        key = self.settings.ui_state.last_page
        return [PAGE_CLASSES.get(key, PAGE_CLASSES["dashboard"])[0]]

    def _new_window(self, workspace: Workspace | None, path: Path | str) -> MainWindow:
        window = MainWindow(workspace, self.settings, opening=target_label(path))
        window.open_file_requested.connect(self.ask_open)
        window.new_file_requested.connect(self.ask_new)
        window.demo_requested.connect(self.open_demo)
        window.restore_requested.connect(self.restore)
        window.open_server_requested.connect(self.ask_open_server)
        window.open_recent_server_requested.connect(self.open_recent_server)
        window.first_page_ready.connect(lambda _key, w=window: self.ready.emit(w))
        return window

    def _on_opened(self, db: Any) -> None:
        from ui.workspace import Workspace

        opener, self.opener = self.opener, None
        if opener is not None and opener.abandoned:
            db.close()
            return
        workspace = Workspace(db)
        workspace.file_replaced.connect(self._reopen_replaced)
        window = self.window
        if window is not None and window.ws is None:
            window.attach(workspace)
        else:
            if window is not None:
                gc.unfreeze()  # the old window's objects may be collected once it is gone
                window.close()  # saves its layout and closes its file
            window = self.window = self._new_window(workspace, plan_label(db))
            window.show()
        self.workspace = workspace
        if workspace.is_server:
            settings_url = url_for_settings(str(opener.path if opener is not None else db.url))
            if settings_url:
                self.settings.preferences.add_recent_server(settings_url)
        else:
            if self.is_demo_file(db.path):
                window.setWindowTitle(f"Mission Desk — {db.path.name} (demo mission, its own file)")
            self.settings.preferences.add_recent_file(str(db.path))
            self.settings.preferences.last_database = str(db.path)
        if db.report.location_warning:
            window.statusBar().showMessage(db.report.location_warning, 20000)
            box = QMessageBox(QMessageBox.Icon.Warning, "Where this file is kept", db.report.location_warning,
                              QMessageBox.StandardButton.Ok, window)
            box.setObjectName("location_warning")
            box.open()
        self.opened.emit(window)
        then, self._then = self._then, None
        if then is not None:
            then()

    def _reopen_replaced(self, message: str) -> None:
        """Another program replaced the open file (a restore): show why the last change was not
        saved, then open the file again, so nothing more is written to the old one."""
        if self.workspace is None or self.window is None:
            return
        path = self.workspace.db.path
        QMessageBox.information(self.window, "The file was replaced",
                                f"{message}\n\nMission Desk opens it again now.")
        QTimer.singleShot(0, lambda: self.open(path))

    def _on_failed(self, message: str, forget_recent: bool) -> None:
        opener, self.opener = self.opener, None
        if opener is not None and opener.abandoned:
            return
        path = opener.path if opener is not None else None
        first = self.window is not None and self.window.ws is None
        title = "Cannot open the team server" if is_server_target(path) else "Cannot open the file"
        QMessageBox.critical(self._dialog_parent or self.window, title, message)
        if is_server_target(path) and not first:
            again = url_for_settings(str(path))  # the form again, filled in, never the password
            QTimer.singleShot(0, lambda: self.ask_open_server(again, message=message))
        elif forget_recent and path is not None:
            self.settings.preferences.remove_recent_file(str(path))
        self._then = None
        if first and self.window is not None:
            self.window.close()
            self.window = None
            self.start_failed.emit()
        elif self.window is not None:
            self.window.statusBar().clearMessage()

    def restore(self, source: str) -> None:
        """Put a backup in place of the open file: close it (the closing backup keeps the current
        state too), restore (which keeps the current file as a backup first), open it again."""
        from planner.errors import PlannerError
        from planner.services.files.backups import restore_backup

        if self.workspace is None or self.window is None or self.opener is not None:
            return
        db = self.workspace.db
        path, folder, key = db.path, db.backup_dir, db.key
        parent = self.window.parentWidget()
        gc.unfreeze()
        self.window.close()  # saves its layout, stops its workers, closes the file
        self.window = None
        self.workspace = None
        try:
            report = restore_backup(path, Path(source), backup_dir=folder, key=key)
        except PlannerError as exc:
            QMessageBox.critical(parent, "Restore failed", f"{exc}\n\nThe file was left as it was.")
            message = ""
        else:
            kept = f"; the previous state was kept as {report.kept_current_as.name}" if report.kept_current_as else ""
            message = f"{path.name} was restored from {Path(source).name}{kept}."
        self.open(path)
        if message and self.window is not None:
            self.window.statusBar().showMessage(message, 20000)

    def shutdown(self) -> None:
        """Close the window (its layout is saved, workers stopped, the file closed); a file still
        opening is let finish (an upgrade is never cut short) and closed."""
        opener, self.opener = self.opener, None
        if opener is not None:
            opener.abandoned = True
            if opener.wait(OPEN_WAIT_S) and opener.result is not None:
                opener.result.close()
        if self.window is not None:
            self.window.close()
            self.window = None

    def ask_open(self, path: str = "") -> None:
        from PySide6.QtWidgets import QFileDialog

        if not path:
            start = str(self.workspace.db.path.parent) if self.workspace and not self.workspace.is_server else ""
            path, _ = QFileDialog.getOpenFileName(self.window, "Open a Mission Desk file", start, FILE_FILTER)
        if path:
            self.open(Path(path))

    def ask_new(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.workspace.db.path.parent) if self.workspace and not self.workspace.is_server else ""
        path, _ = QFileDialog.getSaveFileName(self.window, "New Mission Desk file", start, FILE_FILTER)
        if path:
            target = Path(path) if Path(path).suffix else Path(path + ".db")
            if target.exists():
                QMessageBox.warning(self.window, "New file", f"{target.name} already exists: use Open instead.")
                return
            self.open(target)

    def ask_open_server(self, url: str = "", *, message: str = "") -> None:
        """File ▸ Open team server… (``url``: a recent server, without its password)."""
        from ui.team.server_actions import open_server

        open_server(self, url, message=message)

    def open_recent_server(self, url: str) -> None:
        from ui.team.server_actions import open_recent_server

        open_recent_server(self, url)

    def demo_file(self) -> Path:
        """The demo mission's own file: ``demo.db`` in the data folder (``main.py --demo`` uses it too)."""
        if self.demo_path is None:
            from planner.paths import demo_db_path

            return demo_db_path()
        return self.demo_path

    def is_demo_file(self, path: Path | str) -> bool:
        if is_server_target(path):
            return False
        path = Path(path)
        demo = self.demo_file()
        return path == demo or (path.exists() and demo.exists() and path.samefile(demo))

    def open_demo(self) -> None:
        """The welcome page's and File menu's demo: open the demo file (building the mission there
        the first time) in place of the open file, which is never written to."""
        from planner.paths import make_private_dir

        ws = self.workspace
        demo = self.demo_file()
        if ws is not None and not ws.is_server and self.is_demo_file(ws.db.path):
            self.show_demo_here()
            return
        if self.opener is not None:  # another file is still opening
            return
        make_private_dir(demo.parent)  # the data folder is ours to create
        left = plan_label(ws.db) if ws is not None else ""
        self.open(demo, then=lambda: self.show_demo_here(left_untouched=left))

    def show_demo_here(self, left_untouched: str = "") -> None:
        """Show the demo mission in the open file, building it there first if it is not there
        (``main.py --demo`` on ``demo.db``, or on the file ``--db`` names)."""
        from planner.demo import build_demo
        from planner.demo.common import DEMO_EVENT_CODE

        ws, window = self.workspace, self.window
        if ws is None or window is None:
            return
        name = plan_label(ws.db)
        if not ws.is_server and self.is_demo_file(ws.db.path):
            untouched = f"your file {left_untouched} is untouched" if left_untouched else "your own files are untouched"
            note = f"Demo mission (BioJapan 2026) — in its own file {name}; {untouched}"
        else:
            note = f"The demo mission is ready: BioJapan 2026, in {name}"

        def show() -> None:
            ws.set_event(DEMO_EVENT_CODE)
            window.show_page("dashboard")
            window.statusBar().showMessage(note, 20000)

        if any(e.code == DEMO_EVENT_CODE for e in ws.events()):
            show()
            return

        def done(_summary: object) -> None:
            ws.clear_history()
            ws.notify_external_change()
            show()

        def failed(failure: TaskFailure) -> None:
            from ui.dialogs.error_dialog import show_failure

            show_failure(window, failure)

        ws.runner.start("Creating the demo mission…",
                        lambda session, progress, _cancel: build_demo(session, progress=progress),
                        on_done=done, on_error=failed, writes=True, dialog_parent=window)
