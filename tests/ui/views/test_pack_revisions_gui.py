"""Packs that go out and stay current, through the GUI (issue 19): the export dialog writes an
e-mail draft beside a delegate's pack (read back with Python's ``email`` package); after a
meeting moves, the Delegation page marks that delegate's pack "⚠ Outdated" with what changed in
its tooltip; "Reprint outdated packs…" writes just that pack, and the mark goes."""

from __future__ import annotations

import email
from email.policy import default
from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from planner.services.schedule.meetings import update_meeting
from planner.storage.models import Meeting, MeetingAttendee, Organisation, Person
from ui.dialogs.export_dialog import ExportDialog
from ui.pages.lists.delegation_page import OUTDATED_TEXT

ALICE = "alice.fraser@aldgate-therapeutics-ltd.example"


def _export_alice_with_draft(qtbot, window, folder: Path) -> Path:
    window.show_page("exports")
    dialog = window.exports_page.open_export("briefing")
    assert isinstance(dialog, ExportDialog)
    assert not dialog.email_drafts.isEnabled()  # the delegation pack goes to nobody in particular
    dialog.scope_chosen.setChecked(True)
    assert dialog.email_drafts.isEnabled()
    for i in range(dialog.delegates.count()):
        item = dialog.delegates.item(i)
        if ALICE in item.text():
            item.setCheckState(Qt.CheckState.Checked)
            break
    dialog.email_drafts.setChecked(True)
    pdf = folder / "alice.pdf"
    dialog.path.setText(str(pdf))
    with qtbot.waitSignal(dialog.finished_export, timeout=60000):
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert pdf.exists()
    dialog.reject()
    return pdf


def _move_kansai(window) -> None:
    def move(s) -> None:
        meeting = s.scalars(select(Meeting).join(Organisation, Meeting.counterpart_organisation_id == Organisation.id)
                            .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
                            .join(Person, Person.id == MeetingAttendee.person_id)
                            .where(Person.email == ALICE, Organisation.name == "Kansai Bio Innovations")).one()
        update_meeting(s, meeting, start_local=meeting.start_local.replace(hour=11, minute=0),
                       end_local=meeting.end_local.replace(hour=11, minute=30))
    window.ws.edit("Move the Kansai meeting", move)


def _pack_cells(page) -> dict[str, tuple[str, str]]:
    model = page.table.view.model()
    column = next(i for i in range(model.columnCount()) if model.headerData(i, Qt.Orientation.Horizontal) == "Pack")
    email_col = next(i for i in range(model.columnCount())
                     if model.headerData(i, Qt.Orientation.Horizontal) == "E-mail")
    out = {}
    for row in range(model.rowCount()):
        who = model.index(row, email_col).data()
        cell = model.index(row, column)
        out[who] = (cell.data() or "", cell.data(Qt.ItemDataRole.ToolTipRole) or "")
    return out


def test_draft_badge_and_reprint(qtbot, demo_window, tmp_path: Path):
    pdf = _export_alice_with_draft(qtbot, demo_window, tmp_path)
    msg = email.message_from_bytes((tmp_path / "alice.eml").read_bytes(), policy=default)
    assert msg["To"].addresses[0].addr_spec == ALICE and msg["X-Unsent"] == "1"
    assert next(msg.iter_attachments()).get_content() == pdf.read_bytes()

    page = demo_window.show_page("delegation")
    qtbot.waitUntil(lambda: page.row_count() > 0)
    assert all(text == "" for text, _tip in _pack_cells(page).values())  # a fresh pack is current
    assert not page.reprint_action.isEnabled()

    _move_kansai(demo_window)
    qtbot.waitUntil(lambda: _pack_cells(page).get(ALICE, ("", ""))[0] == OUTDATED_TEXT, timeout=20000)
    cells = _pack_cells(page)
    assert [who for who, (text, _tip) in cells.items() if text] == [ALICE]
    assert "Kansai Bio Innovations" in cells[ALICE][1] and "moved Wed 14 Oct 10:15–10:45 → 11:00–11:30" in cells[ALICE][1]
    assert page.reprint_action.isEnabled() and page.reprint_action.text() == "Reprint outdated packs (1)…"

    before = pdf.read_bytes()
    page.reprint_outdated_packs(tmp_path)
    qtbot.waitUntil(lambda: page.last_result is not None, timeout=60000)
    assert page.last_result.paths == [pdf.resolve()]  # the same file, replaced
    assert pdf.read_bytes() != before
    qtbot.waitUntil(lambda: _pack_cells(page)[ALICE][0] == "", timeout=20000)
    assert not page.reprint_action.isEnabled()
