"""Day-by-day itinerary in event-local time with home time beside it.

An item the schedule checker finds in conflict carries its mark (``briefing_conflicts``) in the
"What" cell, in bold, on a shaded row; a day that runs onto another page repeats its heading.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import Flowable, PageBreak, Paragraph

from planner.domain.timezones import from_utc, to_utc_lenient
from planner.exports.briefing.briefing_conflicts import ConflictMarks, conflict_marks
from planner.exports.briefing.briefing_data import Briefing, DelegatePack, MeetingBrief, SlotBrief
from planner.exports.briefing.briefing_doc import PackContext, heading
from planner.exports.pdf_text import markup


@dataclass(frozen=True)
class Item:
    start_utc: datetime
    end_utc: datetime | None
    tz: str
    order: int
    meeting: MeetingBrief | None = None
    slot: SlotBrief | None = None
    note: str = ""  # arrival / departure


def meeting_key(m: MeetingBrief) -> str:
    return f"meeting-{m.id}"


def items_for(b: Briefing, pack: DelegatePack | None) -> list[Item]:
    if pack is None:
        meetings = list(b.meetings.values())
        slots = list(b.slots.values())
    else:
        meetings = [b.meetings[i] for i in pack.meeting_ids]
        slots = [b.slots[i] for i in pack.slot_ids]
    items = [Item(m.start_utc, m.end_utc, m.tz, 1, meeting=m) for m in meetings]
    items += [Item(s.start_utc, s.end_utc, s.tz, 0, slot=s) for s in slots]
    if pack is not None:
        d = pack.delegate
        if d.arrival:
            flight = f" on {d.arrival_flight}" if d.arrival_flight else ""
            items.append(Item(to_utc_lenient(d.arrival, b.tz), None, b.tz, -1, note=f"You arrive{flight}"))
        if d.departure:
            flight = f" on {d.departure_flight}" if d.departure_flight else ""
            items.append(Item(to_utc_lenient(d.departure, b.tz), None, b.tz, 2, note=f"You depart{flight}"))
    items.sort(key=lambda it: (it.start_utc, it.order, it.meeting.id if it.meeting else
                               it.slot.id if it.slot else 0))
    return items


def by_day(items: list[Item], tz: str) -> list[tuple[date, list[Item]]]:
    days: dict[date, list[Item]] = {}
    for it in items:
        days.setdefault(from_utc(it.start_utc, tz).date(), []).append(it)
    return sorted(days.items())


CONFLICT_SHADE = colors.Color(0.86, 0.86, 0.86)  # grey: survives a greyscale printer


def item_marks(it: Item, marks: ConflictMarks) -> list[str]:
    if it.meeting is not None:
        return marks.for_meeting(it.meeting.id)
    if it.slot is not None:
        return marks.for_slot(it.slot.id)
    return []


def _what(ctx: PackContext, it: Item, whole: bool, marks: ConflictMarks) -> Paragraph:
    f, u = ctx.fonts, ctx.uncovered
    flagged = [markup(text, f, bold=True, uncovered=u) for text in item_marks(it, marks)]
    if it.meeting is not None:
        m = it.meeting
        org = m.organisation
        title = org.name if org else ", ".join(p.name for p in m.counterparts) or "Meeting"
        lang = org.lang if org else None
        head = (f'<a href="#{meeting_key(m)}"><b>{m.ref}</b></a> '
                f"{markup('Meeting: ', f, bold=True)}{markup(title, f, lang=lang, bold=True, uncovered=u)}")
        parts = [head]
        if m.counterparts:
            names = "; ".join(p.name + (f" ({p.native_name})" if p.native_name else "") for p in m.counterparts)
            parts.append(markup(f"with {names}", f, lang=m.counterparts[0].lang, uncovered=u))
        if whole and m.ours:
            parts.append(markup("ours: " + "; ".join(p.name for p in m.ours), f, uncovered=u))
        if m.status not in ("Confirmed", "Held"):
            parts.append(markup(f"Status: {m.status}", f, uncovered=u))
        if m.interpreter:
            parts.append(markup(f"Interpreter: {m.interpreter}", f, uncovered=u))
        return ctx.para("<br/>".join(parts + flagged))
    if it.slot is not None:
        s = it.slot
        parts = [markup(f"{s.kind_label}: ", f, bold=True) + markup(s.title, f, bold=True, uncovered=u)]
        if s.organisation:
            parts.append(markup(s.organisation, f, lang=s.organisation_lang, uncovered=u))
        if s.presenters:
            parts.append(markup("Presenting: " + "; ".join(p.name for p in s.presenters), f, uncovered=u))
        if s.hosts:
            parts.append(markup("Hosts: " + "; ".join(p.name for p in s.hosts), f, uncovered=u))
        return ctx.para("<br/>".join(parts + flagged))
    return ctx.p(it.note, "table_cell")


def _where(ctx: PackContext, it: Item) -> Flowable:
    if it.meeting is not None:
        return ctx.lines([(it.meeting.location, None), (it.meeting.venue, None)])
    if it.slot is not None:
        return ctx.lines([(it.slot.location, None), (it.slot.venue, None)])
    return ctx.p("", "table_cell")


def _time(ctx: PackContext, it: Item) -> Flowable:
    if it.end_utc is None:
        return ctx.p(ctx.dual(it.start_utc, it.tz), "table_cell")
    return ctx.when(it.start_utc, it.end_utc, it.tz)


def itinerary(ctx: PackContext, b: Briefing, pack: DelegatePack | None,
              marks: ConflictMarks | None = None) -> list[Flowable]:
    marks = marks if marks is not None else conflict_marks(b, pack)
    story: list[Flowable] = [PageBreak(), heading(ctx, "Itinerary", level=0, key="itinerary")]
    items = items_for(b, pack)
    if not items:
        return [*story, ctx.p("Nothing is scheduled yet.", "body")]
    story.append(ctx.p("Meeting numbers (M…) refer to the meeting pages that follow. "
                       "Times are local, with home time beside them.", "small"))
    whole = pack is None
    for day, day_items in by_day(items, b.tz):
        title = f"{day:%A %d %B %Y}"
        story.append(heading(ctx, title, level=1, key=f"day-{day.isoformat()}"))
        rows: list[list[Any]] = [[ctx.p(h, "table_header") for h in ("Time", "What", "Where")]]
        rows += [[_time(ctx, it), _what(ctx, it, whole, marks), _where(ctx, it)] for it in day_items]
        shade = [("BACKGROUND", (0, row), (-1, row), CONFLICT_SHADE)
                 for row, it in enumerate(day_items, start=1) if item_marks(it, marks)]
        story.append(ctx.table(rows, [24, 52, 24], extra=shade, continued=f"{title} (continued)"))
    return story
