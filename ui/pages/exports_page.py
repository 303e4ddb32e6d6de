"""Exports and imports: one button per export, the import dialog, and the export log."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.services.outputs.export_jobs import KINDS, available
from planner.services.outputs.export_log import list_exports
from ui.models.columns import Column, attr
from ui.models.row_filter_proxy_model import RowFilterProxyModel
from ui.models.row_table_model import RowTableModel
from ui.pages.export_specs import SPECS, ExportSpec
from ui.settings import AppSettings
from ui.widgets.reload_when_shown import ReloadWhenShown
from ui.widgets.table_view_widget import TableViewWidget
from ui.workspace import Workspace

if TYPE_CHECKING:  # the dialogs pull in openpyxl and the import pipeline: load them on first use
    from ui.dialogs.export_dialog import ExportDialog
    from ui.dialogs.import_dialog import ImportDialog
    from ui.dialogs.lead_sheet_import_dialog import LeadSheetImportDialog

LOG_COLUMNS = [
    Column("created_at", "Written", lambda r: f"{r.created_at:%Y-%m-%d %H:%M} UTC", lambda r: r.created_at),
    Column("kind", "Kind", attr("kind")),
    Column("event", "Event", attr("event_code")),
    Column("rows", "Rows/pages", lambda r: str(r.row_count), lambda r: r.row_count),
    Column("path", "File", attr("path"), tooltip=attr("path"), width=60),
]

__all__ = ["SPECS", "ExportSpec", "ExportsPage"]


class ExportsPage(ReloadWhenShown, QWidget):
    KEY = "exports"
    status_message = Signal(str)  # shown in the window's status bar (a lead sheet saved)

    def __init__(self, workspace: Workspace, settings: AppSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.settings = settings
        self.specs = SPECS
        self.dialog: Any = None
        heading = QLabel("Exports and imports", self)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        heading.setFont(font)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for i, spec in enumerate(SPECS):
            kind = KINDS[spec.key]
            box = QGroupBox(kind.title, self)
            text = QLabel(kind.description, box)
            text.setWordWrap(True)
            button = QPushButton(f"Export {kind.title.lower()}…", box)
            button.setObjectName(f"export_{spec.key}")
            button.clicked.connect(lambda _c=False, k=spec.key: self.open_export(k))
            inner = QVBoxLayout(box)
            inner.addWidget(text, 1)
            inner.addWidget(button)
            grid.addWidget(box, i // 2, i % 2)
            self.buttons[spec.key] = button
        import_box = QGroupBox("Import", self)
        import_text = QLabel("Attendee lists (Eventbrite, pretix, Indico, Brella, Swapcard, talque or our "
                             "template), partnering meeting lists and slot lists, as CSV or Excel.", import_box)
        import_text.setWordWrap(True)
        self.import_button = QPushButton("Import a file…", import_box)
        self.import_button.setObjectName("import_file")
        self.import_button.clicked.connect(self.open_import)
        self.lead_sheet_button = QPushButton("Import an edited lead sheet…", import_box)
        self.lead_sheet_button.setObjectName("import_lead_sheet")
        self.lead_sheet_button.setToolTip("Bring back the lead sheet (XLSX) its owners edited: review, then save")
        self.lead_sheet_button.clicked.connect(self.open_lead_sheet_import)
        inner = QVBoxLayout(import_box)
        inner.addWidget(import_text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.lead_sheet_button)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        self.log_model = RowTableModel(LOG_COLUMNS, self)
        self.log_proxy = RowFilterProxyModel(self)
        self.log_proxy.setSourceModel(self.log_model)
        self.log = TableViewWidget("export_log", self.log_proxy, self.log_proxy.set_filter_text, settings.ui_state,
                                   placeholder="Filter the export log…")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(import_box)
        layout.addWidget(QLabel("Files written (the export log — erasing a person lists the files that hold them)"))
        layout.addWidget(self.log, 1)
        workspace.changed.connect(self.on_tables_changed)
        workspace.event_changed.connect(lambda _e: self._update_buttons())
        self._update_buttons()

    def watches(self, tables: set[str]) -> bool:
        return "*" in tables or "export_log" in tables

    def reload(self) -> None:
        self._dirty = False
        self.log_model.set_rows(self.ws.read(list_exports))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_event = self.ws.current_event is not None
        for key, button in self.buttons.items():
            ok = available(key)
            button.setEnabled(has_event and ok)
            button.setToolTip("" if ok else "This export is not available in this version yet")
        self.import_button.setEnabled(has_event)
        self.lead_sheet_button.setEnabled(has_event)

    def open_export(self, key: str) -> ExportDialog | None:
        if self.ws.current_event is None or not available(key):
            return None
        from ui.dialogs.export_dialog import ExportDialog
        from ui.dialogs.impact_export_dialog import ImpactExportDialog

        start_dir = self.settings.preferences.export_dir
        dialog = (ImpactExportDialog(self.ws, start_dir, self) if key == "impact"  # format and as-of options
                  else ExportDialog(key, self.ws, start_dir, self))
        dialog.finished_export.connect(lambda result: self._remember_dir(result.paths))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _remember_dir(self, paths: list[Path]) -> None:
        if paths:
            self.settings.preferences.export_dir = str(paths[0].parent)

    def open_lead_sheet_import(self) -> LeadSheetImportDialog | None:
        if self.ws.current_event is None:
            return None
        from ui.dialogs.lead_sheet_import_dialog import LeadSheetImportDialog

        dialog = LeadSheetImportDialog(self.ws, self.settings.preferences.export_dir, self)
        dialog.saved.connect(self.status_message)
        self.dialog = dialog
        dialog.open()
        return dialog

    def open_import(self) -> ImportDialog | None:
        if self.ws.current_event is None:
            return None
        from ui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self.ws, self.settings.preferences.import_dir, self)
        dialog.imported.connect(lambda plan: setattr(self.settings.preferences, "import_dir", str(plan.path.parent)))
        self.dialog = dialog
        dialog.open()
        return dialog

    def save_state(self) -> None:
        self.log.save_state()
