"""Schedule conflicts in a pack: a short mark next to each item a conflict names, and a list of
every conflict with the checker's own words.

The conflicts are the checker's (``Briefing.conflicts``, gathered by the service from
``planner.domain.conflicts``); this module only words them for paper. A mark starts with the
warning sign and names the other item by its local time and title: "⚠ Clash with the 10:15
Meeting with Kansai Bio Innovations (M4)". Marks are text, so pdftotext and a screen reader
find them; the marked rows are also shaded and the mark is bold, so it survives a greyscale print.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.platypus import Flowable

from planner.domain.timezones import from_utc
from planner.exports.briefing.briefing_data import (
    Briefing,
    ConflictItem,
    ConflictNote,
    DelegatePack,
)
from planner.exports.briefing.briefing_doc import PackContext, heading
from planner.exports.briefing.briefing_labels import CONFLICT_LABELS, WARNING_SIGN


@dataclass
class ConflictMarks:
    """The marks one pack prints, by meeting id and by slot id."""

    notes: list[ConflictNote]
    meetings: dict[int, list[tuple[str, ConflictNote]]] = field(default_factory=dict)
    slots: dict[int, list[tuple[str, ConflictNote]]] = field(default_factory=dict)

    def for_meeting(self, meeting_id: int) -> list[str]:
        return [text for text, _note in self.meetings.get(meeting_id, [])]

    def for_slot(self, slot_id: int) -> list[str]:
        return [text for text, _note in self.slots.get(slot_id, [])]

    def notes_for_meeting(self, meeting_id: int) -> list[tuple[str, ConflictNote]]:
        return self.meetings.get(meeting_id, [])

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(c.key for c in self.notes)


def _other(item: ConflictItem, this: ConflictItem, in_pack: set[str]) -> str:
    local, here = from_utc(item.start_utc, item.tz), from_utc(this.start_utc, this.tz)
    when = f"{local:%H:%M}" if local.date() == here.date() else f"{local:%a %d %b %H:%M}"
    ref = f" ({item.ref})" if item.ref and item.uuid in in_pack else ""
    return f"the {when} {item.title}{ref}"


def mark_text(note: ConflictNote, this: ConflictItem, in_pack: set[str]) -> str:
    """The mark printed next to ``this`` (one of ``note.items``)."""
    label, joiner = CONFLICT_LABELS.get(note.kind, (note.kind.replace("_", " ").capitalize(), "with"))
    others = [i for i in note.items if i.uuid != this.uuid]
    if note.kind == "travel_time" and others and note.items[0].uuid != this.uuid:
        joiner = "from"
    text = f"{WARNING_SIGN} {label}"
    if others and joiner:
        text += f" {joiner} " + " and ".join(_other(o, this, in_pack) for o in others)
    if note.acknowledged:
        text += " (accepted by the organisers" + (f": {note.note})" if note.note else ")")
    return text


def conflict_marks(b: Briefing, pack: DelegatePack | None) -> ConflictMarks:
    notes = b.conflicts_in(pack)
    meeting_ids = set(b.meetings) if pack is None else set(pack.meeting_ids)
    slot_ids = set(b.slots) if pack is None else set(pack.slot_ids)
    in_pack = {i.uuid for c in notes for i in c.items
               if i.meeting_id in meeting_ids or i.slot_id in slot_ids}
    marks = ConflictMarks(notes)
    for note in notes:
        for item in note.items:
            if item.meeting_id is not None and item.meeting_id in meeting_ids:
                marks.meetings.setdefault(item.meeting_id, []).append((mark_text(note, item, in_pack), note))
            elif item.slot_id is not None and item.slot_id in slot_ids:
                marks.slots.setdefault(item.slot_id, []).append((mark_text(note, item, in_pack), note))
    return marks


def conflict_section(ctx: PackContext, marks: ConflictMarks) -> list[Flowable]:
    """"Schedule conflicts": every conflict the pack marks, in the checker's words."""
    if not marks.notes:
        return []
    n = len(marks.notes)
    story: list[Flowable] = [
        heading(ctx, f"Schedule conflicts ({n})", level=1, key="conflicts", style="heading2"),
        ctx.p(f"The schedule check finds {n} conflict{'s' if n != 1 else ''} in this pack; each is "
              f"marked {WARNING_SIGN} next to its items. Ask the delegation staff before you change "
              "anything.", "body")]
    for note in marks.notes:
        accepted = ""
        if note.acknowledged:
            accepted = "\nAccepted by the organisers" + (f": {note.note}" if note.note else ".")
        story.append(ctx.p(f"{WARNING_SIGN} {note.message}\n→ {note.suggestion}{accepted}", "body"))
    return story
