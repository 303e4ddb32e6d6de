"""An edited lead sheet coming back (planner/imports/leads/), issue 21.

The sheet is exported by the app, edited with openpyxl as a user edits it in a spreadsheet, and
read back through the same plan/apply the CLI and GUI use. Rules: every change the dry run lists
is saved (a currency-only edit included); a value is kept in whole units, never silently cut
(1500.75 is refused, not saved as 1500); a negative value or a value without a currency is an
error of its row in the dry run already, and nothing of the sheet is applied."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.exports.sheets.lead_sheet import write_lead_sheet
from planner.imports.leads.sheet import apply_lead_sheet, plan_lead_sheet
from planner.services.events.events import get_event
from planner.services.followup.leads import build_lead_sheet, list_leads
from planner.storage.database import Database
from tests.helpers.lead_sheet_edit import edit_lead_row as edit
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)

SATO = "sato@kansai.example"  # a lead with a value of 50,000 GBP
EVIL = "evil@x.example"  # a lead with no value and no currency


def export(db: Database, path: Path) -> Path:
    with db.session() as s:
        write_lead_sheet(build_lead_sheet(s, get_event(s, "mission"), today=date(2026, 11, 10)), path)
    return path



def lead_of(db: Database, email: str):
    with db.session() as s:
        return next(r for r in list_leads(s, get_event(s, "mission")) if r.person_email == email)


def plan(db: Database, path: Path):
    with db.session() as s:
        return plan_lead_sheet(s, get_event(s, "mission"), path)


def apply(db: Database, path: Path) -> int:
    with db.transaction() as s:
        event = get_event(s, "mission")
        return apply_lead_sheet(s, event, plan_lead_sheet(s, event, path))


def test_a_currency_only_edit_is_listed_and_saved(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Currency": "EUR"})
    p = plan(leads_db, path)
    assert not p.errors
    [change] = p.changes
    assert change.fields == {"Currency": ("GBP", "EUR")}
    assert apply(leads_db, path) == 1
    sato = lead_of(leads_db, SATO)
    assert (sato.value, sato.currency) == (50_000, "EUR")


def test_a_value_only_edit_keeps_the_currency(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Value": "1,250,000"})
    assert apply(leads_db, path) == 1
    sato = lead_of(leads_db, SATO)
    assert (sato.value, sato.currency) == (1_250_000, "GBP")


@pytest.mark.parametrize("typed", [1500.0, "1500.00", "1,500", 1500])
def test_a_whole_value_however_typed_is_saved_exactly(leads_db: Database, tmp_path: Path,  # noqa: F811
                                                       typed: object):
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Value": typed})
    assert apply(leads_db, path) == 1
    assert lead_of(leads_db, SATO).value == 1500


@pytest.mark.parametrize("typed", [1500.75, "1500.75", "1500.5"])
def test_a_value_with_cents_is_refused_not_cut(leads_db: Database, tmp_path: Path,  # noqa: F811
                                               typed: object):
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Value": typed})
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors] == [(row, "Value")]
    assert "whole units" in p.errors[0].message and not p.changes
    with pytest.raises(Exception, match="nothing was changed"):
        apply(leads_db, path)
    assert lead_of(leads_db, SATO).value == 50_000


@pytest.mark.parametrize("typed", [-100, "-100"])
def test_a_negative_value_is_an_error_of_its_row_in_the_dry_run(leads_db: Database,  # noqa: F811
                                                                tmp_path: Path, typed: object):
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Value": typed})
    p = plan(leads_db, path)
    assert [(e.row, e.column) for e in p.errors] == [(row, "Value")]
    assert "negative" in p.errors[0].message


def test_a_value_without_a_currency_is_an_error_of_its_row_in_the_dry_run(leads_db: Database,  # noqa: F811
                                                                        tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, EVIL, {"Value": 100})
    sato_row = edit(path, SATO, {"Currency": None})
    p = plan(leads_db, path)
    assert sorted((e.row, e.column) for e in p.errors) == sorted([(row, "Currency"), (sato_row, "Currency")])
    assert all("Give the currency" in e.message for e in p.errors)
    assert not p.changes


def test_a_made_up_currency_is_refused(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    row = edit(path, SATO, {"Currency": "XYZ"})
    p = plan(leads_db, path)
    assert [(e.row, e.column, e.value) for e in p.errors] == [(row, "Currency", "XYZ")]


def test_an_untouched_sheet_changes_nothing(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    p = plan(leads_db, path)
    assert not p.errors and not p.changes and not p.conflicts and p.unchanged >= 3
