"""One dialog for every export: where to, for whom, options; runs on a worker; then open the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner.services.outputs.export_jobs import (
    KINDS,
    ExportRequest,
    ExportResult,
    default_export_name,
    delegate_choices,
    run_export,
)
from planner.services.outputs.export_log import logger_for
from ui.dialogs.error_dialog import show_failure
from ui.tasks import TaskFailure, TaskHandle
from ui.workspace import Workspace

PAPERS = [("A4", "a4"), ("US Letter", "letter")]
CRM_FORMATS = [("HubSpot contacts", "hubspot"), ("Salesforce leads", "salesforce")]


class ExportDialog(QDialog):
    """Gathers an :class:`ExportRequest`; ``finished_export`` carries the result."""

    finished_export = Signal(object)

    def __init__(self, kind: str, workspace: Workspace, start_dir: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert workspace.current_event is not None
        self.ws = workspace
        self.kind = KINDS[kind]
        self.event_row = workspace.current_event
        self.result_value: ExportResult | None = None
        self.handle: TaskHandle | None = None
        self.setWindowTitle(f"Export {self.kind.title.lower()} — {self.event_row.name}")
        intro = QLabel(self.kind.description, self)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.scope_all = QRadioButton("The whole delegation", self)
        self.scope_chosen = QRadioButton("Chosen delegates", self)
        self.scope_each = QRadioButton("One file per delegate (into a folder)", self)
        self.scope_group = QButtonGroup(self)
        self.delegates = QListWidget(self)
        self.delegates.setObjectName("export_delegates")
        self.delegates.setMaximumHeight(150)
        if kind in ("briefing", "ics"):
            scope = QVBoxLayout()
            for button in (self.scope_all, self.scope_chosen) + ((self.scope_each,) if kind == "briefing" else ()):
                self.scope_group.addButton(button)
                scope.addWidget(button)
            self.scope_all.setChecked(True)
            for pid, label in workspace.read(lambda s: delegate_choices(s, self.event_row.code)):
                item = QListWidgetItem(label, self.delegates)
                item.setData(Qt.ItemDataRole.UserRole, pid)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            scope.addWidget(self.delegates)
            form.addRow("For", scope)
            self.scope_group.buttonToggled.connect(lambda *_: self._scope_changed())
        # widgets not placed in the form would sit on top of the intro: hide what this kind lacks
        self.scope_each.setVisible(kind == "briefing")
        for widget in (self.scope_all, self.scope_chosen, self.delegates):
            widget.setVisible(kind in ("briefing", "ics"))
        self.paper = QComboBox(self)
        for text, value in PAPERS:
            self.paper.addItem(text, value)
        # Special-category data (health, religion): off by default, and it says what it prints.
        self.include_needs = QCheckBox("Print every delegate's dietary and access needs (they reveal health and religion)", self)
        self.include_needs.setObjectName("export_include_needs")
        self.include_needs.setToolTip(
            "The who's-who of the delegation pack then lists each delegate's dietary and access needs, "
            "which reveal health and religion: share such a pack only with the staff who need it. "
            "Without this, each delegate sees only their own needs, in their own pack.")
        # Nothing is sent: one .eml per delegate's pack, beside it, for the user's own mail program.
        self.email_drafts = QCheckBox("Also write an e-mail draft (.eml) for each delegate, their pack attached", self)
        self.email_drafts.setObjectName("export_email_drafts")
        self.email_drafts.setToolTip(
            "Beside each pack, a message To: the delegate with a short text and the pack attached. Outlook "
            "opens it ready to send; in Thunderbird open it and choose Edit As New Message. Mission Desk "
            "sends nothing itself.")
        if kind == "briefing":
            form.addRow("Paper size", self.paper)
            form.addRow("Needs", self.include_needs)
            form.addRow("E-mail", self.email_drafts)
        self.email_drafts.setVisible(kind == "briefing")
        self.crm_format = QComboBox(self)
        for text, value in CRM_FORMATS:
            self.crm_format.addItem(text, value)
        if kind == "crm":
            form.addRow("Format", self.crm_format)
            self.crm_format.currentIndexChanged.connect(lambda _i: self._suggest_path())
        # a lead sheet for one member organisation (to send to that member), or everyone's
        self.member = QComboBox(self)
        self.member.setObjectName("export_member")
        self.member.addItem("Every member organisation", None)
        if kind == "leads":
            from planner.services.followup.member_organisations import member_organisation_names

            event_id = self.event_row.id
            for name in workspace.read(lambda s: member_organisation_names(s, event_id)):
                self.member.addItem(name, name)
            form.addRow("Leads of", self.member)
        self.member.setVisible(kind == "leads")
        self.paper.setVisible(kind == "briefing")  # options of other exports stay out of sight
        self.include_needs.setVisible(kind == "briefing")
        self.crm_format.setVisible(kind == "crm")
        self.path = QLineEdit(self)
        self.path.setObjectName("export_path")
        browse = QPushButton("Choose…", self)
        browse.setAutoDefault(False)  # Enter in the path box must not open a file chooser
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("Save to", row)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: palette(link);")
        self.done_label = QLabel(self)
        self.done_label.setObjectName("export_done")
        self.done_label.setWordWrap(True)
        self.open_button = QPushButton("Open file", self)
        self.open_button.setObjectName("export_open_file")
        self.show_button = QPushButton("Show in folder", self)
        self.show_button.setObjectName("export_show_folder")
        for button in (self.open_button, self.show_button):
            button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_file)
        self.show_button.clicked.connect(self.show_in_folder)
        after = QHBoxLayout()
        after.addWidget(self.open_button)
        after.addWidget(self.show_button)
        after.addStretch(1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.export_button = self.buttons.addButton("Export", QDialogButtonBox.ButtonRole.ApplyRole)
        self.export_button.setObjectName("export_run")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.start_export)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.done_label)
        layout.addLayout(after)
        layout.addWidget(self.buttons)
        self._start_dir = Path(start_dir) if start_dir else Path.home()
        self._scope_changed()
        self._show_done(None)
        self.resize(560, self.sizeHint().height())

    # -- options ----------------------------------------------------------------------------------
    def _per_delegate(self) -> bool:
        return self.scope_each.isChecked()

    def _chosen_ids(self) -> list[int]:
        return [int(self.delegates.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.delegates.count())
                if self.delegates.item(i).checkState() == Qt.CheckState.Checked]

    def _scope_changed(self) -> None:
        self.delegates.setEnabled(self.scope_chosen.isChecked())
        # only the delegation pack prints other delegates' needs; each delegate's pack shows their own
        self.include_needs.setEnabled(self.scope_all.isChecked())
        if not self.scope_all.isChecked():
            self.include_needs.setChecked(False)
        # drafts go to delegates: one per delegate's own pack, never for the delegation's
        self.email_drafts.setEnabled(not self.scope_all.isChecked())
        if self.scope_all.isChecked():
            self.email_drafts.setChecked(False)
        self._suggest_path()

    def _suggest_path(self) -> None:
        name = default_export_name(self.event_row.code, self.kind.key, self.crm_format.currentData(),
                                   folder=self._per_delegate())
        current = Path(self.path.text()) if self.path.text() else None
        folder = (current if current and current.is_dir() else current.parent) if current else self._start_dir
        self.path.setText(str(folder / name))

    def _browse(self) -> None:
        if self._per_delegate():
            chosen = QFileDialog.getExistingDirectory(self, "Choose a folder", str(Path(self.path.text()).parent))
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, f"Save {self.kind.title.lower()}", self.path.text(),
                                                    f"{self.kind.title} (*{self.kind.suffix})")
        if chosen:
            self.path.setText(chosen)

    def request(self) -> ExportRequest:
        path = Path(self.path.text().strip()).expanduser()
        if not self._per_delegate() and self.kind.suffix and path.suffix.lower() != self.kind.suffix:
            path = path.with_name(path.name + self.kind.suffix)
        ids = self._chosen_ids() if self.scope_chosen.isChecked() else None
        drafts = None
        if self.kind.key == "briefing" and self.email_drafts.isChecked() and not self.scope_all.isChecked():
            drafts = path if self._per_delegate() else path.parent  # beside each pack
        return ExportRequest(self.kind.key, self.event_row.code, path, ids, self._per_delegate(),
                             str(self.paper.currentData()), str(self.crm_format.currentData()),
                             include_needs=self.kind.key == "briefing" and self.include_needs.isChecked()
                             and self.scope_all.isChecked(), email_drafts=drafts,
                             member_organisation=self.member.currentData() if self.kind.key == "leads" else None)

    # -- running ----------------------------------------------------------------------------------
    def start_export(self) -> None:
        self.error.clear()
        if not self.path.text().strip():
            self.error.setText("Choose where to save the file.")
            return
        request = self.request()
        if self.scope_chosen.isChecked() and not request.delegate_ids:
            self.error.setText("Tick at least one delegate, or choose the whole delegation.")
            return
        if request.email_drafts is not None and not request.per_delegate and len(request.delegate_ids or []) != 1:
            self.error.setText("E-mail drafts go to one delegate each: tick one delegate, or choose one file "
                               "per delegate.")
            return
        self.export_button.setEnabled(False)
        self._show_done(None)
        log = logger_for(self.ws.db)
        self.handle = self.ws.runner.start(
            f"Exporting {self.kind.title.lower()}…",
            # a read session builds it; each file is logged in its own short write unit
            lambda session, progress, cancel: run_export(session, request, progress, cancel, log=log),
            on_done=self._done, on_error=self._failed, on_cancelled=self._cancelled, dialog_parent=self)

    def _done(self, result: ExportResult) -> None:
        self.export_button.setEnabled(True)
        self.result_value = result
        self._show_done(result)
        self.ws.notify_external_change({"export_log", "pack_revision"})
        self.finished_export.emit(result)

    def _failed(self, failure: TaskFailure) -> None:
        self.export_button.setEnabled(True)
        if failure.expected:
            self.error.setText(failure.message)
        else:
            show_failure(self, failure)

    def _cancelled(self) -> None:
        self.export_button.setEnabled(True)
        self.error.setText("Export cancelled.")

    def _show_done(self, result: ExportResult | None) -> None:
        visible = result is not None
        if result is not None:
            lines = [result.message, *(str(p) for p in result.paths[:5])]
            if len(result.paths) > 5:
                lines.append(f"… and {len(result.paths) - 5} more")
            lines += [f"Note: {w}" for w in result.warnings]
            self.done_label.setText("\n".join(lines))
        self.done_label.setVisible(visible)
        self.open_button.setVisible(visible and bool(result and len(result.paths) == 1))
        self.show_button.setVisible(visible)

    def open_file(self) -> None:
        if self.result_value and self.result_value.paths:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_value.paths[0])))

    def show_in_folder(self) -> None:
        if self.result_value and self.result_value.paths:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_value.paths[0].parent)))

    def reject(self) -> None:
        if self.handle is not None and not self.handle.done:
            self.handle.cancel()
        super().reject()
