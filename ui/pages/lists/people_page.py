"""People: everyone in the file (delegates, staff, counterparts), lazily loaded for 100k rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt

from planner.services.editing.editing import save_person
from planner.services.editing.forms import person_form, search_organisations
from planner.services.views.search import people_filtered_ids, person_rows
from ui.dialogs.duplicates_dialog import DuplicatesDialog
from ui.dialogs.records.person_dialog import PersonDialog
from ui.models.lazy_table_model import LazyTableModel
from ui.models.tables import PERSON_COLUMNS
from ui.pages.lists.list_page import ListPage
from ui.pages.record_actions import ask_erase, ask_merge


class PeoplePage(ListPage):
    KEY = "people"
    TITLE = "People"
    KIND = "person"
    TABLES = frozenset({"person", "organisation"})
    NEEDS_EVENT = False

    def columns(self) -> list[Any]:
        return PERSON_COLUMNS

    def make_models(self) -> tuple[Any, Callable[[str], None], bool]:
        self.id_source = people_filtered_ids()
        self.model = LazyTableModel(
            PERSON_COLUMNS,
            lambda text, sort, desc: self.ws.read(lambda s: self.id_source.ids(s, text, sort, desc)),
            lambda ids: self.ws.read(lambda s: person_rows(s, ids)), self)
        return self.model, self.model.set_filter, False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.merge_action = self._action("&Merge…", self.merge_selected, None, "merge")
        self.duplicates_action = self._action("Find d&uplicates…", self.find_duplicates, None, "duplicates")
        self.erase_action = self._action("E&rase…", self.erase_current, None, "erase")
        self.table.add_button(self.merge_action)
        self.table.add_button(self.duplicates_action)
        self.table.add_button(self.erase_action)
        self.merge_action.setToolTip("Merge two duplicate people into one (undoable)")
        self.duplicates_action.setToolTip("Review people who may be the same person, side by side, "
                                          "and merge them (undoable)")
        self.duplicates_dialog: DuplicatesDialog | None = None
        self.erase_action.setToolTip("Erase this person everywhere (GDPR erasure; not undoable)")

    def merge_selected(self) -> None:
        if ask_merge(self, self.ws, "person", self.table.selected_rows(), lambda r: r.display_name):
            self.status_message.emit("Merged")

    def find_duplicates(self) -> None:
        """Open the duplicate review (one at a time, not modal: the pages stay usable beside it)."""
        if self.duplicates_dialog is None:
            dialog = DuplicatesDialog(self.ws, self)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.finished.connect(lambda _r: setattr(self, "duplicates_dialog", None))
            self.duplicates_dialog = dialog
        self.duplicates_dialog.show()
        self.duplicates_dialog.raise_()
        self.duplicates_dialog.activateWindow()

    def erase_current(self) -> None:
        row = self.table.current_row()
        if row is not None:
            ask_erase(self, self.ws, row)

    def refresh_model(self, has_event: bool) -> None:
        self.id_source.forget()  # the data changed: sort again
        self.model.reload()

    def describe(self, row: Any) -> str:
        return row.display_name

    def open_editor(self, row: Any | None) -> None:
        initial = self.ws.read(lambda s: person_form(s, row.id)) if row is not None else None
        person_id = row.id if row is not None else None

        def submit(values: dict[str, Any]) -> int:
            name = " ".join(x for x in (values.get("given_name", ""), values.get("family_name", "")) if x)
            label = f"Edit {row.display_name}" if row is not None else f"Add {name or 'person'}"
            return self.ws.edit(label, lambda s: save_person(s, person_id, values))

        dialog = PersonDialog(submit, lambda t: self.ws.read(lambda s: search_organisations(s, t)), initial, self)
        self.show_dialog(dialog)

    def select_id(self, ident: int) -> bool:
        r = self.model.row_of_id(ident)
        if r >= 0:
            self.table.select_row(r)
        return r >= 0
