"""One delegate's agenda: their days as a list with travel gaps and conflicts, and their briefing pack.

The briefing pack is written by the export service (``planner.services.outputs.export_jobs.run_export``,
which builds it with ``planner.services.outputs.briefing`` and ``planner.exports.briefing.briefing_pdf`` and logs
it) on the app's task runner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.services.events.events import get_event
from planner.services.outputs.export_jobs import ExportRequest, ExportResult, available, run_export
from planner.services.outputs.export_log import logger_for
from ui.board.agenda_rows import AgendaRow, agenda_rows
from ui.board.board_data import BoardData, load_board
from ui.board.none_guard import keep_none_alive
from ui.dialogs.error_dialog import show_failure
from ui.settings import AppSettings
from ui.tasks import TaskFailure
from ui.widgets.latest_job import LatestJob
from ui.widgets.reload_when_shown import ReloadWhenShown
from ui.workspace import Workspace

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
HEADERS = ("When", "What", "Where", "Notes")
Index = QModelIndex | QPersistentModelIndex


class AgendaModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        keep_none_alive()  # PySide6 6.12 on Python 3.11: see ui/board/none_guard.py
        super().__init__(parent)
        self.rows: list[AgendaRow] = []
        self.alert = QColor("#d32f2f")

    def set_rows(self, rows: list[AgendaRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if row.kind == "day":
                return row.what if col == 0 else None
            return (row.when, row.what, row.where, row.note)[col]
        if role == Qt.ItemDataRole.FontRole:
            if row.kind == "day" or row.kind == "gap":
                font = QFont()
                font.setBold(row.kind == "day")
                font.setItalic(row.kind == "gap")
                return font
            if row.inactive:
                font = QFont()
                font.setStrikeOut(True)
                return font
        if role == Qt.ItemDataRole.ForegroundRole and row.alert and col in (1, 3):
            return self.alert
        if role == ROW_ROLE:
            return row
        return None


class DelegateAgendaView(ReloadWhenShown, QWidget):
    KEY = "agenda"
    editRequested = Signal(str, str)  # kind ("meeting" or "slot"), uuid
    briefingWritten = Signal(object)  # list[Path]
    status_message = Signal(str)
    loaded = Signal()

    def __init__(self, workspace: Workspace, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("delegate_agenda")
        self.ws = workspace
        self.settings = settings
        self.data: BoardData | None = None
        self.person_id: int | None = None
        self._loads = LatestJob(self, workspace.runner)
        self._dirty = True
        self.picker = QComboBox(self)
        self.picker.setObjectName("agenda_delegate")
        self.picker.setEditable(True)
        self.picker.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.picker.setMinimumContentsLength(30)
        completer = self.picker.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.picker.currentIndexChanged.connect(self._on_pick)
        self.briefing_button = QPushButton("Print this delegate's briefing pack…", self)
        self.briefing_button.setObjectName("agenda_briefing")
        self.briefing_button.clicked.connect(lambda: self.print_briefing())
        self.briefing_button.setEnabled(available("briefing"))
        if not available("briefing"):
            self.briefing_button.setToolTip("The briefing pack export is not available in this version")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = AgendaModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("agenda_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setColumnWidth(0, 330)
        self.table.setColumnWidth(1, 330)
        self.table.setColumnWidth(2, 260)
        self.table.doubleClicked.connect(self._on_double_click)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Delegate:", self))
        bar.addWidget(self.picker, 1)
        bar.addWidget(self.briefing_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        workspace.changed.connect(self.on_tables_changed)
        workspace.event_changed.connect(lambda _e: self.mark_dirty())

    # -- loading --------------------------------------------------------------------------------------
    def watches(self, tables: set[str]) -> bool:
        from ui.board.board_view import WATCHED

        return bool(tables & WATCHED)

    def reload(self) -> None:
        self._dirty = False
        event = self.ws.current_event
        if event is None:
            self._loads.invalidate()
            self.set_data(None)
            return
        uuid = event.uuid

        def job(session: Any, _progress: Any, _cancel: Any) -> BoardData:
            return load_board(session, get_event(session, uuid))

        self._loads.start("Loading the agenda…", job, self.set_data)

    def set_data(self, data: BoardData | None) -> None:
        self.data = data
        keep = self.person_id
        self.picker.blockSignals(True)
        self.picker.clear()
        if data is not None:
            for pid, name in sorted(data.delegates.items(), key=lambda kv: (kv[1].casefold(), kv[0])):
                org = data.delegate_orgs.get(pid, "")
                self.picker.addItem(f"{name} — {org}" if org else name, pid)
        index = self.picker.findData(keep) if keep is not None else -1
        self.picker.setCurrentIndex(max(0, index) if self.picker.count() else -1)
        self.picker.blockSignals(False)
        self._on_pick(self.picker.currentIndex())
        self.loaded.emit()

    def show_delegate(self, person_id: int) -> bool:
        index = self.picker.findData(person_id)
        if index < 0:
            return False
        self.picker.setCurrentIndex(index)
        self._on_pick(index)
        return True

    def _on_pick(self, index: int) -> None:
        data = self.data
        self.person_id = self.picker.itemData(index) if index >= 0 else None
        if data is None or self.person_id is None:
            self.model.set_rows([])
            self.summary.setText("No delegates in this event yet." if data is not None else "")
            return
        rows = agenda_rows(data, self.person_id)
        self.model.set_rows(rows)
        self.table.clearSpans()
        for i, row in enumerate(rows):
            if row.kind == "day":
                self.table.setSpan(i, 0, 1, len(HEADERS))
        self.table.resizeRowsToContents()
        items = sum(r.kind == "item" for r in rows)
        alerts = sum(r.alert for r in rows)
        self.summary.setText(f"{items} item(s) over {sum(r.kind == 'day' for r in rows)} day(s)"
                             + (f" · {alerts} problem(s) marked in red" if alerts else " · no clashes")
                             + (f" · times in {data.event_tz}, home time beside them" if data.home_tz
                                and data.home_tz != data.event_tz else ""))
        pal = self.table.palette()
        self.model.alert = QColor("#ff6b6b") if pal.color(QPalette.ColorRole.Base).lightness() < 128 \
            else QColor("#c62828")

    def _on_double_click(self, index: QModelIndex) -> None:
        row = self.model.data(index, ROW_ROLE)
        if isinstance(row, AgendaRow) and row.kind == "item":
            self.editRequested.emit(row.item_kind, row.uuid)

    # -- briefing pack --------------------------------------------------------------------------------
    def print_briefing(self, path: str | Path | None = None) -> None:
        """Write this delegate's briefing pack PDF on the task runner (asks for a file unless given)."""
        event, pid = self.ws.current_event, self.person_id
        if event is None or pid is None or self.data is None:
            return
        if not path:
            name = self.data.delegates.get(pid, "delegate")
            folder = self.settings.preferences.export_dir or str(Path.home())
            clean = "".join(c for c in name if c.isalnum() or c in " -_").strip() or "delegate"
            suggested = str(Path(folder) / f"{event.code} briefing pack {clean}.pdf")
            path, _ = QFileDialog.getSaveFileName(self, "Save the briefing pack", suggested, "PDF (*.pdf)")
            if not path:
                return
        request = ExportRequest("briefing", event.code, Path(path), delegate_ids=[pid])
        self.settings.preferences.export_dir = str(Path(path).parent)

        def done(result: ExportResult) -> None:
            self.ws.notify_external_change({"export_log"})
            self.status_message.emit(result.message + ("; " + "; ".join(result.warnings) if result.warnings else ""))
            self.briefingWritten.emit(result.paths)

        def failed(failure: TaskFailure) -> None:
            show_failure(self, failure)

        log = logger_for(self.ws.db)  # its own short write unit per file: no write lock while building
        self.ws.runner.start("Writing the briefing pack…", lambda s, p, c: run_export(s, request, p, c, log=log),
                             on_done=done, on_error=failed, dialog_parent=self)
