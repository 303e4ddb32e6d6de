"""Cancelling the dry run of a lead sheet import (planner/imports/leads/sheet.py, reader.py), issue 21.

Rules: Cancel is honoured before the first row is checked (a sheet of one lead included), every
500 rows while the rows are checked, and while the workbook is still being read: a cancelled
import says it was cancelled, never an error about a row further on that it never got to."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from planner.errors import Cancelled
from planner.imports.errors import FileRejected
from planner.imports.leads.sheet import plan_lead_sheet
from planner.services.events.events import get_event
from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import SATO, export

TOPIC = 7  # column G, read-only: a row with only a topic is no lead row and is passed over


def leads_sheet_only(path: Path, keep: str | None = None, extra_rows: int = 0) -> None:
    """Keep only the Leads sheet (and of its lead rows only ``keep``'s), then add ``extra_rows``
    lines holding only a topic, as if the sheet were that long."""
    wb = openpyxl.load_workbook(path)
    for ws in list(wb.worksheets):
        if ws.title != "Leads":
            wb.remove(ws)
    ws = wb["Leads"]
    if keep is not None:
        for r in range(ws.max_row, 1, -1):
            if ws.cell(r, 3).value != keep:
                ws.delete_rows(r)
    for r in range(ws.max_row + 1, ws.max_row + 1 + extra_rows):
        ws.cell(r, TOPIC).value = f"line {r}"
    wb.save(path)


def dry_run(db: Database, path: Path, cancel) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        plan_lead_sheet(s, get_event(s, "mission"), path, cancel=cancel)


def test_cancel_stops_the_dry_run_of_a_sheet_of_one_lead(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    leads_sheet_only(path, keep=SATO)
    with pytest.raises(Cancelled):
        dry_run(leads_db, path, lambda: True)


def test_cancel_pressed_while_the_rows_are_checked_stops_within_500_rows(leads_db: Database,  # noqa: F811
                                                                         tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    leads_sheet_only(path, extra_rows=700)  # reading asks once (row 500), checking at rows 1 and 501
    asked: list[bool] = []

    def cancel() -> bool:  # pressed after the second time it is asked
        asked.append(True)
        return len(asked) > 2

    with pytest.raises(Cancelled):
        dry_run(leads_db, path, cancel)
    assert len(asked) == 3


def test_cancel_while_reading_stops_before_a_bad_row_further_on(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    for r in range(ws.max_row + 1, 1200):
        ws.cell(r, TOPIC).value = f"line {r}"
    ws.cell(1150, 201).value = "too wide"  # a row the reading would refuse, had it got there
    wb.save(path)
    with pytest.raises(Cancelled):
        dry_run(leads_db, path, lambda: True)
    with pytest.raises(FileRejected, match="Row 1150 of sheet “Leads” has 201 columns"):
        dry_run(leads_db, path, None)  # not cancelled: the reading gets there
