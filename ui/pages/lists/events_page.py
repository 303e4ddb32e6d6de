"""Events: the trade shows, conferences and symposia in this file."""

from __future__ import annotations

from typing import Any

from planner.services.editing.editing import save_event
from planner.services.editing.forms import event_form
from ui.dialogs.records.event_dialog import EventDialog
from ui.models.tables import EVENT_COLUMNS
from ui.pages.lists.list_page import ListPage


class EventsPage(ListPage):
    KEY = "events"
    TITLE = "Events"
    KIND = "event"
    TABLES = frozenset({"event"})
    NEEDS_EVENT = False

    def columns(self) -> list[Any]:
        return EVENT_COLUMNS

    def load_rows(self) -> list[Any]:
        return self.ws.events()

    def open_editor(self, row: Any | None) -> None:
        initial = self.ws.read(lambda s: event_form(s, row.id)) if row is not None else None
        event_id = row.id if row is not None else None
        label = f"Edit event {row.name}" if row is not None else "New event"

        def submit(values: dict[str, Any]) -> int:
            return self.ws.edit(label if row else f"New event {values.get('name', '')}".strip(),
                                lambda s: save_event(s, event_id, values))

        dialog = EventDialog(submit, initial, self)
        self.show_dialog(dialog, self._select_new if row is None else None)

    def _select_new(self, event_id: int) -> None:
        code = self.ws.read(lambda s: event_form(s, event_id))["code"]
        self.ws.set_event(code)
