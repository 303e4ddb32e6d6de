"""A page (or half page) per meeting, and the showcase programme / the delegate's sessions."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from planner.domain.timezones import from_utc
from planner.exports.briefing.briefing_conflicts import ConflictMarks, conflict_marks
from planner.exports.briefing.briefing_cover import contact_lines, person_lines
from planner.exports.briefing.briefing_data import (
    Briefing,
    ConflictNote,
    DelegatePack,
    MeetingBrief,
    SlotBrief,
)
from planner.exports.briefing.briefing_doc import PackContext, heading
from planner.exports.briefing.briefing_itinerary import CONFLICT_SHADE, Item, by_day, meeting_key
from planner.exports.pdf_text import markup

NOTE_LINES = 6


def notes_space(ctx: PackContext, lines: int = NOTE_LINES) -> Flowable:
    """Ruled lines to write on (black, so they survive a greyscale printer)."""
    table = Table([[""] for _ in range(lines)], colWidths=[ctx.width], rowHeights=[18] * lines)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.black),
                               ("FONT", (0, 0), (-1, -1), ctx.fonts.latin, 9)]))
    return table


def _conflict_cell(ctx: PackContext, found: list[tuple[str, ConflictNote]]) -> Paragraph:
    """The marks in bold, each followed by the checker's message and suggestion."""
    f, u = ctx.fonts, ctx.uncovered
    parts = []
    for text, note in found:
        parts += [markup(text, f, bold=True, uncovered=u), markup(f"{note.message}\n→ {note.suggestion}", f,
                                                                  uncovered=u)]
    return ctx.para("<br/>".join(parts))


def meeting_page(ctx: PackContext, m: MeetingBrief, *, toc: bool,
                 conflicts: list[tuple[str, ConflictNote]] | None = None) -> list[Flowable]:
    org = m.organisation
    who = org.name if org else (", ".join(p.name for p in m.counterparts) or "Meeting")
    local = from_utc(m.start_utc, m.tz)
    story: list[Flowable] = [
        CondPageBreak(ctx.height / 2),
        heading(ctx, f"{m.ref} · {local:%a %d %b %H:%M} · {who}", level=1, key=meeting_key(m),
                lang=org.lang if org else None, toc=toc),
    ]
    where = "\n".join(x for x in (m.location, m.venue, m.address) if x)
    facts = ctx.key_values([
        ("When", ctx.when(m.start_utc, m.end_utc, m.tz)),
        ("Conflict" if len(conflicts or []) < 2 else "Conflicts", _conflict_cell(ctx, conflicts) if conflicts else ""),
        ("Where", where), ("Status", m.status),
        ("Our side", ctx.lines([(p.name, p.lang) for p in m.ours])),
        ("Interpreter", m.interpreter or "Not needed")])
    if conflicts:
        facts.setStyle(TableStyle([("BACKGROUND", (1, 1), (1, 1), CONFLICT_SHADE)]))
    story.append(facts)
    if org is not None:
        story.append(heading(ctx, "Counterpart organisation", level=2, key=f"{meeting_key(m)}-org",
                             toc=False, style="heading3"))
        facts = " · ".join(x for x in (org.kind, ", ".join(x for x in (org.city, org.country) if x),
                                       org.website) if x)
        story.append(ctx.lines([(org.name, org.lang), (org.native_name, org.lang), (facts, None),
                                ("Sectors: " + ", ".join(org.tags) if org.tags else "", None)],
                               "body", bold_first=True))
        if org.profile:
            story.append(ctx.p(org.profile, "body", org.lang))
    if m.counterparts:
        story.append(heading(ctx, "People you are meeting", level=2, key=f"{meeting_key(m)}-people",
                             toc=False, style="heading3"))
        widths: list[float] = [62, 38]
        rows: list[list[Any]] = [[ctx.p(h, "table_header") for h in ("Name (native script, reading)", "Contact")]]
        rows += [[person_lines(p, ctx=ctx), contact_lines(p, ctx, ctx.column_width(widths, 1))]
                 for p in m.counterparts]
        story.append(ctx.table(rows, widths))
    for title, text in (("Objective", m.objective), ("Talking points", m.talking_points), ("Notes", m.notes)):
        if text:
            story += [heading(ctx, title, level=2, key=f"{meeting_key(m)}-{title[:5].lower()}", toc=False,
                              style="heading3"), ctx.p(text, "body")]
    story += [heading(ctx, "Your notes", level=2, key=f"{meeting_key(m)}-yours", toc=False,
                      style="heading3"), notes_space(ctx), Spacer(1, 10)]
    return story


def meeting_pages(ctx: PackContext, b: Briefing, pack: DelegatePack | None,
                  marks: ConflictMarks | None = None) -> list[Flowable]:
    marks = marks if marks is not None else conflict_marks(b, pack)
    meetings = list(b.meetings.values()) if pack is None else [b.meetings[i] for i in pack.meeting_ids]
    story: list[Flowable] = [PageBreak(), heading(ctx, "Meetings", level=0, key="meetings")]
    if not meetings:
        return [*story, ctx.p("No meetings are scheduled.", "body")]
    story.append(ctx.p(f"{len(meetings)} meeting{'s' if len(meetings) != 1 else ''}, in time order.", "small"))
    first = True
    for m in meetings:
        page = meeting_page(ctx, m, toc=pack is not None, conflicts=marks.notes_for_meeting(m.id))
        if first:
            page = page[1:]  # no page-break check right under the section heading
            first = False
        story += page
    return story


def _slot_row(ctx: PackContext, s: SlotBrief, marks: ConflictMarks) -> list[Any]:
    presenters = ctx.lines([(p.name + (f" ({p.native_name})" if p.native_name else ""), p.lang)
                            for p in s.presenters])
    f, u = ctx.fonts, ctx.uncovered
    session = [markup(s.title, f, bold=True, uncovered=u)]
    session += [markup(text, f, lang=lang, uncovered=u) for text, lang in
                ((s.organisation, s.organisation_lang), (s.description, None)) if text]
    session += [markup(text, f, bold=True, uncovered=u) for text in marks.for_slot(s.id)]
    return [ctx.when(s.start_utc, s.end_utc, s.tz), ctx.para("<br/>".join(session)),
            presenters, ctx.lines([(s.location, None), (s.venue, None)])]


def slot_section(ctx: PackContext, b: Briefing, pack: DelegatePack | None,
                 marks: ConflictMarks | None = None) -> list[Flowable]:
    """Whole delegation: the full showcase programme. One delegate: slots they present or attend."""
    marks = marks if marks is not None else conflict_marks(b, pack)
    if pack is None:
        slots = [s for s in b.slots.values() if s.is_showcase]
        title, empty = "Showcase programme", "No showcase slots are scheduled."
    else:
        slots = [b.slots[i] for i in pack.slot_ids]
        title, empty = "Your showcase slots and events", "You present or attend no showcase slots."
    story: list[Flowable] = [PageBreak(), heading(ctx, title, level=0, key="showcase")]
    if pack is not None:
        mine = [s for s in slots if any(p.id == pack.delegate.person.id for p in s.presenters)]
        if mine:
            story.append(ctx.p("You present: " + "; ".join(
                f"{s.title} ({ctx.dual(s.start_utc, s.tz, with_date=True)})" for s in mine), "body"))
        hosting = [s for s in slots if any(p.id == pack.delegate.person.id for p in s.hosts)]
        if hosting:
            story.append(ctx.p("You host: " + "; ".join(
                f"{s.title} ({ctx.dual(s.start_utc, s.tz, with_date=True)})" for s in hosting), "body"))
    if not slots:
        return [*story, ctx.p(empty, "body")]
    for day, items in by_day([_as_item(s) for s in slots], b.tz):
        title_day = f"{day:%A %d %B %Y}"
        story.append(heading(ctx, title_day, level=1, key=f"showcase-{day.isoformat()}", toc=False))
        rows: list[list[Any]] = [[ctx.p(h, "table_header") for h in ("Time", "Session", "Presenters", "Where")]]
        day_slots = [it.slot for it in items if it.slot is not None]
        rows += [_slot_row(ctx, s, marks) for s in day_slots]
        shade = [("BACKGROUND", (0, row), (-1, row), CONFLICT_SHADE)
                 for row, s in enumerate(day_slots, start=1) if marks.for_slot(s.id)]
        story.append(ctx.table(rows, [22, 40, 20, 18], extra=shade, continued=f"{title} · {title_day} (continued)"))
    return story


def _as_item(s: SlotBrief) -> Item:
    return Item(s.start_utc, s.end_utc, s.tz, 0, slot=s)
