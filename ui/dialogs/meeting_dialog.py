"""Create or edit a partnering meeting: time in the event's zone, people, counterpart, objective."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from planner.domain.enums import MeetingStatus
from planner.services.listings import VenueRow
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.widgets.dual_time_edit import DualTimeEditWidget
from ui.widgets.fields import combo_value, enum_combo
from ui.widgets.search_picker import MultiPickerWidget, SearchFn, SearchPickerWidget


def venue_combo(venues: list[VenueRow], venue_id: int | None, parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem("—", None)
    for v in venues:
        combo.addItem(v.name, v.id)
    combo.setCurrentIndex(max(0, combo.findData(venue_id)))
    return combo


class MeetingDialog(FormDialog):
    def __init__(self, submit: Submit, *, tz: str, home_tz: str | None, default_start: datetime,
                 venues: list[VenueRow], search_people: SearchFn, search_organisations: SearchFn,
                 initial: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit meeting" if initial else "New meeting", submit, parent)
        v = initial or {}
        self._venues = {row.id: row for row in venues}
        self._tz = tz
        self.start = DualTimeEditWidget(v.get("tz", tz), home_tz)
        self.start.set_wall(v.get("start_local", default_start))
        self.add_field("start", "Starts", self.start, aliases=("start_local",))
        self.end = DualTimeEditWidget(v.get("tz", tz), home_tz)
        self.end.set_wall(v.get("end_local", self.start.wall() + timedelta(minutes=30)))
        self.add_field("end", "Ends", self.end, aliases=("end_local",))
        self.start.edit.dateTimeChanged.connect(self._keep_duration)
        self._duration = self.end.wall() - self.start.wall()
        self.venue = self.add_field("venue_id", "Venue", venue_combo(venues, v.get("venue_id")))
        self.venue.currentIndexChanged.connect(self._venue_changed)
        self.location = self.add_field("location", "Table / room", QLineEdit(v.get("location", "")))
        self.status = self.add_field("status", "Status", enum_combo(MeetingStatus, v.get("status", "requested")))
        self.ours = MultiPickerWidget(search_people, "Type a delegate's name to add…")
        self.ours.set_values(v.get("ours", []))
        self.add_field("our_attendees", "Our attendees", self.ours, aliases=("ours",))
        self.counterparts = MultiPickerWidget(search_people, "Type a counterpart's name to add…")
        self.counterparts.set_values(v.get("counterparts", []))
        self.add_field("counterparts", "Counterparts", self.counterparts, aliases=("counterpart",))
        self.organisation = SearchPickerWidget(search_organisations, "Type to find an organisation…")
        org_id, org_label = v.get("counterpart_organisation", (None, ""))
        self.organisation.set_value(org_id, org_label)
        self.add_field("counterpart_organisation_id", "Counterpart organisation", self.organisation)
        self.objective = QPlainTextEdit(v.get("objective", ""))
        self.objective.setMaximumHeight(70)
        self.add_field("objective", "Objective", self.objective)
        self.talking_points = QPlainTextEdit(v.get("talking_points", ""))
        self.talking_points.setMaximumHeight(70)
        self.add_field("talking_points", "Talking points", self.talking_points)
        self.interpreter = self.add_field("interpreter_needed", "Interpreter", QCheckBox("An interpreter is needed"))
        self.interpreter.setChecked(bool(v.get("interpreter_needed", False)))
        self.interpreter_language = self.add_field("interpreter_language", "Language",
                                                   QLineEdit(v.get("interpreter_language", "")))
        self.resize(640, self.sizeHint().height())

    def _keep_duration(self) -> None:
        self.end.set_wall(self.start.wall() + self._duration)

    def _venue_changed(self) -> None:
        venue = self._venues.get(self.venue.currentData())
        tz = venue.tz if venue else self._tz
        self.start.set_zone(tz)
        self.end.set_zone(tz)

    def values(self) -> dict[str, Any]:
        self._duration = self.end.wall() - self.start.wall()
        return {"start_local": self.start.wall(), "end_local": self.end.wall(), "venue_id": self.venue.currentData(),
                "location": self.location.text(), "status": combo_value(self.status), "ours": self.ours.values(),
                "counterparts": self.counterparts.values(),
                "counterpart_organisation_id": self.organisation.value(),
                "objective": self.objective.toPlainText(), "talking_points": self.talking_points.toPlainText(),
                "interpreter_needed": self.interpreter.isChecked(),
                "interpreter_language": self.interpreter_language.text()}
