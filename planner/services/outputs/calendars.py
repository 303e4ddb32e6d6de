"""Calendars without ghosts: each export is compared with what the same calendar sent last time.

An .ics file is a snapshot, and a client that imported one keeps its entries until a later file
says otherwise: an entry that is simply missing from the next file stays in Outlook. So every
calendar — one delegate's, or the whole delegation's, of one event — remembers what its last
export wrote (:class:`planner.storage.models.CalendarSent`), and the next export:

- raises SEQUENCE by one for an entry whose *fingerprint* changed: a hash of everything the
  entry shows (start, end, zone, summary, location and room, description, status, categories,
  the people on it) — a room change raises it although the meeting's own SEQUENCE did not move;
  an entry never goes below the SEQUENCE stored on its meeting or slot;
- sends STATUS:CANCELLED, SEQUENCE + 1, with the same UID and the DTSTART/DTEND, summary and
  location it was last sent with, for every entry that left the calendar: a meeting deleted,
  a delegate taken off a meeting, a slot removed; a meeting cancelled or declined in the plan
  is sent as CANCELLED the same way;
- **the drop rule**: a cancellation is carried by :data:`CANCEL_SENDS` (two) exports of that
  calendar — the one after it left and the next, so a file that was written but never imported
  does not swallow it — and then left out of the file. The memory keeps the entry (as sent
  CANCELLED) for as long as the event exists, so an entry that comes back (an undo, the
  delegate added again) gets a SEQUENCE above the cancellation and replaces it in the client;
- a calendar with no memory yet (never exported, or exported before revision 0007) carries a
  cancelled meeting only once it was changed after being added (its stored SEQUENCE > 0): the
  rule before there was a memory.

The memory is written with the export's log entry, in the same write unit, before the file is
moved into place (:class:`CalendarExportEntry`, :func:`calendar_logger`): a file that appeared
is always remembered. Two exports of the same calendar at the same moment: the later write wins.
Erasing a person removes their own calendar's memory (the foreign key cascades); the
summaries and locations remembered for others' calendars are scrubbed like every text column.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.exports.ics import CalendarData, CalendarEntry, entry_uid
from planner.services.outputs.export_log import ExportEntry, ExportLogger, record_entry
from planner.storage.models import CalendarSent, Event, Person

CANCELLED = "CANCELLED"
CANCEL_SENDS = 2  # exports that carry a cancellation before it is left out
GHOST_TEXT = "Cancelled: no longer in this calendar (cancelled, deleted, or you were taken off it)."


@dataclass(frozen=True)
class SentEntry:
    """One entry as a calendar's export wrote it (a row of ``calendar_sent``)."""

    item_uuid: str
    sequence: int
    status: str
    fingerprint: str
    start_utc: datetime
    end_utc: datetime
    tz: str
    summary: str
    location: str
    people: tuple[str, ...]
    cancel_sends: int = 0


@dataclass(frozen=True)
class CalendarMemory:
    """Everything a calendar remembers after an export (what to write in ``calendar_sent``)."""

    event_id: int
    person_id: int | None  # None: the delegation's calendar
    entries: tuple[SentEntry, ...]


@dataclass(frozen=True)
class CalendarExport:
    data: CalendarData  # what the file holds
    memory: CalendarMemory  # what to remember once it is logged
    cancelled: int = 0  # entries in the file sent as CANCELLED


@dataclass(frozen=True)
class CalendarExportEntry(ExportEntry):
    """An export-log entry for a calendar; recording it also records the calendar's memory."""

    memory: CalendarMemory | None = None

    def record_more(self, session: Session) -> None:
        if self.memory is not None:
            remember_sent(session, self.memory)


def item_uuid(entry: CalendarEntry) -> str:
    return entry.uid.split("@", 1)[0]


def fingerprint(entry: CalendarEntry) -> str:
    """A hash of everything a calendar shows of ``entry`` (not its UID, SEQUENCE or stamps)."""
    shown = [entry.start_utc.isoformat(), entry.end_utc.isoformat(), entry.tz, entry.summary, entry.location,
             entry.description, entry.status, list(entry.categories), sorted(entry.people)]
    return hashlib.sha256(json.dumps(shown, ensure_ascii=False).encode()).hexdigest()


def _sent(entry: CalendarEntry, cancel_sends: int) -> SentEntry:
    return SentEntry(item_uuid(entry), entry.sequence, entry.status, fingerprint(entry), entry.start_utc,
                     entry.end_utc, entry.tz, entry.summary, entry.location, tuple(sorted(entry.people)),
                     cancel_sends)


def _ghost(prev: SentEntry, sequence: int) -> CalendarEntry:
    """The cancellation of an entry that left the calendar, as it was last sent."""
    return CalendarEntry(entry_uid(prev.item_uuid), sequence, prev.summary, prev.start_utc, prev.end_utc, prev.tz,
                         prev.location, GHOST_TEXT, CANCELLED, people=prev.people)


def reconcile(current: Sequence[CalendarEntry], sent: dict[str, SentEntry], *,
              remembered: bool) -> tuple[list[CalendarEntry], list[SentEntry]]:
    """(the file's entries, the calendar's memory afterwards) for the plan's ``current``
    entries against what the calendar ``sent`` last time (see the module doc).
    ``remembered``: whether the calendar has a memory at all."""
    out: list[CalendarEntry] = []
    memory: list[SentEntry] = []
    seen: set[str] = set()
    for entry in current:
        uuid = item_uuid(entry)
        seen.add(uuid)
        prev = sent.get(uuid)
        if prev is None:
            if entry.status == CANCELLED and (remembered or entry.sequence == 0):
                continue  # this calendar never showed it
            out.append(entry)
            memory.append(_sent(entry, 1 if entry.status == CANCELLED else 0))
            continue
        changed = prev.fingerprint != fingerprint(entry)
        sequence = max(entry.sequence, prev.sequence + 1 if changed else prev.sequence)
        sends = (prev.cancel_sends + 1 if prev.status == CANCELLED else 1) if entry.status == CANCELLED else 0
        if sends > CANCEL_SENDS:
            memory.append(prev)  # the cancellation went out twice already
            continue
        entry = replace(entry, sequence=sequence)
        out.append(entry)
        memory.append(_sent(entry, sends))
    for uuid, prev in sent.items():
        if uuid in seen:
            continue
        sends = prev.cancel_sends + 1 if prev.status == CANCELLED else 1
        if sends > CANCEL_SENDS:
            memory.append(prev)
            continue
        ghost = _ghost(prev, prev.sequence if prev.status == CANCELLED else prev.sequence + 1)
        out.append(ghost)
        memory.append(replace(_sent(ghost, sends), fingerprint=fingerprint(ghost)))
    return out, memory


def _calendar_rows(session: Session, event_id: int, person_id: int | None) -> list[CalendarSent]:
    who = CalendarSent.person_id.is_(None) if person_id is None else CalendarSent.person_id == person_id
    return list(session.scalars(select(CalendarSent).where(CalendarSent.event_id == event_id, who)
                                .order_by(CalendarSent.id)))


def load_sent(session: Session, event_id: int, person_id: int | None) -> dict[str, SentEntry]:
    """What the calendar's last export sent, by item UUID."""
    return {r.item_uuid: SentEntry(r.item_uuid, r.sequence, r.status, r.fingerprint, r.start_utc, r.end_utc, r.tz,
                                   r.summary, r.location, tuple(r.people.split()), r.cancel_sends)
            for r in _calendar_rows(session, event_id, person_id)}


def _person_ids(session: Session, uuids: Iterable[str]) -> set[int]:
    wanted = sorted(set(uuids))
    ids: set[int] = set()
    for start in range(0, len(wanted), 500):
        ids.update(session.scalars(select(Person.id).where(Person.uuid.in_(wanted[start:start + 500]))))
    return ids


def calendar_export(session: Session, event: Event, person: Person | None = None, *,
                    stamp: datetime | None = None) -> CalendarExport:
    """The calendar file's data for ``person`` (None: the delegation) and what to remember
    once it is written. Only reads ``session``."""
    from planner.services.schedule.timeline import (
        current_calendar,  # the timeline imports this module lazily
    )

    now = current_calendar(session, event, person, stamp=stamp)
    person_id = person.id if person is not None else None
    sent = load_sent(session, event.id, person_id)
    entries, memory = reconcile(now.entries, sent, remembered=bool(sent))
    planned = {e.uid for e in now.entries}
    ghosts = [e for e in entries if e.uid not in planned]  # their people are named by what was sent
    people = set(now.person_ids) | _person_ids(session, (u for g in ghosts for u in g.people))
    data = replace(now, entries=entries, person_ids=frozenset(people))
    return CalendarExport(data, CalendarMemory(event.id, person_id, tuple(memory)),
                          sum(1 for e in entries if e.status == CANCELLED))


def remember_sent(session: Session, memory: CalendarMemory) -> None:
    """Make the calendar's memory what ``memory`` says (rows updated in place, so they keep
    their UUIDs; rows it no longer names are removed). Idempotent."""
    rows = {r.item_uuid: r for r in _calendar_rows(session, memory.event_id, memory.person_id)}
    for sent in memory.entries:
        row = rows.pop(sent.item_uuid, None)
        if row is None:
            row = CalendarSent(event_id=memory.event_id, person_id=memory.person_id, item_uuid=sent.item_uuid)
            session.add(row)
        values = {"sequence": sent.sequence, "status": sent.status, "fingerprint": sent.fingerprint,
                  "start_utc": sent.start_utc, "end_utc": sent.end_utc, "tz": sent.tz, "summary": sent.summary,
                  "location": sent.location, "people": " ".join(sent.people), "cancel_sends": sent.cancel_sends}
        for name, value in values.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
    for row in rows.values():
        session.delete(row)
    session.flush()


class _WriteUnits(Protocol):
    def transaction(self) -> contextlib.AbstractContextManager[Session]: ...


def calendar_logger(db: _WriteUnits) -> ExportLogger:
    """Like :func:`planner.services.outputs.export_log.logger_for`: each file's log entry in its own
    short write unit of ``db`` — and, for a calendar, its memory in that same write unit."""
    def log(entry: ExportEntry) -> None:
        with db.transaction() as session:
            record_entry(session, entry)
            if isinstance(entry, CalendarExportEntry):
                entry.record_more(session)  # idempotent when record_entry already did it
    return log


def forget_person(session: Session, person_uuid: str) -> int:
    """For an erasure, before the person's row goes: every other calendar entry that showed the
    person loses its fingerprint (the next export sends it again, with SEQUENCE + 1, without
    them) and its link to them. Their own calendar's memory goes with the person row."""
    if not person_uuid:
        return 0
    changed = 0
    for row in session.scalars(select(CalendarSent).where(CalendarSent.people.contains(person_uuid))):
        kept = [u for u in row.people.split() if u != person_uuid]
        row.people, row.fingerprint = " ".join(kept), ""
        changed += 1
    session.flush()
    return changed


__all__ = ["CANCEL_SENDS", "CalendarExport", "CalendarExportEntry", "CalendarMemory", "SentEntry",
           "calendar_export", "calendar_logger", "fingerprint", "forget_person", "load_sent", "reconcile",
           "remember_sent"]
