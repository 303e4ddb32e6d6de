"""Ctrl+Z after the command line changed the file (issue 15), with the app's real undo path:
a Workspace and its QUndoStack here, the command line as a separate ``python -m planner``
process on the same file.

Rules: the app notices what another program saved without being touched (every view is told to
reload); Ctrl+Z refuses, with a message naming what changed, a step another program built on,
and writes nothing — the step leaves the history, older steps stay; a step untouched by others
still undoes.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
from sqlalchemy import func, select

from planner.domain.enums import Verdict
from planner.services.events.events import add_event, get_event
from planner.services.followup.outcomes import save_outcome
from planner.services.people.people import add_person, find_person
from planner.services.schedule.meetings import add_meeting
from planner.storage.models import FollowUp, Lead, MeetingAttendee, Person
from tests.planner.concurrency.test_undo_after_others import (
    ALICE,
    ANA,
    EVENT,
    MEETING_CSV,
    planner_cli,
)
from ui.workspace import Workspace

WAIT_MS = 15_000  # the watch looks every 1.5 s; a loaded machine may be slow to run its timer


def _setup(ws: Workspace) -> None:
    """What was there before the session: not in the undo history."""
    with ws.db.transaction() as s:
        add_event(s, code=EVENT, name="BioJapan", start_date=date(2027, 10, 13),
                  end_date=date(2027, 10, 16), tz="Asia/Tokyo")
        add_person(s, given_name="Alice", family_name="Fraser", email=ALICE)
    ws.notify_external_change()
    ws.set_event(EVENT)


def _count(ws: Workspace, model: type) -> int:
    return ws.read(lambda s: int(s.scalar(select(func.count()).select_from(model)) or 0))


def test_the_app_notices_the_command_line_and_ctrl_z_keeps_its_meeting_and_lead(
        qtbot, workspace: Workspace, tmp_path: Path) -> None:
    ws = workspace
    _setup(ws)
    ws.edit("Add Ana Lima", lambda s: add_person(s, given_name="Ana", family_name="Lima", email=ANA).id)
    csv = tmp_path / "meetings.csv"
    csv.write_text(MEETING_CSV, encoding="utf-8")

    with qtbot.waitSignal(ws.changed, timeout=WAIT_MS) as noticed:  # no click, no edit: the watch
        planner_cli(ws.db.path, "import", "meetings", str(csv), "--event", EVENT)
        planner_cli(ws.db.path, "leads", "add", "--event", EVENT, "--person", ANA)
    assert "*" in noticed.args[0]  # every view reloads

    with qtbot.waitSignal(ws.edit_failed, timeout=WAIT_MS) as failed:
        ws.undo_stack.undo()  # Ctrl+Z

    message = str(failed.args[0])
    assert "Can't undo “Add Ana Lima”" in message and "meeting" in message and "lead" in message
    assert "Nothing was undone" in message and "taken off the undo history" in message
    ana_id = ws.read(lambda s: find_person(s, ANA).id)
    assert ws.read(lambda s: s.scalars(select(Lead)).one().person_id) == ana_id
    assert ws.read(lambda s: s.scalar(select(func.count(MeetingAttendee.id))
                                      .where(MeetingAttendee.person_id == ana_id))) == 1
    assert ws.undo_stack.count() == 0 and not ws.undo_stack.canRedo()


def test_ctrl_z_of_make_a_lead_keeps_the_follow_up_from_the_lead_sheet(
        qtbot, workspace: Workspace, tmp_path: Path) -> None:
    ws = workspace
    _setup(ws)

    def meeting_with_ana(s):  # type: ignore[no-untyped-def]
        ana = add_person(s, given_name="Ana", family_name="Lima", email=ANA, lead_sharing_consent=True)
        return add_meeting(s, get_event(s, EVENT), start_local=datetime(2027, 10, 14, 10),
                           end_local=datetime(2027, 10, 14, 10, 30), ours=[find_person(s, ALICE)],
                           counterparts=[ana]).id

    meeting_id = ws.edit("Add meeting", meeting_with_ana)
    ws.edit("Record outcome", lambda s: save_outcome(
        s, meeting_id, {"verdict": Verdict.COOPERATION_POSSIBLE.value, "make_lead": True}))
    sheet = tmp_path / "leads.xlsx"
    planner_cli(ws.db.path, "export", "leads", "--event", EVENT, "--out", str(sheet))
    wb = openpyxl.load_workbook(sheet)  # the owner types their follow-up on Ana's row
    rows = wb["Leads"]
    header = [c.value for c in rows[1]]
    row = next(r for r in rows.iter_rows(min_row=2) if r[header.index("E-mail")].value == ANA)
    row[header.index("Next action")].value = "Book a call with their CSO"
    row[header.index("Due")].value = datetime(2027, 11, 2)
    wb.save(sheet)
    planner_cli(ws.db.path, "import", "leads", str(sheet), "--event", EVENT)

    with qtbot.waitSignal(ws.edit_failed, timeout=WAIT_MS) as failed:
        ws.undo_stack.undo()  # Ctrl+Z on "Record outcome"

    assert "Can't undo “Record outcome”" in str(failed.args[0]) and "follow-up" in str(failed.args[0])
    follow_up = select(FollowUp.id).where(FollowUp.description == "Book a call with their CSO")
    assert ws.read(lambda s: s.scalar(follow_up)) is not None
    assert _count(ws, Lead) == 1
    # the refused step left the history; the one before it is still there, and it too refuses
    # (the lead made by the outcome still refers to the meeting) instead of cascading
    assert ws.undo_stack.count() == 1 and ws.undo_stack.undoText() == "Add meeting"
    with qtbot.waitSignal(ws.edit_failed, timeout=WAIT_MS):
        ws.undo_stack.undo()
    assert _count(ws, Person) == 2 and ws.read(lambda s: s.scalar(follow_up)) is not None


def test_ctrl_z_still_undoes_a_step_the_command_line_did_not_touch(
        qtbot, workspace: Workspace, tmp_path: Path) -> None:
    ws = workspace
    _setup(ws)
    ws.edit("Add Ana Lima", lambda s: add_person(s, given_name="Ana", family_name="Lima", email=ANA).id)
    csv = tmp_path / "meetings.csv"  # Alice alone: nothing of Ana's
    csv.write_text(MEETING_CSV.replace(f",{ANA},Lima Biotech Lda,", ",,,"), encoding="utf-8")
    planner_cli(ws.db.path, "import", "meetings", str(csv), "--event", EVENT)
    failures: list[object] = []
    ws.edit_failed.connect(failures.append)

    with qtbot.waitSignal(ws.changed, timeout=WAIT_MS) as undone:
        ws.undo_stack.undo()

    assert not failures and "person" in undone.args[0]
    assert "*" in undone.args[0]  # the undo saw the other program's meeting: every view reloads
    assert ws.read(lambda s: s.scalar(select(Person.id).where(Person.email == ANA))) is None
    assert _count(ws, MeetingAttendee) == 1
