"""Create or edit an organisation."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from planner.domain.enums import OrganisationKind
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.widgets.fields import combo_value, enum_combo


class OrganisationDialog(FormDialog):
    def __init__(self, submit: Submit, initial: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit organisation" if initial else "New organisation", submit, parent)
        self.keep_version(initial)  # the save is refused if someone else saved since (issue 16)
        v = initial or {}
        self.name = self.add_field("name", "Name", QLineEdit(v.get("name", "")))
        self.native_name = self.add_field("native_name", "Name in native script", QLineEdit(v.get("native_name", "")))
        self.kind = self.add_field("kind", "Kind", enum_combo(OrganisationKind, v.get("kind", "company")))
        self.country = self.add_field("country", "Country", QLineEdit(v.get("country", "")))
        self.city = self.add_field("city", "City", QLineEdit(v.get("city", "")))
        self.website = self.add_field("website", "Website", QLineEdit(v.get("website", "")))
        self.tags = self.add_field("tags", "Sectors", QLineEdit(", ".join(v.get("tags", []))),
                                   hint="Separated by commas, e.g. oncology, medtech")
        self.profile = QPlainTextEdit(v.get("profile", ""))
        self.profile.setMaximumHeight(110)
        self.add_field("profile", "Profile", self.profile)
        self.resize(520, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        return {"name": self.name.text(), "native_name": self.native_name.text(), "kind": combo_value(self.kind),
                "country": self.country.text(), "city": self.city.text(), "website": self.website.text(),
                "profile": self.profile.toPlainText(),
                "tags": [t.strip() for t in self.tags.text().split(",") if t.strip()]}
