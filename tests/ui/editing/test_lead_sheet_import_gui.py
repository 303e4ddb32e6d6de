"""File ▸ Import edited lead sheet…: the owners' edited lead sheet comes back through the app, is
reviewed field by field, and is saved as one undoable step; an edit saved meanwhile by someone
else is never overwritten, and a sheet with errors saves nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from planner.domain.enums import LeadStage
from planner.exports.sheets.lead_sheet import write_lead_sheet
from planner.services.events.delegations import add_delegate, add_delegation
from planner.services.events.events import add_event, get_event
from planner.services.followup.followups import add_follow_up, add_lead, update_lead
from planner.services.followup.leads import build_lead_sheet, list_leads
from planner.services.people.people import add_organisation, add_person
from tests.helpers.lead_sheet_edit import edit_lead_row
from ui.dialogs.lead_sheet_import_dialog import LeadSheetImportDialog
from ui.main_window import MainWindow
from ui.workspace import Workspace

SATO = "sato@kansai.example"


@pytest.fixture
def mission(workspace: Workspace) -> Workspace:
    """A delegation with one owner and two leads, set up as a user does."""
    with workspace.db.transaction() as s:
        event = add_event(s, code="bj26", name="BioJapan 2026", start_date=date(2026, 10, 14),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        ours = add_organisation(s, name="Lune Microbiome Ltd", country="GB")
        alice = add_person(s, given_name="Alice", family_name="Owner", email="alice@lune.example",
                           organisation=ours)
        add_delegate(s, add_delegation(s, event, name="UK delegation"), alice)
        kansai = add_organisation(s, name="Kansai Bio", country="JP")
        for given, email in (("Kenichi", SATO), ("Hana", "tanaka@kansai.example")):
            person = add_person(s, given_name=given, family_name="Sato" if given == "Kenichi" else "Tanaka",
                                email=email, organisation=kansai, lead_sharing_consent=True)
            lead = add_lead(s, event, person=person, owner=alice, stage=LeadStage.QUALIFIED)
            add_follow_up(s, lead, description="Send NDA", due_date=date(2026, 11, 2))
    workspace.set_event("bj26")
    return workspace


def _export(ws: Workspace, path: Path) -> Path:
    with ws.db.session() as s:
        write_lead_sheet(build_lead_sheet(s, get_event(s, "bj26"), today=date(2026, 11, 10)), path)
    return path


def _stage(ws: Workspace, email: str) -> str:
    with ws.db.session() as s:
        return next(r.stage for r in list_leads(s, get_event(s, "bj26")) if r.person_email == email)


def _open(qtbot, window: MainWindow) -> LeadSheetImportDialog:
    menus = {m.title().replace("&", ""): m for m in window.menuBar().findChildren(QMenu)}
    action = next(a for a in menus["File"].actions() if a.objectName() == "action_import_lead_sheet")
    assert action.isEnabled()
    action.trigger()
    dialog = window.exports_page.dialog
    assert isinstance(dialog, LeadSheetImportDialog)
    qtbot.addWidget(dialog)
    return dialog


def _checked(qtbot, dialog: LeadSheetImportDialog, path: Path) -> None:
    dialog.check_file(str(path))
    qtbot.waitUntil(lambda: dialog.plan is not None or "Reading" not in dialog.summary.text(), timeout=20000)


def _review(dialog: LeadSheetImportDialog) -> dict[str, list[tuple[str, str, list[str]]]]:
    """Each shown group: its lines (where, what, and the lines under them)."""
    out = {}
    for i in range(dialog.review.topLevelItemCount()):
        group = dialog.review.topLevelItem(i)
        if group.isHidden():
            continue
        out[group.text(0)] = [(group.child(j).text(0), group.child(j).text(1),
                               [f"{group.child(j).child(k).text(0)}: {group.child(j).child(k).text(1)}"
                                for k in range(group.child(j).childCount())])
                              for j in range(group.childCount())]
    return out


def test_an_edited_stage_is_reviewed_saved_and_undone_as_one_step(qtbot, mission: Workspace, settings,
                                                                   tmp_path: Path) -> None:
    from tests.ui.conftest import make_window

    window = make_window(qtbot, mission, settings)
    path = _export(mission, tmp_path / "leads.xlsx")
    row = edit_lead_row(path, SATO, {"Stage": "Agreed"})
    dialog = _open(qtbot, window)
    _checked(qtbot, dialog, path)
    review = _review(dialog)
    assert review["Changes to save"] == [(f"Leads row {row}", SATO, ["Stage: Qualified → Agreed"])]
    assert dialog.save_button.isEnabled() and dialog.save_button.text() == "Save 1 change(s)"
    assert _stage(mission, SATO) == "qualified"  # the review saved nothing

    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert _stage(mission, SATO) == "agreed"
    assert _stage(mission, "tanaka@kansai.example") == "qualified"
    assert mission.undo_stack.undoText() == "Import lead sheet leads.xlsx"
    mission.undo_stack.undo()
    assert _stage(mission, SATO) == "qualified"


def test_a_lead_changed_in_the_app_after_the_review_is_not_overwritten(qtbot, mission: Workspace, settings,
                                                                        tmp_path: Path) -> None:
    from tests.ui.conftest import make_window

    window = make_window(qtbot, mission, settings)
    path = _export(mission, tmp_path / "leads.xlsx")
    edit_lead_row(path, SATO, {"Stage": "Agreed"})
    dialog = _open(qtbot, window)
    _checked(qtbot, dialog, path)
    assert dialog.save_button.isEnabled()
    with mission.db.transaction() as s:  # a colleague, in another program, while the review is open
        lead = next(r for r in list_leads(s, get_event(s, "bj26")) if r.person_email == SATO)
        from planner.services.followup.leads import find_lead
        update_lead(s, find_lead(s, lead.uuid), stage=LeadStage.LOST)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert _stage(mission, SATO) == "lost"  # theirs stands
    assert dialog.isVisible()
    assert dialog.summary.text().startswith("These leads were changed in Mission Desk since you reviewed the sheet")
    review = _review(dialog)
    assert "Changes to save" not in review
    [(_where, what, _)] = review["Conflicts: changed in Mission Desk since the export, not overwritten"]
    assert SATO in what and "Stage" in what
    assert not dialog.save_button.isEnabled()


def test_a_sheet_with_an_error_saves_nothing_and_says_where(qtbot, mission: Workspace, settings,
                                                            tmp_path: Path) -> None:
    from tests.ui.conftest import make_window

    window = make_window(qtbot, mission, settings)
    path = _export(mission, tmp_path / "leads.xlsx")
    edit_lead_row(path, SATO, {"Stage": "Agreed"})
    row = edit_lead_row(path, "tanaka@kansai.example", {"Stage": "Won"})
    dialog = _open(qtbot, window)
    _checked(qtbot, dialog, path)
    errors = _review(dialog)["Errors: correct these in the sheet"]
    assert [where for where, _what, _ in errors] == [f"Leads row {row}"]
    assert "“Stage”" in errors[0][1] and "Won" in errors[0][1]
    assert not dialog.save_button.isEnabled()
    assert dialog.summary.text().startswith("1 problem(s) in the sheet")
    dialog.save()  # even if asked: nothing
    assert _stage(mission, SATO) == "qualified"


def test_a_file_that_is_not_a_lead_sheet_is_refused_with_a_reason(qtbot, mission: Workspace, settings,
                                                                  tmp_path: Path) -> None:
    from tests.ui.conftest import make_window

    window = make_window(qtbot, mission, settings)
    other = tmp_path / "notes.xlsx"
    other.write_text("not a workbook", encoding="utf-8")
    dialog = _open(qtbot, window)
    dialog.check_file(str(other))
    qtbot.waitUntil(lambda: "Reading" not in dialog.summary.text(), timeout=20000)
    assert dialog.summary.text() and dialog.plan is None
    assert not dialog.save_button.isEnabled()


def test_save_reads_the_file_that_was_reviewed_not_what_was_typed_since(qtbot, mission: Workspace, settings,
                                                                       tmp_path: Path) -> None:
    from tests.ui.conftest import make_window

    window = make_window(qtbot, mission, settings)
    path = _export(mission, tmp_path / "leads.xlsx")
    edit_lead_row(path, SATO, {"Stage": "Agreed"})
    other = _export(mission, tmp_path / "other.xlsx")
    edit_lead_row(other, SATO, {"Stage": "Lost"})
    dialog = _open(qtbot, window)
    _checked(qtbot, dialog, path)
    dialog.path.setText(str(other))  # typed, never checked
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert _stage(mission, SATO) == "agreed"
