"""Rows of leads the app holds little about, in an edited lead sheet (planner/imports/leads/checks.py),
issue 21.

Rules: a sheet exported before row ids carried what the row shows (``LS1`` ids) is checked by
the e-mail, so the edit of a person Mission Desk has no e-mail for (an empty E-mail cell) goes in,
as does the edit of a lead left with neither person nor organisation (its organisation deleted),
listed in the review under no name;
a row of a lead deleted since the export, pasted twice, is left out twice with a warning, not a
failed import."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from planner.domain.enums import LeadStage
from planner.exports.sheets.lead_sheet_columns import decode_row_id
from planner.services.editing.removal import remove_records
from planner.services.events.events import get_event
from planner.services.followup.followups import add_lead
from planner.services.followup.leads import find_lead
from planner.services.people.people import add_person
from planner.storage.database import Database
from tests.helpers.lead_sheet_edit import paste_row_copy
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_person_names_kills import (
    lead_left_without_person_or_organisation,
)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_row_rules_kills import edit
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_apply_kills import legacy
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import (
    SATO,
    apply,
    export,
    plan,
)


def type_stage(path: Path, person: str | None, organisation: str | None, stage: str) -> int:
    """Type ``stage`` into the row showing this person and organisation (None: an empty cell)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1)
               if ws.cell(r, header.index("Person") + 1).value == person
               and ws.cell(r, header.index("Organisation") + 1).value == organisation)
    ws.cell(row, header.index("Stage") + 1).value = stage
    wb.save(path)
    return row


def test_an_old_sheet_imports_the_edit_of_a_person_without_email(leads_db: Database, tmp_path: Path):  # noqa: F811
    with leads_db.transaction() as s:
        haddad = add_person(s, given_name="Noor", family_name="Haddad", lead_sharing_consent=True)
        add_lead(s, get_event(s, "mission"), person=haddad, stage=LeadStage.NEW)
    path = export(leads_db, tmp_path / "leads.xlsx")
    legacy(path)
    row = type_stage(path, "Noor Haddad", None, "Agreed")
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [(c.where, c.fields) for c in p.changes] == [(f"Leads row {row}", {"Stage": ("new", "agreed")})]


def test_an_old_sheet_imports_the_edit_of_a_lead_left_without_person_or_organisation(leads_db: Database,  # noqa: F811
                                                                                    tmp_path: Path):
    lead_left_without_person_or_organisation(leads_db)
    path = export(leads_db, tmp_path / "leads.xlsx")
    legacy(path)
    row = type_stage(path, None, None, "Lost")
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    # the review lists the change under no person or organisation: the lead has none
    assert [(c.where, c.person, c.fields) for c in p.changes] == [(f"Leads row {row}", "", {"Stage": ("new", "lost")})]


def test_a_row_of_a_deleted_lead_pasted_twice_is_left_out_twice(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {})
    copy = paste_row_copy(path, row)
    rid = decode_row_id(openpyxl.load_workbook(path)["Leads"].cell(row, 1).value)
    assert rid is not None
    uuid = rid.lead_uuid
    with leads_db.transaction() as s:
        remove_records(s, "lead", [find_lead(s, uuid).id])
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [(w.row, w.column, w.value) for w in p.warnings if w.sheet == "Leads"] == [
        (row, "Row id", uuid), (copy, "Row id", uuid)]
    assert apply(leads_db, path) == 0

