"""Create or edit an event: code, name, dates, time zones."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import QComboBox, QCompleter, QDateEdit, QLineEdit, QPlainTextEdit, QWidget

from planner.domain.enums import EventKind
from planner.domain.timezones import all_zones
from ui.dialogs.form_dialog import FormDialog, Submit
from ui.widgets.fields import combo_value, enum_combo, pydate, qdate


def zone_combo(value: str, parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.addItems(list(all_zones()))
    combo.setCurrentText(value)
    combo.completer().setFilterMode(combo.completer().filterMode().MatchContains)
    combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return combo


class EventDialog(FormDialog):
    def __init__(self, submit: Submit, initial: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__("Edit event" if initial else "New event", submit, parent)
        self.keep_version(initial)  # the save is refused if someone else saved since (issue 16)
        v = initial or {}
        start = v.get("start_date") or date.today() + timedelta(days=60)
        self.code = self.add_field("code", "Code", QLineEdit(v.get("code", "")),
                                   hint="A short name for files and the command line, e.g. biojapan-2026")
        self.name = self.add_field("name", "Name", QLineEdit(v.get("name", "")))
        self.kind = self.add_field("kind", "Kind", enum_combo(EventKind, v.get("kind", "conference")))
        self.start = self.add_field("start_date", "Starts", QDateEdit(qdate(start)))
        self.end = self.add_field("end_date", "Ends", QDateEdit(qdate(v.get("end_date") or start)))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("ddd yyyy-MM-dd")
        self.tz = self.add_field("tz", "Event time zone", zone_combo(v.get("tz", "Asia/Tokyo")))
        self.home_tz = self.add_field("home_tz", "Home time zone", zone_combo(v.get("home_tz", "Europe/London")),
                                      hint="Times are shown in the event's zone with the home time beside them")
        self.city = self.add_field("city", "City", QLineEdit(v.get("city", "")))
        self.country = self.add_field("country", "Country", QLineEdit(v.get("country", "")),
                                      hint="ISO code or English name, e.g. JP or Japan")
        self.description = QPlainTextEdit(v.get("description", ""))
        self.description.setMaximumHeight(80)
        self.add_field("description", "Description", self.description)
        self.resize(520, self.sizeHint().height())

    def values(self) -> dict[str, Any]:
        return {"code": self.code.text(), "name": self.name.text(), "kind": combo_value(self.kind),
                "start_date": pydate(self.start.date()), "end_date": pydate(self.end.date()),
                "tz": self.tz.currentText().strip(), "home_tz": self.home_tz.currentText().strip(),
                "city": self.city.text(), "country": self.country.text(),
                "description": self.description.toPlainText()}
