"""Import a file: choose or drop it, check the detected preset, encoding and column mapping,
preview what would happen (with row errors), then import on a worker with progress and cancel.

Every step re-plans through ``planner.imports.service.plan_import`` (a dry run that changes
nothing); Import calls ``apply_import``. A bulk import is not undoable: the undo history is
cleared afterwards, and the user is told so before importing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlannerError
from planner.imports.files.decoding import LEGACY_ENCODINGS
from planner.imports.plan import ImportOptions, ImportPlan
from planner.imports.preset_catalog import FIELDS_BY_KIND, IGNORE
from planner.imports.rejects import StagedRejects, default_rejects_path, log_rejects, stage_rejects
from planner.imports.service import apply_import, plan_import
from planner.services.events.events import get_event
from ui.dialogs.error_dialog import show_failure
from ui.models.columns import Column, attr
from ui.models.row_table_model import RowTableModel
from ui.tasks import TaskFailure, TaskHandle
from ui.workspace import Workspace

KIND_LABELS = [("People and organisations", "people"), ("Partnering meetings", "meetings"),
               ("Slots and side events", "slots")]
PREVIEW_COLUMNS = [
    Column("line", "Line", lambda r: str(r.line), lambda r: r.line, width=5),
    Column("action", "Action", attr("action"), width=8),
    Column("label", "Record", attr("label"), tooltip=attr("label"), width=30),
    Column("detail", "Details", attr("detail"), tooltip=attr("detail"), width=30),
    Column("candidates", "Possible duplicate", lambda r: _best_candidate(r),
           tooltip=lambda r: "\n".join(f"{c.label} — {c.score}: {c.reason}" for c in r.candidates),
           width=40),
]


def _best_candidate(row: Any) -> str:
    if not row.candidates:
        return ""
    best = row.candidates[0]
    more = f" (+{len(row.candidates) - 1} more)" if len(row.candidates) > 1 else ""
    return f"{best.label} — {best.score}: {best.reason}{more}"


def header_fields(plan: ImportPlan) -> dict[str, str]:
    """header → field, from the plan's field → headers mapping."""
    result: dict[str, str] = {}
    for field_name, headers in plan.mapping.items():
        for header in (headers if isinstance(headers, tuple | list) else (headers,)):
            result[str(header)] = field_name
    for header in plan.unmapped:
        result.setdefault(header, IGNORE)
    return result


class ImportDialog(QDialog):
    imported = Signal(object)  # the applied ImportPlan

    def __init__(self, workspace: Workspace, start_dir: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert workspace.current_event is not None
        self.ws = workspace
        self.event_code = workspace.current_event.code
        self.plan: ImportPlan | None = None
        self.handle: TaskHandle | None = None
        self._start_dir = start_dir
        self._field_combos: dict[str, QComboBox] = {}
        self.setWindowTitle(f"Import into {workspace.current_event.name}")
        self.setAcceptDrops(True)
        self.path = QLineEdit(self)
        self.path.setObjectName("import_path")
        self.path.setPlaceholderText("Choose a CSV or Excel file, or drop it here")
        browse = QPushButton("Choose…", self)
        browse.setAutoDefault(False)  # Enter in the path box must not open a file chooser
        browse.clicked.connect(self._browse)
        self.kind = QComboBox(self)
        self.kind.setObjectName("import_kind")
        for text, value in KIND_LABELS:
            self.kind.addItem(text, value)
        self.encoding = QComboBox(self)
        self.encoding.setObjectName("import_encoding")
        self.encoding.addItem("Detect automatically", None)
        for enc in ("utf-8", *LEGACY_ENCODINGS):
            self.encoding.addItem(enc, enc)
        self.detected = QLabel(self)
        self.detected.setObjectName("import_detected")
        self.detected.setWordWrap(True)
        self.skip_bad = QCheckBox("Import the good rows and write the bad ones to a file to fix", self)
        top = QFormLayout()
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        top.addRow("File", file_row)
        top.addRow("Contains", self.kind)
        top.addRow("Encoding", self.encoding)
        top.addRow("Detected", self.detected)
        self.mapping_box = QWidget(self)
        self.mapping_form = QFormLayout(self.mapping_box)
        mapping_scroll = QScrollArea(self)
        mapping_scroll.setWidgetResizable(True)
        mapping_scroll.setWidget(self.mapping_box)
        self.preview_model = RowTableModel(PREVIEW_COLUMNS, self)
        self.preview = QTableView(self)
        self.preview.setObjectName("import_preview")
        self.preview.setModel(self.preview_model)
        self.preview.verticalHeader().setVisible(False)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.preview.horizontalHeader().setStretchLastSection(True)
        char = self.preview.fontMetrics().averageCharWidth()
        for i, column in enumerate(PREVIEW_COLUMNS):
            if column.width:
                self.preview.horizontalHeader().resizeSection(i, column.width * char)
        self.preview.selectionModel().currentRowChanged.connect(lambda *_a: self._update_same_as())
        self.same_as = QToolButton(self)
        self.same_as.setObjectName("import_same_as")
        self.same_as.setText("Same person as…")
        self.same_as.setToolTip("Merge the selected row into a person it may be (proposed, never "
                                "automatic), or keep it as a new person")
        self.same_as.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.same_as.setMenu(QMenu(self.same_as))
        self.same_as.setEnabled(False)
        self._merge_into: dict[int, str] = {}
        preview_box = QWidget(self)
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview, 1)
        same_row = QHBoxLayout()
        same_row.addWidget(self.same_as)
        same_row.addStretch(1)
        preview_layout.addLayout(same_row)
        split = QSplitter(self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Columns → fields", self))
        left_layout.addWidget(mapping_scroll)
        split.addWidget(left)
        split.addWidget(preview_box)
        split.setStretchFactor(1, 2)
        split.setSizes([330, 850])
        self.summary = QLabel(self)
        self.summary.setObjectName("import_summary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.ApplyRole)
        self.import_button.setObjectName("import_run")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        for button in self.buttons.buttons():  # Enter confirms the path box, never closes or imports
            button.setAutoDefault(False)
            button.setDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.skip_bad)
        layout.addWidget(self.buttons)
        self.path.editingFinished.connect(self.replan)
        self.skip_bad.toggled.connect(lambda _on: self._update_import_button())
        self.kind.currentIndexChanged.connect(lambda _i: self.replan(keep_mapping=False))
        self.encoding.currentIndexChanged.connect(lambda _i: self.replan())
        self.resize(1180, 660)

    # -- choosing the file ------------------------------------------------------------------------
    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Choose a file to import", self._start_dir,
                                                "Spreadsheets (*.csv *.txt *.tsv *.xlsx);;All files (*)")
        if chosen:
            self.set_file(chosen)

    def set_file(self, path: str) -> None:
        self._merge_into.clear()
        self.path.setText(path)
        self.replan(keep_mapping=False)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.set_file(urls[0].toLocalFile())
            event.acceptProposedAction()

    # -- planning (dry run) -----------------------------------------------------------------------
    def options(self, keep_mapping: bool = True) -> ImportOptions:
        overrides = {h: str(c.currentData()) for h, c in self._field_combos.items()} if keep_mapping else {}
        return ImportOptions(overrides=overrides, encoding=self.encoding.currentData(),
                             skip_bad_rows=self.skip_bad.isChecked(),
                             merge_into=dict(self._merge_into))

    # -- choosing who a row is ----------------------------------------------------------------------
    def _selected_action(self) -> Any | None:
        index = self.preview.currentIndex()
        return self.preview_model.row_at(index.row()) if index.isValid() else None

    def _update_same_as(self) -> None:
        row = self._selected_action()
        menu = self.same_as.menu()
        menu.clear()
        if row is None or (self.plan is not None and self.plan.applied):
            self.same_as.setEnabled(False)
            return
        for candidate in row.candidates:
            action = menu.addAction(f"Merge into {candidate.label} — {candidate.score}: "
                                    f"{candidate.reason}")
            action.triggered.connect(lambda _c=False, line=row.line, uuid=candidate.uuid:
                                     self._choose(line, uuid))
        if row.line in self._merge_into:
            menu.addAction("Keep as a new person").triggered.connect(
                lambda _c=False, line=row.line: self._choose(line, None))
        self.same_as.setEnabled(not menu.isEmpty())

    def _choose(self, line: int, uuid: str | None) -> None:
        if uuid is None:
            self._merge_into.pop(line, None)
        else:
            self._merge_into[line] = uuid
        self.replan()

    def replan(self, keep_mapping: bool = True) -> None:
        path = self.path.text().strip()
        if not path:
            return
        if self.handle is not None and not self.handle.done:
            self.handle.cancel()
        self.import_button.setEnabled(False)
        self.summary.setText("Reading the file…")
        kind, event, options = str(self.kind.currentData()), self.event_code, self.options(keep_mapping)
        self.handle = self.ws.runner.start(
            "Reading the file…",
            lambda session, progress, cancel: plan_import(session, Path(path), kind, event, options, progress,
                                                          cancel),
            on_done=self._show_plan, on_error=self._failed, dialog_parent=self)

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        encoding = plan.encoding or "—"
        delimiter = {",": "comma", ";": "semicolon", "\t": "tab"}.get(plan.delimiter or "", plan.delimiter or "")
        sheet = f", sheet “{plan.sheet}”" if plan.sheet else ""
        self.detected.setText(f"{plan.preset_label} ({plan.confidence:.0%} sure) · encoding {encoding}"
                              + (f" · {delimiter}-separated" if delimiter else "") + sheet)
        self._fill_mapping(plan)
        self.preview_model.set_rows(plan.rows)
        self._update_same_as()
        lines = [plan.summary()]
        lines += [str(e) for e in plan.errors[:8]]
        if len(plan.errors) > 8:
            lines.append(f"… and {len(plan.errors) - 8} more problems")
        lines += [f"Warning: {w}" for w in plan.warnings[:8]]
        if len(plan.warnings) > 8:
            lines.append(f"… and {len(plan.warnings) - 8} more warnings")
        self.summary.setText("\n".join(lines))
        self._update_import_button()

    def _update_import_button(self) -> None:
        plan = self.plan
        self.import_button.setEnabled(plan is not None and not plan.applied and (
            plan.ok or self.skip_bad.isChecked()))

    def _fill_mapping(self, plan: ImportPlan) -> None:
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self._field_combos.clear()
        fields = FIELDS_BY_KIND[plan.kind]
        for header, field_name in header_fields(plan).items():
            combo = QComboBox(self.mapping_box)
            combo.addItem("(leave out)", IGNORE)
            for f in fields:
                combo.addItem(f.replace("_", " "), f)
            combo.setCurrentIndex(max(0, combo.findData(field_name)))
            combo.currentIndexChanged.connect(lambda _i: self.replan())
            self.mapping_form.addRow(header, combo)
            self._field_combos[header] = combo

    def _failed(self, failure: TaskFailure) -> None:
        self.import_button.setEnabled(False)
        if failure.expected:
            self.summary.setText(failure.message)
        else:
            show_failure(self, failure)

    # -- importing --------------------------------------------------------------------------------
    def start_import(self) -> None:
        if self.plan is None:
            return
        path, kind, event, options = self.plan.path, self.plan.kind, self.event_code, self.options()
        staged: StagedRejects | None = None
        if options.skip_bad_rows:
            # the rejected rows hold people's data: written to a hidden staging file, logged in
            # the import's own write unit, moved into place only once that committed
            try:
                staged = stage_rejects(default_rejects_path(Path(path)))
            except PlannerError as exc:
                self.summary.setText(str(exc))
                return
            options = dataclasses.replace(options, bad_rows_path=staged.staging)
        self.import_button.setEnabled(False)

        def job(session: Any, progress: Any, cancel: Any) -> ImportPlan:
            plan = apply_import(session, path, kind, event, options, progress, cancel)
            if staged is not None and plan.bad_rows_path == staged.staging and staged.written:
                headers = [h for name, hs in plan.mapping.items() if "email" in name for h in hs]
                log_rejects(session, staged, event_id=get_event(session, event).id,
                            email_headers=headers)
            return plan

        def done(plan: ImportPlan) -> None:
            if staged is not None:
                if plan.bad_rows_path == staged.staging and staged.written:
                    plan.bad_rows_path = staged.publish()  # logged and committed: now it appears
                else:
                    staged.discard()
            self._imported(plan)

        def failed(failure: TaskFailure) -> None:
            if staged is not None:
                staged.discard()
            self._failed(failure)

        def cancelled() -> None:
            if staged is not None:
                staged.discard()
            self.summary.setText("Import cancelled: nothing was changed.")

        self.handle = self.ws.runner.start("Importing…", job, on_done=done, on_error=failed,
                                           on_cancelled=cancelled, writes=True, dialog_parent=self)

    def _imported(self, plan: ImportPlan) -> None:
        self.plan = plan
        text = plan.summary()
        if plan.bad_rows_path:
            text += f"\nRows with problems were written to {plan.bad_rows_path}."
        if plan.applied:
            self.ws.clear_history()  # a bulk import is not undoable; older edits cannot be replayed over it
            self.ws.notify_external_change()
            text += "\nThe import cannot be undone with Ctrl+Z (a backup was kept when the file was opened)."
            self.imported.emit(plan)
        self.summary.setText(text)
        self.import_button.setEnabled(not plan.applied)

    def reject(self) -> None:
        if self.handle is not None and not self.handle.done:
            self.handle.cancel()
        super().reject()

