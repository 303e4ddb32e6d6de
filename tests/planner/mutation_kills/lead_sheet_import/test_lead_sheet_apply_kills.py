"""Edits in the lead sheet saved, and only those (planner/imports/leads/sheet.py, checks.py), issue 21.

Rules: each edited cell is saved to its lead or follow-up, and nothing else on the lead moves;
an owner emptied leaves the lead without one; a lead also changed in Mission Desk since the export
is a conflict, reported and not overwritten; the same lead edited differently on two sheets is
an error naming both places; a sheet with any error changes nothing; a sheet exported before row
ids carried what the row shows (``LS1`` ids) still imports, checked by the e-mail (or by the
organisation of a lead without a person)."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from planner.domain.enums import ActionStatus, LeadStage
from planner.errors import Cancelled, ValidationError
from planner.exports.sheets.lead_sheet_columns import decode_row_id
from planner.imports.leads.sheet import apply_lead_sheet, plan_lead_sheet
from planner.services.events.events import get_event
from planner.services.followup.followups import update_follow_up, update_lead
from planner.services.followup.leads import find_lead, list_leads
from planner.storage.database import Database
from planner.storage.models import FollowUp
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_row_rules_kills import KANSAI, edit
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import (
    SATO,
    apply,
    export,
    plan,
)

EVIL = "evil@x.example"


def row_of(db: Database, email: str):  # type: ignore[no-untyped-def]
    with db.session() as s:
        return next(r for r in list_leads(s, get_event(s, "mission")) if r.person_email == email)


def actions(db: Database, email: str) -> list[tuple[str, date | None, str]]:
    with db.session() as s:
        lead = find_lead(s, row_of(db, email).uuid)
        return sorted((a.description, a.due_date, a.status.value) for a in lead.actions)


# ------------------------------------------------------------------------------ saved

def test_every_edited_cell_is_saved_and_nothing_else_moves(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Stage": "Agreed", "Owner": "bob@lune.example", "Value": "1 250 000", "Currency": "eur",
                      "Notes": "Signed MoU", "Next action": "Send the signed NDA", "Due": "2026-12-24",
                      "Action status": "In progress"})
    p = plan(leads_db, path)
    assert not p.errors
    [change] = p.changes
    assert change.where.startswith("Leads row ") and change.person == SATO
    assert change.fields == {
        "Stage": ("qualified", "agreed"), "Owner": ("alice@lune.example", "bob@lune.example"),
        "Value": (50_000, 1_250_000), "Currency": ("GBP", "EUR"), "Notes": ("Met at booth\nfollow up", "Signed MoU"),
        "Next action": ("Send NDA", "Send the signed NDA"), "Due": (date(2026, 11, 2), date(2026, 12, 24)),
        "Action status": ("open", "in_progress")}
    assert apply(leads_db, path) == 1
    sato = row_of(leads_db, SATO)
    assert (sato.stage, sato.owner_email, sato.value, sato.currency, sato.notes) == (
        LeadStage.AGREED, "bob@lune.example", 1_250_000, "EUR", "Signed MoU")
    assert actions(leads_db, SATO) == [("Call back", date(2026, 12, 1), "open"),
                                       ("Send the signed NDA", date(2026, 12, 24), "in_progress")]
    evil = row_of(leads_db, EVIL)  # the other rows were not edited: untouched
    assert (evil.stage, evil.owner_email, evil.notes) == (LeadStage.NEW, "bob@lune.example",
                                                          "@risk\x01 legacy text with a control character")


def test_only_the_edited_cell_is_saved(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Notes": "Only the notes"})
    with leads_db.transaction() as s:  # the sheet's plan is worked out before anything else changes
        event = get_event(s, "mission")
        p = plan_lead_sheet(s, event, path)
        assert [c.fields for c in p.changes] == [{"Notes": ("Met at booth\nfollow up", "Only the notes")}]
        assert apply_lead_sheet(s, event, p) == 1
    sato = row_of(leads_db, SATO)
    assert (sato.stage, sato.owner_email, sato.value, sato.currency) == (LeadStage.QUALIFIED, "alice@lune.example",
                                                                         50_000, "GBP")
    assert actions(leads_db, SATO) == [("Call back", date(2026, 12, 1), "open"), ("Send NDA", date(2026, 11, 2), "open")]


def test_a_due_date_alone_moves_the_action_and_keeps_its_words(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Due": datetime(2026, 11, 9)})
    assert apply(leads_db, path) == 1
    assert actions(leads_db, SATO) == [("Call back", date(2026, 12, 1), "open"), ("Send NDA", date(2026, 11, 9), "open")]


def test_a_status_alone_closes_the_action(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Action status": "Done"})
    assert apply(leads_db, path) == 1
    assert actions(leads_db, SATO) == [("Call back", date(2026, 12, 1), "open"), ("Send NDA", date(2026, 11, 2), "done")]


def test_an_owner_emptied_leaves_the_lead_without_one(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Owner": None})
    assert apply(leads_db, path) == 1
    assert row_of(leads_db, SATO).owner_email == ""


def test_a_value_emptied_with_its_currency_clears_both(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Value": None, "Currency": None})
    assert apply(leads_db, path) == 1
    sato = row_of(leads_db, SATO)
    assert (sato.value, sato.currency) == (None, "")


def test_a_sheet_with_an_error_changes_nothing_and_says_how_many(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Stage": "Agreed"})
    edit(path, EVIL, {"Stage": "Won", "Value": "lots"})
    with leads_db.transaction() as s:
        event = get_event(s, "mission")
        p = plan_lead_sheet(s, event, path)
        assert len(p.errors) == 2 and not p.ok
        with pytest.raises(ValidationError) as err:
            apply_lead_sheet(s, event, p)
    assert str(err.value) == "The lead sheet has 2 error(s); nothing was changed"
    assert row_of(leads_db, SATO).stage is LeadStage.QUALIFIED


def test_a_value_that_is_not_a_number_says_how_to_type_it(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Value": "lots"})
    p = plan(leads_db, path)
    assert [(e.row, e.column, e.value, e.message) for e in p.errors] == [(
        row, "Value", "lots", "'lots' is not an amount: write it in plain digits, e.g. 250000 or 1,250,000. Type the "
        "estimated value as a whole number, without the currency")]


def test_a_stage_emptied_or_unknown_is_an_error_of_its_cell(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    sato = edit(path, SATO, {"Stage": None})
    evil = edit(path, EVIL, {"Stage": "Won"})
    p = plan(leads_db, path)
    found = {e.row: (e.column, e.value, e.message) for e in p.errors}
    assert found[sato] == ("Stage", "", "Give the lead's stage")
    assert found[evil][:2] == ("Stage", "Won") and "Won" in found[evil][2]


def test_cancelling_stops_the_dry_run(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    with leads_db.session() as s, pytest.raises(Cancelled):
        plan_lead_sheet(s, get_event(s, "mission"), path, cancel=lambda: True)


# ------------------------------------------------------------------- conflicts, two sheets

def test_a_lead_changed_in_the_app_since_the_export_is_a_conflict_not_overwritten(leads_db: Database,  # noqa: F811
                                                                                 tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Stage": "Agreed", "Notes": "from the sheet"})
    with leads_db.transaction() as s:
        update_lead(s, find_lead(s, row_of(leads_db, SATO).uuid), stage=LeadStage.LOST)
    p = plan(leads_db, path)
    assert not p.errors and not p.changes
    [conflict] = p.conflicts
    assert (conflict.where, conflict.person, conflict.fields) == (f"Leads row {row}", SATO, ["Stage", "Notes"])
    assert str(conflict) == (f"Leads row {row} ({SATO}): changed in Mission Desk since the export and edited in the "
                             "sheet (Stage, Notes); not overwritten")
    assert apply(leads_db, path) == 0
    assert (row_of(leads_db, SATO).stage, row_of(leads_db, SATO).notes) == (LeadStage.LOST, "Met at booth\nfollow up")


def test_a_lead_changed_only_in_the_app_is_left_as_it_is(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    with leads_db.transaction() as s:
        update_lead(s, find_lead(s, row_of(leads_db, SATO).uuid), stage=LeadStage.LOST)
    p = plan(leads_db, path)
    assert not p.errors and not p.changes and not p.conflicts
    assert apply(leads_db, path) == 0
    assert row_of(leads_db, SATO).stage is LeadStage.LOST


def test_an_edit_back_to_what_the_app_now_holds_is_unchanged(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Stage": "Lost"})
    with leads_db.transaction() as s:
        update_lead(s, find_lead(s, row_of(leads_db, SATO).uuid), stage=LeadStage.LOST)
    p = plan(leads_db, path)
    assert not p.changes and not p.conflicts and not p.errors


def test_the_same_lead_edited_differently_on_two_sheets_names_both_places(leads_db: Database,  # noqa: F811
                                                                          tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    first = edit(path, SATO, {"Notes": "from the Leads sheet"})
    wb = openpyxl.load_workbook(path)
    ws = wb["Alice Owner"]
    header = [c.value for c in ws[1]]
    second = next(r[0].row for r in ws.iter_rows(min_row=2) if r[header.index("E-mail")].value == SATO)
    ws.cell(second, header.index("Notes") + 1).value = "from Alice's sheet"
    wb.save(path)
    edit(path, EVIL, {"Stage": "Qualified"})  # another lead's edit: still checked and listed
    p = plan(leads_db, path)
    assert [(e.sheet, e.row, e.column, e.value, e.message) for e in p.errors] == [(
        "Alice Owner", second, None, "",  # about the whole row: no one cell's value
        f"This lead was edited differently on sheet “Leads” row {first}: keep the edit on one sheet only")]
    assert [(c.person, set(c.fields)) for c in p.changes] == [(EVIL, {"Stage"})]


def test_the_same_edit_on_two_sheets_is_one_change(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Notes": "agreed"})
    wb = openpyxl.load_workbook(path)
    ws = wb["Alice Owner"]
    header = [c.value for c in ws[1]]
    for r in ws.iter_rows(min_row=2):
        if r[header.index("E-mail")].value == SATO:
            r[header.index("Notes")].value = "agreed"
    wb.save(path)
    p = plan(leads_db, path)
    assert not p.errors and len(p.changes) == 1
    assert apply(leads_db, path) == 1


# ---------------------------------------------------------------- sheets with LS1 row ids

def legacy(path: Path) -> None:
    """Turn the sheet's row ids into the ids of a sheet exported before the shown hash (LS1)."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.cell(1, 1).value != "Row id":
            continue
        for r in range(2, ws.max_row + 1):
            rid = decode_row_id(ws.cell(r, 1).value or "")
            if rid is None:
                continue
            body = f"LS1:{rid.lead_uuid}:{rid.action_uuid or '-'}:{rid.version}"
            ws.cell(r, 1).value = f"{body}:{hashlib.sha256(body.encode('ascii')).hexdigest()[:6]}"
    wb.save(path)


def test_an_old_sheet_imports_when_the_email_matches_in_any_case(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    legacy(path)
    edit(path, SATO, {"E-mail": "Sato@Kansai.Example", "Person": "K. Sato", "Stage": "Agreed"})
    edit(path, "", {"Organisation": KANSAI.upper(), "Stage": "Lost"})
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert sorted(c.new.stage for c in p.changes) == ["agreed", "lost"]


def test_an_old_sheet_sorted_without_column_a_is_caught_by_the_email(leads_db: Database,  # noqa: F811
                                                                     tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    legacy(path)
    row = edit(path, SATO, {"E-mail": EVIL, "Stage": "Agreed"})
    org = edit(path, "", {"Organisation": "Osaka Pharma KK"})
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors if e.sheet == "Leads"] == sorted([(row, "E-mail"), (org, None)])


def test_an_old_sheet_with_an_email_typed_on_the_organisation_lead_is_caught(leads_db: Database,  # noqa: F811
                                                                             tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    legacy(path)
    row = edit(path, "", {"E-mail": "someone@kansai.example"})
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors] == [(row, "E-mail")]


def test_an_old_sheet_with_a_persons_email_cleared_is_caught(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    legacy(path)
    row = edit(path, SATO, {"E-mail": None, "Stage": "Agreed"})  # the organisation still matches
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors] == [(row, "E-mail")]


def test_a_typed_over_person_name_points_at_the_person_cell(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Person": "Hana Tanaka"})
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors] == [(row, "Person")]
    assert p.errors[0].message.startswith(f"This row shows Hana Tanaka <{SATO}>, but its hidden row id (column A) "
                                          f"is the lead of Kenichi Sato <{SATO}>: ")


def test_the_new_action_already_added_is_found_whatever_its_spacing_or_case(leads_db: Database,  # noqa: F811
                                                                           tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "", {"Next action": "Send brochure", "Due": datetime(2026, 11, 30)})
    assert apply(leads_db, path) == 1
    with leads_db.transaction() as s:  # done in the app meanwhile
        update_follow_up(s, s.query(FollowUp).filter_by(description="Send brochure").one(), status=ActionStatus.DONE)
    edit(path, "", {"Next action": "  send   BROCHURE "})
    p = plan(leads_db, path)
    assert not p.changes and not p.conflicts and not p.errors
    edit(path, "", {"Due": datetime(2027, 1, 15)})  # the same words due another day: another action
    p = plan(leads_db, path)
    assert [set(c.fields) for c in p.changes] == [{"Next action", "Due"}]
    assert apply(leads_db, path) == 1
    with leads_db.session() as s:
        found = sorted(a.due_date for a in s.query(FollowUp).all() if a.description.casefold().split() == ["send",
                                                                                                         "brochure"])
    assert found == [date(2026, 11, 30), date(2027, 1, 15)]
