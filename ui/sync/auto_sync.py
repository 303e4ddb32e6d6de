"""Automatic sync: every N minutes and soon after the file opens, when the user turned it on.

Never while another sync runs, never while an editor (or any modal dialog) is open — it tries
again shortly after —, and only with a server the file already syncs with (or one typed in this
window). A server that cannot be reached is quiet: the status says "Offline" and the next turn
tries again.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from ui.sync.sync_controller import SyncController
from ui.sync.sync_settings import SyncPreferences

AFTER_OPEN_MS = 3000
BUSY_RETRY_MS = 30_000  # an editor was open: try again this much later


def editor_open(window: QWidget) -> bool:
    """Whether the user is in the middle of something in ``window``: an editor or a modal dialog
    (another window's dialog does not count)."""
    modal = QApplication.activeModalWidget()
    if modal is not None and (modal.parentWidget() is None or window.isAncestorOf(modal)):
        return True
    from ui.dialogs.form_dialog import FormDialog

    return any(d.isVisible() and (d.isModal() or isinstance(d, FormDialog))
               for d in window.findChildren(QDialog))


class AutoSync(QObject):
    def __init__(self, window: QWidget, controller: SyncController, prefs: SyncPreferences) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.prefs = prefs
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.retry = QTimer(self)
        self.retry.setSingleShot(True)
        self.retry.setInterval(BUSY_RETRY_MS)
        self.retry.timeout.connect(self.tick)
        self.apply()

    def apply(self) -> None:
        """Start or stop the timer after the preferences changed."""
        if self.prefs.auto_sync:
            self.timer.start(self.prefs.minutes * 60_000)
        else:
            self.stop()

    def stop(self) -> None:
        self.timer.stop()
        self.retry.stop()

    def after_opening(self) -> None:
        if self.prefs.auto_sync:
            QTimer.singleShot(AFTER_OPEN_MS, self, self.tick)

    def tick(self) -> bool:
        """One automatic turn; True when a sync started."""
        if not self.prefs.auto_sync or self.controller.running or self.controller.closed:
            return False
        if editor_open(self.window):
            self.retry.start()
            return False
        url: Any = self.controller.server_url()
        if not url:
            return False  # never synced: the first sync is the user's (it asks for the server)
        return self.controller.start(url, automatic=True)
