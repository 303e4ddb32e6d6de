"""The lead sheet workbook as a spreadsheet saves it (planner/imports/leads/reader.py, sheet.py),
issue 21.

Rules: a date cell whose format was lost (a serial number) is read in the workbook's own date
system, 1900 or 1904; a number in the due-date column that is no date is an error showing that
number; a sheet with a lead sheet column deleted is an error naming the columns, and its rows are
not imported; a cell too long for Excel is an error of its row and column; a user's column named
like a blank one is kept apart from it; a file too large or missing is refused with why."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from planner.imports.errors import FileRejected
from planner.imports.leads import reader
from planner.imports.leads.reader import read_lead_workbook
from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import SATO, export, plan

DUE, MEETING = 13, 16  # columns M and P


def sato_row(ws) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == SATO)


def test_a_serial_due_date_in_a_1904_workbook_is_read_in_that_system(leads_db: Database,  # noqa: F811
                                                                     tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.epoch = CALENDAR_MAC_1904
    for ws in wb.worksheets:  # re-set the date cells, written again in the 1904 system
        for r in range(2, ws.max_row + 1):
            for c in (DUE, MEETING):
                if isinstance(ws.cell(r, c).value, datetime):
                    ws.cell(r, c).value = ws.cell(r, c).value
    ws = wb["Leads"]
    row = sato_row(ws)
    ws.cell(row, DUE).value = 46346 - 1462  # 2026-11-20 counted from 1904-01-01
    ws.cell(row, DUE).number_format = "General"
    wb.save(path)
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [c.fields["Due"] for c in p.changes] == [(date(2026, 11, 2), date(2026, 11, 20))]


def test_a_serial_due_date_in_a_1900_workbook_counts_from_1900(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    row = sato_row(ws)
    ws.cell(row, DUE).value = 46346.5  # 2026-11-20, noon
    ws.cell(row, DUE).number_format = "General"
    wb.save(path)
    p = plan(leads_db, path)
    assert [c.fields["Due"] for c in p.changes] == [(date(2026, 11, 2), date(2026, 11, 20))]


def test_a_number_in_the_due_column_that_is_no_date_is_shown_in_the_error(leads_db: Database,  # noqa: F811
                                                                          tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    row = sato_row(ws)
    ws.cell(row, DUE).value = 60  # 29 February 1900, which never was
    ws.cell(row, DUE).number_format = "General"
    wb.save(path)
    p = plan(leads_db, path)
    assert [(e.row, e.column, e.value) for e in p.errors] == [(row, "Due", "60")]
    assert p.errors[0].message.startswith("Serial number 60 is 29 February 1900")


def test_a_number_in_a_text_column_stays_that_number(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    ws.cell(sato_row(ws), 15).value = 46346  # Notes: a number, not a date
    wb.save(path)
    p = plan(leads_db, path)
    assert [c.fields["Notes"][1] for c in p.changes] == ["46346"]


def test_a_deleted_column_is_an_error_naming_it_and_its_sheet_is_not_imported(leads_db: Database,  # noqa: F811
                                                                              tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    ws.cell(sato_row(ws), 15).value = "edited"
    ws.delete_cols(8, 2)  # Stage and Owner
    wb.save(path)
    p = plan(leads_db, path)
    assert [(e.sheet, e.row, e.column, e.message) for e in p.errors] == [
        ("Leads", 1, None, "Columns are missing: Stage, Owner. Put them back (undo the deletion) and try again.")]
    assert not p.changes and "Leads" not in p.sheets and "Alice Owner" in p.sheets


def test_a_cell_too_long_for_excel_is_an_error_of_its_row_and_column(leads_db: Database,  # noqa: F811
                                                                     tmp_path: Path):
    # Excel and openpyxl cut a cell at 32,767 characters; another program's file may not
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    row = sato_row(ws)
    ws.cell(row, 15).value = "LONGNOTEMARKER"
    wb.save(path)
    longer = tmp_path / "longer.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(longer, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, data.replace(b"LONGNOTEMARKER", b"x" * 40_000))
    p = plan(leads_db, longer)
    assert [(e.sheet, e.row, e.column, e.value[:3], e.message) for e in p.errors] == [
        ("Leads", row, "Notes", "xxx", "The cell holds 40,000 characters (at most 32,767): shorten it.")]


def test_a_column_named_like_a_blank_one_is_kept_apart(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    rows = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]
    ws.cell(1, 17).value = "Column 18"  # Q: the user's own header
    for r in rows[:2]:
        ws.cell(r, 17).value = "q"
    ws.cell(rows[0], 18).value = "r"  # R: no header (the name "Column 18" is taken)
    wb.save(path)
    [leads] = [t for t in read_lead_workbook(path) if t.name == "Leads"]
    assert leads.headers[-2:] == ["Column 18", "Column 18*"]
    [named, blank] = [w.message for w in leads.warnings]
    assert named.startswith("Column Q “Column 18” is not part of the lead sheet: its 2 value(s)")
    assert blank.startswith("The 1 value(s) in column R, which has no header")


def test_a_file_too_large_is_refused_with_its_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 2 * 1_048_576)
    path = tmp_path / "leads.xlsx"
    path.write_bytes(b"\0" * (3 * 1_048_576 + 1))
    with pytest.raises(FileRejected) as err:
        read_lead_workbook(path)
    assert str(err.value) == "“leads.xlsx” is 3.0 MB; at most 2 MB can be imported."
    path.write_bytes(b"\0" * (2 * 1_048_576))  # at the limit: past the size check, refused as no workbook
    with pytest.raises(FileRejected) as err:
        read_lead_workbook(path)
    assert "MB" not in str(err.value)


def test_a_missing_file_is_refused_naming_it(tmp_path: Path):
    with pytest.raises(FileRejected) as err:
        read_lead_workbook(tmp_path / "gone.xlsx")
    assert str(err.value) == "Cannot open “gone.xlsx”: No such file or directory."
