"""Cells typed the way spreadsheets and people type them, in an edited lead sheet
(planner/imports/leads/sheet.py), issue 21.

Rules: a value typed with no-break spaces between its thousands (what LibreOffice and Excel put
there in many locales, "1 250 000") is that whole number; a meeting date cell (read-only) typed
over with words is an error of its row saying the row no longer shows its lead, never a failed
import; a sheet of more than a thousand leads (read from the database in parts) finds every one;
a status that is not one, typed on a row without an action, is one error, about the status."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from planner.domain.enums import LeadStage
from planner.services.events.events import get_event
from planner.services.followup.followups import add_lead
from planner.services.people.people import add_organisation
from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_row_rules_kills import edit
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import (
    SATO,
    apply,
    export,
    lead_of,
    plan,
)


def test_a_value_typed_with_no_break_spaces_is_the_whole_number(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Value": "1\u00a0250\u00a0000"})
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [c.fields for c in p.changes] == [{"Value": (50_000, 1_250_000)}]
    assert apply(leads_db, path) == 1
    assert lead_of(leads_db, SATO).value == 1_250_000


def test_a_meeting_cell_typed_over_with_words_is_an_error_of_its_row(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Meeting": "next week", "Stage": "Agreed"})
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors if e.sheet == "Leads"] == [(row, None)]
    assert p.errors[0].message.startswith(f"This row shows Kenichi Sato <{SATO}>, but its hidden row id (column A) "
                                          f"is the lead of Kenichi Sato <{SATO}>: ")
    assert not p.changes


def test_a_sheet_of_more_than_a_thousand_leads_finds_every_lead(leads_db: Database, tmp_path: Path):  # noqa: F811
    with leads_db.transaction() as s:
        event = get_event(s, "mission")
        for i in range(1000):
            add_lead(s, event, organisation=add_organisation(s, name=f"Visitor {i:04}", country="JP"),
                     stage=LeadStage.NEW)
    path = export(leads_db, tmp_path / "leads.xlsx")
    p = plan(leads_db, path)
    assert not p.errors and not p.warnings, [str(e) for e in p.errors + p.warnings][:3]
    ws = openpyxl.load_workbook(path, read_only=True)["Leads"]
    rows = sum(1 for (rid,) in ws.iter_rows(min_row=2, max_col=1, values_only=True) if rid)
    assert rows > 1000 and p.unchanged == rows  # every row found its lead, none left out


def test_an_unknown_status_on_a_row_without_an_action_is_one_error_about_the_status(leads_db: Database,  # noqa: F811
                                                                                   tmp_path: Path):
    # the status is not read, so there is no status asking for a next action: one error, the status's
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, "", {"Action status": "Finished"})
    p = plan(leads_db, path)
    assert [(e.row, e.column, e.value) for e in p.errors] == [(row, "Action status", "Finished")]
