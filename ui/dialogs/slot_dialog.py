"""Create or edit a showcase slot or side event."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from planner.domain.enums import SlotKind
from planner.services.listings import VenueRow
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.dialogs.meeting_dialog import venue_combo
from ui.widgets.dual_time_edit import DualTimeEditWidget
from ui.widgets.fields import combo_value, enum_combo
from ui.widgets.search_picker import MultiPickerWidget, SearchFn, SearchPickerWidget


class SlotDialog(FormDialog):
    def __init__(self, submit: Submit, *, tz: str, home_tz: str | None, default_start: datetime,
                 venues: list[VenueRow], search_people: SearchFn, search_organisations: SearchFn,
                 initial: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit slot or side event" if initial else "New slot or side event", submit, parent)
        v = initial or {}
        self.title = self.add_field("title", "Title", QLineEdit(v.get("title", "")))
        self.kind = self.add_field("kind", "Kind", enum_combo(SlotKind, v.get("kind", "showcase")))
        self.start = DualTimeEditWidget(v.get("tz", tz), home_tz)
        self.start.set_wall(v.get("start_local", default_start))
        self.add_field("start", "Starts", self.start, aliases=("start_local",))
        self.end = DualTimeEditWidget(v.get("tz", tz), home_tz)
        self.end.set_wall(v.get("end_local", self.start.wall() + timedelta(minutes=30)))
        self.add_field("end", "Ends", self.end, aliases=("end_local",))
        self.venue = self.add_field("venue_id", "Venue", venue_combo(venues, v.get("venue_id")), aliases=("room",))
        self.organisation = SearchPickerWidget(search_organisations, "Presenting organisation…")
        org_id, org_label = v.get("organisation", (None, ""))
        self.organisation.set_value(org_id, org_label)
        self.add_field("organisation_id", "Organisation", self.organisation)
        self.presenters = MultiPickerWidget(search_people, "Type a presenter's name to add…")
        self.presenters.set_values(v.get("presenters", []))
        self.add_field("presenters", "Presenters", self.presenters)
        self.description = QPlainTextEdit(v.get("description", ""))
        self.description.setMaximumHeight(80)
        self.add_field("description", "Description", self.description)
        self.resize(600, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        return {"title": self.title.text(), "kind": combo_value(self.kind), "start_local": self.start.wall(),
                "end_local": self.end.wall(), "venue_id": self.venue.currentData(),
                "organisation_id": self.organisation.value(), "presenters": self.presenters.values(),
                "description": self.description.toPlainText()}
