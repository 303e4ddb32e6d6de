"""Showcase slots and side events (symposia, receptions, site visits, travel legs)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from planner.services.editing.forms import search_organisations, search_people, slot_form
from planner.services.events.places import list_venues
from planner.services.schedule.slots import list_slots
from ui.dialogs.records.slot_dialog import SlotDialog, save_slot_values
from ui.models.tables import slot_columns
from ui.pages.lists.list_page import ListPage


class SchedulePage(ListPage):
    KEY = "schedule"
    TITLE = "Schedule"
    KIND = "slot"
    TABLES = frozenset({"slot", "slot_person", "venue", "room", "person", "organisation"})

    def columns(self) -> list[Any]:
        return slot_columns(None)

    def reload(self) -> None:
        self.model.columns = slot_columns(self.ws.current_event.home_tz if self.ws.current_event else None)
        super().reload()

    def load_rows(self) -> list[Any]:
        return self.ws.read(lambda s: list_slots(s, self.ws.event_orm(s)))

    def describe(self, row: Any) -> str:
        return f"“{row.title}”"

    def open_editor(self, row: Any | None) -> None:
        event = self.ws.current_event
        assert event is not None
        initial = self.ws.read(lambda s: slot_form(s, row.id)) if row is not None else None
        slot_id = row.id if row is not None else None
        venues = self.ws.read(lambda s: list_venues(s, self.ws.event_orm(s)))

        def submit(values: dict[str, Any]) -> int:
            moved = initial is not None and (values["start_local"], values["end_local"]) != (
                initial["start_local"], initial["end_local"])
            title = values.get("title") or (row.title if row else "slot")
            label = f"{'Move' if moved else 'Edit'} “{title}”" if row is not None else f"New “{title}”"
            return self.ws.edit(label, lambda s: save_slot_values(s, event.id, slot_id, values))

        dialog = SlotDialog(submit, tz=event.tz, home_tz=event.home_tz,
                            default_start=datetime.combine(event.start, datetime.min.time()).replace(hour=10),
                            venues=venues, search_people=lambda t: self.ws.read(lambda s: search_people(s, t)),
                            search_organisations=lambda t: self.ws.read(lambda s: search_organisations(s, t)),
                            initial=initial, parent=self)
        self.show_dialog(dialog)
