"""Time entry in the event's zone, with the home time shown beside it (``format_dual``).

A wall time that happens twice (the night the clocks go back) shows a choice of the first or
the second occurrence; until the user picks one, :meth:`fold` is None and the save is refused
with the services' message next to the field — the editor never guesses.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, Signal
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QHBoxLayout, QLabel, QWidget

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
        self.occurrence = QComboBox(self)
        self.occurrence.setObjectName("occurrence")
        self.occurrence.setToolTip("This time happens twice that night (the clocks go back): "
                                   "choose which one")
        self.occurrence.hide()
        self.home_label = QLabel(self)
        self.home_label.setMinimumWidth(self.fontMetrics().averageCharWidth() * 28)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.occurrence)
        layout.addWidget(self.home_label, 1)
        self.edit.dateTimeChanged.connect(self._update)
        self.occurrence.currentIndexChanged.connect(self._show_home)
        self.setFocusProxy(self.edit)
        self._update()

    def set_zone(self, tz: str) -> None:
        self.tz = tz
        self._update()

    def set_wall(self, wall: datetime, fold: int | None = None) -> None:
        """Show ``wall``; ``fold`` (0 first, 1 second) says which occurrence of a repeated time
        is meant (None: the user must choose)."""
        self.edit.setDateTime(QDateTime(wall.year, wall.month, wall.day, wall.hour, wall.minute, 0))
        self._update()
        if fold is not None and self._ambiguous:
            self.occurrence.setCurrentIndex(max(0, self.occurrence.findData(fold)))

    def fold(self) -> int | None:
        """0 for an ordinary time; for a repeated one, the occurrence chosen (None: not yet)."""
        if not self._ambiguous:
            return 0
        data = self.occurrence.currentData()
        return data if isinstance(data, int) else None

    def wall(self) -> datetime:
        d = self.edit.dateTime()
        return datetime(d.date().year(), d.date().month(), d.date().day(), d.time().hour(), d.time().minute())

    _ambiguous = False

    def _update(self) -> None:
        wall = self.wall()
        ambiguous = timezones.classify(wall, self.tz) == "ambiguous"
        if ambiguous and (not self._ambiguous or self.occurrence.property("wall") != wall):
            chosen = self.occurrence.currentData() if self._ambiguous else None
            self.occurrence.blockSignals(True)
            self.occurrence.clear()
            self.occurrence.addItem("Which one?", None)
            zone = timezones.zone(self.tz)
            for fold, label in ((0, "first"), (1, "second")):
                moment = wall.replace(tzinfo=zone, fold=fold)
                self.occurrence.addItem(f"the {label} ({moment:%H:%M} {moment.tzname()}, "
                                        f"UTC{moment:%z})", fold)
            self.occurrence.setCurrentIndex(max(0, self.occurrence.findData(chosen)))
            self.occurrence.setProperty("wall", wall)
            self.occurrence.blockSignals(False)
        self._ambiguous = ambiguous
        self.occurrence.setVisible(ambiguous)
        self._show_home()

    def _show_home(self) -> None:
        fold = self.fold()
        if fold is None:
            self.home_label.setText("happens twice (the clocks go back): choose which")
        else:
            try:
                utc = timezones.to_utc(self.wall(), self.tz, fold)
            except ValidationError as exc:
                self.home_label.setText(str(exc))
            else:
                self.home_label.setText(str(timezones.format_dual(utc, self.tz, self.home_tz)))
        self.changed.emit()
