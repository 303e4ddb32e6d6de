"""What the import says about each row of an edited lead sheet (planner/imports/leads/*.py), issue 21.

The user reads these lines in the terminal or the import dialog and fixes the sheet by them, so
each says where (sheet, row, column), what the cell holds, and what to do: a line typed as a new
lead, a missing or made-up currency, values sorted without their rows."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from planner.domain.enums import LeadStage
from planner.imports.errors import FileRejected
from planner.imports.leads.checks import SheetProblem
from planner.services.events.events import get_event
from planner.services.followup.followups import add_lead
from planner.services.people.people import add_person
from planner.storage.database import Database
from tests.helpers.lead_sheet_edit import paste_row_copy
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_row_rules_kills import HINT, edit
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import (
    EVIL,
    SATO,
    export,
    plan,
)

DAMAGED = ("The hidden row id is missing or damaged, so this row cannot be matched to a lead. Add new leads in "
           "Mission Desk, not in the sheet; undo edits to column A.")


def test_a_problem_reads_as_sheet_row_column_and_value():
    assert str(SheetProblem("Leads", 7, "Currency", "XYZ", "Not a currency")) == (
        "sheet “Leads”, row 7, column “Currency”: Not a currency (value: “XYZ”)")
    assert str(SheetProblem("Leads", 7, None, "", "A copy")) == "sheet “Leads”, row 7: A copy"
    assert str(SheetProblem("Leads", None, "Probability", "", "Not imported")) == (
        "sheet “Leads”, column “Probability”: Not imported")


def test_a_line_typed_as_a_new_lead_is_an_error_saying_where_leads_are_added(leads_db: Database,  # noqa: F811
                                                                             tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    new = ws.max_row + 2
    ws.cell(new, 2).value = "Hana Tanaka"
    ws.cell(new, 3).value = "tanaka@kansai.example"
    ws.cell(new, 8).value = "New"
    ws.cell(new + 1, 2).value = "Total"  # a line with no lead values at all: not a lead row
    ws.cell(new + 2, 1).value = "LS2:damaged"  # an id typed over, the rest empty
    wb.save(path)
    p = plan(leads_db, path)
    assert [(e.row, e.column, e.value, e.message) for e in p.errors] == [
        (new, "Row id", "", DAMAGED), (new + 2, "Row id", "LS2:damaged", DAMAGED)]
    assert str(p.errors[0]) == f"sheet “Leads”, row {new}, column “Row id”: {DAMAGED}"


def test_a_value_needs_its_currency_and_a_currency_must_be_real(leads_db: Database,  # noqa: F811
                                                                tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    evil = edit(path, EVIL, {"Value": 100})
    sato = edit(path, SATO, {"Currency": "gbx"})
    p = plan(leads_db, path)
    found = {e.row: (e.column, e.value, e.message) for e in p.errors}
    assert found == {evil: ("Currency", "", "Give the currency of the value (e.g. GBP)"),
                     sato: ("Currency", "GBX", "Not an ISO 4217 currency code (e.g. GBP, JPY, EUR)")}


def test_a_currency_typed_in_small_letters_is_saved_in_capitals(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Currency": "jpy"})
    p = plan(leads_db, path)
    assert [c.fields for c in p.changes] == [{"Currency": ("GBP", "JPY")}]


def test_values_swapped_between_two_rows_name_where_each_came_from(leads_db: Database,  # noqa: F811
                                                                   tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    rows = {ws.cell(r, 3).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}
    a, b = rows[SATO], rows[EVIL]
    for c in range(8, 16):  # H:O, the editable cells, swapped as a sort of those columns does
        ws.cell(a, c).value, ws.cell(b, c).value = ws.cell(b, c).value, ws.cell(a, c).value
    evil_person = ws.cell(b, 2).value
    wb.save(path)
    p = plan(leads_db, path)
    found = {e.row: e for e in p.errors if e.sheet == "Leads"}
    assert set(found) == {a, b} and all(e.column is None and e.value == "" for e in found.values())
    assert found[a].message == (
        f"The stage, owner, value and next action in this row (Kenichi Sato <{SATO}>) are exactly those exported "
        f"on row {b} for {evil_person} <{EVIL}>, and the other rows' values moved round with them: the rows look "
        f"sorted without the hidden column A (the row ids). {HINT}; nothing in this row was imported")
    assert not p.changes


def test_a_copy_typed_over_as_another_person_names_them(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    original = edit(path, SATO, {})
    copy = paste_row_copy(path, original, {2: "Hana Tanaka", 3: "tanaka@kansai.example"})
    p = plan(leads_db, path)
    assert [(e.row, e.message) for e in p.errors] == [(copy, (
        f"This row is a copy of row {original} (the lead of Kenichi Sato <{SATO}>: the same hidden row id) and "
        "typed over with Hana Tanaka <tanaka@kansai.example>. A lead sheet cannot add leads: delete this row and "
        "add the lead in Mission Desk; nothing in this row was imported"))]


def test_a_row_too_wide_is_refused_as_it_is_not_as_an_unreadable_workbook(leads_db: Database,  # noqa: F811
                                                                          tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    ws.cell(3, 201).value = "x"  # column GS
    wb.save(path)
    with pytest.raises(FileRejected) as err:
        plan(leads_db, path)
    assert str(err.value) == ("Row 3 of sheet “Leads” has 201 columns (at most 200 allowed). Delete the unused "
                              "columns and try again.")


def test_a_row_typed_over_names_the_person_as_mission_desk_shows_them(leads_db: Database,  # noqa: F811
                                                                      tmp_path: Path):
    # a person known only by their name in Chinese characters, and a typed-over organisation on a
    # row whose person and e-mail are right: the error is the row's, not the person cell's
    with leads_db.transaction() as s:
        event = get_event(s, "mission")
        wang = add_person(s, native_name="王伟", email="wang@sz.example", lead_sharing_consent=True)
        add_lead(s, event, person=wang, stage=LeadStage.NEW)
    path = export(leads_db, tmp_path / "leads.xlsx")
    wang_row = edit(path, "wang@sz.example", {"Person": "Wang Wei"})
    sato_row = edit(path, SATO, {"Organisation": "Osaka Pharma KK"})
    p = plan(leads_db, path)
    found = {e.row: e for e in p.errors if e.sheet == "Leads"}
    assert (found[wang_row].column, found[sato_row].column) == ("Person", None)
    assert found[wang_row].message.startswith("This row shows Wang Wei <wang@sz.example>, but its hidden row id "
                                              "(column A) is the lead of 王伟 <wang@sz.example>: ")
    assert found[sato_row].message.startswith(f"This row shows Kenichi Sato <{SATO}>, but its hidden row id "
                                              f"(column A) is the lead of Kenichi Sato <{SATO}>: ")


def test_a_copy_names_whose_lead_it_is_from_mission_desk_not_from_the_typed_original(leads_db: Database,  # noqa: F811
                                                                                      tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    original = edit(path, SATO, {"Person": "K. Sato"})  # the original row typed over, then copied
    copy = paste_row_copy(path, original)
    p = plan(leads_db, path)
    found = {e.row: e for e in p.errors}
    assert found[original].column == "Person"
    assert found[copy].message.startswith(f"This row is a copy of row {original} (the lead of Kenichi Sato <{SATO}>: "
                                          "the same hidden row id). ")
