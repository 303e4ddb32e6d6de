"""Lead sheets as real spreadsheets and real people leave them (planner/imports/leads/*.py), issue 21.

Rules: a stage or status that is not one says which words are; a meeting date retyped in another
date format is still the same meeting date; a sheet whose file declares a smaller size than it
holds (some programs write it so) is read whole; a conflict on the lead of a person without an
e-mail still says which lead it is."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl

from planner.domain.enums import ActionStatus, LeadStage
from planner.services.events.events import get_event
from planner.services.followup.followups import add_lead, update_lead
from planner.services.followup.leads import find_lead, list_leads
from planner.services.people.people import add_person, find_person
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_row_rules_kills import edit
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import SATO, export, plan


def test_a_stage_or_status_that_is_not_one_lists_the_words_that_are(leads_db: Database,  # noqa: F811
                                                                    tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Stage": "Won", "Action status": "Finished"})
    p = plan(leads_db, path)
    assert [(e.row, e.column, e.message) for e in p.errors] == [
        (row, "Stage", f"'Won' is not a valid stage; use one of: {', '.join(s.value for s in LeadStage)}"),
        (row, "Action status",
         f"'Finished' is not a valid status; use one of: {', '.join(s.value for s in ActionStatus)}")]


def test_a_meeting_date_retyped_in_another_format_is_the_same_date(leads_db: Database,  # noqa: F811
                                                                   tmp_path: Path):
    with leads_db.transaction() as s:
        event = get_event(s, "mission")
        met = add_person(s, given_name="Mina", family_name="Park", email="park@seoul.example",
                         lead_sharing_consent=True)
        meeting = add_meeting(s, event, start_local=datetime(2026, 10, 14, 10), end_local=datetime(2026, 10, 14, 10, 30),
                              ours=[find_person(s, "alice@lune.example")], counterparts=[met])
        add_lead(s, event, person=met, meeting=meeting, stage=LeadStage.NEW)
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, "park@seoul.example", {"Meeting": "14 Oct 2026", "Stage": "Qualified"})
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [(c.where, c.fields) for c in p.changes] == [(f"Leads row {row}", {"Stage": ("new", "qualified")})]


def test_a_sheet_that_declares_a_smaller_size_is_read_whole(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Notes": "read past the declared size"})
    small = tmp_path / "small.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(small, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B2"', data)
            dst.writestr(info, data)
    p = plan(leads_db, small)
    assert not p.errors, [str(e) for e in p.errors]
    assert [c.fields["Notes"][1] for c in p.changes] == ["read past the declared size"]


def test_a_conflict_on_the_lead_of_a_person_without_email_names_the_lead(leads_db: Database,  # noqa: F811
                                                                         tmp_path: Path):
    with leads_db.transaction() as s:
        event = get_event(s, "mission")
        nomail = add_person(s, given_name="Noor", family_name="Haddad", lead_sharing_consent=True)
        uuid = add_lead(s, event, person=nomail, stage=LeadStage.NEW).uuid
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 2).value == "Noor Haddad")
    ws.cell(row, 8).value = "Agreed"
    wb.save(path)
    with leads_db.transaction() as s:
        update_lead(s, find_lead(s, uuid), stage=LeadStage.LOST)
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [str(c) for c in p.conflicts] == [
        f"Leads row {row} (lead {uuid[:8]}): changed in Mission Desk since the export and edited in the sheet "
        "(Stage); not overwritten"]
    with leads_db.session() as s:
        assert [r.stage for r in list_leads(s, get_event(s, "mission")) if r.uuid == uuid] == [LeadStage.LOST]


def test_a_value_of_nothing_yet_is_kept_as_zero(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Value": 0})
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [c.fields for c in p.changes] == [{"Value": (50_000, 0)}]
