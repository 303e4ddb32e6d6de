"""Export the lead sheet, edit it as a user would, import it: changes, conflicts, errors."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from planner.cli import main
from planner.domain.enums import ActionStatus, LeadStage
from planner.exports.sheets.lead_sheet import write_lead_sheet
from planner.imports.errors import FileRejected
from planner.imports.leads.sheet import apply_lead_sheet, plan_lead_sheet
from planner.services.events.events import get_event
from planner.services.followup.followups import update_lead
from planner.services.followup.leads import build_lead_sheet, list_leads
from planner.storage.database import Database

pytestmark = pytest.mark.engines


def export(db: Database, path: Path) -> Path:
    with db.session() as s:
        write_lead_sheet(build_lead_sheet(s, get_event(s, "mission"), today=date(2026, 11, 10)), path)
    return path


def edit(path: Path, email: str, changes: dict[str, object], sheet: str = "Leads") -> int:
    """Change cells the way a user does in a spreadsheet; returns the sheet row edited."""
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("E-mail")].value == email:
            for column, value in changes.items():
                cell = row[header.index(column)]
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # typed as text (Excel: a leading apostrophe)
            wb.save(path)
            return row[0].row
    raise AssertionError(email)


def leads(db: Database) -> dict[str, object]:
    with db.session() as s:
        return {r.person_email: r for r in list_leads(s, get_event(s, "mission"))}


def run_import(db: Database, path: Path, *extra: str) -> int:
    return main(["--db", db.target, "import", "leads", str(path), "--event", "mission", *extra])


def test_round_trip_updates_statuses_dates_owners_and_notes(leads_db: Database, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "sato@kansai.example", {"Stage": "Proposal", "Owner": "bob@lune.example",
                                       "Due": datetime(2026, 11, 20), "Action status": "Done",
                                       "Notes": "Sent NDA; waiting", "Value": 75000})
    edit(path, "evil@x.example", {"Next action": "=call them", "Currency": None})
    before = leads(leads_db)
    assert run_import(leads_db, path, "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Stage: qualified → proposal" in out and "Due: 2026-11-02 → 2026-11-20" in out
    assert leads(leads_db) == before  # a dry run changes nothing
    assert run_import(leads_db, path) == 0
    after = leads(leads_db)
    sato = after["sato@kansai.example"]
    assert sato.stage is LeadStage.PROPOSAL and sato.owner_email == "bob@lune.example"  # type: ignore[attr-defined]
    assert sato.value == 75000 and sato.notes == "Sent NDA; waiting"  # type: ignore[attr-defined]
    # the NDA action is done: the next action is now the call back
    assert sato.next_action == "Call back" and sato.due == date(2026, 12, 1)  # type: ignore[attr-defined]
    assert after["evil@x.example"].next_action == "=call them"  # type: ignore[attr-defined]
    with leads_db.session() as s:
        from planner.storage.models import FollowUp
        nda = s.query(FollowUp).filter_by(description="Send NDA").one()
        assert nda.status is ActionStatus.DONE and nda.due_date == date(2026, 11, 20) and nda.completed_at
    # importing the same file again changes nothing and finds no conflict
    assert run_import(leads_db, path) == 0
    assert "0 lead(s) changed" in capsys.readouterr().err


def test_edit_in_the_app_since_export_is_a_conflict(leads_db: Database, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "sato@kansai.example", {"Stage": "Agreed"})
    edit(path, "evil@x.example", {"Notes": "edited in sheet"})
    with leads_db.transaction() as s:
        lead = next(r for r in list_leads(s, get_event(s, "mission")) if r.person_email == "sato@kansai.example")
        from planner.storage.models import Lead
        update_lead(s, s.get(Lead, lead.id), stage=LeadStage.LOST)
    assert run_import(leads_db, path) == 1  # ran, found a conflict
    captured = capsys.readouterr()
    assert "conflict" in captured.out and "Stage" in captured.out and "not overwritten" in captured.out
    after = leads(leads_db)
    assert after["sato@kansai.example"].stage is LeadStage.LOST  # type: ignore[attr-defined]
    assert after["evil@x.example"].notes == "edited in sheet"  # type: ignore[attr-defined]


def test_damaged_unknown_and_bad_rows_are_errors_and_nothing_changes(leads_db: Database, tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "sato@kansai.example", {"Stage": "Proposal"})
    row_evil = edit(path, "evil@x.example", {"Row id": "LS1:garbled", "Notes": "x"})
    row_alice = edit(path, "sato@kansai.example", {"Due": "next week", "Owner": "nobody@x.example"},
                     sheet="Alice Owner")
    wb = openpyxl.load_workbook(path)
    ws = wb["Leads"]
    ws.append(["LS1:00000000-0000-0000-0000-000000000000:-:abc:123456", "New person"])
    wb.save(path)
    with leads_db.session() as s:
        plan = plan_lead_sheet(s, get_event(s, "mission"), path)
    where = {(e.sheet, e.row, e.column) for e in plan.errors}
    assert ("Leads", row_evil, "Row id") in where
    assert ("Alice Owner", row_alice, "Due") in where and ("Alice Owner", row_alice, "Owner") in where
    assert ("Leads", ws.max_row, "Row id") in where
    before = leads(leads_db)
    assert run_import(leads_db, path) == 1
    err = capsys.readouterr().err
    assert f"sheet “Leads”, row {row_evil}" in err and "nothing was changed" in err
    assert leads(leads_db) == before


def test_the_same_lead_edited_on_two_sheets(leads_db: Database, tmp_path: Path) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "sato@kansai.example", {"Notes": "from the Leads sheet"})
    edit(path, "sato@kansai.example", {"Notes": "from the owner's sheet"}, sheet="Alice Owner")
    with leads_db.session() as s:
        plan = plan_lead_sheet(s, get_event(s, "mission"), path)
    assert any("edited differently" in e.message for e in plan.errors)
    # the same edit on both sheets (or on the owner's sheet only) is fine
    path = export(leads_db, tmp_path / "again.xlsx")
    edit(path, "sato@kansai.example", {"Notes": "owner edit"}, sheet="Alice Owner")
    with leads_db.transaction() as s:
        event = get_event(s, "mission")
        plan = plan_lead_sheet(s, event, path)
        assert not plan.errors and len(plan.changes) == 1
        apply_lead_sheet(s, event, plan)
    assert leads(leads_db)["sato@kansai.example"].notes == "owner edit"  # type: ignore[attr-defined]


def test_not_a_lead_sheet(leads_db: Database, tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Name", "Email"])
    wb.active.append(["A", "a@b.example"])
    wb.save(path)
    with leads_db.session() as s, pytest.raises(FileRejected, match="not a lead sheet"):
        plan_lead_sheet(s, get_event(s, "mission"), path)


@pytest.mark.skipif(shutil.which("soffice") is None,
                    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
def test_a_sheet_saved_by_libreoffice_comes_back_unchanged(leads_db: Database, tmp_path: Path) -> None:
    path = export(leads_db, tmp_path / "leads.xlsx")
    edit(path, "sato@kansai.example", {"Stage": "Agreed"})
    outdir = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'p'}",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=180)
    with leads_db.session() as s:
        plan = plan_lead_sheet(s, get_event(s, "mission"), outdir / "leads.xlsx")
    assert not plan.errors and not plan.conflicts, (plan.errors, plan.conflicts)
    assert [list(c.fields) for c in plan.changes] == [["Stage"]]


def test_a_csv_or_damaged_file_is_rejected_with_a_message(leads_db: Database, tmp_path: Path) -> None:
    csv_file = tmp_path / "leads.csv"
    csv_file.write_text("Row id,Person\nx,y\n", encoding="utf-8")
    truncated = tmp_path / "cut.xlsx"
    truncated.write_bytes(export(leads_db, tmp_path / "full.xlsx").read_bytes()[:4000])
    with leads_db.session() as s:
        event = get_event(s, "mission")
        for bad in (csv_file, truncated):
            with pytest.raises(FileRejected):
                plan_lead_sheet(s, event, bad)
