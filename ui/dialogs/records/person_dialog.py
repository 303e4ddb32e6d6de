"""Create or edit a person: romanised and native-script names, organisation, contact details."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from planner.domain.enums import LawfulBasis, NameOrder
from planner.domain.names import display_name
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.widgets.fields import combo_value, enum_combo
from ui.widgets.search_picker import SearchFn, SearchPickerWidget


class PersonDialog(FormDialog):
    def __init__(self, submit: Submit, search_organisations: SearchFn, initial: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit person" if initial else "New person", submit, parent)
        self.keep_version(initial)  # the save is refused if someone else saved since (issue 16)
        v = initial or {}
        self.given = self.add_field("given_name", "Given name", QLineEdit(v.get("given_name", "")))
        self.family = self.add_field("family_name", "Family name", QLineEdit(v.get("family_name", "")))
        self.order = self.add_field("name_order", "Name order", enum_combo(NameOrder, v.get("name_order")))
        self.preview = QLabel(self)
        self.preview.setObjectName("name_preview")
        self.form.addRow("Printed as", self.preview)
        self.native = self.add_field("native_name", "Name in native script", QLineEdit(v.get("native_name", "")),
                                     hint="e.g. 山田 太郎 or 김민준 — printed on briefing packs")
        self.reading = self.add_field("native_reading", "Reading", QLineEdit(v.get("native_reading", "")),
                                      hint="How to pronounce it, e.g. やまだ たろう")
        self.title = self.add_field("title", "Title", QLineEdit(v.get("title", "")))
        self.job = self.add_field("job_title", "Job title", QLineEdit(v.get("job_title", "")))
        self.organisation = SearchPickerWidget(search_organisations, "Type to find an organisation…")
        org_id, org_label = v.get("organisation", (None, ""))
        self.organisation.set_value(org_id, org_label)
        self.add_field("organisation", "Organisation", self.organisation, aliases=("organisation_id",),
                       hint="Leave empty for none; a new name creates the organisation")
        self.email = self.add_field("email", "E-mail", QLineEdit(v.get("email", "")))
        self.phone = self.add_field("phone", "Phone", QLineEdit(v.get("phone", "")))
        self.country = self.add_field("country", "Country", QLineEdit(v.get("country", "")))
        self.basis = self.add_field("lawful_basis", "Lawful basis", enum_combo(LawfulBasis, v.get("lawful_basis")))
        self.consent = self.add_field("lead_sharing_consent", "Lead sharing",
                                      QCheckBox("May be shared on lead sheets"))
        self.consent.setChecked(bool(v.get("lead_sharing_consent", False)))
        self.aliases = QPlainTextEdit(v.get("aliases", ""))
        self.aliases.setMaximumHeight(70)
        self.aliases.setPlaceholderText("other.address@example.org\nMin-jun Kim\n김민준")
        self.add_field("aliases", "Also known as", self.aliases,
                       hint="Other e-mails and spellings, one per line: imports recognise them")
        self.notes = QPlainTextEdit(v.get("notes", ""))
        self.notes.setMaximumHeight(80)
        self.add_field("notes", "Notes", self.notes)
        for w in (self.given, self.family):
            w.textChanged.connect(self._update_preview)
        self.order.currentIndexChanged.connect(self._update_preview)
        self._update_preview()
        self.resize(560, self.sizeHint().height())

    def _update_preview(self) -> None:
        self.preview.setText(display_name(self.given.text(), self.family.text(), combo_value(self.order)) or "—")

    def values(self) -> dict[str, Any]:
        return {"given_name": self.given.text(), "family_name": self.family.text(),
                "name_order": combo_value(self.order), "native_name": self.native.text(),
                "native_reading": self.reading.text(), "title": self.title.text(), "job_title": self.job.text(),
                "organisation_id": self.organisation.value(), "organisation_text": self.organisation.text(),
                "email": self.email.text(), "phone": self.phone.text(), "country": self.country.text(),
                "lawful_basis": combo_value(self.basis), "lead_sharing_consent": self.consent.isChecked(),
                "notes": self.notes.toPlainText(), "aliases": self.aliases.toPlainText()}
