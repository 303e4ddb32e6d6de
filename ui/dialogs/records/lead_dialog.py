"""Create or edit a lead (with its first follow-up action when new)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from planner.domain.enums import LeadStage
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.widgets.fields import OptionalDateWidget, combo_value, enum_combo
from ui.widgets.search_picker import SearchFn, SearchPickerWidget


class LeadDialog(FormDialog):
    def __init__(self, submit: Submit, search_people: SearchFn, search_organisations: SearchFn,
                 initial: dict[str, Any] | None = None, parent: QWidget | None = None,
                 members: list[tuple[int, str]] | None = None) -> None:
        super().__init__("Edit lead" if initial else "New lead", submit, parent)
        self.keep_version(initial)  # the save is refused if someone else saved since (issue 16)
        v = initial or {}
        self.title = self.add_field("title", "Title", QLineEdit(v.get("title", "")))
        self.person = SearchPickerWidget(search_people, "Who is the lead about?")
        self.person.set_value(*v.get("person", (None, "")))
        self.add_field("person", "Person", self.person, aliases=("person_id",))
        self.organisation = SearchPickerWidget(search_organisations, "Their organisation (optional)")
        self.organisation.set_value(*v.get("organisation", (None, "")))
        self.add_field("organisation", "Organisation", self.organisation, aliases=("organisation_id",))
        self.member = QComboBox()
        self.member.addItem("(none)", None)
        for member_id, name in members or []:
            self.member.addItem(name, member_id)
        current = v.get("member_organisation_id")
        if current is not None and self.member.findData(current) < 0:  # no longer a member
            self.member.addItem(v.get("member_organisation", "") or "(former member)", current)
        self.member.setCurrentIndex(max(0, self.member.findData(current)))
        self.add_field("member_organisation", "Member organisation", self.member,
                       aliases=("member_organisation_id",),
                       hint="Whose lead it is: the member of the delegation that follows it up")
        self.owner = SearchPickerWidget(search_people, "Who follows it up?")
        self.owner.set_value(*v.get("owner", (None, "")))
        self.add_field("owner", "Owner", self.owner, aliases=("owner_id",))
        self.stage = self.add_field("stage", "Stage", enum_combo(LeadStage, v.get("stage", "new")))
        self.value = QSpinBox()
        self.value.setRange(-1, 2_000_000_000)
        self.value.setSpecialValueText("—")
        self.value.setValue(v["value"] if v.get("value") is not None else -1)
        self.value.setGroupSeparatorShown(True)
        self.add_field("value", "Estimated value", self.value)
        self.currency = self.add_field("currency", "Currency", QLineEdit(v.get("currency", "")),
                                       hint="ISO code, e.g. GBP or JPY")
        self.notes = QPlainTextEdit(v.get("notes", ""))
        self.notes.setMaximumHeight(70)
        self.add_field("notes", "Notes", self.notes)
        self.next_action: QLineEdit | None = None
        self.due: OptionalDateWidget | None = None
        if not initial:
            self.next_action = self.add_field("description", "First action", QLineEdit())
            self.due = self.add_field("due_date", "Due", OptionalDateWidget())
        self.resize(560, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {
            "title": self.title.text(), "person_id": self.person.value(),
            "organisation_id": self.organisation.value(), "owner_id": self.owner.value(),
            "member_organisation_id": self.member.currentData(),
            "stage": combo_value(self.stage), "value": self.value.value() if self.value.value() >= 0 else None,
            "currency": self.currency.text(), "notes": self.notes.toPlainText()}
        if self.next_action is not None and self.due is not None:
            values["next_action"] = self.next_action.text()
            values["due_date"] = self.due.value()
        return values
