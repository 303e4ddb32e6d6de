"""Schedule checks for an event, and the user's acknowledgements of conflicts they accept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.conflicts import Conflict, find_conflicts
from planner.domain.validation import clean_text
from planner.errors import Cancelled, NotFoundError
from planner.services.schedule.timeline import Timeline, load_timeline
from planner.storage.models import ConflictAcknowledgement, Event

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ConflictRow:
    """A conflict as the GUI and the CLI show it: item UUIDs and people's e-mails."""

    key: str
    kind: str
    message: str
    suggestion: str
    items: tuple[str, ...]
    people: tuple[str, ...]  # e-mails
    people_names: tuple[str, ...]
    acknowledged: bool
    note: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "message": self.message, "suggestion": self.suggestion,
                "items": list(self.items), "people": list(self.people), "key": self.key,
                "acknowledged": self.acknowledged, "note": self.note}


@dataclass(frozen=True)
class CheckReport:
    event_code: str
    item_count: int
    conflicts: list[ConflictRow]

    @property
    def open(self) -> list[ConflictRow]:
        """The conflicts nobody has acknowledged (or whose items moved since)."""
        return [c for c in self.conflicts if not c.acknowledged]


def _acks(session: Session, event: Event) -> dict[str, ConflictAcknowledgement]:
    return {a.key: a for a in session.scalars(
        select(ConflictAcknowledgement).where(ConflictAcknowledgement.event_id == event.id))}


def conflict_rows(timeline: Timeline, conflicts: list[Conflict],
                  acks: dict[str, ConflictAcknowledgement] | None = None) -> list[ConflictRow]:
    acks = acks or {}
    rows = []
    for c in conflicts:
        ack = acks.get(c.key)
        valid = ack is not None and ack.signature == c.signature
        refs = [timeline.people[p] for p in c.people if p in timeline.people]
        rows.append(ConflictRow(c.key, c.kind.value, c.message, c.suggestion, c.items,
                                tuple(p.email for p in refs), tuple(p.name for p in refs), valid,
                                ack.note if ack is not None and valid else ""))
    return rows


def check_event(session: Session, event: Event, *, home_tz: str | None = None,
                progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> CheckReport:
    """Every conflict in the event's timeline, marked acknowledged where the user accepted it."""
    if progress:
        progress(0, 3)
    timeline = load_timeline(session, event, home_tz=home_tz)
    if cancel is not None and cancel():
        raise Cancelled("The check was cancelled")
    if progress:
        progress(1, 3)
    conflicts = find_conflicts(timeline.items, timeline.context, cancel)
    if progress:
        progress(2, 3)
    rows = conflict_rows(timeline, conflicts, _acks(session, event))
    if progress:
        progress(3, 3)
    return CheckReport(event.code, len(timeline.items), rows)


def acknowledge_conflict(session: Session, event: Event, key: str, note: str = "") -> ConflictAcknowledgement:
    """Accept a current conflict (named by its key); it stays accepted until its items move."""
    timeline = load_timeline(session, event)
    current = {c.key: c for c in find_conflicts(timeline.items, timeline.context)}
    conflict = current.get(key.strip())
    if conflict is None:
        raise NotFoundError(f"No current conflict with the key {key!r} in {event.code}; "
                            "run the check again to see the keys")
    ack = _acks(session, event).get(conflict.key)
    if ack is None:
        ack = ConflictAcknowledgement(event_id=event.id, kind=conflict.kind.value, key=conflict.key,
                                      signature=conflict.signature, note=clean_text(note, multiline=True))
        session.add(ack)
    else:
        ack.signature = conflict.signature
        ack.note = clean_text(note, multiline=True)
    session.flush()
    return ack


def withdraw_acknowledgement(session: Session, event: Event, key: str) -> None:
    ack = _acks(session, event).get(key.strip())
    if ack is None:
        raise NotFoundError(f"The conflict {key!r} is not acknowledged in {event.code}")
    session.delete(ack)
    session.flush()
