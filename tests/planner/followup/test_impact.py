"""The impact report: figures from the demo mission, PDF text/fonts/charts, XLSX tables and charts."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from planner.cli import main
from planner.exports.impact_pdf import write_impact_pdf
from planner.exports.sheets.impact_xlsx import write_impact_xlsx
from planner.services.events.events import get_event
from planner.services.followup.impact import build_impact_report
from planner.storage.database import Database
from planner.storage.models import FollowUp, Lead, Meeting

pytestmark = pytest.mark.engines

TODAY = date(2026, 11, 15)


def test_figures_match_the_database(demo_db: Database) -> None:
    with demo_db.session() as s:
        event = get_event(s, "biojapan-2026")
        report = build_impact_report(s, event, today=TODAY)
        meetings = s.query(Meeting).filter_by(event_id=event.id).all()
        leads = s.query(Lead).filter_by(event_id=event.id).all()
        actions = s.query(FollowUp).join(Lead).filter(Lead.event_id == event.id).all()
    assert report.meetings_requested == len(meetings)
    assert report.meetings_held == sum(m.status.value == "held" for m in meetings)
    assert sum(r.requested for r in report.by_country) == len(meetings)
    assert sum(r.held for r in report.by_country) == report.meetings_held
    assert report.leads_total == len(leads)
    assert report.value_total("GBP") == sum(lead.value or 0 for lead in leads if lead.currency == "GBP")
    assert report.actions_done == sum(a.status.value == "done" for a in actions)
    assert report.actions_overdue == sum(a.status.value in ("open", "in_progress") and a.due_date is not None
                                         and a.due_date < TODAY for a in actions)
    assert report.by_country[0].label == "Japan"
    assert any(r.leads for r in report.by_member)


def test_pdf_and_xlsx(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.session() as s:
        report = build_impact_report(s, get_event(s, "biojapan-2026"), today=TODAY)
    pdf = tmp_path / "impact.pdf"
    write_impact_pdf(report, pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Impact report" in text and "Meetings by country of the counterpart" in text
    assert "Japan" in text and f"{report.value_total('GBP'):,}" in text
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Helvetica" not in fonts and fonts.count(" yes yes ") >= 2  # embedded, subset
    xlsx = tmp_path / "impact.xlsx"
    write_impact_xlsx(report, xlsx)
    wb = openpyxl.load_workbook(xlsx)
    ws = wb["Impact"]
    values = {row[0]: row[1:] for row in ws.iter_rows(values_only=True) if row[0]}
    assert values["Meetings requested"][0] == report.meetings_requested
    assert values["Japan"][:2] == (report.by_country[0].requested, report.by_country[0].held)
    assert values["Total"][0] == report.leads_total
    assert len(ws._charts) == 4


def test_cli_writes_pdf_or_xlsx_and_logs_it(demo_db: Database, tmp_path: Path) -> None:
    for name in ("impact.pdf", "impact.xlsx"):
        assert main(["--db", demo_db.target, "export", "impact", "--event", "biojapan-2026",
                     "--out", str(tmp_path / name)]) == 0
        assert (tmp_path / name).stat().st_size > 1000
    assert main(["--db", demo_db.target, "export", "impact", "--event", "biojapan-2026",
                 "--out", str(tmp_path / "impact.docx")]) == 2
    with demo_db.session() as s:
        from planner.services.outputs.export_log import list_exports

        assert {e.kind for e in list_exports(s)} == {"impact_pdf", "impact_xlsx"}
