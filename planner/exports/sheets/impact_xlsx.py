"""The impact report as an XLSX: one sheet of tables with native (editable) Excel charts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from planner.exports.output import staged_output
from planner.exports.sanitize import set_text
from planner.services.followup.impact import CountRow, ImpactReport

BOLD = Font(bold=True)
CHART_ROWS = 10


def _put(ws: Worksheet, row: int, values: list[Any], *, bold: bool = False) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col)
        if isinstance(value, str):
            set_text(cell, value)
        else:
            cell.value = value
        if bold:
            cell.font = BOLD


def _chart(ws: Worksheet, title: str, first: int, last: int, cols: tuple[int, int], anchor: str,
           *, horizontal: bool = False) -> None:
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.title = title
    chart.height, chart.width = 7.5, 16
    data = Reference(ws, min_col=cols[0], max_col=cols[1], min_row=first - 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    ws.add_chart(chart, anchor)


def _count_block(ws: Worksheet, row: int, title: str, rows: list[CountRow], *, with_leads: bool = False,
                 horizontal: bool = False) -> int:
    _put(ws, row, [title], bold=True)
    header = ["", "Requested", "Held"] + (["Leads"] if with_leads else [])
    _put(ws, row + 1, header, bold=True)
    first = row + 2
    for i, r in enumerate(rows):
        _put(ws, first + i, [r.label, r.requested, r.held] + ([r.leads] if with_leads else []))
    if rows:
        _chart(ws, title, first, first + min(len(rows), CHART_ROWS) - 1, (2, 3), f"G{row}", horizontal=horizontal)
    return max(first + len(rows), row + 17) + 1  # leave room for the chart beside the table


def write_impact_xlsx(report: ImpactReport, path: Path | str, *,
                      before_publish: Callable[[], None] | None = None) -> None:
    """Write the report to ``path`` through :func:`planner.exports.output.staged_output` (owner
    only, like every export; never through a symlink); ``before_publish`` (the export log) runs
    before the file is moved into place."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Impact"
    ws.column_dimensions["A"].width = 40
    for letter in "BCDE":
        ws.column_dimensions[letter].width = 13
    set_text(ws["A1"], f"Impact report — {report.event_name}")
    ws["A1"].font = Font(bold=True, size=14)
    set_text(ws["A2"], f"{report.start:%d %B %Y} – {report.end:%d %B %Y}; figures as of {report.today:%d %B %Y}")
    _put(ws, 4, ["Meetings requested", report.meetings_requested], bold=False)
    _put(ws, 5, ["Meetings held", report.meetings_held])
    _put(ws, 6, ["Leads", report.leads_total])
    _put(ws, 7, ["Follow-ups done", report.actions_done])
    _put(ws, 8, ["Follow-ups open", report.actions_open])
    _put(ws, 9, ["  of which overdue", report.actions_overdue])
    _put(ws, 10, ["Follow-ups cancelled", report.actions_cancelled])
    row = 12
    _put(ws, row, ["Meetings by status"], bold=True)
    for i, (name, n) in enumerate(report.by_status, start=1):
        _put(ws, row + i, [name, n])
    row += len(report.by_status) + 2
    row = _count_block(ws, row, "Meetings by country of the counterpart", report.by_country)
    row = _count_block(ws, row, "Meetings by sector of the counterpart", report.by_sector)
    row = _count_block(ws, row, "Meetings and leads by member organisation", report.by_member, with_leads=True,
                       horizontal=True)
    _put(ws, row, ["Leads by stage and estimated value"], bold=True)
    _put(ws, row + 1, ["Stage", "Leads"] + [f"Value {c}" for c in report.currencies], bold=True)
    first = row + 2
    for i, stage in enumerate(report.leads_by_stage):
        _put(ws, first + i, [stage.label, stage.leads] + [stage.values.get(c, 0) for c in report.currencies])
    total = first + len(report.leads_by_stage)
    _put(ws, total, ["Total", report.leads_total] + [report.value_total(c) for c in report.currencies], bold=True)
    for col in range(3, 3 + len(report.currencies)):
        for line in range(first, total + 1):
            ws.cell(row=line, column=col).number_format = "#,##0"
    _chart(ws, "Leads by stage", first, total - 1, (2, 2), f"G{row}")
    ws.freeze_panes = "A4"
    with staged_output(Path(path)) as out:
        wb.save(out.file)
        if before_publish is not None:
            out.before_publish(before_publish)
