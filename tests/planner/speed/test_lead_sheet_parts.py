"""The lead sheet writes what every owner sheet repeats once (issue 20).

A lead sheet has one data sheet per owner (about 400 at the demo's scale 100), each a handful of
rows: rebuilding and serialising the same column widths, drop-downs and frozen view on every
sheet cost as much as writing the rows. They are now one object each, serialised once, and a
lead's cells are sanitised once for its two sheets. What a user relies on must hold on every
sheet all the same: the hidden row id column, the widths, the frozen header, the five checks
(stage, status, owner, due date, value), a filter over that sheet's own rows, and text that
starts like a formula kept as text on both sheets. The workbook is read back with openpyxl.
(That the export asks the database a fixed number of times is
``tests/planner/core/test_query_counts.py``, "export leads (whole export, logged)".)
"""

from __future__ import annotations

import re
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.datavalidation import DataValidationList
from openpyxl.worksheet.dimensions import DimensionHolder
from openpyxl.worksheet.views import SheetViewList

from planner.domain.enums import ActionStatus, LeadStage
from planner.exports.sheets import lead_sheet
from planner.exports.sheets.lead_sheet import LEADS_SHEET, write_lead_sheet
from planner.services.followup.leads import LeadRow, LeadSheetData

OWNERS = 30
LEADS_PER_OWNER = 3


def _lead(i: int, owner: int, *, title: str = "Explore a co-development", notes: str = "") -> LeadRow:
    return LeadRow(
        i, f"{i:08d}-0000-4000-8000-{i:012d}", i, f"Person {i}", f"person{i}@example.com", True,
        f"Company {i % 7}", "JP", "", title, LeadStage.QUALIFIED, 1000 + owner, f"Owner {owner:02d}",
        f"owner{owner:02d}@delegation.example", 50_000 if i % 2 else None, "GBP" if i % 2 else "", notes,
        date(2026, 10, 14), f"{i:08d}-1111-4000-8000-{i:012d}", "Send the data pack", date(2026, 11, 20),
        ActionStatus.OPEN, 1, datetime(2026, 10, 20))


@pytest.fixture
def data() -> LeadSheetData:
    leads = [_lead(o * LEADS_PER_OWNER + k, o) for o in range(OWNERS) for k in range(LEADS_PER_OWNER)]
    leads[0] = _lead(0, 0, title="=HYPERLINK(\"http://x\",\"y\")", notes="@risk")
    owners = sorted({r.owner_email for r in leads})
    return LeadSheetData("mission", "Mission & Co", datetime.now(UTC).replace(tzinfo=None), date(2026, 11, 10),
                         leads, owners, 0)


def _counting(monkeypatch: pytest.MonkeyPatch, cls: type, name: str = "to_tree") -> list[int]:
    calls = [0]
    original = getattr(cls, name)

    def counted(self: Any, *args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)
    return calls


def test_every_owner_sheet_keeps_its_layout_which_is_serialised_once(
        data: LeadSheetData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    validations = _counting(monkeypatch, DataValidationList)
    views = _counting(monkeypatch, SheetViewList)
    columns = _counting(monkeypatch, DimensionHolder)
    path = tmp_path / "leads.xlsx"
    write_lead_sheet(data, path)
    wb = openpyxl.load_workbook(path)
    data_sheets = [LEADS_SHEET] + [f"Owner {o:02d}" for o in range(OWNERS)]
    assert [n for n in wb.sheetnames if n not in ("Summary", "Lists")] == data_sheets
    # once for all the data sheets; Summary and Lists have their own view and columns
    assert validations[0] == 1 and views[0] == 3 and columns[0] == 3
    leads = wb[LEADS_SHEET]
    widths = {k: d.width for k, d in leads.column_dimensions.items()}
    rules = sorted((dv.type, str(dv.sqref), dv.formula1) for dv in leads.data_validations.dataValidation)
    assert len(rules) == 5 and widths["A"] and leads.column_dimensions["A"].hidden
    for name in data_sheets:
        ws = wb[name]
        assert ws.freeze_panes == "C2", name
        assert ws.column_dimensions["A"].hidden, name
        assert {k: d.width for k, d in ws.column_dimensions.items()} == widths, name
        assert sorted((dv.type, str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation) == rules
        rows = len(data.leads) if name == LEADS_SHEET else LEADS_PER_OWNER
        assert ws.auto_filter.ref == f"A1:P{rows + 1}", name  # each sheet's filter covers its own rows
        assert ws.max_row == rows + 1, name


def test_a_lead_is_sanitised_once_for_both_of_its_sheets(
        data: LeadSheetData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    worked = [0]
    original = lead_sheet._sheet_values

    def counted(values: list[Any]) -> Any:
        worked[0] += 1
        return original(values)

    monkeypatch.setattr(lead_sheet, "_sheet_values", counted)
    path = tmp_path / "leads.xlsx"
    write_lead_sheet(data, path)
    assert worked[0] == len(data.leads)
    wb = openpyxl.load_workbook(path)
    for ws in (wb[LEADS_SHEET], wb["Owner 00"]):  # the formula-like texts are text on both sheets
        header = [c.value for c in ws[1]]
        row = ws[2]
        topic, notes = row[header.index("Topic")], row[header.index("Notes")]
        assert topic.data_type == "s" and topic.value.startswith("=HYPERLINK") and topic.quotePrefix
        assert notes.data_type == "s" and notes.value == "@risk" and notes.quotePrefix


def test_an_empty_text_writes_no_cell(data: LeadSheetData, tmp_path: Path) -> None:
    path = tmp_path / "leads.xlsx"
    write_lead_sheet(data, path)
    with zipfile.ZipFile(path) as zf:
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(re.search(r'<c r="[A-Z]+\d+" t="inlineStr"\s*/>', xml) for xml in sheets)
    ws = openpyxl.load_workbook(path)[LEADS_SHEET]
    header = [c.value for c in ws[1]]
    assert ws.cell(3, header.index("Notes") + 1).value is None  # as a reader saw it before: empty
    assert ws.cell(4, header.index("Currency") + 1).value is None  # a lead without a value
