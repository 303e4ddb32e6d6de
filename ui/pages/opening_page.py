"""What the main window shows while its file opens (checked, upgraded if needed) on a worker."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QVBoxLayout, QWidget


class OpeningPage(QWidget):
    KEY = "opening"

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("opening_page")
        self.label = QLabel(f"Opening {file_name}…", self)
        self.label.setObjectName("opening_label")
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.label.setFont(font)
        self.detail = QLabel("Checking the file (a file from an older version is backed up and upgraded first)",
                             self)
        self.detail.setEnabled(False)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # indeterminate
        self.busy.setMaximumWidth(320)
        self.busy.setTextVisible(False)
        column = QVBoxLayout(self)
        column.addStretch(1)
        for widget in (self.label, self.detail, self.busy):  # centred by stretches (no Qt namespace:
            row = QHBoxLayout()                                # this page shows before it is loaded)
            row.addStretch(1)
            row.addWidget(widget)
            row.addStretch(1)
            column.addLayout(row)
        column.addStretch(2)
