"""Reading the lead sheet workbook that comes back (planner/imports/leads/reader.py), issue 21.

Rules: the lead sheet's columns are fixed, so a column the user added (with a header, or values
typed past the last header) is read past and listed as a warning that says how many values it
holds and where, and the rest of the sheet is still imported; a workbook that cannot be read, or
that has no lead sheet in it, is refused with what to do; a workbook is never parsed without
defusedxml."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from planner.imports.errors import FileRejected
from planner.imports.leads.reader import read_lead_workbook
from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import (
    SATO,
    edit,
    export,
    plan,
)


def data_rows(ws) -> list[int]:  # type: ignore[no-untyped-def]
    return [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value]


def test_added_columns_are_warnings_naming_the_column_and_its_values(leads_db: Database,  # noqa: F811
                                                                     tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, SATO, {"Stage": "Proposal"})
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    assert ws.max_column == 16  # A:P
    rows = data_rows(ws)
    ws.cell(1, 17).value = "Probability"  # Q, filled on two rows
    ws.cell(rows[0], 17).value = 0.5
    ws.cell(rows[1], 17).value = 0.25
    ws.cell(1, 18).value = "Spare"  # R, a header and no values
    ws.cell(rows[1], 20).value = "a note with no header"  # T, typed past the last header (S empty)
    wb.save(path)
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [set(c.fields) for c in p.changes] == [{"Stage"}]  # the edit is still imported
    leads = [w for w in p.warnings if w.sheet == "Leads"]
    assert all(w.value == "" for w in leads)  # a warning is about a column, not one cell's value
    assert [(w.row, w.column, w.message) for w in leads] == [
        (None, "Probability", "Column Q “Probability” is not part of the lead sheet: its 2 value(s) are not "
                              "imported (the lead sheet's columns are fixed). Put what matters in Notes."),
        (None, "Spare", "Column R “Spare” is not part of the lead sheet: its 0 value(s) are not imported (the "
                        "lead sheet's columns are fixed). Put what matters in Notes."),
        (None, None, "The 1 value(s) in column T, which has no header, are not imported: the lead sheet's "
                     "columns are fixed. Put what matters in Notes."),
    ]


def test_an_empty_column_between_the_sheet_and_an_added_one_is_not_reported(leads_db: Database,  # noqa: F811
                                                                             tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    ws.cell(1, 18).value = "Comment"  # R: Q stays without header and values
    wb.save(path)
    [leads] = [t for t in read_lead_workbook(path) if t.name == "Leads"]
    assert [w.message[:20] for w in leads.warnings] == ["Column R “Comment” i"]


def test_values_typed_past_the_header_count_only_the_filled_cells(leads_db: Database,  # noqa: F811
                                                                  tmp_path: Path):
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    rows = data_rows(ws)
    for r in rows[:3]:
        ws.cell(r, 17).value = f"remark {r}"  # Q, no header
    wb.save(path)
    [leads] = [t for t in read_lead_workbook(path) if t.name == "Leads"]
    assert [(w.column, w.message) for w in leads.warnings] == [
        (None, "The 3 value(s) in column Q, which has no header, are not imported: the lead sheet's columns are "
               "fixed. Put what matters in Notes.")]


def test_a_workbook_with_no_lead_sheet_is_refused_saying_what_it_is(leads_db: Database,  # noqa: F811
                                                                    tmp_path: Path):
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Person", "E-mail", "Stage"])
    wb.active.append(["Kenichi Sato", SATO, "Agreed"])
    wb.save(path)
    with pytest.raises(FileRejected) as err:
        plan(leads_db, path)
    assert str(err.value) == ("This workbook has no sheet with the hidden “Row id” column: it is not a lead sheet "
                              "exported by Mission Desk (or the column was deleted).")


def test_a_damaged_workbook_is_refused_with_how_to_save_it_again(tmp_path: Path):
    path = tmp_path / "leads.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "not xml at all <")
    with pytest.raises(FileRejected) as err:
        read_lead_workbook(path)
    assert str(err.value) == ("The workbook could not be read (OSError: File contains no valid workbook part). "
                              "Open it in your spreadsheet and save it again as .xlsx.")


def test_a_workbook_with_a_damaged_sheet_is_refused_with_how_to_save_it_again(tmp_path: Path):
    good, path = tmp_path / "good.xlsx", tmp_path / "leads.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Row id", "Person"])
    wb.active.append(["LS2:x", "Kenichi Sato"])
    wb.save(good)
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info, data[: len(data) // 2] if info.filename == "xl/worksheets/sheet1.xml" else data)
    with pytest.raises(FileRejected) as err:
        read_lead_workbook(path)
    assert str(err.value).startswith("The workbook could not be read (ParseError: ")
    assert str(err.value).endswith("). Open it in your spreadsheet and save it again as .xlsx.")


def test_without_defusedxml_no_workbook_is_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "leads.xlsx"
    openpyxl.Workbook().save(path)
    monkeypatch.setattr(openpyxl, "DEFUSEDXML", False)
    with pytest.raises(FileRejected) as err:
        read_lead_workbook(path)
    assert str(err.value) == "Reading .xlsx files is disabled because the “defusedxml” package is missing."
