"""Ctrl+K: search people, organisations and meetings at once; Enter opens the record."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.services.views.search import SearchHit, search_all
from ui.workspace import Workspace

KIND_LABELS = {"person": "Person", "organisation": "Organisation", "meeting": "Meeting"}


class SearchDialog(QDialog):
    hit_chosen = Signal(object)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.setWindowTitle("Search everything")
        self.edit = QLineEdit(self)
        self.edit.setObjectName("global_search")
        self.edit.setPlaceholderText("Name, e-mail, organisation, native script…")
        self.results = QListWidget(self)
        self.results.setObjectName("global_search_results")
        self.hint = QLabel("↑↓ to move, Enter to open, Esc to close", self)
        self.hint.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.edit)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.hint)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.search_now)
        self.edit.textChanged.connect(lambda _t: self._timer.start())
        self.edit.returnPressed.connect(self.choose_current)
        self.results.itemActivated.connect(lambda _i: self.choose_current())
        self.edit.installEventFilter(self)
        self.resize(620, 420)

    def search_now(self) -> None:
        text = self.edit.text()
        event_id = self.ws.current_event.id if self.ws.current_event else None
        hits = self.ws.read(lambda s: search_all(s, text, limit=15, event_id=event_id))
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem(f"{KIND_LABELS[hit.kind]}:  {hit.title}\n        {hit.detail}", self.results)
            item.setData(Qt.ItemDataRole.UserRole, hit)
        if hits:
            self.results.setCurrentRow(0)

    def eventFilter(self, obj: object, event: object) -> bool:
        if (obj is self.edit and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)):
            step = 1 if event.key() == Qt.Key.Key_Down else -1
            self.results.setCurrentRow(max(0, min(self.results.count() - 1, self.results.currentRow() + step)))
            return True
        return super().eventFilter(obj, event)  # type: ignore[arg-type]

    def choose_current(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.search_now()
        item = self.results.currentItem()
        if item is None:
            return
        hit: SearchHit = item.data(Qt.ItemDataRole.UserRole)
        self.accept()
        self.hit_chosen.emit(hit)
