"""The Review page: the sync conflicts waiting for a person, and for the selected one its fields
side by side (last synced / mine / theirs) with "Keep mine" and "Keep theirs".

Deciding runs :func:`planner.sync.review.resolve` on the task runner's write thread (queued
behind a sync that may be running); then every view reloads, since "mine" writes the record.
The list reloads whenever data changed (a sync, a decision) and the page is shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ui.dialogs.error_dialog import show_failure
from ui.models.columns import ROW_ROLE, SORT_ROLE
from ui.sync.conflict_models import (
    ConflictFieldsModel,
    ConflictTableModel,
    button_tips,
    explanation,
)
from ui.widgets.latest_job import LatestJob
from ui.widgets.record_table import record_table
from ui.widgets.reload_when_shown import ReloadWhenShown

if TYPE_CHECKING:
    from planner.sync.review import Choice

EMPTY_TEXT = "No conflicts wait for your decision: every sync so far merged cleanly."


def _table(parent: QWidget, name: str) -> QTableView:
    view = record_table(parent, name)
    view.setAlternatingRowColors(True)
    return view


class ReviewPage(ReloadWhenShown, QWidget):
    status_message = Signal(str)
    loaded = Signal()
    resolved = Signal(object)  # the Conflict as decided

    def __init__(self, workspace: Any, settings: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("review_page")
        self.ws = workspace
        self.conflicts = ConflictTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.conflicts)
        self.proxy.setSortRole(SORT_ROLE)
        self.fields = ConflictFieldsModel(self)
        title = QLabel("<b>Sync conflicts</b> — the same thing changed here and on the team server", self)
        self.summary = QLabel(self)
        self.summary.setObjectName("review_summary")
        self.summary.setWordWrap(True)
        self.list_view = _table(self, "review_conflicts")
        self.list_view.setModel(self.proxy)
        self.list_view.setSortingEnabled(True)
        self.list_view.verticalHeader().setVisible(False)
        self.list_view.setWordWrap(False)
        for i, column in enumerate(self.conflicts.columns):
            if column.width:
                self.list_view.setColumnWidth(i, column.width * self.fontMetrics().averageCharWidth())
        self.list_view.sortByColumn(len(self.conflicts.columns) - 1, Qt.SortOrder.AscendingOrder)  # oldest first
        self.list_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.explanation = QLabel(self)
        self.explanation.setObjectName("review_explanation")
        self.explanation.setWordWrap(True)
        self.fields_view = _table(self, "review_fields")
        self.fields_view.setModel(self.fields)
        self.fields_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fields_view.setWordWrap(True)
        self.keep_mine = QPushButton("Keep &mine", self)
        self.keep_mine.setObjectName("keep_mine")
        self.keep_mine.clicked.connect(lambda: self.decide("mine"))
        self.keep_theirs = QPushButton("Keep &theirs", self)
        self.keep_theirs.setObjectName("keep_theirs")
        self.keep_theirs.clicked.connect(lambda: self.decide("theirs"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.keep_mine)
        buttons.addWidget(self.keep_theirs)
        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.explanation)
        detail_layout.addWidget(self.fields_view, 1)
        detail_layout.addLayout(buttons)
        splitter = QSplitter(parent=self)
        splitter.setOrientation(Qt.Orientation.Vertical)
        splitter.addWidget(self.list_view)
        splitter.addWidget(detail)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        self._loader = LatestJob(self, workspace.runner)
        self._deciding = False
        workspace.changed.connect(self.on_tables_changed)
        self._show_selected()

    # -- loading -------------------------------------------------------------------------------
    def reload(self) -> None:
        from planner.sync.review import list_conflicts

        self._dirty = False
        db = self.ws.db
        self._loader.start("Loading the conflicts…", lambda _s, _p, _c: list_conflicts(db), self.set_conflicts)

    def set_conflicts(self, conflicts: list[Any]) -> None:
        current = self.current_conflict()
        self.conflicts.set_rows(conflicts)
        count = len(conflicts)
        self.summary.setText(EMPTY_TEXT if not count else
                             f"{count} conflict{'s wait' if count != 1 else ' waits'} for your decision. "
                             "Until you decide, the file shows the team server's values; yours are kept here.")
        if count:
            row = self.conflicts.row_of_id(current.id) if current is not None else -1
            self.select_row(self.proxy.mapFromSource(self.conflicts.index(max(row, 0), 0)).row())
        self._show_selected()
        self.loaded.emit()

    # -- selection and detail ------------------------------------------------------------------
    def select_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        self.list_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def current_conflict(self) -> Any:
        index = self.list_view.selectionModel().currentIndex()
        return self.proxy.data(index, ROW_ROLE) if index.isValid() else None

    def _show_selected(self) -> None:
        conflict = self.current_conflict()
        self.fields.set_conflict(conflict)
        header = self.fields_view.verticalHeader()  # wide enough for the longest field name
        names = [str(self.fields.headerData(r, Qt.Orientation.Vertical)) for r in range(self.fields.rowCount())]
        header.setFixedWidth(max((header.fontMetrics().horizontalAdvance(n) for n in names), default=0) + 24)
        enabled = conflict is not None and not self._deciding
        self.keep_mine.setEnabled(enabled and not conflict.mine_refused)
        self.keep_theirs.setEnabled(enabled)
        if conflict is None:
            self.explanation.setText("")
            return
        text = explanation(conflict)
        self.explanation.setText(f"{text}\n{conflict.mine_refused}." if conflict.mine_refused else text)
        mine_tip, theirs_tip = button_tips(conflict)
        self.keep_mine.setToolTip(conflict.mine_refused or mine_tip)
        self.keep_theirs.setToolTip(theirs_tip)

    # -- deciding ------------------------------------------------------------------------------
    def decide(self, choice: Choice) -> None:
        """Keep mine / Keep theirs for the selected conflict (on the write thread)."""
        conflict = self.current_conflict()
        if conflict is None or self._deciding:
            return
        from planner.sync.review import resolve

        db = self.ws.db
        self._deciding = True
        self._show_selected()

        def done(result: Any) -> None:
            self._deciding = False
            kept = "your values" if choice == "mine" else "the server's values"
            self.status_message.emit(f"Kept {kept} for {conflict.label}.")
            self.resolved.emit(result)
            self.ws.notify_external_change()  # "mine" wrote the record: every view reloads
            self.mark_dirty()

        def failed(failure: Any) -> None:
            self._deciding = False
            self._show_selected()
            show_failure(self, failure)
            self.mark_dirty()  # someone else may have decided it: show the queue as it is

        self.ws.runner.start(f"Deciding {conflict.label}…", lambda _s, _p, _c: resolve(db, conflict.id, choice),
                             on_done=done, on_error=failed, writes=True, show_progress=False)
