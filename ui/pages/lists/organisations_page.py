"""Organisations: companies, universities, trusts, investors; lazily loaded."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.services.editing.editing import save_organisation
from planner.services.editing.forms import organisation_form
from planner.services.views.search import organisation_rows, organisations_filtered_ids
from ui.dialogs.records.organisation_dialog import OrganisationDialog
from ui.models.lazy_table_model import LazyTableModel
from ui.models.tables import ORGANISATION_COLUMNS
from ui.pages.lists.list_page import ListPage
from ui.pages.record_actions import ask_merge


class OrganisationsPage(ListPage):
    KEY = "organisations"
    TITLE = "Organisations"
    KIND = "organisation"
    TABLES = frozenset({"organisation", "organisation_tag", "person"})
    NEEDS_EVENT = False

    def columns(self) -> list[Any]:
        return ORGANISATION_COLUMNS

    def make_models(self) -> tuple[Any, Callable[[str], None], bool]:
        self.id_source = organisations_filtered_ids()
        self.model = LazyTableModel(
            ORGANISATION_COLUMNS,
            lambda text, sort, desc: self.ws.read(lambda s: self.id_source.ids(s, text, sort, desc)),
            lambda ids: self.ws.read(lambda s: organisation_rows(s, ids)), self)
        return self.model, self.model.set_filter, False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.merge_action = self._action("&Merge…", self.merge_selected, None, "merge")
        self.merge_action.setToolTip("Merge two duplicate organisations into one (undoable)")
        self.table.add_button(self.merge_action)

    def merge_selected(self) -> None:
        if ask_merge(self, self.ws, "organisation", self.table.selected_rows(), lambda r: r.name):
            self.status_message.emit("Merged")

    def refresh_model(self, has_event: bool) -> None:
        self.id_source.forget()
        self.model.reload()

    def open_editor(self, row: Any | None) -> None:
        initial = self.ws.read(lambda s: organisation_form(s, row.id)) if row is not None else None
        org_id = row.id if row is not None else None

        def submit(values: dict[str, Any]) -> int:
            label = f"Edit {row.name}" if row is not None else f"Add {values.get('name') or 'organisation'}"
            return self.ws.edit(label, lambda s: save_organisation(s, org_id, values))

        dialog = OrganisationDialog(submit, initial, self)
        self.show_dialog(dialog)

    def select_id(self, ident: int) -> bool:
        r = self.model.row_of_id(ident)
        if r >= 0:
            self.table.select_row(r)
        return r >= 0
