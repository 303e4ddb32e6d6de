"""The dialog that asks which team server to sync with: the Open team server dialog
(:class:`~ui.team.server_dialog.ServerDialog`: host, port, database, user, TLS, or a pasted URL;
the password, remembered in the keyring when ticked), titled and worded for a sync, filled in
with the server the file last synced with."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget

from ui.team.server_dialog import ServerDialog

INTRO = ("Sync this file with the plan your team keeps on a PostgreSQL server: your changes are "
         "sent, the team's are brought here, and what both sides changed waits for your decision. "
         "The first sync of an empty file copies the team's plan; of a full file into an empty "
         "server, publishes this file's plan.")


class SyncServerDialog(ServerDialog):
    def __init__(self, parent: QWidget | None = None, *, url: str = "", password: str = "") -> None:
        super().__init__(parent, url=url, password=password)
        self.setObjectName("sync_server_dialog")
        self.setWindowTitle("Sync with a team server")
        intro = self.findChild(QLabel)  # the first label: the dialog's introduction
        if intro is not None:
            intro.setText(INTRO)
        button = self.buttons.button(QDialogButtonBox.StandardButton.Open)
        if button is not None:
            button.setText("&Sync")
