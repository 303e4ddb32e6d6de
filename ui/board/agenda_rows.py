"""One delegate's days as rows (Qt-free): day headings, items, and the gaps between them, with
travel time checked (the journey between venues must fit in the gap) and conflicts named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from planner.domain import timezones
from planner.domain.conflicts import TimelineItem
from ui.board.board_data import BoardData
from ui.board.board_style import KIND_LABELS

FREE_GAP_MINUTES = 30  # shorter free time between items is not worth a row


@dataclass(frozen=True)
class AgendaRow:
    kind: str  # "day", "item" or "gap"
    day: date
    when: str = ""
    what: str = ""
    where: str = ""
    note: str = ""
    uuid: str = ""
    item_kind: str = ""  # "meeting" or "slot" for items
    alert: bool = False  # a conflict or not enough travel time
    inactive: bool = False  # a declined or cancelled meeting


def _where(data: BoardData, it: TimelineItem) -> str:
    ctx = data.timeline.context
    parts = [ctx.room_names.get(it.room_id, "") if it.room_id is not None else ""]
    venue = ctx.venues.get(it.venue_id) if it.venue_id is not None else None
    parts.append(venue.name if venue else "")
    dest = ctx.venues.get(it.destination_venue_id) if it.destination_venue_id is not None else None
    text = ", ".join(p for p in parts if p)
    return f"{text} → {dest.name}" if dest is not None else text


def _venue(data: BoardData, vid: int | None) -> str:
    venue = data.timeline.context.venues.get(vid) if vid is not None else None
    return venue.name if venue else "?"


def agenda_rows(data: BoardData, person_id: int) -> list[AgendaRow]:
    ctx = data.timeline.context
    items = [it for it in data.timeline.items if person_id in it.people]
    rows: list[AgendaRow] = []
    current: date | None = None
    last: TimelineItem | None = None
    for it in items:
        day = timezones.wall_from_utc(it.start, ctx.event_tz)[0].date()
        if day != current:
            current, last = day, None
            outside = "" if ctx.event_start <= day <= ctx.event_end else "  (outside the event's dates)"
            rows.append(AgendaRow("day", day, what=f"{day:%A %d %B %Y}{outside}"))
        if it.occupies and last is not None:
            gap = int((it.start - last.end).total_seconds() // 60)
            span = (f"{timezones.wall_from_utc(last.end, ctx.event_tz)[0]:%H:%M}–"
                    f"{timezones.wall_from_utc(it.start, ctx.event_tz)[0]:%H:%M}") if gap > 0 else ""
            src, dst = last.end_venue_id, it.venue_id
            need = ctx.travel.get((src, dst)) if src is not None and dst is not None and src != dst else None
            if need is not None:
                short = gap < need
                rows.append(AgendaRow(
                    "gap", day, span, f"Travel {_venue(data, src)} → {_venue(data, dst)}", "",
                    f"{need} min needed, {max(gap, 0)} min free" + (f": {need - gap} min short" if short else ""),
                    alert=short))
            elif gap >= FREE_GAP_MINUTES:
                rows.append(AgendaRow("gap", day, span, f"Free for {gap // 60} h {gap % 60:02d} min" if gap >= 60
                                      else f"Free for {gap} min"))
        clashes = [c for c in data.open_conflicts(it.uuid) if person_id in c.people or len(c.items) == 1]
        status = f" ({it.status.replace('_', ' ')})" if it.is_meeting and it.status not in ("confirmed", "") else ""
        label = KIND_LABELS.get(it.kind, it.kind)
        rows.append(AgendaRow(
            "item", day, timezones.format_span(it.start, it.end, it.tz, ctx.home_tz),
            f"{it.title}{status}" if it.is_meeting else f"{label}: {it.title}", _where(data, it),
            " · ".join(f"⚠ {c.message}" for c in clashes), it.uuid, "meeting" if it.is_meeting else "slot",
            alert=bool(clashes), inactive=not it.occupies))
        if it.occupies and (last is None or it.end > last.end):
            last = it
    return rows
