"""A table with its filter box and action buttons; remembers its column layout."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ui.models.columns import ROW_ROLE
from ui.settings import UiState

FILTER_DELAY_MS = 150


class TableViewWidget(QWidget):
    """``model`` is the view's model (a proxy or a lazy model); ``apply_filter`` filters it."""

    activated = Signal(object)  # the row under the double-click / Enter
    selection_changed = Signal()

    def __init__(self, name: str, model: QAbstractItemModel, apply_filter: Callable[[str], None],
                 ui_state: UiState | None = None, *, placeholder: str = "Filter…",
                 immediate_filter: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._ui_state = ui_state
        self._apply_filter = apply_filter
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setObjectName(f"{name}_filter")
        self.filter_edit.setPlaceholderText(placeholder)
        self.filter_edit.setClearButtonEnabled(True)
        self.count_label = QLabel(self)
        self.count_label.setObjectName(f"{name}_count")
        self.toolbar = QHBoxLayout()
        self.toolbar.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.filter_edit, 1)
        top.addLayout(self.toolbar)
        top.addWidget(self.count_label)
        self.view = QTableView(self)
        self.view.setObjectName(f"{name}_table")
        self.view.setModel(model)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.view.doubleClicked.connect(self._on_activated)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.selection_changed.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0 if immediate_filter else FILTER_DELAY_MS)
        self._timer.timeout.connect(self._filter_now)
        self.filter_edit.textChanged.connect(lambda _t: self._timer.start())
        model.modelReset.connect(self.update_count)
        model.rowsInserted.connect(self.update_count)
        model.rowsRemoved.connect(self.update_count)
        model.layoutChanged.connect(self.update_count)
        enter = QAction(self.view)
        enter.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        enter.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        enter.triggered.connect(lambda: self._on_activated(self.view.currentIndex()))
        self.view.addAction(enter)
        self._restore_header()
        self.update_count()

    # -- filter --------------------------------------------------------------------------------
    def _filter_now(self) -> None:
        self._apply_filter(self.filter_edit.text())
        self.update_count()

    def update_count(self, *_: Any) -> None:
        n = self.view.model().rowCount()
        self.count_label.setText(f"{n:,} row{'s' if n != 1 else ''}")

    # -- actions and selection -----------------------------------------------------------------
    def add_button(self, action: QAction) -> QToolButton:
        button = QToolButton(self)
        button.setDefaultAction(action)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addWidget(button)
        self.view.addAction(action)
        return button

    def _on_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.activated.emit(index.data(ROW_ROLE))

    def current_row(self) -> Any:
        index = self.view.currentIndex()
        rows = self.selected_rows()
        if index.isValid() and self.view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return index.data(ROW_ROLE)
        return rows[0] if rows else None

    def selected_rows(self) -> list[Any]:
        return [i.data(ROW_ROLE) for i in self.view.selectionModel().selectedRows()]

    def select_where(self, predicate: Callable[[Any], bool]) -> bool:
        model = self.view.model()
        for r in range(model.rowCount()):
            row = model.index(r, 0).data(ROW_ROLE)
            if row is not None and predicate(row):
                self.select_row(r)
                return True
        return False

    def select_row(self, r: int) -> None:
        index = self.view.model().index(r, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.view.scrollTo(index)

    # -- layout memory -------------------------------------------------------------------------
    def _restore_header(self) -> None:
        state = self._ui_state.header_state(self.name) if self._ui_state else None
        if state is not None and self.view.horizontalHeader().restoreState(state):
            header = self.view.horizontalHeader()
            self.view.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
        else:
            self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
            columns = getattr(self.view.model(), "columns", None)
            if columns is None and hasattr(self.view.model(), "sourceModel"):
                columns = getattr(self.view.model().sourceModel(), "columns", None)
            char = self.fontMetrics().averageCharWidth()
            for i, column in enumerate(columns or []):
                if column.width:
                    self.view.setColumnWidth(i, column.width * char + 16)

    def save_state(self) -> None:
        if self._ui_state is not None:
            self._ui_state.set_header_state(self.name, self.view.horizontalHeader().saveState())
