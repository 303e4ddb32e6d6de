"""File ▸ Open team server…: where the team's plan lives, and how to log in.

Either the parts (host, port, database, user, the TLS setting) or a pasted URL
(``postgresql://alice@db.example.org/plan?sslmode=require``, as an administrator sends it). The
password is typed here (or found in the system keyring for a server opened before) and, when the
box is ticked, remembered in the keyring: settings keep the URL without it. ``url()`` is what to
open (with the password); ``settings_url()`` what the recent-servers list keeps.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.team.naming import is_server_target

SSL_MODES: list[tuple[str, str]] = [
    ("prefer", "prefer — encrypt when the server offers it (libpq's default)"),
    ("require", "require — always encrypted"),
    ("verify-full", "verify-full — encrypted, and the server's certificate and name checked"),
    ("verify-ca", "verify-ca — encrypted, the certificate checked"),
    ("disable", "disable — never encrypted (a server on this computer only)"),
]
DEFAULT_PORT = 5432


class ServerDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, url: str = "", password: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("server_dialog")
        self.setWindowTitle("Open team server")
        intro = QLabel("Open a plan your team keeps on a PostgreSQL server. Your administrator gives "
                       "you the server's address, the database and your own user name.", self)
        intro.setWordWrap(True)
        self.host = QLineEdit(self)
        self.host.setObjectName("server_host")
        self.host.setPlaceholderText("db.example.org")
        self.port = QSpinBox(self)
        self.port.setObjectName("server_port")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit(self)
        self.database.setObjectName("server_database")
        self.database.setPlaceholderText("mission_desk")
        self.user = QLineEdit(self)
        self.user.setObjectName("server_user")
        self.sslmode = QComboBox(self)
        self.sslmode.setObjectName("server_sslmode")
        for key, text in SSL_MODES:
            self.sslmode.addItem(text, key)
        self.pasted = QLineEdit(self)
        self.pasted.setObjectName("server_url")
        self.pasted.setPlaceholderText("or paste a URL: postgresql://alice@db.example.org/plan?sslmode=require")
        self.pasted.textChanged.connect(self._pasted_changed)
        self.password = QLineEdit(self)
        self.password.setObjectName("server_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("empty: use the keyring or ~/.pgpass")
        self.remember = QCheckBox("Remember in the system keyring", self)
        self.remember.setObjectName("server_remember")
        self.problem = QLabel(self)
        self.problem.setObjectName("server_problem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        form = QFormLayout()
        form.addRow("Host", self.host)
        form.addRow("Port", self.port)
        form.addRow("Database", self.database)
        form.addRow("User", self.user)
        form.addRow("Security (TLS)", self.sslmode)
        form.addRow("URL", self.pasted)
        form.addRow("Password", self.password)
        form.addRow("", self.remember)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        if url:
            self.fill_from(url)
        self.password.setText(password)
        self.resize(560, self.sizeHint().height())

    def fill_from(self, url: str) -> None:
        """Show a known server's parts (a recent entry): its password is never in ``url``."""
        from sqlalchemy import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(url)
        except ArgumentError:
            self.pasted.setText(url)
            return
        self.host.setText(parsed.host or "")
        self.port.setValue(parsed.port or DEFAULT_PORT)
        self.database.setText(parsed.database or "")
        self.user.setText(parsed.username or "")
        mode = parsed.query.get("sslmode")
        index = self.sslmode.findData(mode if isinstance(mode, str) else "prefer")
        self.sslmode.setCurrentIndex(max(index, 0))

    def _pasted_changed(self, text: str) -> None:
        for widget in (self.host, self.port, self.database, self.user, self.sslmode):
            widget.setEnabled(not text.strip())
        self._take_pasted_password(text)

    def _take_pasted_password(self, text: str) -> None:
        """A pasted URL with a password in it (postgresql://bob:secret@…): the password moves to
        the masked password field and the URL field shows the URL without it, so it is never
        on the screen in clear."""
        if ":" not in text.partition("@")[0].partition("://")[2]:
            return  # no user:password part
        from sqlalchemy import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(text.strip())
        except ArgumentError:
            return
        if not parsed.password:
            return
        self.password.setText(str(parsed.password))
        self.pasted.setText(parsed._replace(password=None).render_as_string(hide_password=False))

    def url(self) -> str:
        """The URL to open, with the password when one was typed; raises ValueError saying what
        is missing or wrong."""
        from sqlalchemy import URL, make_url
        from sqlalchemy.exc import ArgumentError

        pasted = self.pasted.text().strip()
        if pasted:
            if not is_server_target(pasted):
                raise ValueError("The URL must start with postgresql:// (or postgresql+psycopg://).")
            try:
                parsed = make_url(pasted)
            except ArgumentError as exc:
                raise ValueError(f"That is not a database URL: {exc}") from None
            if not parsed.database:
                raise ValueError("The URL names no database (…/DATABASE at its end).")
            if self.password.text():
                parsed = parsed.set(password=self.password.text())
        else:
            missing = [name for name, w in (("host", self.host), ("database", self.database),
                                            ("user", self.user)) if not w.text().strip()]
            if missing:
                raise ValueError(f"Fill in the {', '.join(missing)} (or paste a URL).")
            mode = str(self.sslmode.currentData())
            parsed = URL.create("postgresql+psycopg", username=self.user.text().strip(),
                                password=self.password.text() or None, host=self.host.text().strip(),
                                port=self.port.value(), database=self.database.text().strip(),
                                query={"sslmode": mode} if mode != "prefer" else {})
        if parsed.drivername in ("postgresql", "postgres"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        return parsed.render_as_string(hide_password=False)

    def settings_url(self) -> str:
        from ui.team.passwords import url_for_settings

        return url_for_settings(self.url())

    def try_accept(self) -> None:
        try:
            self.url()
        except ValueError as exc:
            self.problem.setText(str(exc))
            self.problem.setVisible(True)
            return
        self.accept()
