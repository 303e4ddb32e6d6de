"""Create or edit a venue (name, zone, address, hours, partnering), and its travel times."""

from __future__ import annotations

from datetime import time
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from planner.services.events.places import VenueRow
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.dialogs.records.event_dialog import zone_combo

NOT_SET = -1  # the travel spin box's "no travel time known"


class OptionalTimeWidget(QWidget):
    """A time of day that may be left empty (a venue open all day has no hours)."""

    def __init__(self, value: time | None, default: time, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox(self)
        self.edit = QTimeEdit(self)
        self.edit.setDisplayFormat("HH:mm")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)
        self.enabled.toggled.connect(self.edit.setEnabled)
        self.setFocusProxy(self.edit)
        self.set_value(value, default)

    def set_value(self, value: time | None, default: time | None = None) -> None:
        shown = value or default or time(9, 0)
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.edit.setTime(QTime(shown.hour, shown.minute))

    def value(self) -> time | None:
        if not self.enabled.isChecked():
            return None
        t = self.edit.time()
        return time(t.hour(), t.minute())


class VenueDialog(FormDialog):
    """``initial`` is a :class:`VenueRow` (edit) or None (new, in ``event_tz`` by default)."""

    def __init__(self, submit: Submit, event_tz: str, initial: VenueRow | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit venue" if initial else "New venue", submit, parent)
        v = initial
        self.name = self.add_field("name", "Name", QLineEdit(v.name if v else ""))
        self.name.setPlaceholderText("e.g. Pacifico Yokohama, COEX Seoul")
        self.tz = self.add_field("tz", "Time zone", zone_combo(v.tz if v else event_tz),
                                 hint=f"Times at this venue are typed in its zone (the event's is {event_tz}); "
                                      "a side trip to Seoul: Asia/Seoul")
        self.address = QPlainTextEdit(v.address if v else "")
        self.address.setTabChangesFocus(True)
        self.address.setMaximumHeight(64)
        self.add_field("address", "Address", self.address)
        self.city = self.add_field("city", "City", QLineEdit(v.city if v else ""))
        self.phone = self.add_field("phone", "Phone", QLineEdit(v.phone if v else ""))
        self.opens = self.add_field("opens", "Opens", OptionalTimeWidget(v.opens if v else None, time(9, 0)))
        self.closes = self.add_field("closes", "Closes", OptionalTimeWidget(v.closes if v else None, time(18, 0)),
                                     hint="Leave both unticked for a venue open all day; meetings outside "
                                          "the hours are flagged by the check")
        self.opens.enabled.toggled.connect(self._pair_hours)
        self.closes.enabled.toggled.connect(self._pair_hours)
        self.partnering = self.add_field(
            "partnering", "Partnering", QCheckBox("The partnering venue (its tables are used when only a "
                                                  "table is named)"))
        self.partnering.setChecked(bool(v and v.partnering))
        self.resize(560, self.sizeHint().height())

    def _pair_hours(self, checked: bool) -> None:
        """Opening and closing go together: ticking one ticks the other."""
        for widget in (self.opens, self.closes):
            if widget.enabled.isChecked() != checked:
                widget.enabled.setChecked(checked)

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "tz": self.tz.currentText().strip(),
                "address": self.address.toPlainText(), "city": self.city.text(), "phone": self.phone.text(),
                "opens": self.opens.value(), "closes": self.closes.value(),
                "partnering": self.partnering.isChecked()}


class TravelTimesDialog(FormDialog):
    """Minutes from one venue to each other one; "both ways" sets the way back too."""

    def __init__(self, submit: Submit, venue: VenueRow, others: list[VenueRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(f"Travel times from {venue.name}", submit, parent)
        self.venue = venue
        there = dict(venue.travel)
        self.spins: dict[int, QSpinBox] = {}
        self._initial: dict[int, int] = {}
        intro = QLabel("Minutes needed to get from this venue to each other one (door to door). "
                       "The schedule check warns when a delegate has less time than this between "
                       "two places.")
        intro.setWordWrap(True)
        self.form.addRow(intro)
        for other in others:
            spin = QSpinBox(self)
            spin.setRange(NOT_SET, 24 * 60)
            spin.setSpecialValueText("not set")
            spin.setSuffix(" min")
            spin.setValue(there.get(other.name, NOT_SET))
            back = dict(other.travel).get(venue.name)
            hint = ""
            if back is not None and back != there.get(other.name):
                hint = f"The way back is set to {back} min"
            elif back is None and other.name in there:
                hint = "No time is set for the way back"
            self.add_field(f"to_{other.id}", other.name + (f" ({other.tz})" if other.tz != venue.tz else ""),
                           spin, hint=hint)
            self.spins[other.id] = spin
            self._initial[other.id] = spin.value()
        self.both_ways = QCheckBox("Set the same time for the way back", self)
        self.both_ways.setObjectName("both_ways")
        self.both_ways.setChecked(True)
        self.form.addRow("", self.both_ways)
        self.resize(520, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        """{"changes": {other venue id: minutes or None (clear)}, "both_ways": bool} — changed rows only."""
        changes = {vid: (spin.value() if spin.value() != NOT_SET else None)
                   for vid, spin in self.spins.items() if spin.value() != self._initial[vid]}
        return {"changes": changes, "both_ways": self.both_ways.isChecked()}
