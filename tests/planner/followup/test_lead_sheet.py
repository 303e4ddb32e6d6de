"""The lead sheet as a user's spreadsheet sees it: cell types, validation, safety, LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from planner.exports.sheets.lead_sheet import write_lead_sheet
from planner.services.events.events import get_event
from planner.services.followup.leads import build_lead_sheet
from planner.services.outputs.export_log import exports_containing
from planner.storage.database import Database
from tests.planner.followup.conftest import HOSTILE_NAME

pytestmark = pytest.mark.engines


def export(db: Database, path: Path) -> Path:
    with db.session() as s:
        data = build_lead_sheet(s, get_event(s, "mission"), today=date(2026, 11, 10))
    write_lead_sheet(data, path)
    return path


def rows_by_email(ws) -> dict[str, list]:  # type: ignore[no-untyped-def]
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]]
    return {r[header.index("E-mail")].value or "": r for r in rows[1:]}


def test_cells_types_validation_and_consent(leads_db: Database, tmp_path: Path) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["Leads", "Summary"]
    assert "Alice Owner" in wb.sheetnames and "Bob Owner" in wb.sheetnames
    assert wb["Lists"].sheet_state == "hidden"
    ws = wb["Leads"]
    header = [c.value for c in ws[1]]
    assert header[0] == "Row id" and ws.column_dimensions["A"].hidden
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:P4"
    rows = rows_by_email(ws)
    assert set(rows) == {"sato@kansai.example", "evil@x.example", ""}  # no-consent person left out
    sato = rows["sato@kansai.example"]
    due = sato[header.index("Due")]
    assert isinstance(due.value, datetime) and due.value.date() == date(2026, 11, 2)
    assert due.is_date and due.data_type == "d"  # a real date (serial number + date format)
    value = sato[header.index("Value")]
    assert value.value == 50_000 and value.data_type == "n"
    assert sato[header.index("Next action")].value == "Send NDA"  # the first open action by due date
    assert sato[header.index("Organisation")].value == "Kansai Bio <Innovations> & Co"
    evil = rows["evil@x.example"]
    person = evil[header.index("Person")]
    assert person.data_type == "s" and person.value.startswith(HOSTILE_NAME)
    assert evil[header.index("Next action")].value == "+check"
    assert evil[header.index("Next action")].data_type == "s"
    assert evil[header.index("Notes")].value.startswith("@risk\ufffd")
    # drop-downs for stage and status, owner list from the hidden Lists sheet
    rules = {str(dv.sqref)[0]: dv for dv in ws.data_validations.dataValidation}
    assert rules["H"].type == "list" and "Qualified" in rules["H"].formula1
    assert rules["N"].type == "list" and "In progress" in rules["N"].formula1
    assert rules["I"].formula1.startswith("Lists!")
    assert rules["M"].type == "date" and rules["J"].type == "whole"
    assert [c.value for c in wb["Lists"]["A"]][1:] == ["alice@lune.example", "bob@lune.example"]
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    assert widths["G"] >= 8 and widths["D"] >= len("Kansai Bio <Innovations> & Co")
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in zf.read(name) and b"<f " not in zf.read(name), name
    summary = {r[0]: r[1:] for r in wb["Summary"].iter_rows(values_only=True) if r[0]}
    assert summary["Qualified"][0] == 1 and summary["New"][0] == 2 and summary["Total"][0] == 3
    assert summary["Alice Owner"][-3:] == (1, 2, 1)  # total leads, open actions, next action overdue


def test_owner_sheets_hold_their_owners_leads(leads_db: Database, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export(leads_db, tmp_path / "leads.xlsx"))
    assert set(rows_by_email(wb["Alice Owner"])) == {"sato@kansai.example"}
    assert set(rows_by_email(wb["Bob Owner"])) == {"evil@x.example"}
    assert set(rows_by_email(wb["No owner"])) == {""}


def test_cli_export_records_the_export(leads_db: Database, tmp_path: Path) -> None:
    from planner.cli import main

    out = tmp_path / "out.xlsx"
    assert main(["--db", leads_db.target, "export", "leads", "--event", "mission", "--out", str(out)]) == 0
    assert out.exists()
    with leads_db.session() as s:
        from planner.services.people.people import find_person

        assert [e.kind for e in exports_containing(s, find_person(s, "sato@kansai.example").uuid)] == ["lead_sheet"]
        assert exports_containing(s, find_person(s, "private@x.example").uuid) == []


def test_cli_export_refuses_a_bad_target(leads_db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from planner.cli import main

    assert main(["--db", leads_db.target, "export", "leads", "--event", "mission",
                 "--out", str(tmp_path / "nowhere" / "x.xlsx")]) == 2
    assert "does not exist" in capsys.readouterr().err


@pytest.mark.sqlite_only("what LibreOffice makes of the sheet does not depend on the engine")
@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
def test_libreoffice_converts_the_sheet(leads_db: Database, tmp_path: Path) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    outdir = tmp_path / "lo"
    result = subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(path)],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    converted = outdir / "leads.xlsx"
    assert converted.exists()
    wb = openpyxl.load_workbook(converted)
    rows = rows_by_email(wb["Leads"])
    assert rows["evil@x.example"][1].value.startswith(HOSTILE_NAME)
    assert rows["evil@x.example"][1].data_type == "s"
    assert isinstance(rows["sato@kansai.example"][12].value, datetime)
