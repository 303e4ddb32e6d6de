"""Pickers that search as you type (people, organisations, venues), one or many."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

SearchFn = Callable[[str], Sequence[tuple[int, str]]]  # text → [(id, label)]
SEARCH_LIMIT = 20


class SearchPickerWidget(QWidget):
    """A line edit whose completer lists matches from ``search``; ``value()`` is the chosen id."""

    chosen = Signal(int, str)

    def __init__(self, search: SearchFn, placeholder: str = "Type to search…",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._search = search
        self._by_label: dict[str, int] = {}
        self._id: int | None = None
        self._label = ""
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        self._model = QStringListModel(self)
        self.completer = QCompleter(self._model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.completer.activated.connect(self._pick_label)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self._on_finished)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)

    def _on_edited(self, text: str) -> None:
        self._id = None
        results = list(self._search(text))[:SEARCH_LIMIT] if text.strip() else []
        self._by_label = {label: ident for ident, label in results}
        self._model.setStringList([label for _, label in results])
        if results:
            self.completer.complete()

    def _pick_label(self, label: str) -> None:
        ident = self._by_label.get(label)
        if ident is not None:
            self.set_value(ident, label)
            self.chosen.emit(ident, label)

    def _on_finished(self) -> None:
        text = self.edit.text()
        if self._id is None and text in self._by_label:
            self._pick_label(text)
        elif not text:
            self._id, self._label = None, ""

    def choose_first(self) -> bool:
        """Pick the first match for the typed text (what Enter on the popup does)."""
        labels = self._model.stringList()
        if not labels:
            return False
        self._pick_label(labels[0])
        self.completer.popup().hide()
        return True

    def matches(self) -> list[str]:
        return self._model.stringList()

    def set_value(self, ident: int | None, label: str = "") -> None:
        self._id, self._label = ident, label
        self.edit.setText(label)

    def value(self) -> int | None:
        if self._id is not None and self.edit.text() != self._label:
            return None  # typed over the choice without choosing again
        return self._id

    def text(self) -> str:
        return self.edit.text().strip()


class MultiPickerWidget(QWidget):
    """Choose several records: a search picker plus the list of chosen ones."""

    changed = Signal()

    def __init__(self, search: SearchFn, placeholder: str = "Type a name to add…",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picker = SearchPickerWidget(search, placeholder, self)
        self.list = QListWidget(self)
        self.list.setMaximumHeight(96)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self._remove_selected)
        self.picker.chosen.connect(self.add)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker)
        layout.addLayout(row)
        self.setFocusProxy(self.picker)

    def add(self, ident: int, label: str) -> None:
        if ident in self.values():
            self.picker.set_value(None)
            return
        item = QListWidgetItem(label, self.list)
        item.setData(Qt.ItemDataRole.UserRole, ident)
        self.picker.set_value(None)
        self.changed.emit()

    def set_values(self, items: Sequence[tuple[int, str]]) -> None:
        self.list.clear()
        for ident, label in items:
            item = QListWidgetItem(label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, ident)

    def values(self) -> list[int]:
        return [int(self.list.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.list.count())]

    def _remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()
