"""The impact report on the Exports page (issue 19), with the options of `planner export impact`:
PDF or Excel workbook, and the day it is as of (default: the mission's today). The files are read
back as a funder would open them (openpyxl, pypdf)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from planner.services.events.clock import event_today
from planner.services.events.events import get_event
from planner.services.followup.impact import build_impact_report
from planner.services.outputs.export_log import list_exports
from ui.dialogs.impact_export_dialog import ImpactExportDialog

EARLY = date(2026, 10, 25)  # ten days after the demo mission: few follow-ups are overdue yet
LATE = date(2026, 12, 20)


def _open(qtbot, window) -> ImpactExportDialog:
    window.show_page("exports")
    button = window.exports_page.buttons["impact"]
    assert button.isVisible() and button.isEnabled() and button.text() == "Export impact report…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.exports_page.dialog
    assert isinstance(dialog, ImpactExportDialog)
    return dialog


def _choose_format(qtbot, dialog, suffix: str) -> None:
    combo = dialog.file_format
    combo.setFocus()
    while combo.currentData() != suffix:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() == 0 else Qt.Key.Key_Up)


def _overdue(window, as_of: date) -> int:
    return window.ws.read(lambda s: build_impact_report(s, get_event(s, "biojapan-2026"), today=as_of)).actions_overdue


def test_the_file_menu_offers_the_impact_report(qtbot, demo_window):
    action = demo_window.findChild(QAction, "action_export_impact")
    assert action is not None and action.text() == "&Impact report…" and action.isEnabled()
    action.trigger()
    assert isinstance(demo_window.exports_page.dialog, ImpactExportDialog)


def _laid_out(layout) -> set:
    widgets = set()
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None:
            widgets.add(item.widget())
        elif item.layout() is not None:
            widgets |= _laid_out(item.layout())
    return widgets


def test_the_options_default_to_a_pdf_as_of_the_missions_today(qtbot, demo_window):
    dialog = _open(qtbot, demo_window)
    stray = [w for w in dialog.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
             if w.isVisible() and w not in _laid_out(dialog.layout())]
    assert not stray  # nothing drawn over the dialog's text outside its layout
    assert dialog.as_of.date().toPython() == event_today(demo_window.ws.current_event)
    assert dialog.file_format.currentData() == ".pdf"
    assert dialog.path.text().endswith("biojapan-2026 impact report.pdf")
    _choose_format(qtbot, dialog, ".xlsx")  # the suggested name follows the format, in the same folder
    assert dialog.path.text().endswith("biojapan-2026 impact report.xlsx")
    dialog.path.setText("/somewhere/for the funder.pdf")  # a name with a suffix picks its format
    assert dialog.file_format.currentData() == ".pdf" and dialog.path.text() == "/somewhere/for the funder.pdf"
    dialog.path.setText("/somewhere/for the funder")
    assert dialog.request().path == Path("/somewhere/for the funder.pdf")


def test_export_the_workbook_as_of_a_chosen_day(qtbot, demo_window, tmp_path: Path):
    import openpyxl

    early, late = _overdue(demo_window, EARLY), _overdue(demo_window, LATE)
    assert early != late  # the day chosen changes the figures: the option must reach the report
    dialog = _open(qtbot, demo_window)
    _choose_format(qtbot, dialog, ".xlsx")
    dialog.as_of.setDate(QDate(EARLY))
    target = tmp_path / "impact for the funder"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(target))
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    written = tmp_path / "impact for the funder.xlsx"
    assert blocker.args[0].paths == [written] and written.is_file()
    sheet = openpyxl.load_workbook(written)["Impact"]
    assert "figures as of 25 October 2026" in sheet["A2"].value
    assert sheet["A9"].value.strip() == "of which overdue" and sheet["B9"].value == early
    log = demo_window.ws.read(list_exports)
    assert log[0].kind == "impact_xlsx" and log[0].path == str(written.resolve())
    assert dialog.open_button.isVisible() and str(written) in dialog.done_label.text()


def test_export_the_pdf_for_reading(qtbot, demo_window, tmp_path: Path):
    from pypdf import PdfReader

    dialog = _open(qtbot, demo_window)
    dialog.as_of.setDate(QDate(LATE))
    dialog.path.setText(str(tmp_path / "impact.pdf"))
    with qtbot.waitSignal(dialog.finished_export, timeout=60_000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "impact.pdf").pages)
    assert "figures as of 20 December 2026" in " ".join(text.split())
    assert demo_window.ws.read(list_exports)[0].kind == "impact_pdf"


def test_a_missing_folder_is_said_in_the_dialog_and_nothing_is_written(qtbot, demo_window, tmp_path: Path):
    dialog = _open(qtbot, demo_window)
    dialog.path.setText(str(tmp_path / "no such folder" / "impact.xlsx"))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.error.text()), timeout=30_000)
    assert "folder" in dialog.error.text().lower()
    assert not (tmp_path / "no such folder").exists()
    assert not [e for e in demo_window.ws.read(list_exports) if e.kind.startswith("impact")]
