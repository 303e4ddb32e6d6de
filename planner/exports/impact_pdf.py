"""The impact report as a PDF for funders: figures, tables and charts (reportlab graphics).

All text goes through :mod:`planner.exports.pdf_text` (embedded fonts, escaped markup); chart
labels use the embedded Latin face.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table

from planner.exports.output import staged_output
from planner.exports.pdf_text import (
    FontSet,
    doc_options,
    make_styles,
    make_table_style,
    paragraph,
    register_fonts,
)
from planner.services.followup.impact import CountRow, ImpactReport

REQUESTED, HELD, LEADS = colors.HexColor("#9DB4D9"), colors.HexColor("#305496"), colors.HexColor("#C55A11")
CHART_ROWS = 10
WIDTH = A4[0] - 40 * mm


def _clip(text: str, n: int = 28) -> str:
    return text if len(text) <= n else text[:n - 1] + "…"


def _drawing(height: float, fonts: FontSet) -> Drawing:
    drawing = Drawing(WIDTH, height)
    drawing.initialFontName = fonts.latin  # reportlab would start each drawing in non-embedded Helvetica
    return drawing


def _bars(rows: list[CountRow], fonts: FontSet, *, horizontal: bool = False) -> Drawing:
    rows = rows[:CHART_ROWS]
    height = 40 + 18 * len(rows) if horizontal else 190
    drawing = _drawing(height + 20, fonts)
    chart: Any = HorizontalBarChart() if horizontal else VerticalBarChart()
    if horizontal:
        chart.x, chart.y, chart.width, chart.height = 150, 20, WIDTH - 180, height - 20
        rows = list(reversed(rows))
    else:
        chart.x, chart.y, chart.width, chart.height = 40, 55, WIDTH - 60, height - 55
    chart.data = [[r.requested for r in rows], [r.held for r in rows]]
    chart.categoryAxis.categoryNames = [_clip(r.label) for r in rows]
    chart.categoryAxis.labels.fontName = fonts.latin
    chart.categoryAxis.labels.fontSize = 7
    if not horizontal:
        chart.categoryAxis.labels.angle = 30
        chart.categoryAxis.labels.boxAnchor = "ne"
    chart.valueAxis.labels.fontName = fonts.latin
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor, chart.bars[1].fillColor = REQUESTED, HELD
    drawing.add(chart)
    legend = Legend()
    legend.fontName, legend.fontSize = fonts.latin, 8
    legend.x, legend.y = WIDTH - 130, height + 12
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.colorNamePairs = [(REQUESTED, "requested"), (HELD, "held")]
    drawing.add(legend)
    return drawing


def _stage_chart(report: ImpactReport, fonts: FontSet) -> Drawing:
    drawing = _drawing(170, fonts)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 30, WIDTH - 60, 125
    chart.data = [[r.leads for r in report.leads_by_stage]]
    chart.categoryAxis.categoryNames = [r.label for r in report.leads_by_stage]
    for axis in (chart.categoryAxis, chart.valueAxis):
        axis.labels.fontName, axis.labels.fontSize = fonts.latin, 8
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = LEADS
    drawing.add(chart)
    return drawing


def _table(header: list[str], rows: list[list[Any]], fonts: FontSet, styles: dict[str, Any],
           widths: list[float] | None = None) -> Table:
    cells = [[paragraph(h, styles["table_header"], fonts) for h in header]]
    cells += [[paragraph(str(v), styles["table_cell"], fonts) for v in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(make_table_style(fonts))
    return table


def _count_section(title: str, rows: list[CountRow], fonts: FontSet, styles: dict[str, Any], *,
                   with_leads: bool = False, horizontal: bool = False) -> list[Any]:
    if not rows:
        return [paragraph(title, styles["heading2"], fonts), paragraph("No meetings.", styles["body"], fonts)]
    header = ["", "Requested", "Held", "Held %"] + (["Leads"] if with_leads else [])
    body = [[r.label, r.requested, r.held, f"{100 * r.held // r.requested}%" if r.requested else "–"]
            + ([r.leads] if with_leads else []) for r in rows]
    first = WIDTH * (0.4 if with_leads else 0.5)
    rest = (WIDTH - first) / (len(header) - 1)
    return [KeepTogether([paragraph(title, styles["heading2"], fonts), _bars(rows, fonts, horizontal=horizontal)]),
            _table(header, body, fonts, styles, [first] + [rest] * (len(header) - 1)), Spacer(1, 6)]


def write_impact_pdf(report: ImpactReport, path: Path | str, *,
                     before_publish: Callable[[], None] | None = None) -> None:
    """Write the report to ``path`` through :func:`planner.exports.output.staged_output` (owner
    only, like every export; never through a symlink); ``before_publish`` (the export log) runs
    before the file is moved into place."""
    fonts = register_fonts()
    styles = make_styles(fonts)
    story: list[Any] = [
        paragraph(f"Impact report — {report.event_name}", styles["title"], fonts),
        paragraph(f"{report.start:%d %B %Y} – {report.end:%d %B %Y} · figures as of {report.today:%d %B %Y}",
                  styles["body"], fonts),
        Spacer(1, 6),
        paragraph("Summary", styles["heading1"], fonts),
        _table(["Meetings requested", "Meetings held", "Leads", "Follow-ups done", "Open", "Overdue"],
               [[report.meetings_requested, report.meetings_held, report.leads_total, report.actions_done,
                 report.actions_open, report.actions_overdue]], fonts, styles),
        Spacer(1, 4),
        paragraph("Meetings by status: " + ", ".join(f"{name} {n}" for name, n in report.by_status)
                  if report.by_status else "No meetings were requested.", styles["small"], fonts),
    ]
    story += _count_section("Meetings by country of the counterpart", report.by_country, fonts, styles)
    story += _count_section("Meetings by sector of the counterpart", report.by_sector, fonts, styles)
    story += _count_section("Meetings and leads by member organisation", report.by_member, fonts, styles,
                            with_leads=True, horizontal=True)
    header = ["Stage", "Leads"] + [f"Value {c}" for c in report.currencies]
    body = [[r.label, r.leads] + [f"{r.values.get(c, 0):,}" for c in report.currencies]
            for r in report.leads_by_stage]
    body.append(["Total", report.leads_total] + [f"{report.value_total(c):,}" for c in report.currencies])
    story += [KeepTogether([paragraph("Leads by stage and estimated value", styles["heading2"], fonts),
                            _stage_chart(report, fonts)]), _table(header, body, fonts, styles)]
    story += [paragraph("Follow-up actions", styles["heading2"], fonts),
              _table(["Done", "Open", "of which overdue", "Cancelled"],
                     [[report.actions_done, report.actions_open, report.actions_overdue,
                       report.actions_cancelled]], fonts, styles)]
    with staged_output(Path(path)) as out:
        doc = SimpleDocTemplate(out.file, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                                topMargin=18 * mm, bottomMargin=18 * mm, title=f"Impact report — {report.event_name}",
                                **doc_options(fonts))
        doc.build(story)
        if before_publish is not None:
            out.before_publish(before_publish)
