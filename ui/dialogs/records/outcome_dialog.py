"""Record a meeting's outcome in a few keystrokes: verdict (1–4), rating, tags, notes, lead."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain.enums import Verdict, label
from planner.services.followup.outcomes import OutcomeForm
from ui.dialogs.form_dialog import FormDialog, Submit

LEAD_VERDICTS = {Verdict.COOPERATION_POSSIBLE.value, Verdict.INFORMATIVE.value}


class OutcomeDialog(FormDialog):
    """Alt+1…4 pick the verdict; Enter saves. "Make a lead" appears for promising meetings."""

    def __init__(self, submit: Submit, form: OutcomeForm, parent: QWidget | None = None) -> None:
        super().__init__(f"Outcome — {form.title}", submit, parent)
        verdicts = QWidget(self)
        column = QVBoxLayout(verdicts)
        column.setContentsMargins(0, 0, 0, 0)
        self.verdict_group = QButtonGroup(self)
        self.verdict_buttons: dict[str, QRadioButton] = {}
        for number, verdict in enumerate(Verdict, start=1):
            button = QRadioButton(f"{label(verdict)}    (Alt+{number})", verdicts)
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.activated.connect(button.click)
            button.setObjectName(f"verdict_{verdict.value}")
            self.verdict_group.addButton(button)
            self.verdict_buttons[verdict.value] = button
            column.addWidget(button)
            button.toggled.connect(self._update_lead_state)
        self.add_field("verdict", "What came of it", verdicts)
        self.rating = QSpinBox(self)
        self.rating.setRange(-1, 5)
        self.rating.setSpecialValueText("—")
        self.rating.setValue(form.rating if form.rating is not None else -1)
        self.add_field("rating", "Rating (0–5)", self.rating)
        self.tags = QLineEdit(", ".join(form.tags), self)
        self.tags.setPlaceholderText("licensing, clinical trial …")
        self.add_field("tags", "Tags", self.tags, hint="Separate tags with commas")
        self.notes = QPlainTextEdit(form.notes, self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.add_field("notes", "Notes", self.notes)
        lead_box = QWidget(self)
        row = QHBoxLayout(lead_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.make_lead = QCheckBox("Make a lead, next action:", lead_box)
        self.next_action = QLineEdit(lead_box)
        self.next_action.setPlaceholderText("Send the non-confidential data pack")
        self.due = QDateEdit(QDate.currentDate().addDays(7), lead_box)
        self.due.setCalendarPopup(True)
        row.addWidget(self.make_lead)
        row.addWidget(self.next_action, 1)
        row.addWidget(QLabel("due", lead_box))
        row.addWidget(self.due)
        self.lead_field = self.add_field("make_lead", "Follow-up", lead_box)
        if form.has_lead:
            self.make_lead.setText("A lead exists for this meeting")
            self.make_lead.setChecked(False)
            self.make_lead.setEnabled(False)
            self.next_action.setEnabled(False)
            self.due.setEnabled(False)
        self._has_lead = form.has_lead
        if form.verdict in self.verdict_buttons:
            self.verdict_buttons[form.verdict].setChecked(True)
        self._update_lead_state()

    def _update_lead_state(self) -> None:
        promising = self.selected_verdict() in LEAD_VERDICTS
        self.lead_field.setEnabled(promising and not self._has_lead)

    def selected_verdict(self) -> str:
        for value, button in self.verdict_buttons.items():
            if button.isChecked():
                return value
        return ""

    def values(self) -> dict[str, Any]:
        qd = self.due.date()
        make_lead = self.make_lead.isChecked() and self.lead_field.isEnabled()
        return {
            "verdict": self.selected_verdict(),
            "rating": None if self.rating.value() < 0 else self.rating.value(),
            "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()],
            "notes": self.notes.toPlainText(),
            "make_lead": make_lead,
            "next_action": self.next_action.text(),
            "due_date": date(qd.year(), qd.month(), qd.day()) if make_lead else None,
        }
