"""A lead sheet with columns deleted, as the user reads the error (planner/imports/leads/sheet.py),
issue 21.

Rule: a sheet missing some of its columns is one error of its header row, which names the
missing columns and says to put them back, and quotes no cell value (it is about the sheet, not a
cell): "sheet “Leads”, row 1: Columns are missing: Stage, Owner. …"."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import export, plan


def test_a_sheet_missing_columns_reads_as_one_error_of_its_header_without_a_value(leads_db: Database,  # noqa: F811
                                                                                   tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["Leads"].delete_cols(8, 2)  # Stage and Owner
    wb.save(path)
    p = plan(leads_db, path)
    assert [(e.value, str(e)) for e in p.errors] == [
        ("", "sheet “Leads”, row 1: Columns are missing: Stage, Owner. Put them back (undo the deletion) and try "
             "again.")]
