"""The shape every record page shares: a table, a filter, New/Edit/Delete, undoable edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from planner.errors import PlannerError
from planner.services.editing.removal import removal_impact, remove_records
from planner.services.views.row_filters import VIEWS, compile_filter, format_filter
from ui.dialogs.error_dialog import show_error
from ui.models.row_filter_proxy_model import RowFilterProxyModel
from ui.models.row_table_model import RowTableModel
from ui.settings import AppSettings
from ui.widgets.reload_when_shown import ReloadWhenShown
from ui.widgets.table_view_widget import TableViewWidget
from ui.workspace import Workspace


class ListPage(ReloadWhenShown, QWidget):
    """Subclasses set ``KEY``, ``TITLE``, ``KIND``, ``TABLES`` and implement ``load_rows``/``open_editor``."""

    KEY = ""
    TITLE = ""
    KIND = ""  # removal kind (planner.services.editing.removal.KINDS)
    TABLES: frozenset[str] = frozenset()
    NEEDS_EVENT = True
    status_message = Signal(str)

    def __init__(self, workspace: Workspace, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.settings = settings
        self._page_actions: list[QAction] = []  # every page action: disabled while read-only
        self._editing_row: Any = None  # the row whose editor opens next (None: a new record)
        view_model, apply_filter, immediate = self.make_models()
        self.table = TableViewWidget(self.KEY, view_model, apply_filter, settings.ui_state,
                                     placeholder=f"Filter {self.TITLE.lower()}…  (Ctrl+F)",
                                     immediate_filter=immediate)
        self.heading = QLabel(self)
        self.heading.setObjectName("page_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        self.empty_hint = QLabel(self)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)
        self.new_action = self._action("&New…", self.new_record, QKeySequence.StandardKey.New, "new")
        self.edit_action = self._action("&Edit…", self.edit_current, None, "edit")
        self.delete_action = self._action("&Delete", self.delete_selected, QKeySequence.StandardKey.Delete, "delete")
        for action in (self.new_action, self.edit_action, self.delete_action):
            self.table.add_button(action)
        find = QAction(self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.triggered.connect(lambda: self.table.filter_edit.setFocus())
        self.addAction(find)
        self.table.activated.connect(self._activated)
        self.table.selection_changed.connect(self._update_actions)
        workspace.changed.connect(self.on_tables_changed)
        workspace.read_only_changed.connect(lambda _ro: self._update_actions())
        workspace.event_changed.connect(lambda _e: self.mark_dirty())
        self._dirty = True
        self.dialog: Any = None
        self._clicked_filter = ""  # the filter box text a dashboard click put there (cleared on leaving)
        self._update_actions()

    def _action(self, text: str, slot: Callable[[], None], shortcut: Any, name: str) -> QAction:
        """A page action; each may change data, so a read-only workspace disables them all."""
        action = QAction(text, self)
        action.setObjectName(f"{self.KEY}_{name}")
        if shortcut is not None:
            action.setShortcut(shortcut)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: None if self.ws.read_only else slot())
        self._page_actions.append(action)
        return action

    def _activated(self, row: Any) -> None:
        if not self.ws.read_only:  # a viewer's double-click opens no editor it could not save
            self._editing_row = row
            self.open_editor(row)

    def make_models(self) -> tuple[Any, Callable[[str], None], bool]:
        """The view's model, how to filter it, and whether filtering is instant (in memory)."""
        self.model = RowTableModel(self.columns(), self)
        self.proxy = RowFilterProxyModel(self, view=self.KEY if self.KEY in VIEWS else None)
        self.proxy.setSourceModel(self.model)
        return self.proxy, self._apply_filter_text, True

    def _apply_filter_text(self, text: str) -> None:
        """The filter box changed: filter the rows, and say so in the box when it cannot be read."""
        self.proxy.set_filter_text(text)
        edit = self.table.filter_edit
        edit.setStyleSheet("QLineEdit { border: 1px solid #d9534f; }" if self.proxy.error else "")
        edit.setToolTip(self.proxy.error or self._filter_help())
        self.empty_hint.setEnabled(bool(self.proxy.error))  # a hint is greyed, an error is not
        self.empty_hint.setStyleSheet("color: #d9534f;" if self.proxy.error else "")
        if self.proxy.error:
            self.empty_hint.setText(self.proxy.error)
            self.empty_hint.setVisible(True)
        else:
            self.empty_hint.setText(self.hint_text(self.ws.current_event is not None or not self.NEEDS_EVENT))
            self.empty_hint.setVisible(bool(self.empty_hint.text()))

    def _filter_help(self) -> str:
        keys = VIEWS.get(self.KEY)
        if not keys:
            return "Shows rows holding every word typed here"
        return ("Shows rows holding every word typed here; filter by " + ", ".join(f"{k}:" for k in keys)
                + " (a dashboard click writes its filter here; clear it to see every row)")

    def refresh_model(self, has_event: bool) -> None:
        self.model.set_rows(self.load_rows() if has_event else [])

    def row_count(self) -> int:
        return int(self.table.view.model().rowCount())

    # -- to implement ----------------------------------------------------------------------------
    def columns(self) -> list[Any]:
        raise NotImplementedError

    def load_rows(self) -> list[Any]:
        raise NotImplementedError

    def open_editor(self, row: Any | None) -> None:
        raise NotImplementedError

    def describe(self, row: Any) -> str:
        return str(getattr(row, "name", "") or getattr(row, "title", "") or "record")

    # -- shared behaviour ------------------------------------------------------------------------
    def watches(self, tables: set[str]) -> bool:
        return "*" in tables or bool(tables & self.TABLES)

    def reload(self) -> None:
        self._dirty = False
        has_event = self.ws.current_event is not None or not self.NEEDS_EVENT
        selected = {getattr(r, "id", None) for r in self.table.selected_rows()}
        self.refresh_model(has_event)
        self.heading.setText(self.TITLE + (f" — {self.ws.current_event.name}" if self.NEEDS_EVENT and self.ws.current_event else ""))
        self.empty_hint.setText(self.hint_text(has_event))
        self.empty_hint.setVisible(bool(self.empty_hint.text()))
        if selected:
            self.table.select_where(lambda r: getattr(r, "id", None) in selected)
        self._update_actions()

    def hint_text(self, has_event: bool) -> str:
        if not has_event:
            return "Choose or create an event first (File ▸ New event…)."
        if self.row_count() == 0 and not self.table.filter_edit.text():
            return f"No {self.TITLE.lower()} yet: use New… to add one."
        return ""

    def _update_actions(self) -> None:
        """Enable the actions that fit the selection (:meth:`_update_selection_actions`, which
        pages extend); none of them while the workspace is read-only."""
        self._update_selection_actions()
        if self.ws.read_only:
            for action in self._page_actions:
                action.setEnabled(False)

    def _update_selection_actions(self) -> None:
        has_event = self.ws.current_event is not None or not self.NEEDS_EVENT
        has_selection = bool(self.table.selected_rows())
        self.new_action.setEnabled(has_event)
        self.edit_action.setEnabled(has_selection)
        self.delete_action.setEnabled(has_selection)

    def new_record(self) -> None:
        self._editing_row = None
        self.open_editor(None)

    def edit_current(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self._editing_row = row
            self.open_editor(row)

    def show_dialog(self, dialog: Any, on_accept: Callable[[Any], None] | None = None) -> None:
        """Open an editor window-modally (never a blocking exec); ``self.dialog`` is the open one."""
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        row, self._editing_row = self._editing_row, None
        if row is not None and hasattr(dialog, "reopen"):  # "Reload" after a concurrent edit
            dialog.reopen = lambda: self.open_editor_again(row)

        def accepted() -> None:
            self.reload()
            if dialog.result_value is not None:
                self.select_id(dialog.result_value)
            if on_accept is not None:
                on_accept(dialog.result_value)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()

    def open_editor_again(self, row: Any) -> None:
        """The editor of ``row`` once more, with the record as it is now (after "Reload")."""
        self.reload()
        self._editing_row = row
        try:
            self.open_editor(row)
        except PlannerError as exc:  # deleted meanwhile, say
            self._editing_row = None
            show_error(self, "Reload", str(exc))

    def apply_filter_spec(self, spec: dict[str, Any]) -> str:
        """Show the rows a dashboard figure counted: its filter is written into the filter box
        (``open:yes overdue:2026-11-04``) and applied from there, so it is visible, editable and
        cleared like any filter. A key this list does not know raises FilterError. Returns the text."""
        compile_filter(self.KEY, spec)
        self._bring_to_front()
        text = format_filter(spec)
        self._clicked_filter = text
        self.table.filter_edit.setText(text)
        self._apply_filter_text(text)  # now, not on the box's timer: the count is right on return
        self.table.update_count()
        return text

    def _bring_to_front(self) -> None:
        """Make the tab holding this list current (Schedule ▸ Slots and side events, not the board)."""
        parent = self.parentWidget()
        while parent is not None:
            if isinstance(parent, QTabWidget):
                for i in range(parent.count()):
                    tab = parent.widget(i)
                    if tab is self or tab.isAncestorOf(self):
                        parent.setCurrentIndex(i)
            parent = parent.parentWidget()

    def clear_filter(self) -> None:
        self.table.filter_edit.clear()
        self._apply_filter_text("")
        self.table.update_count()

    def hideEvent(self, event: Any) -> None:
        """Leaving the page drops a filter a click put in the box (one the user typed or edited stays)."""
        if not event.spontaneous() and self._clicked_filter:
            if self.table.filter_edit.text() == self._clicked_filter:
                self.clear_filter()
            self._clicked_filter = ""
        super().hideEvent(event)

    def open_by_uuid(self, uuid: str) -> bool:
        self.reload()
        if self.table.select_where(lambda r: getattr(r, "uuid", None) == uuid):
            self.edit_current()
            return True
        return False

    def select_id(self, ident: int) -> bool:
        return self.table.select_where(lambda r: getattr(r, "id", None) == ident)

    def delete_selected(self) -> None:
        rows = self.table.selected_rows()
        if not rows or not self.KIND:
            return
        ids = [r.id for r in rows]
        what = self.describe(rows[0]) if len(rows) == 1 else f"{len(rows)} {self.TITLE.lower()}"
        impact = self.ws.read(lambda s: removal_impact(s, self.KIND, ids))
        text = f"Delete {what}?"
        if impact.describe():
            text += f"\n\nThis also deletes {impact.describe()}."
        text += "\n\nYou can undo this with Ctrl+Z."
        if self.settings.preferences.confirm_delete:
            answer = QMessageBox.question(self, "Delete", text,
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                          QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.ws.edit(f"Delete {what}", lambda s: remove_records(s, self.KIND, ids))
        except PlannerError as exc:
            show_error(self, "Delete", str(exc))
        else:
            self.status_message.emit(f"Deleted {what}")
