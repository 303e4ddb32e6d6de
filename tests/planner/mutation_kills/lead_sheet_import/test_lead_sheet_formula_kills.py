"""A value the user computed with a formula in the lead sheet (planner/imports/leads/reader.py),
issue 21.

Rule: a cell holding a formula comes back as the result the spreadsheet last computed and saved
(what the user saw in the cell), not as the formula's text."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl

from planner.storage.database import Database
from tests.planner.followup.conftest import leads_db  # noqa: F401  (the fixture: a mission with leads)
from tests.planner.mutation_kills.lead_sheet_import.test_lead_sheet_kills import (
    SATO,
    apply,
    export,
    lead_of,
    plan,
)


def with_saved_result(path: Path, formula: str, result: str) -> None:
    """Store ``result`` as the formula's last computed value, as Excel or LibreOffice saves it."""
    out = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<f>" + re.escape(formula.encode()) + rb"</f>(<v\s*/>|<v></v>)?",
                              b"<f>" + formula.encode() + b"</f><v>" + result.encode() + b"</v>", data)
            dst.writestr(info, data)
    out.replace(path)


def test_a_value_computed_by_a_formula_is_imported_as_its_result(leads_db: Database, tmp_path: Path):  # noqa: F811
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    header = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, header.index("E-mail") + 1).value == SATO)
    ws.cell(row, header.index("Value") + 1).value = "=40000+20000"  # typed as a formula
    wb.save(path)
    with_saved_result(path, "40000+20000", "60000")
    p = plan(leads_db, path)
    assert not p.errors, [str(e) for e in p.errors]
    assert [c.fields for c in p.changes] == [{"Value": (50_000, 60_000)}]
    assert apply(leads_db, path) == 1
    assert lead_of(leads_db, SATO).value == 60_000
