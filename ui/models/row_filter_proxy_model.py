"""Sorting on native values (SORT_ROLE) and the filter box's text.

The filter text is read by :func:`planner.services.views.row_filters.parse_filter_text`: ``key:value``
tokens (``open:yes``, ``owner:"Akira Sato"``) become a filter spec applied with the same predicate
the dashboard counted with (:func:`~planner.services.views.row_filters.compile_filter` for the list named
``view``); the other words must each appear in some column's text. A text that cannot be read
(an unknown key, a bad value) shows no rows and keeps its message in :attr:`error`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QSortFilterProxyModel

from planner.services.views.row_filters import (
    Filter,
    FilterError,
    compile_filter,
    parse_filter_text,
)
from ui.models.columns import ROW_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex


class RowFilterProxyModel(QSortFilterProxyModel):
    def __init__(self, parent: QObject | None = None, *, view: str | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self.view = view  # the list's name in planner.services.views.row_filters.VIEWS (None: free text only)
        self._words: tuple[str, ...] = ()
        self._predicate: Callable[[Any], bool] | None = None
        self.spec: Filter = {}
        self.error = ""

    def set_filter_text(self, text: str) -> None:
        self.beginFilterChange()
        try:
            parsed = parse_filter_text(self.view, text)
        except FilterError as exc:
            self.error, self.spec, self._words = str(exc), {}, ()
            self._predicate = lambda _row: False
        else:
            self.error, self.spec, self._words = "", parsed.spec, parsed.words
            self._predicate = compile_filter(self.view, parsed.spec) if parsed.spec and self.view else None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if model is None:
            return True
        if self._predicate is not None:
            row = model.data(model.index(source_row, 0, source_parent), ROW_ROLE)
            if row is not None and not self._predicate(row):
                return False
        if not self._words:
            return True
        text = " ".join(str(model.data(model.index(source_row, c, source_parent)) or "")
                        for c in range(model.columnCount(source_parent))).casefold()
        return all(w in text for w in self._words)

    def lessThan(self, left: Index, right: Index) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        try:
            return bool(a < b)
        except TypeError:
            return str(a) < str(b)
