"""Whose lead a typed-over row is, named as Mission Desk names the person (planner/imports/leads/
checks.py), issue 21.

Rules: a person whose family name comes first (a Japanese name entered family first) is named
"YAMADA Taro" in the error, as the sheet's Person column shows them, and a row whose person cell
still shows that name is not blamed on the Person cell when something else on it was typed over;
a person without an e-mail is named by their name alone; a lead left with neither person nor
organisation is named as an empty row."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from planner.domain.enums import LeadStage
from planner.domain.names import NameOrder
from planner.services.editing.removal import remove_records
from planner.services.events.events import get_event
from planner.services.followup.followups import add_lead
from planner.services.people.people import add_organisation, add_person
from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_row_rules_kills import edit
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import export, plan

YAMADA = "yamada@osaka.example"


def test_a_family_first_person_is_named_family_first_when_their_row_is_typed_over(leads_db: Database,  # noqa: F811
                                                                                   tmp_path: Path):
    with leads_db.transaction() as s:
        yamada = add_person(s, given_name="Taro", family_name="Yamada", name_order=NameOrder.FAMILY_FIRST,
                            email=YAMADA, lead_sharing_consent=True)
        add_lead(s, get_event(s, "mission"), person=yamada, stage=LeadStage.NEW)
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, YAMADA, {"Organisation": "Osaka Pharma KK"})
    p = plan(leads_db, path)
    [error] = [e for e in p.errors if e.row == row]
    assert error.column is None  # the Person cell still shows the person: not the cell to blame
    assert error.message.startswith(f"This row shows YAMADA Taro <{YAMADA}>, but its hidden row id (column A) is "
                                    f"the lead of YAMADA Taro <{YAMADA}>: ")


def test_a_person_without_email_is_named_alone_when_their_row_is_typed_over(leads_db: Database,  # noqa: F811
                                                                            tmp_path: Path):
    # rule: a person Mission Desk has no e-mail for is named by their name alone ("Noor Haddad"),
    # with no empty or made-up address after it
    with leads_db.transaction() as s:
        haddad = add_person(s, given_name="Noor", family_name="Haddad", lead_sharing_consent=True)
        add_lead(s, get_event(s, "mission"), person=haddad, stage=LeadStage.NEW)
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, header.index("Person") + 1).value == "Noor Haddad")
    ws.cell(row, header.index("Organisation") + 1).value = "Osaka Pharma KK"
    wb.save(path)
    p = plan(leads_db, path)
    [error] = [e for e in p.errors if e.row == row]
    assert error.column is None
    assert error.message.startswith("This row shows Noor Haddad, but its hidden row id (column A) is the lead of "
                                    "Noor Haddad: ")


def lead_left_without_person_or_organisation(db: Database) -> None:
    """A new lead of an organisation since deleted in Mission Desk (the lead stays, naming no one)."""
    with db.transaction() as s:
        gone = add_organisation(s, name="Gone KK", country="JP")
        add_lead(s, get_event(s, "mission"), organisation=gone, stage=LeadStage.NEW)
        s.flush()
        remove_records(s, "organisation", [gone.id])


def test_a_lead_whose_organisation_was_deleted_is_named_as_empty_when_its_row_is_typed_over(
        leads_db: Database, tmp_path: Path):  # noqa: F811
    # rule: a lead left with neither person nor organisation (its organisation deleted in Mission
    # Desk) exports as a row with empty person cells; an organisation typed into it is an error of
    # the row that says the lead has none, not a failed import and not a made-up name
    lead_left_without_person_or_organisation(leads_db)
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1)
               if not any(ws.cell(r, header.index(h) + 1).value for h in ("Person", "E-mail", "Organisation")))
    ws.cell(row, header.index("Organisation") + 1).value = "Gone KK"
    wb.save(path)
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors] == [(row, None)]
    assert p.errors[0].message.startswith("This row shows Gone KK (no person), but its hidden row id (column A) is "
                                          "the lead of an empty row: ")
