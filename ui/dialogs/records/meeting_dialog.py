"""Create or edit a partnering meeting: time in the venue's zone, place, people, counterpart, objective.

The place is a venue and one of its rooms or tables (:class:`RoomPickerWidget`); a table typed
that does not exist yet comes back as ``new_room`` and :func:`save_meeting_values` makes it in the
same undoable edit as the meeting.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy.orm import Session

from planner.domain.enums import MeetingStatus
from planner.services.editing.editing import save_meeting
from planner.services.events.places import VenueRow
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.widgets.dual_time_edit import DualTimeEditWidget
from ui.widgets.fields import combo_value, enum_combo
from ui.widgets.room_picker import RoomPickerWidget, place_new_room
from ui.widgets.search_picker import MultiPickerWidget, SearchFn, SearchPickerWidget


def venue_combo(venues: list[VenueRow], venue_id: int | None, parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    combo.addItem("—", None)
    for v in venues:
        text = v.name + ("  (partnering)" if v.partnering else "")
        combo.addItem(text, v.id)
        combo.setItemData(combo.count() - 1, f"{v.tz}" + (f" · {v.city}" if v.city else ""),
                          Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(0, combo.findData(venue_id)))
    return combo


def default_venue(venues: list[VenueRow]) -> int | None:
    """A new meeting starts at the partnering venue (where the tables are), if there is one."""
    return next((v.id for v in venues if v.partnering), None)


def save_meeting_values(session: Session, event_id: int, meeting_id: int | None,
                        values: dict[str, Any]) -> int:
    """Save what the editor returned: a new table first (find or make it), then the meeting."""
    return save_meeting(session, event_id, meeting_id, place_new_room(session, event_id, values))


class MeetingDialog(FormDialog):
    def __init__(self, submit: Submit, *, tz: str, home_tz: str | None, default_start: datetime,
                 venues: list[VenueRow], search_people: SearchFn, search_organisations: SearchFn,
                 initial: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit meeting" if initial else "New meeting", submit, parent)
        self.keep_version(initial)  # the save is refused if someone else saved since (issue 16)
        v = initial or {}
        self._venues = {row.id: row for row in venues}
        self._tz = tz
        self.start = DualTimeEditWidget(v.get("tz", tz), home_tz)
        self.start.set_wall(v.get("start_local", default_start), v.get("start_fold"))
        self.add_field("start", "Starts", self.start, aliases=("start_local",))
        self.end = DualTimeEditWidget(v.get("tz", tz), home_tz)
        self.end.set_wall(v.get("end_local", self.start.wall() + timedelta(minutes=30)), v.get("end_fold"))
        self.add_field("end", "Ends", self.end, aliases=("end_local",))
        self.start.edit.dateTimeChanged.connect(self._keep_duration)
        self._duration = self.end.wall() - self.start.wall()
        venue_id = v.get("venue_id") if initial else default_venue(venues)
        venue_id = next((r.venue_id for row in venues for r in row.rooms if r.id == v.get("room_id")), venue_id)
        self.venue = self.add_field("venue_id", "Venue", venue_combo(venues, venue_id), aliases=("venue",))
        self.room = RoomPickerWidget(venues)
        self.room.set_venue(self.venue.currentData())
        self.room.set_room(v.get("room_id"))
        source = v.get("source_location", "")
        self.add_field("room_id", "Table / room", self.room, aliases=("room", "new_room"),
                       hint=f"Imported as “{source}”" if source else "")
        self.room.room_chosen.connect(self._room_chosen)
        self.venue.currentIndexChanged.connect(self._venue_changed)
        if not initial:
            self._venue_changed()  # times are typed in the default venue's zone
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
        self.room.set_venue(self.venue.currentData())  # clears a table of the old venue

    def _room_chosen(self, room_id: int) -> None:
        """A table picked from every venue's list: show its venue."""
        self.venue.setCurrentIndex(max(0, self.venue.findData(self.room.venue_of(room_id))))

    def place_values(self) -> dict[str, Any]:
        """venue_id, room_id and new_room (a name to find or make on save) as the picker says."""
        room = self.room.room()
        new_room = self.room.new_room_name()
        venue_id = room.venue_id if room is not None else self.venue.currentData()
        return {"venue_id": venue_id, "room_id": room.id if room is not None else None, "new_room": new_room}

    def values(self) -> dict[str, Any]:
        self._duration = self.end.wall() - self.start.wall()
        return {"start_local": self.start.wall(), "end_local": self.end.wall(),
                "start_fold": self.start.fold(), "end_fold": self.end.fold(), **self.place_values(),
                "status": combo_value(self.status), "ours": self.ours.values(),
                "counterparts": self.counterparts.values(),
                "counterpart_organisation_id": self.organisation.value(),
                "objective": self.objective.toPlainText(), "talking_points": self.talking_points.toPlainText(),
                "interpreter_needed": self.interpreter.isChecked(),
                "interpreter_language": self.interpreter_language.text()}
