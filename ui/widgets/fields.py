"""Small field helpers shared by the editors: enum combos, optional dates, plain text."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QDateTimeEdit, QHBoxLayout, QWidget

from planner.domain.enums import label


def enum_combo(enum_type: type[StrEnum], value: str | None = None, parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for member in enum_type:
        combo.addItem(label(member), member.value)
    if value is not None:
        combo.setCurrentIndex(max(0, combo.findData(value)))
    return combo


def combo_value(combo: QComboBox) -> str:
    return str(combo.currentData())


class OptionalDateWidget(QWidget):
    """A date that may be left empty (a due date, a departure day)."""

    def __init__(self, value: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(self)
        self.edit = QDateEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd yyyy-MM-dd")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self.edit.setEnabled)
        self.set_value(value)

    def set_value(self, value: date | None) -> None:
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        d = value or date.today()
        self.edit.setDate(QDate(d.year, d.month, d.day))

    def value(self) -> date | None:
        if not self.enabled.isChecked():
            return None
        q = self.edit.date()
        return date(q.year(), q.month(), q.day())


def qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class OptionalDateTimeWidget(QWidget):
    """A local date and time that may be left empty (arrival, departure)."""

    def __init__(self, value: datetime | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(self)
        self.edit = QDateTimeEdit(self)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("ddd yyyy-MM-dd HH:mm")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self.edit.setEnabled)
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        v = value or datetime.combine(date.today(), datetime.min.time())
        self.edit.setDateTime(QDateTime(v.year, v.month, v.day, v.hour, v.minute, 0))

    def value(self) -> datetime | None:
        if not self.enabled.isChecked():
            return None
        d = self.edit.dateTime()
        return datetime(d.date().year(), d.date().month(), d.date().day(), d.time().hour(), d.time().minute())
