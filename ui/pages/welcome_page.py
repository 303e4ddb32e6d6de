"""First start (or an empty file): open the demo mission (in its own file), create an event, copy the
team's plan from its server into this file (a first sync), or open a file."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class WelcomePage(QWidget):
    KEY = "welcome"
    demo_requested = Signal()
    new_event_requested = Signal()
    open_requested = Signal()
    team_plan_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Welcome to Mission Desk", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            "Plan a delegation abroad or a symposium: the delegation, partnering meetings, showcase "
            "slots and side events on one timeline, briefing packs, and the leads that come out of it.\n\n"
            "New here? Open the demo mission — a UK life-sciences delegation to BioJapan 2026 in "
            "Yokohama — and look around. It opens in its own file (demo.db in the Mission Desk data "
            "folder), so nothing you do there touches your file; come back to yours with "
            "File ▸ Open recent.", self)
        intro.setWordWrap(True)
        self.intro = intro
        self.demo_button = QPushButton("Open the demo mission (BioJapan 2026)", self)
        self.demo_button.setObjectName("welcome_demo")
        self.demo_button.setToolTip("Opens demo.db, its own file; the file open now is not changed")
        self.new_button = QPushButton("Create a new event…", self)
        self.new_button.setObjectName("welcome_new_event")
        self.team_button = QPushButton("Copy the team's plan from a server…", self)
        self.team_button.setObjectName("welcome_team_plan")
        self.team_button.setToolTip("Your team keeps its plan on a PostgreSQL server: the first sync copies it "
                                    "into this file, to work on offline and sync later")
        self.open_button = QPushButton("Open another file…", self)
        self.demo_button.setDefault(True)
        self.demo_button.clicked.connect(self.demo_requested)
        self.new_button.clicked.connect(self.new_event_requested)
        self.team_button.clicked.connect(self.team_plan_requested)
        self.open_button.clicked.connect(self.open_requested)
        self.recent_label = QLabel("Recent files", self)
        self.recent = QListWidget(self)
        self.recent.setMaximumHeight(140)
        self.recent.itemActivated.connect(lambda item: self.recent_requested.emit(item.text()))
        column = QVBoxLayout()
        column.addWidget(title)
        column.addSpacing(8)
        column.addWidget(intro)
        column.addSpacing(16)
        for button in (self.demo_button, self.new_button, self.team_button, self.open_button):
            column.addWidget(button)
        column.addSpacing(16)
        column.addWidget(self.recent_label)
        column.addWidget(self.recent)
        column.addStretch(1)
        box = QWidget(self)
        box.setLayout(column)
        box.setMaximumWidth(640)
        layout = QVBoxLayout(self)
        layout.addSpacing(40)
        layout.addWidget(box, 1, Qt.AlignmentFlag.AlignHCenter)

    def set_team_plan(self, available: bool) -> None:
        """A file can take a team's plan; a window on the server itself has nothing to copy."""
        self.team_button.setVisible(available)

    def set_recent(self, files: list[str]) -> None:
        self.recent.clear()
        for path in files:
            QListWidgetItem(path, self.recent)
        self.recent.setVisible(bool(files))
        self.recent_label.setVisible(bool(files))
