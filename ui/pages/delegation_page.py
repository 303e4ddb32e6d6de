"""The delegation: who goes, in which role, with what logistics."""

from __future__ import annotations

from typing import Any

from planner.services.editing import save_delegate
from planner.services.forms import delegate_form, search_people
from planner.services.listings import list_delegates
from ui.dialogs.delegate_dialog import DelegateDialog
from ui.models.tables import DELEGATE_COLUMNS
from ui.pages.list_page import ListPage


class DelegationPage(ListPage):
    KEY = "delegation"
    TITLE = "Delegation"
    KIND = "delegate"
    TABLES = frozenset({"delegate", "delegation", "person", "organisation"})

    def columns(self) -> list[Any]:
        return DELEGATE_COLUMNS

    def load_rows(self) -> list[Any]:
        assert self.ws.current_event is not None
        event_id = self.ws.current_event.id
        return self.ws.read(lambda s: list_delegates(s, event_id))

    def hint_text(self, has_event: bool) -> str:
        if has_event and self.row_count() == 0 and not self.table.filter_edit.text():
            return "Nobody in the delegation yet: use New… to add a delegate (add them on People first)."
        return super().hint_text(has_event)

    def describe(self, row: Any) -> str:
        return f"{row.name} from the delegation"

    def open_editor(self, row: Any | None) -> None:
        assert self.ws.current_event is not None
        event_id = self.ws.current_event.id
        initial = self.ws.read(lambda s: delegate_form(s, row.id)) if row is not None else None
        delegate_id = row.id if row is not None else None

        def submit(values: dict[str, Any]) -> int:
            if row is not None:
                label = f"Edit delegate {row.name}"
            else:
                label = f"Add {dialog.person.text().split(' — ')[0] or 'delegate'} to the delegation"
            return self.ws.edit(label, lambda s: save_delegate(s, event_id, delegate_id, values))

        dialog = DelegateDialog(submit, lambda t: self.ws.read(lambda s: search_people(s, t)), initial, self)
        self.show_dialog(dialog)
