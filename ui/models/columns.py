"""Column specs, declared once per table: header, display text, native sort value, alignment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt

from planner.domain.enums import label as enum_label

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
ID_ROW_FIELD = "id"
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True)
class Column:
    """One column: ``key`` names it (settings, SQL sort), ``display`` renders a row."""

    key: str
    header: str
    display: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag = LEFT
    tooltip: Callable[[Any], str] | None = None
    width: int = 0  # initial width in characters (0 = let the view decide)

    def sort_value(self, row: Any) -> Any:
        return self.sort_key(row) if self.sort_key is not None else self.display(row).casefold()


def attr(name: str) -> Callable[[Any], str]:
    def get(row: Any) -> str:
        value = getattr(row, name)
        return "" if value is None else str(value)
    return get


def joined(name: str, sep: str = ", ") -> Callable[[Any], str]:
    return lambda row: sep.join(getattr(row, name))


def enum_text(name: str, enum_type: Any) -> Callable[[Any], str]:
    def get(row: Any) -> str:
        value = getattr(row, name)
        try:
            return enum_label(enum_type(value)) if value else ""
        except ValueError:
            return str(value)
    return get


def date_text(value: date | datetime | None, fmt: str = "%a %d %b %Y") -> str:
    return value.strftime(fmt) if value is not None else ""


def nullable_sort(value: Any, empty: Any) -> Any:
    """Sort None last: (is-none, value or a comparable placeholder)."""
    return (value is None, value if value is not None else empty)
