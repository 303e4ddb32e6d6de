"""File ▸ Open team server… and File ▸ Recent team servers: the dialog, the keyring, the busy
indicator while the server opens on the opener's thread.

A recent server is kept without its password: choosing it opens at once when the keyring has its
password, otherwise shows the dialog filled in (an empty password lets libpq's ``~/.pgpass``
answer).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMenu, QMessageBox, QProgressBar

from ui.team.naming import server_label
from ui.team.passwords import password_for, remember_password

if TYPE_CHECKING:
    from ui.app import DeskApp
    from ui.main_window import MainWindow


def open_server(desk: DeskApp, url: str = "", *, message: str = "") -> None:
    """Show the Open team server dialog (filled in from ``url``, a password-less recent entry)."""
    from ui.team.server_dialog import ServerDialog

    window = desk.window
    dialog = ServerDialog(window, url=url, password=password_for(url) or "" if url else "")
    if message:
        dialog.problem.setText(message)
        dialog.problem.setVisible(True)

    def accepted() -> None:
        full = dialog.url()
        remember = dialog.remember.isChecked() and bool(dialog.password.text())
        if remember and not remember_password(full, dialog.password.text()) and window is not None:
            window.statusBar().showMessage(
                    "No system keyring here: the password was not remembered (it is never written to "
                    "the settings).", 15000)
        start_opening(desk, full)

    dialog.accepted.connect(accepted)
    desk.server_dialog = dialog  # type: ignore[attr-defined]  # kept alive while open
    dialog.open()


def open_recent_server(desk: DeskApp, url: str) -> None:
    password = password_for(url)
    if password is None:
        open_server(desk, url)
        return
    from sqlalchemy import make_url

    start_opening(desk, make_url(url).set(password=password).render_as_string(hide_password=False))


def start_opening(desk: DeskApp, url: str) -> None:
    """Open ``url`` on the opener's thread with a busy indicator in the status bar."""
    window = desk.window
    if not desk.open(url, parent=window):
        QMessageBox.information(window, "Open team server", "Another plan is still opening: try again "
                                "when it is open.")
        return
    if window is None or desk.opener is None:
        return
    busy = QProgressBar(window)
    busy.setObjectName("opening_busy")
    busy.setRange(0, 0)  # indeterminate: how long a server takes is unknown
    busy.setMaximumWidth(120)
    busy.setToolTip(f"Connecting to {server_label(url)}…")
    window.statusBar().addPermanentWidget(busy)

    def finished(*_args: Any) -> None:
        window.statusBar().removeWidget(busy)
        busy.deleteLater()

    desk.opener.opened.connect(finished)
    desk.opener.failed.connect(finished)


def fill_recent_servers(menu: QMenu, window: MainWindow) -> None:
    menu.clear()
    for url in window.settings.preferences.recent_servers:
        action = menu.addAction(server_label(url), lambda u=url: window.open_recent_server_requested.emit(u))
        action.setToolTip(url)
    if not menu.actions():
        menu.addAction("(none)").setEnabled(False)
