"""Event ▸ Start from a past event…: copy a past event's delegation, venues and contacts into
the current event (:mod:`planner.services.events.event_copy`).

The user picks the past event and ticks what comes along; the dialog shows, from a dry run,
how many of each will be made and how many are already here, and what is never copied. Copy
runs the copy as one undoable step through :meth:`Workspace.edit`.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.errors import PlannerError
from planner.services.events.event_copy import (
    KIND_TITLES,
    KINDS,
    CopyOptions,
    CopyPlan,
    copy_event,
    plan_event_copy,
)
from ui.dialogs.form_dialog import error_colour

if TYPE_CHECKING:
    from ui.workspace import Workspace


class EventCopyDialog(QDialog):
    """Copies into ``workspace.current_event``; ``copied`` carries a one-line summary."""

    copied = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("event_copy_dialog")
        self.setWindowTitle("Start from a past event")
        self.ws = workspace
        self.target = workspace.current_event
        self.plan: CopyPlan | None = None
        self.result_plan: CopyPlan | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.source = QComboBox(self)
        self.source.setObjectName("source_event")
        form.addRow("Past event", self.source)
        layout.addLayout(form)
        box = QGroupBox("What comes along", self)
        column = QVBoxLayout(box)
        self.organisations = QCheckBox("Member organisations (with lead or member role)", box)
        self.delegates = QCheckBox("Delegates with their roles", box)
        self.needs = QCheckBox("…and their dietary and access needs", box)
        self.needs.setToolTip("Health and religion show in them, and they change: copied only when ticked")
        self.venues = QCheckBox("Venues with their rooms, tables and travel times", box)
        self.contacts = QCheckBox("Event contacts", box)
        for name, check, on in (("organisations", self.organisations, True), ("delegates", self.delegates, True),
                                ("needs", self.needs, False), ("venues", self.venues, True),
                                ("contacts", self.contacts, True)):
            check.setObjectName(f"copy_{name}")
            check.setChecked(on)
            if check is self.needs:  # a sub-option of the delegates: indented under them
                row = QHBoxLayout()
                row.addSpacing(self.fontMetrics().averageCharWidth() * 4)
                row.addWidget(check, 1)
                column.addLayout(row)
            else:
                column.addWidget(check)
            check.toggled.connect(self.update_plan)
        self.delegates.toggled.connect(self.needs.setEnabled)
        layout.addWidget(box)
        self.summary = QLabel(self)
        self.summary.setObjectName("copy_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.never = QLabel(self)
        self.never.setObjectName("never_copied")
        self.never.setWordWrap(True)
        self.never.setEnabled(False)
        layout.addWidget(self.never)
        self.error = QLabel(self)
        self.error.setObjectName("copy_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {error_colour(self)};")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.copy_button: QPushButton = self.buttons.addButton("Copy", QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.setObjectName("copy_button")
        self.buttons.accepted.connect(self.copy)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill_events()
        self.source.currentIndexChanged.connect(self.update_plan)
        self.update_plan()
        self.resize(560, self.sizeHint().height())

    def _fill_events(self) -> None:
        if self.target is None:
            self.intro.setText("Choose or create the new event first (File ▸ New event…, with its own dates "
                               "and zone), then start it from a past event.")
            self.source.setEnabled(False)
            return
        self.intro.setText(f"Copy into <b>{escape(self.target.name)}</b> ({self.target.code}) what a past event "
                           "had. People and organisations are linked, not duplicated; what this event "
                           "already has is reused, so nothing is made twice.")
        others = [e for e in self.ws.events() if e.id != self.target.id]
        # most recent first; the default is the latest event that started before this one
        earlier = [e for e in others if e.start < self.target.start]
        for e in others:
            self.source.addItem(f"{e.name}  ({e.start:%d %b %Y})", e.code)
        if earlier:
            self.source.setCurrentIndex(self.source.findData(earlier[0].code))
        self.source.setEnabled(bool(others))

    def options(self) -> CopyOptions:
        return CopyOptions(organisations=self.organisations.isChecked(), delegates=self.delegates.isChecked(),
                           venues=self.venues.isChecked(), contacts=self.contacts.isChecked(),
                           needs=self.delegates.isChecked() and self.needs.isChecked())

    def source_code(self) -> str:
        return str(self.source.currentData() or "")

    def update_plan(self) -> None:
        """Dry run with the current choices: the counts shown and whether Copy can run."""
        self.plan = None
        self.error.setVisible(False)
        self.never.clear()
        source, options = self.source_code(), self.options()
        if self.target is None or not source:
            self.summary.setText("" if self.target is None else "There is no other event to start from.")
        elif not any((options.organisations, options.delegates, options.venues, options.contacts)):
            self.summary.setText("Tick what comes along.")
        else:
            target = self.target.code
            try:
                self.plan = self.ws.read(lambda s: plan_event_copy(s, source, target, options))
            except PlannerError as exc:
                self.summary.setText("")
                self._show_error(str(exc))
            else:
                self.summary.setText(_summary_html(self.plan))
                self.never.setText("Never copied:<ul style='margin: 0'>"
                                   + "".join(f"<li>{escape(line)}</li>" for line in self.plan.never_copied)
                                   + "</ul>")
        self.copy_button.setEnabled(self.plan is not None and not self.plan.nothing_to_do)

    def copy(self) -> None:
        if self.plan is None or self.target is None or self.plan.nothing_to_do:
            return
        source, target, options = self.source_code(), self.target.code, self.options()
        try:
            plan = self.ws.edit(f"Start {target} from {source}",
                                lambda s: copy_event(s, source, target, options))
        except PlannerError as exc:
            self._show_error(str(exc))
            return
        self.result_plan = plan
        made = sum(n for n, _ in plan.counts().values())
        self.copied.emit(f"Copied {made} records from {source} into {target} (Ctrl+Z undoes it)")
        self.accept()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(True)


def _summary_html(plan: CopyPlan) -> str:
    counts = plan.counts()
    rows = []
    chosen = {"delegation": plan.options.organisations or plan.options.delegates,
              "organisation": plan.options.organisations, "delegate": plan.options.delegates,
              "venue": plan.options.venues, "room": plan.options.venues, "travel": plan.options.venues,
              "contact": plan.options.contacts}
    for kind in KINDS:
        made, there = counts[kind]
        if made or there or (chosen[kind] and kind != "delegation"):
            also = f" <span style='color: gray'>({there} already here)</span>" if there else ""
            rows.append(f"<tr><td align='right'><b>{made}</b></td><td>&nbsp;{KIND_TITLES[kind]}{also}</td></tr>")
    if not rows:
        return f"{escape(plan.source)} has nothing of what is ticked."
    head = ("Nothing new to copy: everything ticked is already here." if plan.nothing_to_do
            else "Copy will make:")
    return f"{head}<table>{''.join(rows)}</table>"
