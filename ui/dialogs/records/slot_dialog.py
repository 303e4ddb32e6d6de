"""Create or edit a showcase slot or side event, at a venue and one of its rooms or stages."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget
from sqlalchemy.orm import Session

from planner.domain.enums import SlotKind
from planner.services.editing.editing import save_slot
from planner.services.events.places import VenueRow
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.dialogs.records.meeting_dialog import venue_combo
from ui.widgets.dual_time_edit import DualTimeEditWidget
from ui.widgets.fields import combo_value, enum_combo
from ui.widgets.room_picker import RoomPickerWidget, place_new_room
from ui.widgets.search_picker import MultiPickerWidget, SearchFn, SearchPickerWidget


def save_slot_values(session: Session, event_id: int, slot_id: int | None, values: dict[str, Any]) -> int:
    """Save what the editor returned: a new room or stage first (find or make it), then the slot."""
    return save_slot(session, event_id, slot_id, place_new_room(session, event_id, values))


class SlotDialog(FormDialog):
    def __init__(self, submit: Submit, *, tz: str, home_tz: str | None, default_start: datetime,
                 venues: list[VenueRow], search_people: SearchFn, search_organisations: SearchFn,
                 initial: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit slot or side event" if initial else "New slot or side event", submit, parent)
        self.keep_version(initial)  # the save is refused if someone else saved since (issue 16)
        v = initial or {}
        self._venues = {row.id: row for row in venues}
        self._tz = tz
        self.title = self.add_field("title", "Title", QLineEdit(v.get("title", "")))
        self.kind = self.add_field("kind", "Kind", enum_combo(SlotKind, v.get("kind", "showcase")))
        self.start = DualTimeEditWidget(v.get("tz", tz), home_tz)
        self.start.set_wall(v.get("start_local", default_start), v.get("start_fold"))
        self.add_field("start", "Starts", self.start, aliases=("start_local",))
        self.end = DualTimeEditWidget(v.get("tz", tz), home_tz)
        self.end.set_wall(v.get("end_local", self.start.wall() + timedelta(minutes=30)), v.get("end_fold"))
        self.add_field("end", "Ends", self.end, aliases=("end_local",))
        venue_id = next((r.venue_id for row in venues for r in row.rooms if r.id == v.get("room_id")),
                        v.get("venue_id"))
        self.venue = self.add_field("venue_id", "Venue", venue_combo(venues, venue_id), aliases=("venue",))
        self.room = RoomPickerWidget(venues)
        self.room.set_venue(self.venue.currentData())
        self.room.set_room(v.get("room_id"))
        self.add_field("room_id", "Room / stage", self.room, aliases=("room", "new_room"))
        self.room.room_chosen.connect(self._room_chosen)
        self.venue.currentIndexChanged.connect(self._venue_changed)
        self.organisation = SearchPickerWidget(search_organisations, "Presenting organisation…")
        org_id, org_label = v.get("organisation", (None, ""))
        self.organisation.set_value(org_id, org_label)
        self.add_field("organisation_id", "Organisation", self.organisation)
        self.presenters = MultiPickerWidget(search_people, "Type a presenter's name to add…")
        self.presenters.set_values(v.get("presenters", []))
        self.add_field("presenters", "Presenters / hosts", self.presenters)
        self.attendees = MultiPickerWidget(search_people, "Type a name to add who attends or travels…")
        self.attendees.set_values(v.get("attendees", []))
        self.add_field("attendees", "Attendees / travellers", self.attendees)
        self.description = QPlainTextEdit(v.get("description", ""))
        self.description.setMaximumHeight(80)
        self.add_field("description", "Description", self.description)
        self.resize(600, self.sizeHint().height())

    def _venue_changed(self) -> None:
        venue = self._venues.get(self.venue.currentData())
        tz = venue.tz if venue else self._tz
        self.start.set_zone(tz)
        self.end.set_zone(tz)
        self.room.set_venue(self.venue.currentData())  # clears a room of the old venue

    def _room_chosen(self, room_id: int) -> None:
        self.venue.setCurrentIndex(max(0, self.venue.findData(self.room.venue_of(room_id))))

    def values(self) -> dict[str, Any]:
        room = self.room.room()
        venue_id = room.venue_id if room is not None else self.venue.currentData()
        return {"title": self.title.text(), "kind": combo_value(self.kind), "start_local": self.start.wall(),
                "end_local": self.end.wall(), "start_fold": self.start.fold(),
                "end_fold": self.end.fold(), "venue_id": venue_id,
                "room_id": room.id if room is not None else None, "new_room": self.room.new_room_name(),
                "organisation_id": self.organisation.value(), "presenters": self.presenters.values(),
                "attendees": self.attendees.values(),
                "description": self.description.toPlainText()}
