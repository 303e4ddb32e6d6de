"""What a window does differently on a team server, and for a read-only viewer.

* A banner above the pages while the live-update connection is lost ("Connection to the team
  server lost — reconnecting…"); it goes when the connection is back (and every view reloads:
  what changed meanwhile was never announced).
* File-only actions (back up, restore, verify the file) are disabled on a server, saying why: a
  server is backed up by its administrator's ``pg_dump``; the automatic backup timer stops.
* When the server refuses a write because the role may only read, one message says so, the
  status bar shows "Read only" and the edit actions are disabled (pages disable their own).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QLabel, QMessageBox, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from ui.main_window import MainWindow

LOST_TEXT = "Connection to the team server lost — reconnecting…"
FILE_ONLY_ACTIONS = ("action_backup_now", "action_restore", "action_verify")
SERVER_BACKUP_TIP = ("This plan is on a team server: it is backed up by its administrator's pg_dump. "
                     "To keep a copy of your own, use planner copy --to FILE.")
WRITE_ACTIONS = ("action_new_event", "action_import", "action_start_from_past_event",
                 "action_undo", "action_redo")
READ_ONLY_TEXT = ("You can view this plan but not change it: your user on this server is read-only. "
                  "Editing is switched off in this window; ask the team's administrator for editing rights.")


class ConnectionBanner(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connection_banner")
        self.setWordWrap(True)
        self.setMargin(6)
        self.setStyleSheet("QLabel#connection_banner { background: #fff3cd; color: #5c4400; "
                           "border-bottom: 1px solid #e0c36c; font-weight: bold; }")
        self.setVisible(False)


class TeamMode(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        ws = window.ws
        self.banner = ConnectionBanner()
        self._install_banner()
        self.read_only_label = QLabel("Read only", window)
        self.read_only_label.setObjectName("read_only_label")
        self.read_only_label.setStyleSheet("QLabel#read_only_label { font-weight: bold; padding: 0 6px; }")
        self.read_only_label.setToolTip(READ_ONLY_TEXT)
        self.read_only_label.setVisible(False)
        window.statusBar().addPermanentWidget(self.read_only_label)
        self.told_read_only = False
        ws.connection_changed.connect(self.show_connection)
        ws.read_only_changed.connect(self.set_read_only)
        ws.undo_stack.canUndoChanged.connect(lambda _c: self._apply_read_only())
        ws.undo_stack.canRedoChanged.connect(lambda _c: self._apply_read_only())
        if ws.is_server:
            self._server_only_file_actions_off()
        if ws.read_only:
            self.set_read_only(True)

    def _install_banner(self) -> None:
        """Put the banner above the window's central widget (the sidebar and pages)."""
        window = self.window
        central = window.takeCentralWidget()
        holder = QWidget(window)
        holder.setObjectName("central_holder")
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        if central is not None:
            layout.addWidget(central, 1)
        window.setCentralWidget(holder)

    def show_connection(self, connected: bool, reason: str) -> None:
        if connected:
            self.banner.setVisible(False)
            return
        self.banner.setText(LOST_TEXT)
        self.banner.setToolTip(reason)
        self.banner.setVisible(True)

    def _server_only_file_actions_off(self) -> None:
        for name in FILE_ONLY_ACTIONS:
            action = self.window.findChild(QObject, name)
            if action is not None:
                action.setEnabled(False)  # type: ignore[attr-defined]
                action.setToolTip(SERVER_BACKUP_TIP)  # type: ignore[attr-defined]
                action.setStatusTip(SERVER_BACKUP_TIP)  # type: ignore[attr-defined]
        backups = getattr(self.window, "backup_actions", None)
        if backups is not None:
            backups.timer.stop()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only_label.setVisible(read_only)
        self._apply_read_only()
        if read_only and not self.told_read_only:
            self.told_read_only = True
            box = QMessageBox(QMessageBox.Icon.Information, "Read only", READ_ONLY_TEXT,
                              QMessageBox.StandardButton.Ok, self.window)
            box.setObjectName("read_only_message")
            box.open()

    def _apply_read_only(self) -> None:
        if not self.window.ws.read_only:
            return
        for name in WRITE_ACTIONS:
            action = self.window.findChild(QObject, name)
            if action is not None:
                action.setEnabled(False)  # type: ignore[attr-defined]
