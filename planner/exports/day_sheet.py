"""A day sheet as a PDF on A4 portrait: one day of the mission as a list, who is where, when.

A pure function of a :class:`planner.services.schedule.day_sheet.DaySheet`: it never sees a Session.
The whole-delegation sheet prints every line once (time in event time with home time below,
what and with whom, our people, where), the conflicts it marks, then each delegate's own day
and who is free all day; a delegate's sheet prints only their day. The frame, fonts and text
escaping are the briefing pack's (:mod:`planner.exports.briefing.briefing_doc`, :mod:`pdf_text`);
conflict marks are worded by :func:`planner.exports.briefing.briefing_conflicts.mark_text`, so a sheet
and a pack say the same thing about the same conflict. Written through ``staged_output``;
``on_ready`` (the export log) runs before the file is moved into place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from planner.errors import Cancelled
from planner.exports.briefing.briefing_conflicts import mark_text
from planner.exports.briefing.briefing_doc import (
    HEADER,
    MARGIN,
    PAPER_SIZES,
    PackContext,
    PackDocTemplate,
    heading,
)
from planner.exports.briefing.briefing_labels import WARNING_SIGN
from planner.exports.output import staged_output
from planner.exports.pdf_text import (
    FontSet,
    describe_uncovered,
    make_styles,
    markup,
    register_fonts,
)
from planner.services.schedule.day_sheet import DaySheet, SheetEntry

CONFLICT_SHADE = colors.Color(0.86, 0.86, 0.86)  # grey: survives a greyscale printer
WHOLE_WIDTHS: list[float] = [19, 42, 20, 19]  # Time, What and with whom, Who, Where
DELEGATE_WIDTHS: list[float] = [19, 55, 26]  # Time, What and with whom, Where
OnReady = Callable[["DaySheetFile"], None]


@dataclass(frozen=True)
class DaySheetFile:
    path: Path
    pages: int
    person_ids: frozenset[int]
    uncovered: frozenset[str]
    conflict_keys: frozenset[str]

    @property
    def uncovered_described(self) -> list[str]:
        return describe_uncovered(self.uncovered)


def day_title(sheet: DaySheet) -> str:
    return f"{sheet.day:%A %d %B %Y}"


class _Marks:
    """The conflict marks of the sheet's lines, in the pack's words."""

    def __init__(self, sheet: DaySheet) -> None:
        self.notes = {n.key: n for n in sheet.conflicts}
        self.on_sheet = {e.uuid for e in sheet.entries}

    def for_entry(self, e: SheetEntry) -> list[str]:
        out = []
        for key in e.conflict_keys:
            note = self.notes[key]
            this = next((i for i in note.items if i.uuid == e.uuid), None)
            if this is not None:
                out.append(mark_text(note, this, self.on_sheet))
        return out


def _when(ctx: PackContext, e: SheetEntry) -> Paragraph:
    f, u = ctx.fonts, ctx.uncovered
    parts = [markup(e.event_time, f, bold=True, uncovered=u)]
    if e.local_time:
        parts.append(markup(f"local {e.local_time}", f, uncovered=u))
    if e.home_time:
        parts.append(f'<font color="#444444">{markup(e.home_time, f, uncovered=u)}</font>')
    return Paragraph("<br/>".join(parts), ctx.styles["sheet_cell"])


def _what(ctx: PackContext, e: SheetEntry, sheet: DaySheet, marks: _Marks, *, with_ours: bool) -> Paragraph:
    f, u = ctx.fonts, ctx.uncovered
    if e.kind == "meeting":
        head = markup(e.title.removeprefix("Meeting with ") if e.organisation else e.title, f, bold=True,
                      uncovered=u)
        head = markup("Meeting: ", f, bold=True) + head if e.organisation else head
    else:
        head = markup(f"{e.kind_label}: ", f, bold=True) + markup(e.title, f, bold=True, uncovered=u)
    parts = [head]
    if e.with_whom:
        parts.append(markup("with " + "; ".join(e.with_whom), f, uncovered=u))
    elif e.organisation and e.kind != "meeting":
        parts.append(markup(e.organisation, f, uncovered=u))
    if with_ours:
        others = [sheet.people[p].name for p in e.ours if p != sheet.delegate_id]
        if others:
            parts.append(markup("also: " + "; ".join(others), f, uncovered=u))
    if e.status:
        parts.append(markup(f"Status: {e.status}", f, uncovered=u))
    parts += [markup(m, f, bold=True, uncovered=u) for m in marks.for_entry(e)]
    return Paragraph("<br/>".join(parts), ctx.styles["sheet_cell"])


def _who(ctx: PackContext, e: SheetEntry, sheet: DaySheet) -> Paragraph:
    return ctx.p("\n".join(sheet.people[p].name for p in e.ours) or "—", "sheet_cell")


def _table(ctx: PackContext, rows: list[list[Any]], widths: list[float], entries: list[SheetEntry],
           marks: _Marks, continued: str) -> Flowable:
    shade = [("BACKGROUND", (0, row), (-1, row), CONFLICT_SHADE)
             for row, e in enumerate(entries, start=1) if marks.for_entry(e)]
    pad = [("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    return ctx.table(rows, widths, extra=shade + pad, continued=continued)


def _whole(ctx: PackContext, sheet: DaySheet, marks: _Marks) -> list[Flowable]:
    head = [ctx.p(h, "table_header") for h in ("Time", "What, with whom", "Our people", "Where")]
    rows = [head] + [[_when(ctx, e), _what(ctx, e, sheet, marks, with_ours=False), _who(ctx, e, sheet),
                      ctx.p(e.place, "sheet_cell")] for e in sheet.entries]
    title = f"Whole delegation — {sheet.day:%a %d %b}"
    return [_plain_heading(ctx, "Whole delegation", "whole"),
            _table(ctx, rows, WHOLE_WIDTHS, list(sheet.entries), marks, f"{title} (continued)")]


def _plain_heading(ctx: PackContext, text: str, key: str, style: str = "heading2") -> Flowable:
    """A bookmarked heading that does not pull a long table after it onto the next page."""
    h = heading(ctx, text, level=1, key=key, style=style)
    h.keepWithNext = 0
    return h


def _day_line(ctx: PackContext, e: SheetEntry, marks: _Marks) -> str:
    f, u = ctx.fonts, ctx.uncovered
    home = f' <font color="#444444">({markup(e.home_time.split("–")[0], f, uncovered=u)})</font>' \
        if e.home_time else ""
    what = e.title.removeprefix("Meeting with ") if e.kind == "meeting" and e.organisation else e.title
    text = markup(e.event_time.rpartition(" ")[0] or e.event_time, f, bold=True, uncovered=u) + home + " "
    text += markup(f"{what}" + (f" · {e.place}" if e.place else ""), f, uncovered=u)
    if e.status:
        text += markup(f" ({e.status.lower()})", f, uncovered=u)
    if e.conflict_keys and marks.for_entry(e):
        text += " " + markup(f"{WARNING_SIGN} conflict", f, bold=True, uncovered=u)
    return text


def _each_delegate(ctx: PackContext, sheet: DaySheet, marks: _Marks) -> list[Flowable]:
    """One row per delegate: their day in one cell, a line per item (event time, home time)."""
    if not sheet.delegates:
        return []
    abbr = next((e.event_time.rpartition(" ")[2] for e in sheet.entries if e.event_time), "")
    head = [ctx.p(h, "table_header") for h in ("Delegate", f"Their day ({abbr}, home time in brackets)")]
    rows: list[list[Any]] = [head]
    for day in sheet.delegates:
        who = ctx.lines([(day.person.name, None), (day.person.organisation, None)], "sheet_cell", bold_first=True)
        lines = "<br/>".join(_day_line(ctx, e, marks) for e in day.entries)
        rows.append([who, Paragraph(lines, ctx.styles["sheet_cell"])])
    pad = [("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    story: list[Flowable] = [CondPageBreak(80), _plain_heading(ctx, "Each delegate's day", "delegates"),
                             ctx.table(rows, [24, 76], extra=pad, continued="Each delegate's day (continued)")]
    if sheet.free:
        story += [_plain_heading(ctx, f"Free all day ({len(sheet.free)})", "free", "heading3"),
                  ctx.p("; ".join(p.name for p in sheet.free), "sheet_cell")]
    return story


def _one_delegate(ctx: PackContext, sheet: DaySheet, marks: _Marks) -> list[Flowable]:
    head = [ctx.p(h, "table_header") for h in ("Time", "What, with whom", "Where")]
    day = sheet.delegates[0]
    rows = [head] + [[_when(ctx, e), _what(ctx, e, sheet, marks, with_ours=True), ctx.p(e.place, "sheet_cell")]
                     for e in day.entries]
    name = day.person.name + (f" · {day.person.organisation}" if day.person.organisation else "")
    return [_plain_heading(ctx, name, f"p{day.person.id}"),
            _table(ctx, rows, DELEGATE_WIDTHS, list(day.entries), marks, f"{name} (continued)")]


def _conflicts(ctx: PackContext, sheet: DaySheet) -> list[Flowable]:
    if not sheet.conflicts:
        return []
    n = len(sheet.conflicts)
    story: list[Flowable] = [
        heading(ctx, f"Schedule conflicts ({n})", level=1, key="conflicts", style="heading2"),
        ctx.p(f"Marked {WARNING_SIGN} on the lines they name; the schedule check's own words:", "small")]
    for note in sheet.conflicts:
        accepted = ""
        if note.acknowledged:
            accepted = "\nAccepted by the organisers" + (f": {note.note}" if note.note else ".")
        story.append(ctx.p(f"{WARNING_SIGN} {note.message}\n→ {note.suggestion}{accepted}", "sheet_cell"))
    return story


def _story(ctx: PackContext, sheet: DaySheet) -> list[Flowable]:
    marks = _Marks(sheet)
    who = "the whole delegation" if sheet.whole_delegation else sheet.people[sheet.delegate_id or 0].name
    story: list[Flowable] = [heading(ctx, day_title(sheet), level=0, key="day", style="title")]
    zones = f"Times in event time ({sheet.tz})"
    if any(e.home_time for e in sheet.entries):
        zones += f", home time ({sheet.home_tz}) below"
    busy = len(sheet.delegates)
    summary = f"Day sheet for {who}, {sheet.event_name}. {zones}. {len(sheet.entries)} item(s)"
    if sheet.whole_delegation:
        summary += f", {busy} delegate(s) with something on, {len(sheet.free)} free all day"
    if sheet.conflicts:
        summary += f", {len(sheet.conflicts)} conflict(s) marked {WARNING_SIGN} on shaded lines"
    story.append(ctx.p(summary + ".", "body"))
    if sheet.left_out:
        story.append(ctx.p(f"{sheet.left_out} cancelled, declined or no-show meeting(s) are not listed.", "small"))
    if not sheet.entries:
        return [*story, ctx.p("Nothing is scheduled on this day.", "body")]
    if sheet.whole_delegation:
        story += _whole(ctx, sheet, marks) + _conflicts(ctx, sheet) + _each_delegate(ctx, sheet, marks)
    else:
        story += _one_delegate(ctx, sheet, marks) + _conflicts(ctx, sheet)
    return story


def write_day_sheet_pdf(sheet: DaySheet, path: Path, *, fonts: FontSet | None = None,
                        cancel: Callable[[], bool] | None = None, on_ready: OnReady | None = None) -> DaySheetFile:
    """Write the sheet to ``path`` (A4 portrait). ``on_ready(result)`` runs once the bytes are on
    disk and before the file is moved into place (log it there: if it raises, no file appears).
    Raises ``Cancelled`` before writing anything when ``cancel()`` is true."""
    fonts = fonts or register_fonts()
    width, height = PAPER_SIZES["a4"]
    styles = make_styles(fonts)
    styles["sheet_cell"] = ParagraphStyle("sheet_cell", parent=styles["table_cell"], fontSize=8.5, leading=11)
    ctx = PackContext(fonts, styles, width - 2 * MARGIN, height - 2 * MARGIN - 1.5 * HEADER, sheet.home_tz)
    story = _story(ctx, sheet)
    if cancel is not None and cancel():
        raise Cancelled("The day sheet was cancelled; no file was written")
    title = f"Day sheet — {sheet.day:%a %d %b %Y}"
    if not sheet.whole_delegation:
        title += f" — {sheet.people[sheet.delegate_id or 0].name}"
    path = Path(path)
    with staged_output(path) as out:
        doc = PackDocTemplate(out.file, ctx, paper="a4", header_left=sheet.event_name, header_right=title,
                              header_lang=None, footer=f"Prepared {sheet.prepared_at:%d %b %Y %H:%M} UTC · "
                              "Mission Desk", cancel=cancel, on_flowable=None,
                              title=f"{sheet.event_name}: {title}", subject=sheet.event_code,
                              created=sheet.prepared_at)
        doc._firstPageTemplateIndex = 1  # every page has the running header (no cover page)
        doc.multiBuild([*story, doc.page_count])
        result = DaySheetFile(path, doc.page_count.total, sheet.person_ids, frozenset(ctx.uncovered),
                              sheet.conflict_keys)
        if on_ready is not None:
            out.before_publish(lambda: on_ready(result))
    return result

