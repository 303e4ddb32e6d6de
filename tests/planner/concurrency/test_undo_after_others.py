"""Undo after another program changed the file (issue 15): the app's history meets the command
line's work. The app side is this process (a Database, steps recorded with ``record_changes``,
a FileWatch); the other program is a real ``python -m planner --db FILE …`` process.

Rules: an undo (or redo) never destroys or orphans what another program saved — a step whose
rows, or rows that now depend on them, changed is refused with a message naming what changed,
and nothing is written; a step untouched by the other program still undoes; the app can tell
that the file changed elsewhere, and its own writes do not count as that.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from planner.domain.enums import Verdict
from planner.services.editing import changes
from planner.services.editing.dependents import delete_with_dependents
from planner.services.events.events import add_event, get_event
from planner.services.followup.outcomes import save_outcome
from planner.services.people.people import add_person, find_person
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database
from planner.storage.models import FollowUp, Lead, MeetingAttendee, Person

pytestmark = pytest.mark.engines

ROOT = Path(__file__).resolve().parents[3]
EVENT = "bj-2027"
ALICE, ANA = "alice@ours.example", "ana.lima@lima.example"
# The generic meetings template (shared/cli.md, "Import templates"): one meeting with Ana.
MEETING_CSV = ("Date,Start,End,Location,Our attendees,Counterparts,Counterpart organisation,Status\n"
               f"2027-10-14,10:00,10:30,Table 3,{ALICE},{ANA},Lima Biotech Lda,confirmed\n")


def planner_cli(db: Path | str, *args: str) -> str:
    """The command line as another program: its own process, its own connection to the file."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "planner", "--db", str(db), *args], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def app(db_target: str) -> Database:
    db = Database.open(db_target)
    with db.transaction() as s:
        add_event(s, code=EVENT, name="BioJapan", start_date=date(2027, 10, 13),
                  end_date=date(2027, 10, 16), tz="Asia/Tokyo")
        add_person(s, given_name="Alice", family_name="Fraser", email=ALICE)
    yield db  # type: ignore[misc]
    db.close()


def _add_ana(db: Database) -> changes.Changeset:
    with db.transaction() as s, changes.record_changes(s, "Add Ana Lima") as cs:
        add_person(s, given_name="Ana", family_name="Lima", email=ANA)
    return cs


def _count(db: Database, model: type) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(model)) or 0)


def _others_put_ana_in_a_meeting_and_a_lead(db: Database, tmp_path: Path) -> None:
    csv = tmp_path / "meetings.csv"
    csv.write_text(MEETING_CSV, encoding="utf-8")
    planner_cli(db.target, "import", "meetings", str(csv), "--event", EVENT)
    planner_cli(db.target, "leads", "add", "--event", EVENT, "--person", ANA,
                "--next-action", "Send the licensing deck", "--due", "2027-10-20")


def test_undo_of_a_person_the_command_line_built_on_is_refused(app: Database, tmp_path: Path) -> None:
    added = _add_ana(app)
    _others_put_ana_in_a_meeting_and_a_lead(app, tmp_path)
    attendees, leads = _count(app, MeetingAttendee), _count(app, Lead)

    with pytest.raises(changes.UndoConflictError) as refused, app.transaction() as s:
        changes.undo(s, added)

    message = str(refused.value)
    assert "Add Ana Lima" in message and "Ana Lima" in message.replace("“Add Ana Lima”", "")
    assert "meeting" in message and "lead" in message and "Nothing was undone" in message
    # nothing was undone: Ana, her place in the meeting and her lead are all still there
    with app.session() as s:
        ana = find_person(s, ANA)
        lead = s.scalars(select(Lead)).one()
        assert lead.person_id == ana.id
    assert (_count(app, MeetingAttendee), _count(app, Lead)) == (attendees, leads)


def test_a_step_the_other_program_did_not_touch_still_undoes(app: Database, tmp_path: Path) -> None:
    added = _add_ana(app)
    csv = tmp_path / "meetings.csv"  # a meeting with Alice alone: nothing of Ana's step
    csv.write_text(MEETING_CSV.replace(f",{ANA},Lima Biotech Lda,", ",,,"), encoding="utf-8")
    planner_cli(app.target, "import", "meetings", str(csv), "--event", EVENT)

    with app.transaction() as s:
        changes.undo(s, added)

    with app.session() as s:
        assert s.scalar(select(Person.id).where(Person.email == ANA)) is None
    assert _count(app, MeetingAttendee) == 1  # the other program's meeting kept Alice


def test_redo_of_a_delete_refuses_when_the_command_line_used_the_person_again(app: Database,
                                                                            tmp_path: Path) -> None:
    with app.transaction() as s:
        add_person(s, given_name="Ana", family_name="Lima", email=ANA)
    with app.transaction() as s, changes.record_changes(s, "Delete Ana Lima") as deleted:
        delete_with_dependents(s, find_person(s, ANA))
    with app.transaction() as s:
        changes.undo(s, deleted)  # Ana is back
    _others_put_ana_in_a_meeting_and_a_lead(app, tmp_path)

    with pytest.raises(changes.UndoConflictError) as refused, app.transaction() as s:
        changes.redo(s, deleted)

    assert "Can't redo “Delete Ana Lima”" in str(refused.value) and "meeting" in str(refused.value)
    with app.session() as s:
        ana = find_person(s, ANA)
        assert s.scalars(select(Lead)).one().person_id == ana.id
        assert s.scalar(select(func.count()).select_from(MeetingAttendee)
                        .where(MeetingAttendee.person_id == ana.id)) == 1


def _export_add_follow_up_import(db: Database, tmp_path: Path, action: str) -> None:
    """The owner types a new next action on the lead's row of the sheet and imports it."""
    sheet = tmp_path / "leads.xlsx"
    planner_cli(db.target, "export", "leads", "--event", EVENT, "--out", str(sheet))
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Leads"]
    header = [c.value for c in ws[1]]
    rows = [r for r in ws.iter_rows(min_row=2) if r[header.index("E-mail")].value == ANA]
    assert len(rows) == 1
    rows[0][header.index("Next action")].value = action
    rows[0][header.index("Due")].value = datetime(2027, 11, 2)
    wb.save(sheet)
    planner_cli(db.target, "import", "leads", str(sheet), "--event", EVENT)


def test_undo_of_make_a_lead_keeps_the_follow_up_added_from_the_lead_sheet(app: Database,
                                                                           tmp_path: Path) -> None:
    with app.transaction() as s:
        ana = add_person(s, given_name="Ana", family_name="Lima", email=ANA, lead_sharing_consent=True)
        meeting = add_meeting(s, get_event(s, EVENT), start_local=datetime(2027, 10, 14, 10),
                              end_local=datetime(2027, 10, 14, 10, 30),
                              ours=[find_person(s, ALICE)], counterparts=[ana])
        meeting_id = meeting.id
    with app.transaction() as s, changes.record_changes(s, "Record outcome") as outcome:
        save_outcome(s, meeting_id, {"verdict": Verdict.COOPERATION_POSSIBLE.value, "make_lead": True})
    assert "lead" in outcome.tables() and "follow_up" not in outcome.tables()
    _export_add_follow_up_import(app, tmp_path, "Book a call with their CSO")
    with app.session() as s:
        assert s.scalar(select(FollowUp.id).where(FollowUp.description == "Book a call with their CSO"))

    with pytest.raises(changes.UndoConflictError) as refused, app.transaction() as s:
        changes.undo(s, outcome)

    assert "Record outcome" in str(refused.value) and "Nothing was undone" in str(refused.value)
    with app.session() as s:
        assert s.scalar(select(FollowUp.id).where(FollowUp.description == "Book a call with their CSO"))
        assert s.scalar(select(func.count(Lead.id))) == 1


@pytest.mark.sqlite_only("the watch reads PRAGMA data_version; change notices on a server are the live area's")
def test_the_watch_sees_other_programs_commits_and_not_its_own(app: Database, tmp_path: Path) -> None:
    from planner.services.files.file_watch import (
        FileWatch,  # here: the other tests run on older code too
    )

    watch = FileWatch(app.data_version_probe())
    try:
        assert not watch.changed_elsewhere()
        with app.transaction() as s:  # our own write unit, the way the app's undo commands do it
            assert not watch.changed_elsewhere()
            add_person(s, given_name="Bo", family_name="Ng", email="bo@ours.example")
        watch.mark_seen()
        assert not watch.changed_elsewhere()

        planner_cli(app.target, "leads", "add", "--event", EVENT, "--person", ALICE)

        assert watch.changed_elsewhere()
        assert not watch.changed_elsewhere()  # once per batch of changes
    finally:
        watch.close()
