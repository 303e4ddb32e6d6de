"""What a user editing the exported lead sheet in Excel or LibreOffice expects when it comes back
(planner/imports/leads/sheet.py, checks.py), issue 21.

- every error names its sheet, row number and cell, with a message saying what to do, and one
  bad row does not hide the errors of the rows after it;
- a row must still be the lead its hidden id names: cleared or typed-over people, e-mails and
  organisations are errors naming whose lead the row is;
- a next action typed on a row that had none is listed, saved, and added only once however
  often the same sheet is imported;
- a lead or follow-up deleted in Mission Desk since the export is an error of its row.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl

from planner.exports.sheets.lead_sheet_columns import decode_row_id
from planner.services.editing.removal import remove_records
from planner.services.events.events import get_event
from planner.services.followup.leads import find_lead, list_leads
from planner.storage.database import Database
from planner.storage.models import FollowUp
from tests.helpers.lead_sheet_edit import edit_lead_row, paste_row_copy
from tests.helpers.query_count import count_queries
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import (
    SATO,
    apply,
    export,
    plan,
)

KANSAI = "Kansai Bio <Innovations> & Co"  # the organisation of the lead without a person
def edit(path: Path, email: str, changes: dict[str, object]) -> int:
    """Type into the row of ``email`` on the Leads sheet ("": the lead without a person)."""
    return edit_lead_row(path, email, changes, with_row_id=True)


HINT = ("Undo the sort, or sort whole rows with the filter buttons in the header (they keep the hidden column A, "
        "the row ids, with their rows)")



def errors(p) -> list[tuple[int | None, str | None, str]]:  # type: ignore[no-untyped-def]
    return [(e.row, e.column, e.value) for e in p.errors]


# ------------------------------------------------------------------------- errors of a row

def test_an_action_status_that_is_not_one_is_an_error_of_its_cell(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Action status": "Finished"})
    p = plan(leads_db, path)
    assert errors(p) == [(row, "Action status", "Finished")]
    assert "Finished" in p.errors[0].message and not p.changes


def test_a_due_date_on_a_row_without_an_action_asks_what_is_due(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, "", {"Due": datetime(2026, 12, 1)})
    p = plan(leads_db, path)
    assert errors(p) == [(row, "Next action", "")]
    assert p.errors[0].message == "A due date or status needs a next action: say what is due"


def test_a_status_on_a_row_without_an_action_asks_what_is_due(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, "", {"Action status": "Done"})
    p = plan(leads_db, path)
    assert errors(p) == [(row, "Next action", "")]


def test_an_emptied_next_action_says_how_to_close_it(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Next action": None})
    p = plan(leads_db, path)
    assert errors(p) == [(row, "Next action", "")]
    assert p.errors[0].message == ("The next action cannot be emptied: to close it, set its status to Done or "
                                   "Cancelled")


def test_an_owner_typed_in_capitals_is_the_same_person(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Owner": "BOB@LUNE.EXAMPLE"})
    edit(path, "evil@x.example", {"Owner": "ALICE@Lune.Example"})  # two rows: the second finds it known
    p = plan(leads_db, path)
    assert not p.errors
    assert sorted(c.fields["Owner"] for c in p.changes) == [("alice@lune.example", "bob@lune.example"),
                                                            ("bob@lune.example", "alice@lune.example")]


def test_an_unknown_owner_is_an_error_on_every_row_that_names_them(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    rows = [edit(path, SATO, {"Owner": "nobody@x.example"}), edit(path, "evil@x.example", {"Owner": "Nobody@x.example"})]
    p = plan(leads_db, path)
    assert sorted(errors(p)) == sorted([(rows[0], "Owner", "nobody@x.example"), (rows[1], "Owner", "Nobody@x.example")])
    assert all(e.message == "No person with this e-mail: pick an owner from the drop-down" for e in p.errors)


def test_errors_are_listed_in_sheet_and_row_order(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    later = max(edit(path, SATO, {"Stage": "Won"}), edit(path, "evil@x.example", {"Stage": "Won"}))
    earlier = min(edit(path, SATO, {"Stage": "Won"}), edit(path, "evil@x.example", {"Stage": "Won"}))
    edit(path, "", {"Due": "someday"})
    p = plan(leads_db, path)
    shown = [e.row for e in p.errors]
    assert shown == sorted(shown) and {earlier, later} <= set(shown)


# ----------------------------------------------------------------- still the lead its id names

def test_a_row_whose_person_cells_were_cleared_says_it_shows_an_empty_row(leads_db: Database,  # noqa: F811
                                                                           tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Person": None, "E-mail": None, "Organisation": None, "Stage": "Agreed"})
    p = plan(leads_db, path)
    assert errors(p) == [(row, "E-mail", "")]
    assert p.errors[0].message == (
        "This row shows an empty row, but its hidden row id (column A) is the lead of Kenichi Sato "
        "<sato@kansai.example>: the rows were sorted or pasted without column A, or the person, e-mail or "
        f"organisation was typed over. {HINT}; change people, e-mails and organisations in Mission Desk, not "
        "in the sheet; nothing in this row was imported")
    assert not p.changes


def test_the_organisation_lead_typed_over_names_both_organisations(leads_db: Database,  # noqa: F811
                                                                   tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, "", {"Organisation": "Osaka Pharma KK", "Stage": "Agreed"})
    p = plan(leads_db, path)
    assert errors(p) == [(row, None, "")]
    assert p.errors[0].message.startswith(
        f"This row shows Osaka Pharma KK (no person), but its hidden row id (column A) is the lead of {KANSAI} "
        "(no person): ")


def test_a_pasted_copy_of_a_row_is_an_error_of_the_whole_row(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    original = edit(path, SATO, {})
    copy = paste_row_copy(path, original)
    p = plan(leads_db, path)
    assert errors(p) == [(copy, None, "")]
    assert p.errors[0].sheet == "Leads"  # the error says where the copy is: its sheet and row
    assert p.errors[0].message == (
        f"This row is a copy of row {original} (the lead of Kenichi Sato <sato@kansai.example>: the same hidden "
        "row id). A lead sheet cannot add leads: delete this row and add the lead in Mission Desk; nothing in "
        "this row was imported")


# --------------------------------------------------------------- deleted since the export

def _lead_on_row(path: Path, row: int) -> str:
    ws = openpyxl.load_workbook(path)["Leads"]
    rid = decode_row_id(ws.cell(row, 1).value)
    assert rid is not None
    return rid.lead_uuid


def test_an_unedited_row_of_a_lead_deleted_since_the_export_is_left_out_with_a_warning(leads_db: Database,  # noqa: F811
                                                                                          tmp_path: Path):
    """A colleague deleted a lead while its owner edited other rows: the owner's edits go in; the
    row they never touched is left out, and they are told."""
    path = export(leads_db, tmp_path / "leads.xlsx")
    ws = openpyxl.load_workbook(path)["Leads"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    first, last = rows[0], rows[-1]
    uuid = _lead_on_row(path, first)
    email = ws.cell(last, 3).value or ""
    edit(path, email, {"Stage": "Agreed"})
    with leads_db.transaction() as s:
        remove_records(s, "lead", [find_lead(s, uuid).id])
    p = plan(leads_db, path)
    assert not p.errors
    on_leads = [w for w in p.warnings if w.sheet == "Leads"]  # the lead is on its owner's sheet too
    assert [(w.row, w.column, w.value) for w in on_leads] == [(first, "Row id", uuid)]
    assert on_leads[0].message == ("No lead with this id in event mission: the lead was deleted, or the sheet "
                                   "belongs to another event. The row was not edited: it is left out")
    assert [c.where for c in p.changes] == [f"Leads row {last}"]
    assert apply(leads_db, path) == 1


def test_an_edited_row_of_a_deleted_lead_is_an_error_and_the_rows_after_it_are_still_checked(
        leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    ws = openpyxl.load_workbook(path)["Leads"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    first, last = rows[0], rows[-1]
    uuid = _lead_on_row(path, first)
    edit(path, ws.cell(first, 3).value or "", {"Stage": "Agreed"})  # typed into: the edit would be lost
    edit(path, ws.cell(last, 3).value or "", {"Stage": "Won"})
    with leads_db.transaction() as s:
        remove_records(s, "lead", [find_lead(s, uuid).id])
    p = plan(leads_db, path)
    on_leads = [e for e in p.errors if e.sheet == "Leads"]
    assert [(e.row, e.column) for e in on_leads] == [(first, "Row id"), (last, "Stage")]
    assert on_leads[0].value == uuid
    assert on_leads[0].message == ("No lead with this id in event mission: the lead was deleted, or the sheet "
                                   "belongs to another event")
    assert not [w for w in p.warnings if (w.sheet, w.row) == ("Leads", first)]


def test_an_action_deleted_in_the_app_since_the_export_is_an_error_of_its_row(leads_db: Database,  # noqa: F811
                                                                              tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Next action": "Send the NDA today"})
    ws = openpyxl.load_workbook(path)["Leads"]
    rid = decode_row_id(ws.cell(row, 1).value)
    assert rid is not None and rid.action_uuid
    with leads_db.transaction() as s:
        action = s.query(FollowUp).filter_by(uuid=rid.action_uuid).one()
        remove_records(s, "follow_up", [action.id])
    p = plan(leads_db, path)
    on_leads = [e for e in p.errors if e.sheet == "Leads"]  # the action is on its owner's sheet too
    assert [(e.row, e.column, e.value) for e in on_leads] == [(row, "Next action", "Send the NDA today")]
    assert on_leads[0].message == "This follow-up action was deleted in Mission Desk since the export"


def test_an_unedited_row_of_an_action_deleted_since_the_export_is_left_out_with_a_warning(
        leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {})
    ws = openpyxl.load_workbook(path)["Leads"]
    rid = decode_row_id(ws.cell(row, 1).value)
    assert rid is not None and rid.action_uuid
    action_text = ws.cell(row, [c.value for c in ws[1]].index("Next action") + 1).value
    with leads_db.transaction() as s:
        action = s.query(FollowUp).filter_by(uuid=rid.action_uuid).one()
        remove_records(s, "follow_up", [action.id])
    p = plan(leads_db, path)
    assert not p.errors and not p.changes
    on_leads = [w for w in p.warnings if w.sheet == "Leads"]
    assert [(w.row, w.column, w.value) for w in on_leads] == [(row, "Next action", action_text)]
    assert on_leads[0].message == ("This follow-up action was deleted in Mission Desk since the export. "
                                   "The row was not edited: it is left out")


# ----------------------------------------------------------------- a new action, added once

def _brochures(db: Database) -> list[FollowUp]:
    with db.session() as s:
        return [a for a in s.query(FollowUp).all() if a.description.casefold() == "send brochure"]


def test_a_next_action_typed_on_a_row_without_one_is_listed_saved_and_added_once(leads_db: Database,  # noqa: F811
                                                                                 tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "", {"Next action": "Send brochure", "Due": datetime(2026, 11, 30)})
    p = plan(leads_db, path)
    assert not p.errors
    [change] = p.changes
    assert change.fields == {"Next action": ("", "Send brochure"), "Due": (None, date(2026, 11, 30))}
    assert change.person == KANSAI
    assert apply(leads_db, path) == 1
    assert [(a.due_date, a.status.value) for a in _brochures(leads_db)] == [(date(2026, 11, 30), "open")]
    # the same sheet imported again: already there, listed as unchanged, not added twice
    p = plan(leads_db, path)
    assert not p.changes and not p.conflicts and not p.errors
    assert apply(leads_db, path) == 0
    assert len(_brochures(leads_db)) == 1


def test_a_new_action_with_its_stage_saves_both(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "", {"Next action": "Send brochure", "Action status": "In progress", "Stage": "Qualified"})
    assert apply(leads_db, path) == 1
    assert [(a.due_date, a.status.value) for a in _brochures(leads_db)] == [(None, "in_progress")]
    with leads_db.session() as s:
        [lead] = [r for r in list_leads(s, get_event(s, "mission")) if not r.person_id]
        assert lead.stage.value == "qualified"


def test_a_typed_over_row_does_not_hide_the_errors_and_edits_after_it(leads_db: Database,  # noqa: F811
                                                                      tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    ws = openpyxl.load_workbook(path)["Leads"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    first, last = rows[0], rows[-1]
    first_email, last_email = ws.cell(first, 3).value or "", ws.cell(last, 3).value or ""
    edit(path, first_email, {"E-mail": "someone.else@x.example"})
    edit(path, last_email, {"Stage": "Won"})
    middle = [ws.cell(r, 3).value for r in rows[1:-1] if ws.cell(r, 3).value]
    edit(path, middle[0], {"Notes": "edited below the typed-over row"})
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors if e.sheet == "Leads"] == [(first, "E-mail"), (last, "Stage")]
    assert [c.fields["Notes"][1] for c in p.changes] == ["edited below the typed-over row"]


# ------------------------------------------------------------------- the order errors are listed in

def test_errors_are_listed_sheet_by_sheet_a_sheet_that_could_not_be_read_first(leads_db: Database,  # noqa: F811
                                                                               tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Stage": "Won"})  # an error on the first sheet read, Leads
    wb = openpyxl.load_workbook(path)
    owner = wb["Bob Owner"]
    owner.delete_cols([c.value for c in owner[1]].index("Stage") + 1)
    wb.save(path)
    p = plan(leads_db, path)
    assert p.sheets[0] == "Leads" and "Bob Owner" not in p.sheets
    assert [(e.sheet, e.row) for e in p.errors] == [("Bob Owner", 1), ("Leads", row)]


def test_errors_of_a_sheet_are_listed_by_row_whatever_found_them(leads_db: Database,  # noqa: F811
                                                                 tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    ws = openpyxl.load_workbook(path)["Leads"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    first, last = rows[0], rows[-1]
    uuid = _lead_on_row(path, last)
    edit(path, ws.cell(first, 3).value or "", {"Stage": "Won"})  # a bad value, found second
    edit(path, ws.cell(last, 3).value or "", {"Stage": "Agreed"})  # its lead deleted: found first
    with leads_db.transaction() as s:
        remove_records(s, "lead", [find_lead(s, uuid).id])
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors if e.sheet == "Leads"] == [(first, "Stage"), (last, "Row id")]


def _owner_lookups(db: Database, path: Path, owner: str) -> int:
    """How many times planning the sheet looks a person up by an id or e-mail typed as Owner."""
    with count_queries(db.engine) as counted:
        p = plan(db, path)
    assert not p.errors and any(c.fields.get("Owner", ("", ""))[1] == owner for c in p.changes)
    return sum("FROM person" in s and "person.uuid = " in s for s in counted.statements)


def test_an_owner_named_on_many_rows_is_looked_up_once(leads_db: Database, tmp_path: Path):  # noqa: F811
    """Each owner typed is looked up once, however many rows name them: a sheet that names one
    owner fewer asks one lookup fewer (not one per row)."""
    two_owners = export(leads_db, tmp_path / "two.xlsx")
    edit(two_owners, SATO, {"Owner": "bob@lune.example"})
    edit(two_owners, "evil@x.example", {"Owner": "private@x.example"})  # owner of no other row
    one_owner = export(leads_db, tmp_path / "one.xlsx")
    edit(one_owner, SATO, {"Owner": "bob@lune.example"})
    edit(one_owner, "evil@x.example", {"Owner": "BOB@LUNE.EXAMPLE"})  # the same owner, typed otherwise
    assert _owner_lookups(leads_db, two_owners, "bob@lune.example") - \
        _owner_lookups(leads_db, one_owner, "bob@lune.example") == 1
