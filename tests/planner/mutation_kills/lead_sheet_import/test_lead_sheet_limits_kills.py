"""How much of a lead sheet is read, and when reading stops (planner/imports/leads/reader.py),
issue 21.

Rules: a sheet with as many rows as the import allows is read whole, and one row more is refused
with how to split the file (rows are counted per sheet, the header not included); cancelling
while a large workbook is still being read stops the reading there."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from planner.errors import Cancelled
from planner.imports import table
from planner.imports.errors import FileRejected
from planner.imports.leads.reader import read_lead_workbook
from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import export, plan


def filled_rows(path: Path, sheet: str) -> int:
    ws = openpyxl.load_workbook(path)[sheet]
    return sum(1 for row in ws.iter_rows(min_row=2, values_only=True) if any(v not in (None, "") for v in row))


def test_a_sheet_with_as_many_rows_as_allowed_is_read_and_one_more_is_refused(leads_db: Database,  # noqa: F811
                                                                              tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch):
    path = export(leads_db, tmp_path / "leads.xlsx")
    rows = filled_rows(path, "Leads")  # the largest sheet: every lead of the mission
    assert rows >= 3
    monkeypatch.setattr(table, "MAX_ROWS", rows)
    p = plan(leads_db, path)
    assert not p.errors and p.unchanged >= rows
    monkeypatch.setattr(table, "MAX_ROWS", rows - 1)
    with pytest.raises(FileRejected) as err:
        plan(leads_db, path)
    assert str(err.value) == f"The file has more than {rows - 1:,} rows; import it in smaller parts."


def test_cancelling_stops_the_reading_of_a_large_workbook(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    for r in range(ws.max_row + 1, 1200):
        ws.cell(r, 15).value = f"note {r}"  # a long sheet (the rows themselves are not the point)
    wb.save(path)
    with pytest.raises(Cancelled):  # while reading, not only once the whole workbook is in
        read_lead_workbook(path, cancel=lambda: True)
    [leads] = [t for t in read_lead_workbook(path) if t.name == "Leads"]  # not cancelled: read whole
    assert len(leads.rows) >= 1190
