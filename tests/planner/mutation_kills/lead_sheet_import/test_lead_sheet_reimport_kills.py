"""Importing an edited lead sheet again, with more edits in it (planner/imports/leads/sheet.py,
apply_lead_sheet), issue 21.

Rules: a stage edit on a lead without follow-ups saves the stage and adds no follow-up; a next
action typed on a row that had none is added once: when the same sheet comes back again with
the stage edited as well, the stage is saved and the action, already in Mission Desk, is not
added a second time; but a row's next action renamed to the words and due date of another
follow-up of the lead is a rename, saved (that rule is for rows that had no action)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from planner.services.events.events import get_event
from planner.services.followup.leads import find_lead, list_leads
from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_row_rules_kills import KANSAI, edit
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import (
    SATO,
    apply,
    export,
    plan,
)


def organisation_lead(db: Database) -> tuple[str, list[tuple[str, date | None, str]]]:
    """The stage and follow-ups of the lead of Kansai Bio without a person."""
    with db.session() as s:
        row = next(r for r in list_leads(s, get_event(s, "mission")) if r.person_id is None and r.organisation == KANSAI)
        lead = find_lead(s, row.uuid)
        return lead.stage.value, sorted((a.description, a.due_date, a.status.value) for a in lead.actions)


def test_a_stage_edit_on_a_lead_without_follow_ups_adds_none(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "", {"Stage": "Qualified"})
    assert apply(leads_db, path) == 1
    assert organisation_lead(leads_db) == ("qualified", [])


def test_a_new_action_imported_again_with_a_stage_edit_is_not_added_twice(leads_db: Database,  # noqa: F811
                                                                          tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "", {"Next action": "Send brochure", "Due": datetime(2026, 11, 30)})
    assert apply(leads_db, path) == 1
    edit(path, "", {"Stage": "Qualified"})  # the same file, edited once more, imported again
    p = plan(leads_db, path)
    assert [c.fields for c in p.changes] == [{"Stage": ("new", "qualified")}]
    assert apply(leads_db, path) == 1
    assert organisation_lead(leads_db) == ("qualified", [("Send brochure", date(2026, 11, 30), "open")])


def test_a_next_action_renamed_to_another_follow_up_of_the_lead_is_still_saved(leads_db: Database,  # noqa: F811
                                                                               tmp_path: Path):
    # Sato's row shows "Send NDA" (due 2 November); the lead also has "Call back" due 1 December.
    # Typing that one's words and date over the row's action renames the row's action: the rule
    # "already added, not added again" is for rows that had no action
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Next action": "Call back", "Due": datetime(2026, 12, 1)})
    p = plan(leads_db, path)
    assert [c.fields for c in p.changes] == [{"Next action": ("Send NDA", "Call back"),
                                              "Due": (date(2026, 11, 2), date(2026, 12, 1))}]
    assert apply(leads_db, path) == 1
    with leads_db.session() as s:
        row = next(r for r in list_leads(s, get_event(s, "mission")) if r.person_email == SATO)
        assert sorted((a.description, a.due_date) for a in find_lead(s, row.uuid).actions) == [
            ("Call back", date(2026, 12, 1)), ("Call back", date(2026, 12, 1))]
