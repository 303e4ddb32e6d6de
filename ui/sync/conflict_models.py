"""Item models of the Review page: the conflicts waiting (one row each), and the fields of the
selected one (one row per field; the columns base / mine / theirs).

Both hold plain values (the :class:`~planner.sync.review.Conflict` dataclasses and their dicts)
and never open a dialog. The wording of each kind of conflict lives here too, so the page and the
tests read the same words.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from planner.sync.review import KIND_DELETED_HERE, KIND_DELETED_THERE, KIND_FIELDS
from ui.models.columns import SORT_ROLE, Column
from ui.models.row_table_model import RowTableModel
from ui.sync.sync_status import local_time_text

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()
DELETED = "(deleted)"
EMPTY = "(empty)"

KIND_LABELS = {
    KIND_FIELDS: "Changed on both sides",
    KIND_DELETED_THERE: "Changed here, deleted on the server",
    KIND_DELETED_HERE: "Deleted here, changed on the server",
}


def kind_label(conflict: Any) -> str:
    return KIND_LABELS.get(conflict.kind, conflict.kind)


def who(conflict: Any) -> str:
    return conflict.theirs_by or "someone on the team server"


def explanation(conflict: Any) -> str:
    """What happened and what each button does, for a person."""
    if conflict.kind == KIND_DELETED_THERE:
        return (f"You changed {conflict.label} here, but {who(conflict)} deleted it on the team server. "
                "Keep mine brings it back with your changes (the next sync sends it); "
                "Keep theirs leaves it deleted.")
    if conflict.kind == KIND_DELETED_HERE:
        return (f"You deleted {conflict.label} here, but {who(conflict)} changed it on the team server, "
                "so it is back. Keep mine deletes it again (the next sync sends the deletion); "
                "Keep theirs keeps it, with their changes.")
    return (f"{conflict.label} was changed here and by {who(conflict)} on the team server, in the same "
            "field(s). The file shows their values until you decide: Keep mine writes yours back "
            "(the next sync sends them); Keep theirs keeps theirs.")


def button_tips(conflict: Any) -> tuple[str, str]:
    """Tooltips of Keep mine / Keep theirs."""
    if conflict.kind == KIND_DELETED_THERE:
        return "Bring the record back with your changes", "Leave it deleted"
    if conflict.kind == KIND_DELETED_HERE:
        return "Delete it again", "Keep it, with the server's changes"
    return "Write your values back", "Keep the server's values"


_FIELD_WORDS = {"local": "(local time)", "utc": "(UTC)", "tz": "time zone", "id": "", "key": "(match key)",
                "fold": "(repeated hour)"}


def field_label(name: str) -> str:
    """A field as a person reads it: ``start_utc`` → "Start (UTC)", ``room_id`` → "Room",
    ``start_local`` → "Start (local time)"."""
    words = [_FIELD_WORDS.get(w, w) for w in name.split("_") if w]
    text = " ".join(w for w in words if w).strip() or name
    return text[:1].upper() + text[1:]


CONFLICT_COLUMNS = [
    Column("record", "Record", lambda c: c.label, width=40),
    Column("kind", "What happened", kind_label, width=30),
    Column("fields", "Fields", lambda c: ", ".join(field_label(f) for f in c.fields), width=24),
    Column("by", "Changed there by", lambda c: c.theirs_by, width=20),
    Column("found", "Found", lambda c: local_time_text(c.created_at) if c.created_at else "",
           sort_key=lambda c: c.created_at, width=12),
]


class ConflictTableModel(RowTableModel):
    """The conflicts waiting for a decision, one row each (rows: Conflict dataclasses)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(CONFLICT_COLUMNS, parent)


class ConflictFieldsModel(QAbstractTableModel):
    """One conflict's fields: rows are fields (their names in the vertical header), columns
    Last synced / Mine / Theirs; a value that differs from the last-synced one is bold."""

    HEADERS = ("Last synced", "Mine (this file)", "Theirs (team server)")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.conflict: Any = None
        self._fields: list[str] = []

    def set_conflict(self, conflict: Any) -> None:
        self.beginResetModel()
        self.conflict = conflict
        self._fields = list(conflict.fields) if conflict is not None else []
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._fields)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def value(self, row: int, column: int) -> str:
        conflict, name = self.conflict, self._fields[row]
        if column == 0:
            return str(conflict.base.get(name, ""))
        if column == 1:
            return DELETED if conflict.kind == KIND_DELETED_HERE else str(conflict.mine.get(name, ""))
        return DELETED if conflict.kind == KIND_DELETED_THERE else str(conflict.theirs.get(name, ""))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._fields):
            return None
        if role in (Qt.ItemDataRole.ToolTipRole, SORT_ROLE):
            return self.value(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self.value(index.row(), index.column()) or EMPTY
        if role == Qt.ItemDataRole.FontRole and index.column() > 0:
            changed = self.value(index.row(), index.column()) != self.value(index.row(), 0)
            if changed:
                font = QFont()
                font.setBold(True)
                return font
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self.HEADERS):
                return None
            if section == 2 and self.conflict is not None and self.conflict.theirs_by:
                return f"Theirs ({self.conflict.theirs_by}, server)"
            return self.HEADERS[section]
        if 0 <= section < len(self._fields):
            return field_label(self._fields[section])
        return None
