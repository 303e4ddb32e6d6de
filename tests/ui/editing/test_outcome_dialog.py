"""The outcome dialog by keyboard: Alt+4 picks the verdict, the lead fields follow it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from planner.services.followup.outcomes import OutcomeForm
from ui.dialogs.records.outcome_dialog import OutcomeDialog


def _form(**kw) -> OutcomeForm:
    base = dict(meeting_id=1, title="Wed 14 Oct 10:00 · Sakura Pharma", status="confirmed", verdict="",
                rating=None, tags=(), notes="", has_lead=False)
    base.update(kw)
    return OutcomeForm(**base)


def test_keyboard_capture_submits_the_values(qtbot) -> None:
    received = []
    dialog = OutcomeDialog(lambda v: received.append(v) or 1, _form())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    assert not dialog.lead_field.isEnabled()
    qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert dialog.selected_verdict() == "cooperation_possible"
    assert dialog.lead_field.isEnabled()
    dialog.rating.setValue(4)
    qtbot.keyClicks(dialog.tags, "licensing, clinical trial")
    dialog.make_lead.setChecked(True)
    qtbot.keyClicks(dialog.next_action, "Send NDA")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    assert received and received[0]["verdict"] == "cooperation_possible"
    assert received[0]["tags"] == ["licensing", "clinical trial"] and received[0]["make_lead"]
    assert received[0]["due_date"] is not None


def test_missing_verdict_is_shown_next_to_the_field(qtbot) -> None:
    from planner.errors import ValidationError

    def submit(values):
        raise ValidationError("Choose what came of the meeting", "verdict")

    dialog = OutcomeDialog(submit, _form(has_lead=True, verdict="informative", rating=3))
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.make_lead.isEnabled() and dialog.rating.value() == 3
    dialog.try_accept()
    assert "Choose what came" in dialog.problem_text("verdict")


def test_meetings_page_records_an_outcome_and_undo_reverts_it(qtbot, demo_window) -> None:
    from sqlalchemy import select

    from planner.domain.enums import MeetingStatus
    from planner.storage.models import Meeting, Outcome

    page = demo_window.show_page("meetings")
    ws = page.ws
    with ws.db.session() as s:
        mid = s.scalars(select(Meeting.id).where(Meeting.status == MeetingStatus.CONFIRMED)).first()
    page.reload()
    assert page.select_id(mid)
    page.outcome_action.trigger()
    dialog = page.dialog
    assert dialog is not None
    dialog.verdict_buttons["informative"].setChecked(True)
    dialog.rating.setValue(3)
    dialog.try_accept()
    with ws.db.session() as s:
        assert s.scalars(select(Outcome).where(Outcome.meeting_id == mid)).one().rating == 3
        assert s.get(Meeting, mid).status is MeetingStatus.HELD
    assert ws.undo_stack.undoText().startswith("Record outcome of meeting with")
    ws.undo_stack.undo()
    with ws.db.session() as s:
        assert s.scalars(select(Outcome).where(Outcome.meeting_id == mid)).first() is None
