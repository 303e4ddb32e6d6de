"""Time entry in the event's zone, with the home time shown beside it (``format_dual``)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QLabel, QWidget

from planner.domain import timezones
from planner.errors import ValidationError


class DualTimeEditWidget(QWidget):
    changed = Signal()

    def __init__(self, tz: str, home_tz: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tz = tz
        self.home_tz = home_tz
        self.edit = QDateTimeEdit(self)
        self.edit.setDisplayFormat("ddd yyyy-MM-dd HH:mm")
        self.edit.setCalendarPopup(True)
        self.home_label = QLabel(self)
        self.home_label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.home_label, 1)
        self.edit.dateTimeChanged.connect(self._update)
        self.setFocusProxy(self.edit)
        self._update()

    def set_zone(self, tz: str) -> None:
        self.tz = tz
        self._update()

    def set_wall(self, wall: datetime) -> None:
        self.edit.setDateTime(QDateTime(wall.year, wall.month, wall.day, wall.hour, wall.minute, 0))
        self._update()

    def wall(self) -> datetime:
        d = self.edit.dateTime()
        return datetime(d.date().year(), d.date().month(), d.date().day(), d.time().hour(), d.time().minute())

    def _update(self) -> None:
        try:
            utc = timezones.to_utc(self.wall(), self.tz, 0)
        except ValidationError as exc:
            self.home_label.setText(str(exc))
        else:
            self.home_label.setText(str(timezones.format_dual(utc, self.tz, self.home_tz)))
        self.changed.emit()
