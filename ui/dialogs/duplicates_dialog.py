"""Review possible duplicate people: why each pair was proposed, both side by side, merge or skip.

The pairs come from :func:`planner.services.people.merge.find_duplicate_people` on a worker thread (the
list stays usable while it runs, and a newer search replaces an older one). Selecting a pair reads
both people with :func:`planner.services.people.people_compare.compare_people` and shows them side by
side, differing fields tinted. A merge is one undoable step of the workspace (Ctrl+Z here or in the
main window); the list is searched again after every change to people, so an undo brings a merged
pair back. "Not the same — skip" records the two as different people
(:func:`planner.services.people.identity.mark_distinct`, undoable too), so they are not proposed again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from planner.errors import NotFoundError, PlannerError
from planner.services.common import get_by_uuid
from planner.services.people.identity import mark_distinct
from planner.services.people.merge import DuplicatePair, find_duplicate_people, merge_people
from planner.services.people.people_compare import PeopleComparison, compare_people
from planner.storage.models import Person
from ui.dialogs.error_dialog import show_error
from ui.models.columns import ROW_ROLE, SORT_ROLE
from ui.models.people_comparison_model import DUPLICATE_COLUMNS, pair_key
from ui.models.row_table_model import RowTableModel
from ui.widgets.latest_job import LatestJob
from ui.widgets.pair_comparison_view import PairComparisonView
from ui.widgets.record_table import record_table
from ui.workspace import Workspace

PEOPLE_TABLES = {"*", "person", "person_alias", "person_external_id", "distinct_people", "organisation"}
REFRESH_DELAY_MS = 150


def _table(parent: QWidget, name: str) -> QTableView:
    view = record_table(parent, name)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setHighlightSections(False)
    return view


def merge_pair(ws: Workspace, keep_uuid: str, drop_uuid: str, label: str) -> str:
    """Merge the person ``drop_uuid`` into ``keep_uuid`` as one undoable edit; what moved, in words."""

    def edit(session: Any) -> str:
        people = {p.uuid: p for p in session.scalars(select(Person).where(Person.uuid.in_([keep_uuid, drop_uuid])))}
        if keep_uuid not in people or drop_uuid not in people:
            raise NotFoundError("One of the two people is no longer in the file (merged or erased meanwhile)")
        return str(merge_people(session, people[keep_uuid], people[drop_uuid]).describe())

    return ws.edit(label, edit)


class DuplicatesDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None, *, threshold: int | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.threshold = threshold
        self.skipped: set[frozenset[str]] = set()  # hidden until the next search (which leaves them out)
        self.comparison: PeopleComparison | None = None
        self._pairs: list[DuplicatePair] = []
        self._loading = False
        self._filling = False
        self._job = LatestJob(self, workspace.runner)
        self.setObjectName("duplicates_dialog")
        self.setWindowTitle("Possible duplicate people")
        self._build()
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        workspace.changed.connect(self._on_changed)
        available = self.screen().availableGeometry()  # a 1366×768 laptop gets a dialog that fits
        self.resize(min(1120, int(available.width() * 0.92)), min(900, int(available.height() * 0.92)))
        self._show_pair(None)
        self.refresh()

    # -- building ------------------------------------------------------------------------------
    def _build(self) -> None:
        title = QLabel("Possible duplicate people", self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel("Pairs that may be one person, best match first. Nothing is merged until you choose; "
                       "a merge moves every meeting, lead and follow-up to the kept record and can be undone.", self)
        intro.setWordWrap(True)
        self.scope = QCheckBox(self)
        self.scope.setObjectName("duplicates_scope")
        event = self.ws.current_event
        self.scope.setText(f"Only pairs involving people in {event.name}" if event else "")
        self.scope.setVisible(event is not None)
        self.scope.toggled.connect(lambda _on: self.refresh())
        self.count_label = QLabel(self)
        self.count_label.setObjectName("duplicates_count")
        self.count_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("Looking for duplicates…  "))
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(self.fontMetrics().height())
        self.busy.setTextVisible(False)
        self.busy.hide()
        top = QHBoxLayout()
        top.addWidget(self.scope)
        top.addStretch(1)
        top.addWidget(self.busy)
        top.addWidget(self.count_label)

        self.pairs_model = RowTableModel(DUPLICATE_COLUMNS, self)
        self.pairs_proxy = QSortFilterProxyModel(self)
        self.pairs_proxy.setSourceModel(self.pairs_model)
        self.pairs_proxy.setSortRole(SORT_ROLE)
        self.pairs_view = _table(self, "duplicates_pairs")
        self.pairs_view.setModel(self.pairs_proxy)
        self.pairs_view.setSortingEnabled(True)
        self.pairs_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.pairs_view.setAlternatingRowColors(True)
        self.pairs_view.setWordWrap(False)
        self.pairs_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        char = self.fontMetrics().averageCharWidth()
        for i, column in enumerate(DUPLICATE_COLUMNS):
            if column.width:
                self.pairs_view.setColumnWidth(i, column.width * char)
        self.pairs_view.selectionModel().currentRowChanged.connect(lambda *_: self._on_pair_selected())

        self.detail = PairComparisonView(self)

        self.merge_left = self._button("Merge into &left", "duplicates_merge_left",
                                       "Keep the left record; the right one is merged into it", lambda: self.merge(True))
        self.merge_right = self._button("Merge into &right", "duplicates_merge_right",
                                        "Keep the right record; the left one is merged into it",
                                        lambda: self.merge(False))
        self.skip = self._button("&Not the same — skip", "duplicates_skip",
                                 "Do not propose this pair again in this review", self.skip_current)
        actions = QHBoxLayout()
        actions.addWidget(self.merge_left)
        actions.addWidget(self.merge_right)
        actions.addStretch(1)
        actions.addWidget(self.skip)

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 6, 0, 0)
        detail_layout.addWidget(self.detail, 1)
        detail_layout.addLayout(actions)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.pairs_view)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([200, 560])

        self.status = QLabel(self)
        self.status.setObjectName("duplicates_status")
        self.status.setWordWrap(True)
        self.undo_action = self.ws.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.ws.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.undo_button = QToolButton(self)
        self.undo_button.setObjectName("duplicates_undo")
        self.undo_button.setDefaultAction(self.undo_action)
        self.undo_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.undo_button)
        bottom.addSpacing(12)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(bottom)

    def _button(self, text: str, name: str, tip: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    # -- finding -------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Search again on a worker thread; the newest search wins."""
        threshold = self.threshold
        event_id = self.ws.current_event.id if self.scope.isChecked() and self.ws.current_event else None

        def job(session: Any, _progress: Any, _cancel: Any) -> list[DuplicatePair]:
            options: dict[str, Any] = {"event_id": event_id}
            if threshold is not None:
                options["threshold"] = threshold
            return find_duplicate_people(session, **options)

        self._loading = True
        self.busy.show()
        self.count_label.setText("Looking for duplicates…")
        self._job.start("Finding possible duplicates", job, self._show_pairs)

    def _on_changed(self, tables: set[str]) -> None:
        if self.isVisible() and tables & PEOPLE_TABLES:
            self._job.invalidate()  # a search started before this change must not show its result
            self._refresh_timer.start()

    def _show_pairs(self, pairs: list[DuplicatePair]) -> None:
        self._loading = False
        self.busy.hide()
        self._pairs = pairs
        self.skipped.clear()
        self._fill(self._current_key())

    def _fill(self, keep_selected: frozenset[str] | None, fallback_row: int = 0) -> None:
        shown = [p for p in self._pairs if pair_key(p) not in self.skipped]
        self._filling = True  # one comparison read per fill, not one per selection signal
        self.pairs_model.set_rows(shown)
        n = len(shown)
        self.count_label.setText("No possible duplicates" if not n else f"{n} pair{'s' if n != 1 else ''} to review")
        row = next((r for r in range(self.pairs_proxy.rowCount()) if keep_selected is not None
                    and pair_key(self._pair_at(r)) == keep_selected), min(fallback_row, n - 1))
        if row >= 0:
            index = self.pairs_proxy.index(row, 0)
            self.pairs_view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
            self.pairs_view.scrollTo(index)
        self._filling = False
        self._on_pair_selected()

    def _pair_at(self, proxy_row: int) -> DuplicatePair:
        return self.pairs_proxy.index(proxy_row, 0).data(ROW_ROLE)  # type: ignore[no-any-return]

    def current_pair(self) -> DuplicatePair | None:
        index = self.pairs_view.selectionModel().currentIndex()
        return self._pair_at(index.row()) if index.isValid() else None

    def _current_key(self) -> frozenset[str] | None:
        pair = self.current_pair()
        return pair_key(pair) if pair is not None else None

    def pair_count(self) -> int:
        return self.pairs_proxy.rowCount()

    # -- one pair ------------------------------------------------------------------------------
    def _on_pair_selected(self) -> None:
        if self._filling:
            return
        pair = self.current_pair()
        comparison = None
        if pair is not None:
            try:
                comparison = self.ws.read(lambda s: compare_people(s, pair.keep, pair.drop))
            except NotFoundError:
                self._refresh_timer.start()  # merged or erased elsewhere: the list is stale
        self._show_pair(pair, comparison)

    def _show_pair(self, pair: DuplicatePair | None, comparison: PeopleComparison | None = None) -> None:
        self.comparison = comparison
        ready = comparison is not None and pair is not None
        for button in (self.merge_left, self.merge_right, self.skip):
            button.setEnabled(ready)
        empty = ("Looking for duplicates…" if self._loading else
                 "Select a pair to compare." if self.pair_count() else "No pair to review.")
        self.detail.show_pair(pair if ready else None, comparison, empty)
        if comparison is not None and ready:
            self.merge_left.setText(f"Merge into &left  ({_short(comparison.left.label)})")
            self.merge_right.setText(f"Merge into &right  ({_short(comparison.right.label)})")

    # -- decisions -----------------------------------------------------------------------------
    def merge(self, into_left: bool) -> str | None:
        pair, comparison = self.current_pair(), self.comparison
        if pair is None or comparison is None:
            return None
        keep, drop = (comparison.left, comparison.right) if into_left else (comparison.right, comparison.left)
        row = self.pairs_view.selectionModel().currentIndex().row()
        try:
            described = merge_pair(self.ws, keep.uuid, drop.uuid, f"Merge {drop.label} into {keep.label}")
        except PlannerError as exc:
            show_error(self, "Merge", str(exc))
            self.refresh()
            return None
        self.status.setText(f"Merged {drop.label} into {keep.label}: {described}. Ctrl+Z undoes it.")
        # at once, before the new search returns: pairs with the removed record are gone
        self._pairs = [p for p in self._pairs if drop.uuid not in (p.keep, p.drop)]
        self._fill(None, row)
        return described

    def skip_current(self) -> None:
        """Record the pair as two people (undoable); it is not proposed again."""
        pair, comparison = self.current_pair(), self.comparison
        if pair is None or comparison is None:
            return
        row = self.pairs_view.selectionModel().currentIndex().row()
        left, right = comparison.left, comparison.right

        def edit(session: Any) -> None:
            mark_distinct(session, get_by_uuid(session, Person, left.uuid), get_by_uuid(session, Person, right.uuid))

        try:
            self.ws.edit(f"Not the same: {left.label} and {right.label}", edit)
        except PlannerError as exc:
            show_error(self, "Not the same", str(exc))
            self.refresh()
            return
        self.skipped.add(pair_key(pair))
        self.status.setText(f"{left.label} and {right.label} are two people: not proposed again. "
                            "Ctrl+Z undoes it.")
        self._fill(None, row)

    def done(self, result: int) -> None:
        self._job.invalidate()
        self._refresh_timer.stop()
        super().done(result)


def _short(label: str, limit: int = 28) -> str:
    name = label.split(" <", 1)[0]
    return name if len(name) <= limit else name[: limit - 1] + "…"

