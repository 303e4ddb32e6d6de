"""Import a file and export a lead sheet through their dialogs, as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from planner.services.outputs.export_log import list_exports
from planner.services.views.search import person_ids

CSV = (
    "Given name,Family name,Native name,Email,Organisation,Job title,Country\r\n"
    "Kenji,Sato,佐藤 健二,kenji.sato@example.jp,Minato Biologics,CSO,JP\r\n"
    "Ji-woo,Park,박지우,jiwoo.park@example.kr,Seoul Cell Works,CEO,KR\r\n"
    "Broken,Row,,not-an-email,Nowhere Ltd,,GB\r\n"
)


def test_import_people_through_the_dialog(qtbot, demo_window, tmp_path: Path):
    window = demo_window
    ws = window.ws
    source = tmp_path / "attendees.csv"
    source.write_bytes(b"\xef\xbb\xbf" + CSV.encode("utf-8"))  # Excel's "CSV UTF-8"
    before = len(ws.read(lambda s: person_ids(s)))
    window.show_page("exports")
    qtbot.mouseClick(window.exports_page.import_button, Qt.MouseButton.LeftButton)
    dialog = window.exports_page.dialog
    qtbot.keyClicks(dialog.path, str(source))
    qtbot.keyClick(dialog.path, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    plan = dialog.plan
    assert "utf-8" in dialog.detected.text().lower() and plan.preset_label in dialog.detected.text()
    assert dialog.preview_model.rowCount() == 3
    assert plan.errors and not dialog.import_button.isEnabled()  # the bad e-mail blocks an all-or-nothing import
    assert "not-an-email" in dialog.summary.text() or "line 4" in dialog.summary.text()
    assert dialog._field_combos["Email"].currentData() == "email"
    dialog.skip_bad.click()
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported, timeout=15_000) as blocker:
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0].applied
    rejects = source.with_name("attendees.errors.csv")
    assert blocker.args[0].bad_rows_path == rejects and rejects.is_file()
    assert rejects.stat().st_mode & 0o777 == 0o600
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging file left
    from planner.services.outputs.export_log import list_exports

    logged = ws.read(lambda s: list_exports(s))  # the rejected rows hold people's data: logged
    assert any(e.path == str(rejects.resolve()) for e in logged)
    assert len(ws.read(lambda s: person_ids(s))) == before + 2
    assert not ws.undo_stack.canUndo()  # bulk imports clear the history (they are not undoable)
    people = window.show_page("people")
    people.table.filter_edit.setText("佐藤 健二")
    qtbot.waitUntil(lambda: people.model.rowCount() == 1)
    assert people.model.index(0, 2).data() == "Minato Biologics"


def test_export_lead_sheet_through_the_dialog_and_find_the_file(qtbot, demo_window, tmp_path: Path):
    import openpyxl

    window = demo_window
    window.show_page("exports")
    qtbot.mouseClick(window.exports_page.buttons["leads"], Qt.MouseButton.LeftButton)
    dialog = window.exports_page.dialog
    assert dialog.path.text().endswith("biojapan-2026 lead sheet.xlsx")
    target = tmp_path / "out" / "leads for owners"
    target.parent.mkdir()
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(target))
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    result = blocker.args[0]
    written = target.with_name("leads for owners.xlsx")
    assert result.paths == [written] and written.is_file()
    assert dialog.open_button.isVisible() and dialog.show_button.isVisible()
    assert str(written) in dialog.done_label.text()
    book = openpyxl.load_workbook(written, read_only=True)
    assert book.sheetnames and sum(1 for _ in book[book.sheetnames[0]].iter_rows()) > 1
    log = window.ws.read(list_exports)
    assert log[0].kind == "lead_sheet" and log[0].path == str(written.resolve())
    qtbot.waitUntil(lambda: window.exports_page.log_model.rowCount() >= 1)


def test_a_proposed_duplicate_is_merged_only_when_chosen_in_the_preview(qtbot, demo_window,
                                                                        tmp_path: Path):
    """A look-alike row is shown with its possible duplicate; the import adds a new person
    unless the user picks "Merge into …" for that row, which then updates the chosen person."""
    from planner.services.people.people import add_person, find_person

    window = demo_window
    ws = window.ws
    ws.edit("Add Min-jun", lambda s: add_person(s, given_name="Min-jun", family_name="Kim",
                                                 email="minjun@hanbio.example").id)
    source = tmp_path / "list.csv"
    source.write_text("Given name,Family name,Email,Organisation\r\n"
                      "Minjun,Kim,mj.kim@gmail.example,HanBio\r\n", encoding="utf-8")
    before = len(ws.read(lambda s: person_ids(s)))
    window.show_page("exports")
    qtbot.mouseClick(window.exports_page.import_button, Qt.MouseButton.LeftButton)
    dialog = window.exports_page.dialog
    dialog.set_file(str(source))
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10_000)
    row = dialog.plan.rows[0]
    assert row.action == "add" and row.candidates
    assert "minjun@hanbio.example" in dialog.preview_model.index(0, 4).data()
    dialog.preview.setCurrentIndex(dialog.preview_model.index(0, 0))
    menu = dialog.same_as.menu()
    merge = next(a for a in menu.actions() if a.text().startswith("Merge into"))
    old_plan = dialog.plan
    merge.trigger()
    qtbot.waitUntil(lambda: dialog.plan is not old_plan and dialog.plan is not None, timeout=10_000)
    assert dialog.plan.rows[0].action == "merge"
    assert dialog.import_button.isEnabled(), dialog.summary.text()
    with qtbot.waitSignal(dialog.imported, timeout=15_000):
        dialog.import_button.click()
    assert len(ws.read(lambda s: person_ids(s))) == before
    kept = ws.read(lambda s: [a.value for a in find_person(s, "minjun@hanbio.example").aliases])
    assert "mj.kim@gmail.example" in kept


@pytest.mark.parametrize("kind", ["leads", "crm", "ics"])
def test_an_export_dialog_shows_no_widget_outside_its_form(qtbot, demo_window, kind: str):
    """Every visible child of the dialog sits in its layout (none drawn over the intro)."""
    from PySide6.QtWidgets import QAbstractButton, QListWidget

    dialog = demo_window.exports_page.open_export(kind)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    layout_widgets = set()

    def walk(layout):
        for i in range(layout.count()):
            item = layout.itemAt(i)
            if item.widget() is not None:
                layout_widgets.add(item.widget())
            elif item.layout() is not None:
                walk(item.layout())

    walk(dialog.layout())
    children = dialog.findChildren(QAbstractButton) + dialog.findChildren(QListWidget)
    for child in children:
        if child.isVisibleTo(dialog) and child.parent() is dialog and child.parentWidget() is dialog:
            assert child in layout_widgets, f"{child.objectName() or child.text()} is outside the form"
    dialog.reject()


def test_a_lead_sheet_for_one_member_organisation_from_the_dialog(qtbot, demo_window, tmp_path: Path):
    """The lead-sheet dialog can write one member organisation's leads only (to send to them):
    every lead in the file is that member's, and the whole sheet holds more."""
    import openpyxl

    from planner.services.followup.leads import build_lead_sheet

    window = demo_window
    window.show_page("exports")
    qtbot.mouseClick(window.exports_page.buttons["leads"], Qt.MouseButton.LeftButton)
    dialog = window.exports_page.dialog
    assert dialog.member.isVisibleTo(dialog) and dialog.member.count() > 2
    from planner.services.events.events import get_event

    code = window.ws.current_event.code

    def count(member: str | None) -> int:
        return window.ws.read(lambda s: len(build_lead_sheet(
            s, get_event(s, code), member_organisation=member).leads))

    index = next(i for i in range(1, dialog.member.count()) if count(dialog.member.itemData(i)))
    member = dialog.member.itemData(index)
    dialog.member.setCurrentIndex(index)
    target = tmp_path / "member.xlsx"
    dialog.path.setText(str(target))
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000):
        dialog.export_button.click()
    expected, everyone = count(member), count(None)
    book = openpyxl.load_workbook(target, read_only=True)
    rows = sum(1 for r in book["Leads"].iter_rows(min_row=2) if any(c.value for c in r))
    assert rows == expected and 0 < expected < everyone
