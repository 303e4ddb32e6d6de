"""The base of every editor: fields in a form, each with its validation message beneath it.

A subclass adds fields with :meth:`add_field` and implements :meth:`values`. On OK the dialog
calls ``submit(values)`` (which runs the undoable edit); a ``ValidationError`` keeps the dialog
open and shows each problem next to its field, anything else at the top.

An editor of an existing record calls :meth:`keep_version` with the form values it was opened
with: the record's ``version`` goes back with every save, and a save refused because someone else
saved meanwhile (``ConcurrentEditError``) asks whether to reload, apply this change anyway or go
back to the form (:mod:`ui.team.conflict_dialog`). ``reopen`` (set by the page) opens the editor
again on the record as it is now.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from planner.errors import ConcurrentEditError, PlannerError, ValidationError

Submit = Callable[[dict[str, Any]], Any]


def error_colour(widget: QWidget) -> str:
    dark = widget.palette().color(QPalette.ColorRole.Window).lightness() < 128
    return "#ff8a80" if dark else "#b00020"


class FormDialog(QDialog):
    def __init__(self, title: str, submit: Submit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._submit = submit
        self.result_value: Any = None
        self.record_version: int | None = None  # the version of the record this editor shows
        self.reopen: Callable[[], None] | None = None  # opens a fresh editor on the same record
        self.conflict_box: Any = None  # the open "changed by someone else" question
        self.general_error = QLabel(self)
        self.general_error.setObjectName("general_error")
        self.general_error.setWordWrap(True)
        self.general_error.setVisible(False)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self._errors: dict[str, QLabel] = {}
        self._aliases: dict[str, str] = {}
        self._first_field: dict[str, QWidget] = {}

    def add_field(self, key: str, label: str, widget: QWidget, *, aliases: tuple[str, ...] = (),
                  hint: str = "") -> QWidget:
        """Add ``widget`` under ``label``; problems for ``key`` (or an alias) appear below it."""
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(widget)
        if hint:
            hint_label = QLabel(hint, box)
            hint_label.setEnabled(False)
            hint_label.setWordWrap(True)
            column.addWidget(hint_label)
        error = QLabel(box)
        error.setObjectName(f"error_{key}")
        error.setWordWrap(True)
        error.setStyleSheet(f"color: {error_colour(self)};")
        error.setVisible(False)
        column.addWidget(error)
        widget.setObjectName(widget.objectName() or key)
        self.form.addRow(label, box)
        self._errors[key] = error
        self._first_field[key] = widget
        for alias in aliases:
            self._aliases[alias] = key
        return widget

    def field(self, key: str) -> QWidget:
        return self._first_field[key]

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def clear_problems(self) -> None:
        for label in self._errors.values():
            label.clear()
            label.setVisible(False)
        self.general_error.clear()
        self.general_error.setVisible(False)

    def show_problems(self, error: PlannerError) -> None:
        self.clear_problems()
        general: list[str] = []
        problems = error.problems if isinstance(error, ValidationError) else []
        first: QWidget | None = None
        for problem in problems:
            key = self._aliases.get(problem.field, problem.field)
            label = self._errors.get(key)
            if label is None:
                general.append(problem.message)
                continue
            label.setText((label.text() + "\n" if label.text() else "") + problem.message)
            label.setVisible(True)
            first = first or self._first_field[key]
        if not problems:
            general.append(str(error))
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.setStyleSheet(f"color: {error_colour(self)}; font-weight: bold;")
            self.general_error.setVisible(True)
        if first is not None:
            first.setFocus()

    def problem_text(self, key: str) -> str:
        label = self._errors.get(key)
        return label.text() if label is not None and label.isVisible() else ""

    def keep_version(self, initial: Any) -> None:
        """Remember the version of the record the form values ``initial`` came from (if any)."""
        version = initial.get("version") if isinstance(initial, dict) else None
        self.record_version = int(version) if version is not None else None

    def try_accept(self) -> None:
        self.clear_problems()
        values: dict[str, Any] = {}
        try:
            values = self.values()
            if self.record_version is not None:
                values["version"] = self.record_version
            self.result_value = self._submit(dict(values))
        except ConcurrentEditError as exc:
            self.show_problems(exc)  # stays above the form, whatever is chosen next
            self._ask_concurrent(exc, values)
            return
        except PlannerError as exc:
            self.show_problems(exc)
            return
        self.accept()

    def _ask_concurrent(self, exc: ConcurrentEditError, values: dict[str, Any]) -> None:
        from ui.team.conflict_dialog import APPLY, RELOAD, ask_concurrent_edit

        def chosen(choice: str) -> None:
            self.conflict_box = None
            if choice == RELOAD and self.reopen is not None:
                reopen = self.reopen
                self.reject()
                reopen()
            elif choice == APPLY:
                self.apply_over_latest(values, exc.current_version)

        self.conflict_box = ask_concurrent_edit(self, exc, chosen, can_reload=self.reopen is not None)

    def apply_over_latest(self, values: dict[str, Any], latest: int | None = None) -> None:
        """Save ``values`` again over the latest record: the user's form over the version the
        refusal reported (a save in between by yet another person is refused and asked about
        again)."""
        mine = {k: v for k, v in values.items() if k != "version"}
        if latest is not None:
            mine["version"] = latest
            values = {**values, "version": latest}
        self.clear_problems()
        try:
            self.result_value = self._submit(dict(mine))
        except ConcurrentEditError as exc:
            self.show_problems(exc)
            self._ask_concurrent(exc, values)
            return
        except PlannerError as exc:
            self.show_problems(exc)
            return
        self.accept()
