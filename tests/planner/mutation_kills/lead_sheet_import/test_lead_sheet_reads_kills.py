"""Which leads a lead sheet's import reads (planner/imports/leads/sheet.py), issue 21.

A lead sheet belongs to one event: imported into another event, its rows name no lead there, even
though the leads exist in the file (an edited row is an error, so nothing is applied). The leads a sheet names are read
by their ids, 500 to a statement (issue 20's rule: a fixed number of statements for a small sheet,
and never every lead of the event)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from planner.imports.leads.sheet import plan_lead_sheet
from planner.services.events.events import add_event, get_event
from planner.storage.database import Database
from tests.helpers.query_count import count_queries
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import (
    SATO,
    edit,
    export,
    plan,
)

_READS_LEADS = re.compile(r"^\s*SELECT\b.*\bFROM lead\b(?!_)", re.S | re.I)


def test_a_sheet_imported_into_another_event_finds_no_lead_there(
        leads_db: Database, tmp_path: Path) -> None:  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Stage": "Agreed"})
    with leads_db.transaction() as s:
        add_event(s, code="bio-europe", name="BIO-Europe", start_date=date(2026, 11, 2),
                  end_date=date(2026, 11, 4), tz="Europe/Berlin")
    with leads_db.session() as s:
        p = plan_lead_sheet(s, get_event(s, "bio-europe"), path)
    assert not p.changes
    assert [(e.sheet, e.row, e.message) for e in p.errors] == [
        ("Leads", row, "No lead with this id in event bio-europe: the lead was deleted, or the sheet "
                       "belongs to another event")]


def test_the_leads_a_sheet_names_are_read_by_their_ids_in_one_statement(
        leads_db: Database, tmp_path: Path) -> None:  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Stage": "Agreed"})
    with count_queries(leads_db.engine) as counted:
        p = plan(leads_db, path)
    assert [set(c.fields) for c in p.changes] == [{"Stage"}]
    reads = [q for q in counted.statements if _READS_LEADS.search(q)]
    by_id = [q for q in reads if re.search(r"\blead\.uuid IN\b", q, re.I)]
    assert len(by_id) == 1, reads  # three leads on the sheet: one statement, not one per lead
    assert [q for q in reads if q not in by_id and "lead.event_id" in q and "lead.id" not in q] == [], \
        "the event's leads are never all read"
