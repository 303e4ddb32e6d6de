"""File ▸ Import edited lead sheet…: bring back a lead sheet (XLSX) the owners edited, review
what it would change, then save it as one undoable step.

Choosing a file reads and checks it on a worker (:func:`planner.imports.leads.sheet.plan_lead_sheet`,
a dry run that changes nothing). The review lists the changes field by field (now → from the
sheet), the conflicts (changed in Mission Desk since the export and edited in the sheet: never
overwritten), the rows left out and any errors; with errors nothing can be saved. Save plans
again inside its own write, so an edit made meanwhile by anyone is never overwritten: when that
fresh plan differs from the one reviewed, nothing is saved and the new review is shown.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.enums import ActionStatus, LeadStage, label
from planner.errors import PlannerError
from planner.imports.leads.sheet import LeadSheetPlan, apply_lead_sheet, plan_lead_sheet
from planner.services.events.events import get_event
from ui.dialogs.error_dialog import show_failure
from ui.tasks import TaskFailure, TaskHandle
from ui.workspace import Workspace


class PlanChanged(PlannerError):
    """The sheet would now change something else than what was reviewed (someone saved meanwhile)."""

    def __init__(self, plan: LeadSheetPlan) -> None:
        super().__init__("These leads were changed in Mission Desk since you reviewed the sheet: nothing was "
                         "saved. Review what the sheet would change now, then save again.")
        self.plan = plan


_CHOICES: dict[str, type[StrEnum]] = {"Stage": LeadStage, "Action status": ActionStatus}


def _shown(header: str, value: Any) -> str:
    """A value as the sheet shows it: stages and statuses by their labels, dates as ISO dates."""
    if value is None or value == "":
        return "(empty)"
    if header in _CHOICES:
        try:
            return label(_CHOICES[header](value))
        except ValueError:
            return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return f"{value:,}"
    text = str(value).replace("\n", " ⏎ ")
    return text if len(text) <= 80 else text[:79] + "…"


def _what(plan: LeadSheetPlan) -> list[tuple[str, str, tuple[Any, ...]]]:
    """What saving ``plan`` would write, to compare a fresh plan with the one reviewed."""
    return [(c.lead_uuid, c.action_uuid, tuple(sorted((h, repr(v)) for h, v in c.fields.items())))
            for c in plan.changes]


def summary(plan: LeadSheetPlan) -> str:
    parts = [f"{len(plan.changes)} lead(s) to change", f"{plan.unchanged} unchanged"]
    if plan.conflicts:
        parts.append(f"{len(plan.conflicts)} conflict(s), not overwritten")
    if plan.warnings:
        parts.append(f"{len(plan.warnings)} warning(s)")
    text = ", ".join(parts) + "."
    if plan.errors:
        text = (f"{len(plan.errors)} problem(s) in the sheet: correct them in the sheet and choose it again. "
                f"Nothing can be saved until then. ({text})")
    elif not plan.changes:
        text += " Nothing to save."
    return text


class LeadSheetImportDialog(QDialog):
    """Imports into ``workspace.current_event``; ``saved`` carries a one-line summary."""

    saved = Signal(str)

    def __init__(self, workspace: Workspace, start_dir: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert workspace.current_event is not None
        self.ws = workspace
        self.event_code = workspace.current_event.code
        self.plan: LeadSheetPlan | None = None
        self.checked_path: Path | None = None
        self.handle: TaskHandle | None = None
        self._start_dir = start_dir
        self.setObjectName("lead_sheet_import_dialog")
        self.setWindowTitle(f"Import an edited lead sheet into {workspace.current_event.name}")
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        intro = QLabel("Choose the lead sheet (XLSX) exported from Mission Desk and edited by its owners. "
                       "Nothing is saved until you review the changes and press Save.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.path = QLineEdit(self)
        self.path.setObjectName("lead_sheet_path")
        self.path.setPlaceholderText("Choose the edited lead sheet, or drop it here")
        self.path.returnPressed.connect(lambda: self.check_file(self.path.text()))
        browse = QPushButton("Choose…", self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.summary = QLabel(self)
        self.summary.setObjectName("lead_sheet_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.review = QTreeWidget(self)
        self.review.setObjectName("lead_sheet_review")
        self.review.setHeaderLabels(["Where", "What"])
        self.review.setColumnWidth(0, 260)
        self.review.setAlternatingRowColors(True)
        layout.addWidget(self.review, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.save_button: QPushButton = self.buttons.addButton("Save changes", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("lead_sheet_save")
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(820, 560)

    # -- choosing and checking ---------------------------------------------------------------------
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose the edited lead sheet", self._start_dir,
                                              "Excel workbooks (*.xlsx);;All files (*)")
        if path:
            self.check_file(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            self.check_file(urls[0].toLocalFile())

    def check_file(self, path: str) -> None:
        """Read and check the sheet on a worker; the review shows what saving it would do."""
        if not path.strip():
            return
        self.path.setText(path)
        self.plan = None
        self.save_button.setEnabled(False)
        self.review.clear()
        self.summary.setText("Reading the sheet…")
        if self.handle is not None and not self.handle.done:
            self.handle.cancel()
        event, target = self.event_code, Path(path)
        self.checked_path = target  # what Save reads again, whatever is typed in the box later

        def job(session: Any, progress: Any, cancel: Any) -> LeadSheetPlan:
            return plan_lead_sheet(session, get_event(session, event), target, cancel=cancel)

        def done(plan: LeadSheetPlan) -> None:
            if self.checked_path == target:  # not a file chosen before this one, finishing late
                self.show_plan(plan)

        def failed(failure: TaskFailure) -> None:
            if self.checked_path == target:
                self._failed(failure)

        self.handle = self.ws.runner.start("Reading the lead sheet…", job, on_done=done, on_error=failed,
                                           dialog_parent=self)

    def _failed(self, failure: TaskFailure) -> None:
        self.save_button.setEnabled(False)
        if failure.expected:
            self.summary.setText(failure.message)
        else:
            self.summary.setText("")
            show_failure(self, failure)

    def show_plan(self, plan: LeadSheetPlan) -> None:
        self.plan = plan
        self.summary.setText(summary(plan))
        self.review.clear()
        self._group("Errors: correct these in the sheet", [(e.sheet + (f" row {e.row}" if e.row else ""),
                                                           _problem(e)) for e in plan.errors])
        changes = self._group("Changes to save", [])
        for change in plan.changes:
            item = QTreeWidgetItem(changes, [change.where, change.person])
            for header, (old, new) in change.fields.items():
                QTreeWidgetItem(item, [header, f"{_shown(header, old)} → {_shown(header, new)}"])
        self._group("Conflicts: changed in Mission Desk since the export, not overwritten",
                    [(c.where, f"{c.person}: {', '.join(c.fields)}") for c in plan.conflicts])
        self._group("Left out, and other warnings", [(w.sheet + (f" row {w.row}" if w.row else ""), _problem(w))
                                                     for w in plan.warnings])
        for i in range(self.review.topLevelItemCount()):
            group = self.review.topLevelItem(i)
            group.setHidden(group.childCount() == 0)
        self.review.expandAll()
        self.save_button.setEnabled(plan.ok and bool(plan.changes) and not self.ws.read_only)
        self.save_button.setText(f"Save {len(plan.changes)} change(s)" if plan.changes else "Save changes")

    def _group(self, title: str, lines: list[tuple[str, str]]) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self.review, [title])
        group.setFirstColumnSpanned(True)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        for where, what in lines:
            child = QTreeWidgetItem(group, [where, what])
            child.setToolTip(1, what)
        return group

    # -- saving -------------------------------------------------------------------------------------
    def save(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok or not plan.changes:
            return
        event, path, reviewed = self.event_code, self.checked_path, _what(plan)
        if path is None:
            return

        def write(session: Any) -> int:
            fresh = plan_lead_sheet(session, get_event(session, event), path)
            if not fresh.ok or _what(fresh) != reviewed:
                raise PlanChanged(fresh)
            return apply_lead_sheet(session, get_event(session, event), fresh)

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # the sheet is read again: a second or two
        try:
            count = self.ws.edit(f"Import lead sheet {path.name}", write)
        except PlanChanged as exc:
            self.show_plan(exc.plan)
            self.summary.setText(f"{exc} {self.summary.text()}")
            return
        except PlannerError as exc:
            self.summary.setText(str(exc))
            return
        except OSError as exc:  # the file moved or became unreadable since it was checked
            self.summary.setText(f"Could not read {path.name} again: {exc.strerror or exc}. Nothing was saved.")
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.saved.emit(f"{count} lead(s) changed from {path.name} (Ctrl+Z undoes it)")
        self.accept()

    def reject(self) -> None:
        if self.handle is not None and not self.handle.done:
            self.handle.cancel()
        super().reject()


def _problem(problem: Any) -> str:
    where = f"“{problem.column}”: " if problem.column else ""
    value = f" (value: “{problem.value}”)" if problem.value else ""
    return f"{where}{problem.message}{value}"
