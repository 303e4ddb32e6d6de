"""File ▸ Back up now / Restore from a backup… / Verify the file, and automatic backups.

The work is in ``planner.services.files.backups``; this module only adds the menu entries, runs them
on the task runner and reports the outcome. Automatic backups run every few minutes when data
changed and the newest automatic backup is at least 30 minutes old (the service decides), and
once more when the file closes (``Workspace.close``). The service (and with it SQLAlchemy and the
models) is imported when an action first runs, never while the main window is being built; so is
QInputDialog (PySide6 builds a class's enums on import).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMenu, QMessageBox

if TYPE_CHECKING:
    from planner.services.files.backups import VerifyReport
    from ui.main_window import MainWindow

AUTO_BACKUP_CHECK_MS = 5 * 60 * 1000


class BackupActions(QObject):
    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        window._action(menu, "&Back up now", self.back_up_now, None, "action_backup_now")
        window._action(menu, "&Restore from a backup…", self.choose_restore, None, "action_restore")
        window._action(menu, "&Verify the file", self.verify_file, None, "action_verify")
        self.timer = QTimer(self)
        self.timer.setInterval(AUTO_BACKUP_CHECK_MS)
        self.timer.timeout.connect(self.auto_backup)
        self.timer.start()

    def _run(self, title: str, fn: Any, on_done: Any) -> None:
        ws = self.window.ws
        if ws is None:
            return
        db = ws.db
        ws.runner.start(title, lambda _s, _p, _c: fn(db), on_done=on_done, show_progress=False)

    def auto_backup(self) -> None:
        from planner.services.files import backups

        def done(made: Path | None) -> None:
            if made is not None:
                self.window.statusBar().showMessage(f"Backed up automatically ({made.name})", 5000)

        self._run("Automatic backup", backups.maybe_backup, done)

    def back_up_now(self) -> None:
        from planner.services.files import backups

        def done(made: Path) -> None:
            self.window.statusBar().showMessage(f"Backup written and verified: {made}", 10000)

        self._run("Backing up…", backups.backup_now, done)

    def verify_file(self) -> None:
        from planner.services.files import backups

        def done(report: VerifyReport) -> None:
            if report.ok:
                QMessageBox.information(self.window, "Verify the file",
                                        f"{report.path.name} passed the full integrity and foreign-key checks.")
            else:
                QMessageBox.warning(self.window, "Verify the file",
                                    f"{report.path.name} has {len(report.problems)} problem(s):\n\n"
                                    + "\n".join(report.problems[:20])
                                    + "\n\nRestore a backup (File ▸ Restore from a backup…).")

        self._run("Checking the file…", backups.verify, done)

    def choose_restore(self) -> None:
        ws = self.window.ws
        if ws is None:
            return
        from PySide6.QtWidgets import QInputDialog

        from planner.services.files import backups

        found = backups.list_backups(ws.db)
        if not found:
            QMessageBox.information(self.window, "Restore from a backup", "There are no backups of this file yet.")
            return
        labels = [f"{b.taken:%a %d %b %Y %H:%M} · {b.kind} · {b.path.name}" for b in found]
        choice, ok = QInputDialog.getItem(self.window, "Restore from a backup",
                                          "Replace the file with this backup (the current state is kept as a "
                                          "backup first):", labels, 0, False)
        if ok and choice:
            self.window.restore_requested.emit(str(found[labels.index(choice)].path))
