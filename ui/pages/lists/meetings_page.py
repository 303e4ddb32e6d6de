"""Partnering meetings of the current event, in event time with home time beside it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from planner.services.editing.forms import meeting_form, search_organisations, search_people
from planner.services.events.places import list_venues
from planner.services.schedule.meetings import list_meetings
from ui.dialogs.records.meeting_dialog import MeetingDialog, save_meeting_values
from ui.models.tables import meeting_columns
from ui.pages.lists.list_page import ListPage


def meeting_label(row: Any, values: dict[str, Any] | None = None, initial: dict[str, Any] | None = None) -> str:
    """“Move meeting with Takeda” when the time changed, “Edit meeting with …” otherwise."""
    who = (row.counterpart_names[0].split()[-1] if row.counterpart_names
           else row.counterpart_organisation or "counterpart")
    if values is not None and initial is not None and (
            values["start_local"] != initial["start_local"] or values["end_local"] != initial["end_local"]):
        return f"Move meeting with {who}"
    return f"Edit meeting with {who}"


class MeetingsPage(ListPage):
    KEY = "meetings"
    TITLE = "Meetings"
    KIND = "meeting"
    TABLES = frozenset({"meeting", "meeting_attendee", "person", "organisation", "outcome"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outcome_action = self._action("&Outcome…", self.record_outcome, "Ctrl+Shift+O", "outcome")
        self.table.add_button(self.outcome_action)
        self.addAction(self.outcome_action)
        self.table.selection_changed.connect(
            lambda: self.outcome_action.setEnabled(bool(self.table.selected_rows()) and not self.ws.read_only))
        self.outcome_action.setEnabled(False)

    def columns(self) -> list[Any]:
        return meeting_columns(None)

    def record_outcome(self) -> None:
        """Outcome capture between meetings: verdict, rating, tags, notes, and the lead."""
        from planner.services.followup.outcomes import outcome_form, save_outcome
        from ui.dialogs.records.outcome_dialog import OutcomeDialog

        row = self.table.current_row()
        if row is None:
            return
        form = self.ws.read(lambda s: outcome_form(s, row.id))
        who = row.counterpart_names[0].split()[-1] if row.counterpart_names else (
            row.counterpart_organisation or "counterpart")

        def submit(values: dict[str, Any]) -> int:
            return self.ws.edit(f"Record outcome of meeting with {who}",
                                lambda s: save_outcome(s, row.id, values))

        self.show_dialog(OutcomeDialog(submit, form, parent=self))

    def reload(self) -> None:
        home = self.ws.current_event.home_tz if self.ws.current_event else None
        self.model.columns = meeting_columns(home)
        super().reload()

    def load_rows(self) -> list[Any]:
        return self.ws.read(lambda s: list_meetings(s, self.ws.event_orm(s)))

    def describe(self, row: Any) -> str:
        return meeting_label(row).replace("Edit meeting", "the meeting")

    def open_editor(self, row: Any | None) -> None:
        event = self.ws.current_event
        assert event is not None
        initial = self.ws.read(lambda s: meeting_form(s, row.id)) if row is not None else None
        meeting_id = row.id if row is not None else None
        venues = self.ws.read(lambda s: list_venues(s, self.ws.event_orm(s)))

        def submit(values: dict[str, Any]) -> int:
            label = meeting_label(row, values, initial) if row is not None else "New meeting"
            if row is None and values.get("counterparts"):
                label = f"New meeting with {dialog.counterparts.list.item(0).text().split(' — ')[0]}"
            if values.get("new_room"):
                label += f" (new {values['new_room']})"
            return self.ws.edit(label, lambda s: save_meeting_values(s, event.id, meeting_id, values))

        dialog = MeetingDialog(submit, tz=event.tz, home_tz=event.home_tz,
                               default_start=datetime.combine(event.start, datetime.min.time()).replace(hour=10),
                               venues=venues, search_people=lambda t: self.ws.read(lambda s: search_people(s, t)),
                               search_organisations=lambda t: self.ws.read(lambda s: search_organisations(s, t)),
                               initial=initial, parent=self)
        self.show_dialog(dialog)
