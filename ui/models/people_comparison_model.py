"""Item models of the duplicate review: the proposed pairs, and two people field by field.

:class:`PeopleComparisonModel` shows a :class:`~planner.services.people.people_compare.PeopleComparison`
as three columns (field, left person, right person) with a title row per section. Rows whose
values differ get a tinted background and a bold field name; a conflict (both sides filled,
different) a stronger tint than a value only one side has. Colours follow the palette's
lightness so a dark theme stays readable.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from planner.services.people.merge import DuplicatePair
from planner.services.people.people_compare import CompareRow, PeopleComparison
from ui.models.columns import RIGHT, ROW_ROLE, Column

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
SECTION_TITLES = {"identity": "Identity", "contact": "Organisation and contact",
                  "events": "Events", "references": "What refers to them (moves with a merge)"}
DIFF_ROLE = Qt.ItemDataRole.UserRole + 10  # "same", "differs" or "conflict" (tests, delegates)

DUPLICATE_COLUMNS = [
    Column("score", "Score", lambda p: str(p.score), sort_key=lambda p: p.score, align=RIGHT, width=9),
    Column("keep", "Person", lambda p: p.keep_label, width=42),
    Column("drop", "Possible duplicate", lambda p: p.drop_label, width=42),
    Column("reason", "Why proposed", lambda p: p.reason, tooltip=lambda p: p.reason, width=30),
]


def pair_key(pair: DuplicatePair) -> frozenset[str]:
    """A pair regardless of which side is suggested to be kept."""
    return frozenset((pair.keep, pair.drop))


def diff_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """(one side only, conflict) backgrounds: soft amber and a warmer orange, dark-theme aware."""
    if palette.color(QPalette.ColorRole.Base).lightness() < 128:
        return QColor("#4a3f1c"), QColor("#5c3218")
    return QColor("#fff6d9"), QColor("#ffe2c2")


class PeopleComparisonModel(QAbstractTableModel):
    """Section titles and :class:`CompareRow` rows; never edited, never opens anything."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[CompareRow | str] = []
        self._headers = ("Field", "", "")
        palette = QGuiApplication.palette()
        self._one_side, self._conflict = diff_colours(palette)
        self._muted = palette.color(QPalette.ColorRole.PlaceholderText)

    def set_comparison(self, comparison: PeopleComparison | None) -> None:
        self.beginResetModel()
        self._items = []
        if comparison is None:
            self._headers = ("Field", "", "")
        else:
            self._headers = ("Field", f"Left · {comparison.left.label}  (added {comparison.left.added})",
                             f"Right · {comparison.right.label}  (added {comparison.right.added})")
            section = ""
            for row in comparison.rows:
                if row.section != section:
                    section = row.section
                    self._items.append(SECTION_TITLES.get(section, section.capitalize()))
                self._items.append(row)
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)

    def section_rows(self) -> list[int]:
        return [i for i, item in enumerate(self._items) if isinstance(item, str)]

    def compare_row(self, row: int) -> CompareRow | None:
        item = self._items[row] if 0 <= row < len(self._items) else None
        return item if isinstance(item, CompareRow) else None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 3

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._items[index.row()], str):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item, column = self._items[index.row()], index.column()
        if isinstance(item, str):
            return self._section_data(item, column, role)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = (item.label, item.left, item.right)[column]
            if role == Qt.ItemDataRole.DisplayRole and column and not text:
                return "—"
            return text or None
        if role == Qt.ItemDataRole.ForegroundRole and column and not (item.left, item.right)[column - 1]:
            return self._muted
        if role == Qt.ItemDataRole.BackgroundRole and item.differs:
            return self._conflict if item.conflict else self._one_side
        if role == Qt.ItemDataRole.FontRole and item.differs and column == 0:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if role == DIFF_ROLE:
            return "conflict" if item.conflict else "differs" if item.differs else "same"
        if role == ROW_ROLE:
            return item
        return None

    def _section_data(self, title: str, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == 0:
            return title
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._muted
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < 3 and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None
