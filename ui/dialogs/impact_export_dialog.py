"""Export the impact report: the export dialog with the report's own options.

The options are those of ``planner export impact``: the file format (a PDF to read and print, or
an Excel workbook, chosen by the file's suffix on the command line) and the day the report is
as of (follow-ups open and due before it count as overdue), by default the mission's today
(:func:`planner.services.events.clock.event_today`). Running, the progress dialog, the export log and
"Open file" are the shared :class:`ExportDialog`'s.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from planner.services.events.clock import event_today
from planner.services.outputs.export_jobs import IMPACT_SUFFIXES, ExportRequest
from ui.dialogs.export_dialog import ExportDialog
from ui.workspace import Workspace

FORMATS = [("PDF (to read and print)", ".pdf"), ("Excel workbook (.xlsx)", ".xlsx")]
FILE_FILTERS = {".pdf": "PDF (*.pdf)", ".xlsx": "Excel workbook (*.xlsx)"}


class ImpactExportDialog(ExportDialog):
    def __init__(self, workspace: Workspace, start_dir: str, parent: QWidget | None = None) -> None:
        super().__init__("impact", workspace, start_dir, parent)
        for unused in (self.scope_all, self.scope_chosen, self.scope_each, self.delegates):
            unused.setVisible(False)  # built for every kind, laid out only for packs and calendars
        self.file_format = QComboBox(self)
        self.file_format.setObjectName("export_impact_format")
        for text, suffix in FORMATS:
            self.file_format.addItem(text, suffix)
        self.as_of = QDateEdit(self)
        self.as_of.setObjectName("export_impact_as_of")
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setDate(QDate(event_today(self.event_row)))
        self.as_of.setToolTip("Follow-ups still open and due before this day count as overdue in the report "
                              "(default: today where the mission is run from)")
        form = self.findChild(QFormLayout)
        assert form is not None
        form.insertRow(0, "Format", self.file_format)
        as_of_row = QHBoxLayout()
        as_of_row.addWidget(self.as_of)
        hint = QLabel("follow-ups open and due before this day count as overdue", self)
        hint.setEnabled(False)
        as_of_row.addWidget(hint, 1)
        form.insertRow(1, "As of", as_of_row)
        self.file_format.currentIndexChanged.connect(lambda _i: self._swap_suffix())
        self.path.textChanged.connect(self._follow_suffix)
        self._suggest_path()
        self.resize(560, self.sizeHint().height())

    def suffix(self) -> str:
        combo = getattr(self, "file_format", None)  # None while the shared dialog builds itself
        return str(combo.currentData()) if combo is not None else IMPACT_SUFFIXES[0]

    def _suggest_path(self) -> None:
        super()._suggest_path()
        self._swap_suffix()

    def _swap_suffix(self) -> None:
        """The chosen format's suffix on the file name, keeping the name the user gave."""
        text = self.path.text().strip()
        path = Path(text)
        if text and path.suffix.lower() in IMPACT_SUFFIXES and path.suffix.lower() != self.suffix():
            self.path.setText(str(path.with_suffix(self.suffix())))

    def _follow_suffix(self, text: str) -> None:
        """A name typed or chosen with .pdf or .xlsx picks that format."""
        suffix = Path(text.strip()).suffix.lower()
        combo = getattr(self, "file_format", None)
        if combo is not None and suffix in IMPACT_SUFFIXES and suffix != self.suffix():
            combo.setCurrentIndex([s for _, s in FORMATS].index(suffix))

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getSaveFileName(self, "Save impact report", self.path.text(),
                                                ";;".join(FILE_FILTERS.values()), FILE_FILTERS[self.suffix()])
        if chosen:
            self.path.setText(chosen)

    def request(self) -> ExportRequest:
        path = Path(self.path.text().strip()).expanduser()
        if path.suffix.lower() != self.suffix():
            path = path.with_name(path.name + self.suffix())
        return ExportRequest("impact", self.event_row.code, path, as_of=self.as_of.date().toPython())
