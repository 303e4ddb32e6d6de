"""The Sync menu, the tool-bar button and the status-bar status of a window on a file.

Built by ``MainWindow.attach`` for a file only (a window on a team server has nothing to sync).
*Sync now* (Ctrl+Shift+S) syncs with the server the file syncs with — the first time, or with
*Sync with a server…*, a dialog asks which (the remembered one filled in). The outcome is shown
in the status bar (``SyncReport.summary()``); a failure of a sync the user asked for gets a
message box, an automatic one only the status ("Offline", or "sync failed" with the reason in
the tooltip). Clicking the status opens the Review page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar

from ui.sync.auto_sync import AutoSync
from ui.sync.sync_controller import SyncController, SyncOutcome
from ui.sync.sync_settings import INTERVALS_MINUTES, SyncPreferences
from ui.sync.sync_status import SyncStatusButton

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.tasks import TaskFailure

SUMMARY_MS = 20_000
REVIEW_HINT = "Sync ▸ Review conflicts"
NOTHING_LOST = "Nothing was lost: your changes stay in this file and are sent at the next sync."


class SyncUi(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.prefs = SyncPreferences(window.settings.qsettings)
        self.controller = SyncController(window.ws, self)
        self.status = SyncStatusButton(window)
        self.status.clicked.connect(self.open_review)
        window.statusBar().addPermanentWidget(self.status)
        self.dialog: Any = None
        self.message_box: QMessageBox | None = None
        self.last_outcome: SyncOutcome | None = None
        self._build_menu()
        self.auto = AutoSync(window, self.controller, self.prefs)
        c = self.controller
        c.started.connect(self._started)
        c.progress.connect(self._progress)
        c.finished.connect(self._finished)
        c.failed.connect(self._failed)
        c.status_changed.connect(lambda status: self.status.show_status(status))
        c.status_failed.connect(lambda why: self.status.show_status(self.controller.status, problem=why))
        QTimer.singleShot(0, self, c.refresh_status)  # after the window is up: never in its way
        self.auto.after_opening()
        window.installEventFilter(self)  # its Close: stop before the workspace stops its workers

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.auto.stop()
            self.controller.close()
        return False

    def _build_menu(self) -> None:
        window = self.window
        bar = window.menuBar()
        self.menu = QMenu("&Sync", window)
        self.menu.setObjectName("sync_menu")
        bar.insertMenu(bar.actions()[-1], self.menu)  # before Help
        self.sync_action = window._action(self.menu, "&Sync now", self.sync_now, "Ctrl+Shift+S", "action_sync")
        self.sync_action.setStatusTip("Send your changes to the team server and bring the team's here")
        window._action(self.menu, "Sync with a &server…", self.choose_server, None, "action_sync_server")
        self.menu.addSeparator()
        window._action(self.menu, "&Review conflicts", self.open_review, None, "action_review_conflicts")
        self.menu.addSeparator()
        self.auto_action = QAction("Sync &automatically", self.menu)
        self.auto_action.setObjectName("action_auto_sync")
        self.auto_action.setCheckable(True)
        self.auto_action.setChecked(self.prefs.auto_sync)
        self.auto_action.setStatusTip("Sync every few minutes and after opening, when the server can be reached")
        self.auto_action.toggled.connect(self.set_auto_sync)
        self.menu.addAction(self.auto_action)
        every = self.menu.addMenu("Automatic sync &every")
        group = QActionGroup(every)
        for minutes in INTERVALS_MINUTES:
            action = QAction(f"{minutes} minutes", group)
            action.setObjectName(f"action_auto_sync_{minutes}")
            action.setCheckable(True)
            action.setChecked(minutes == self.prefs.minutes)
            action.triggered.connect(lambda _c=False, m=minutes: self.set_minutes(m))
            every.addAction(action)
        self.toolbar = QToolBar("Sync", window)
        self.toolbar.setObjectName("sync_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.addAction(self.sync_action)
        window.addToolBar(self.toolbar)

    # -- actions -------------------------------------------------------------------------------
    def sync_now(self) -> None:
        url = self.controller.server_url()
        if not url:
            self.choose_server()
            return
        self.start(url)

    def start(self, url: str | None) -> bool:
        started = self.controller.start(url)
        if not started:
            self.window.statusBar().showMessage("A sync is already running.", 5000)
        return started

    def choose_server(self) -> None:
        from ui.sync.server_prompt import SyncServerDialog
        from ui.team.passwords import password_for, remember_password

        known = self.controller.remembered() or ""
        dialog = SyncServerDialog(self.window, url=known, password=password_for(known) or "" if known else "")

        def accepted() -> None:
            url = dialog.url()
            if dialog.remember.isChecked() and dialog.password.text() and not remember_password(
                    url, dialog.password.text()):
                self.window.statusBar().showMessage("No system keyring here: the password was not remembered.",
                                                    15000)
            self.start(url)

        dialog.accepted.connect(accepted)
        self.dialog = dialog  # kept alive while open
        dialog.open()

    def open_review(self) -> None:
        self.window.show_page("review")
        self.window.sidebar.setCurrentRow(-1)  # not one of the sidebar's pages

    def set_auto_sync(self, on: bool) -> None:
        self.prefs.auto_sync = on
        self.auto.apply()

    def set_minutes(self, minutes: int) -> None:
        self.prefs.minutes = minutes
        self.auto.apply()

    # -- outcomes ------------------------------------------------------------------------------
    def _started(self, _automatic: bool) -> None:
        self.sync_action.setEnabled(False)
        self.status.show_running()

    def _progress(self, text: str) -> None:
        self.window.statusBar().showMessage(text)

    def _finished(self, outcome: SyncOutcome) -> None:
        self.sync_action.setEnabled(True)
        self.last_outcome = outcome
        bar = self.window.statusBar()
        if outcome.ok:
            self.status.show_status(outcome.status, offline=False, problem="")
            text = outcome.report.summary(REVIEW_HINT)
            if outcome.dropped_steps:
                text += (f" {outcome.dropped_steps} undo step(s) naming the erased person(s) were "
                         "taken off the undo history.")
            bar.showMessage(text, SUMMARY_MS)
            if outcome.report.conflicts and not outcome.automatic:
                self._offer_review(text)
            return
        self.status.show_status(outcome.status, offline=outcome.offline,
                                problem="" if outcome.offline else outcome.message)
        if outcome.automatic:
            bar.showMessage("Offline: the team server could not be reached; Mission Desk tries again later."
                            if outcome.offline else f"Automatic sync failed: {outcome.message}", SUMMARY_MS)
            return
        bar.clearMessage()
        from ui.dialogs.error_dialog import show_error

        message = outcome.message
        if outcome.offline:
            from ui.team.server_errors import explain_open_failure

            message = explain_open_failure(message)
        self.message_box = show_error(self.window, "Sync", f"{message}\n\n{NOTHING_LOST}")

    def _offer_review(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Information, "Sync", text, QMessageBox.StandardButton.NoButton,
                          self.window)
        box.setObjectName("sync_conflicts_box")
        review = box.addButton("&Review now", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
        review.clicked.connect(self.open_review)
        self.message_box = box
        box.open()

    def _failed(self, failure: TaskFailure) -> None:
        self.sync_action.setEnabled(True)
        self.status.show_status(self.controller.status, problem=failure.message)
        self.window.show_failure(failure)
