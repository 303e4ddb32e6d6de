"""A table model for very large tables: ids first, rows fetched on demand a page at a time.

The model keeps only the ordered ids that match the filter (one narrow SQL query) and a small
cache of pages of plain rows. Sorting and filtering re-run the id query in SQL; nothing is ever
sorted or filtered in Python. The queries are injected, so the model stays free of sessions.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from ui.models.columns import ID_ROLE, ROW_ROLE, SORT_ROLE, Column

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root (a default argument must not call)
IdQuery = Callable[[str, str, bool], list[int]]  # (filter text, sort key, descending) → ids
RowFetch = Callable[[Sequence[int]], dict[int, Any]]  # ids → rows by id

_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, ROW_ROLE, ID_ROLE,
                                    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole))
PAGE_SIZE = 200
MAX_PAGES = 64


class LazyTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], id_query: IdQuery, fetch: RowFetch,
                 parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.page_size = page_size
        self.columns = list(columns)
        self._id_query = id_query
        self._fetch = fetch
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, Any]] = OrderedDict()
        self.filter_text = ""
        self.sort_column = 0
        self.sort_order = Qt.SortOrder.AscendingOrder
        self.pages_fetched = 0
        self.loaded = False

    # -- Qt API --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES:  # first: a view asks ~10 roles per visible cell on every paint
            return None
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align.value)
        row = self.row_at(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(row)
        if role == SORT_ROLE:
            return column.sort_value(row)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(row) if column.tooltip else None
        return row

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].header
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(self.columns[section].align.value)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.sort_column, self.sort_order = column, order
        if self.loaded:  # before the first reload (the page is not shown yet) just remember it
            self.reload()

    # -- our API -------------------------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        if text != self.filter_text or not self.loaded:
            self.filter_text = text
            self.reload()

    def reload(self) -> None:
        """Re-run the id query (filter and sort in SQL) and forget cached rows."""
        key = self.columns[self.sort_column].key
        descending = self.sort_order == Qt.SortOrder.DescendingOrder
        ids = self._id_query(self.filter_text, key, descending)
        self.loaded = True
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    def invalidate_rows(self) -> None:
        """Rows changed but the set did not (an edit): drop the cache and repaint."""
        self._pages.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(self.columns) - 1))

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int:
        return self._ids[row]

    def row_of_id(self, ident: int) -> int:
        try:
            return self._ids.index(ident)
        except ValueError:
            return -1

    def row_at(self, row: int) -> Any:
        page_no = row // self.page_size
        page = self._pages.get(page_no)
        if page is None:
            page = self._load_page(page_no)
        else:
            self._pages.move_to_end(page_no)
        return page.get(self._ids[row])

    def _load_page(self, page_no: int) -> dict[int, Any]:
        ids = self._ids[page_no * self.page_size:(page_no + 1) * self.page_size]
        page = self._fetch(ids)
        self.pages_fetched += 1
        self._pages[page_no] = page
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return page
