"""Add a person to the delegation, or edit a delegate's role and logistics."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from planner.domain.enums import DelegateRole
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.widgets.fields import OptionalDateTimeWidget, combo_value, enum_combo
from ui.widgets.search_picker import SearchFn, SearchPickerWidget


class DelegateDialog(FormDialog):
    def __init__(self, submit: Submit, search_people: SearchFn, initial: dict[str, Any] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__("Edit delegate" if initial else "Add a delegate", submit, parent)
        self.keep_version(initial)  # the save is refused if someone else saved since (issue 16)
        v = initial or {}
        self.person = SearchPickerWidget(search_people, "Type a name or e-mail…")
        person_id, person_label = v.get("person", (None, ""))
        self.person.set_value(person_id, person_label)
        self.person.setEnabled(initial is None)
        self.add_field("person", "Person", self.person,
                       hint="" if initial else "Not listed yet? Add them on the People page first.")
        self.role = self.add_field("role", "Role", enum_combo(DelegateRole, v.get("role", "delegate")))
        self.arrival = self.add_field("arrival", "Arrives (local)", OptionalDateTimeWidget(v.get("arrival")))
        self.arrival_flight = self.add_field("arrival_flight", "Arrival flight", QLineEdit(v.get("arrival_flight", "")))
        self.departure = self.add_field("departure", "Leaves (local)", OptionalDateTimeWidget(v.get("departure")))
        self.departure_flight = self.add_field("departure_flight", "Departure flight",
                                               QLineEdit(v.get("departure_flight", "")))
        self.hotel = self.add_field("hotel", "Hotel", QLineEdit(v.get("hotel", "")))
        self.dietary = self.add_field("dietary", "Dietary needs", QLineEdit(v.get("dietary", "")))
        self.access = self.add_field("access_needs", "Access needs", QLineEdit(v.get("access_needs", "")))
        self.interpreter = self.add_field("interpreter_language", "Interpreter language",
                                          QLineEdit(v.get("interpreter_language", "")))
        self.emergency = self.add_field("emergency_contact", "Emergency contact",
                                        QLineEdit(v.get("emergency_contact", "")))
        self.notes = QPlainTextEdit(v.get("notes", ""))
        self.notes.setMaximumHeight(70)
        self.add_field("notes", "Notes", self.notes)
        self.resize(560, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        return {"person_id": self.person.value(), "role": combo_value(self.role), "arrival": self.arrival.value(),
                "arrival_flight": self.arrival_flight.text(), "departure": self.departure.value(),
                "departure_flight": self.departure_flight.text(), "hotel": self.hotel.text(),
                "dietary": self.dietary.text(), "access_needs": self.access.text(),
                "interpreter_language": self.interpreter.text(), "emergency_contact": self.emergency.text(),
                "notes": self.notes.toPlainText()}
