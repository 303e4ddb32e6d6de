"""About Mission Desk (versions of everything that matters for a bug report) and the shortcuts."""

from __future__ import annotations

import platform
import sqlite3
import sys
from importlib import metadata

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMenuBar,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner import APP_NAME
from planner._build import build_info
from planner.storage import migrate
from planner.storage.database import Database

LIBRARIES = ("SQLAlchemy", "alembic", "openpyxl", "reportlab", "icalendar", "rapidfuzz", "platformdirs")


def version_lines(db: Database | None = None) -> list[str]:
    info = build_info()
    lines = [f"{APP_NAME} {info.label}" + (f", built {info.date}" if info.date else ""),
             f"Python {platform.python_version()} ({sys.platform})" + (" · bundled" if info.frozen else ""),
             f"Qt {qVersion()} · PySide6 {PySide6.__version__}", f"SQLite {sqlite3.sqlite_version}"]
    for name in LIBRARIES:
        try:
            lines.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(f"{name} (not installed)")
    if db is not None and getattr(db, "is_server", False):
        lines.append(f"Team server: {db.name}")
        lines.append("Backups: the server administrator's pg_dump")
    elif db is not None:
        lines.append(f"File: {db.path}")
        lines.append(f"Schema: {migrate.current_revision(db.path) or '—'}")
        lines.append(f"Backups: {db.backup_dir}")
    return lines


class AboutDialog(QDialog):
    def __init__(self, db: Database | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        title = QLabel(f"<h2>{APP_NAME}</h2><p>Plan delegations abroad and symposia: events, people, "
                       "meetings, briefing packs, lead sheets.</p>", self)
        title.setWordWrap(True)
        self.versions = QPlainTextEdit("\n".join(version_lines(db)), self)
        self.versions.setObjectName("about_versions")
        self.versions.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        copy = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.versions.toPlainText()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.versions, 1)
        layout.addWidget(buttons)
        self.resize(520, 380)


def shortcuts_text(menu_bar: QMenuBar) -> str:
    """Every menu action that has a shortcut, by menu (the menus are the source of truth)."""
    lines = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if not action.shortcut().isEmpty():
                name = action.text().replace("&", "").rstrip("…")
                lines.append(f"{action.shortcut().toString()}\t{name}")
    return "\n".join(lines)


class ShortcutsDialog(QDialog):
    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        text = QPlainTextEdit(shortcuts_text(menu_bar) + "\nCtrl+F\tFilter the current table\n"
                              "Enter\tOpen the selected record\nDelete\tDelete the selected records", self)
        text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(460, 480)
