"""Edit a follow-up action on a lead, or add one."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from planner.domain.enums import ActionStatus
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.widgets.fields import OptionalDateWidget, combo_value, enum_combo
from ui.widgets.search_picker import SearchFn, SearchPickerWidget


class FollowUpDialog(FormDialog):
    def __init__(self, submit: Submit, search_people: SearchFn, initial: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit follow-up" if initial else "New follow-up", submit, parent)
        self.keep_version(initial)  # the save is refused if someone else saved since (issue 16)
        v = initial or {}
        self.description = self.add_field("description", "Action", QLineEdit(v.get("description", "")))
        self.due = self.add_field("due_date", "Due", OptionalDateWidget(v.get("due_date")))
        self.owner = SearchPickerWidget(search_people, "Who does it?")
        self.owner.set_value(*v.get("owner", (None, "")))
        self.add_field("owner", "Owner", self.owner, aliases=("owner_id",))
        self.status = self.add_field("status", "Status", enum_combo(ActionStatus, v.get("status", "open")))
        self.notes = QPlainTextEdit(v.get("notes", ""))
        self.notes.setMaximumHeight(70)
        self.add_field("notes", "Notes", self.notes)
        self.resize(520, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        return {"description": self.description.text(), "due_date": self.due.value(),
                "owner_id": self.owner.value(), "status": combo_value(self.status),
                "notes": self.notes.toPlainText()}
