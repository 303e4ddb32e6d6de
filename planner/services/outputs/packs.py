"""Pack revisions: every exported delegate pack is remembered, so outdated printed packs can be found.

A delegate's pack (their own, or one file of a per-delegate export) is recorded with its export
log entry, in the same write unit, before the file is moved into place
(:class:`PackExportEntry`): when, where, a fingerprint and a summary of what it held
(:mod:`planner.exports.briefing.briefing_changes`). Then:

- :func:`attach_changes` gives a briefing, per delegate whose last recorded pack differs from
  the plan, the "changed since your last pack" lines printed on their pack's first page;
- :func:`outdated_packs` lists the delegates whose last pack no longer matches the plan, with
  what changed in words (``planner packs outdated``, the Delegation page's badge);
- :func:`reprint_outdated` writes just those packs again (each with its box of changes).

Only delegate packs are recorded: the whole delegation's pack is for the staff and is not any
one delegate's. A delegate's packs from before revision 0008 are unknown, so they are not listed
until their pack is exported once. Someone no longer in the delegation is not listed (there is
no pack of theirs to reprint). Erasing the person removes their records (the foreign key
cascades); the counterpart names a summary holds are scrubbed like every text column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import MeetingStatus, label
from planner.exports.briefing.briefing_changes import (
    Summary,
    describe_changes,
    dumps,
    fingerprint,
    loads,
    pack_summary,
)
from planner.exports.briefing.briefing_data import Briefing, PackChanges
from planner.services.outputs.export_log import ExportEntry
from planner.storage.models import Event, Meeting, MeetingAttendee, PackRevision, Slot, SlotPerson

if TYPE_CHECKING:
    from planner.services.outputs.export_jobs import CancelFn, ExportResult, ProgressFn
    from planner.services.outputs.export_log import ExportLogger


@dataclass(frozen=True)
class PackRecord:
    """A delegate's last recorded pack."""

    person_id: int
    exported_at: datetime  # naive UTC
    path: str
    fingerprint: str
    summary: Summary


@dataclass(frozen=True)
class PackExportEntry(ExportEntry):
    """An export-log entry for one delegate's pack; recording it also records what the pack held."""

    delegate_id: int | None = None
    summary: Summary | None = None

    def record_more(self, session: Session) -> None:
        if self.delegate_id is None or self.summary is None or self.event_id is None:
            return
        session.add(PackRevision(event_id=self.event_id, person_id=self.delegate_id,
                                 path=str(Path(self.path).resolve()), fingerprint=fingerprint(self.summary),
                                 summary=dumps(self.summary)))
        session.flush()


def pack_entry(briefing: Briefing, event_id: int | None, path: Path, delegate_id: int | None,
               person_ids: Iterable[int], pages: int) -> ExportEntry:
    """The log entry for a written pack: a :class:`PackExportEntry` for a delegate's pack."""
    if delegate_id is None:
        return ExportEntry("briefing", path, event_id, frozenset(person_ids), pages)
    summary = pack_summary(briefing, briefing.pack_for(delegate_id))
    return PackExportEntry("briefing", path, event_id, frozenset(person_ids), pages,
                           delegate_id=delegate_id, summary=summary)


def latest_packs(session: Session, event_id: int, person_ids: Iterable[int] | None = None) -> dict[int, PackRecord]:
    """Each delegate's last recorded pack of the event, by person id."""
    q = select(PackRevision).where(PackRevision.event_id == event_id)
    if person_ids is not None:
        q = q.where(PackRevision.person_id.in_(sorted(set(person_ids))))
    latest: dict[int, PackRecord] = {}
    for row in session.scalars(q.order_by(PackRevision.exported_at, PackRevision.id)):
        latest[row.person_id] = PackRecord(row.person_id, row.exported_at, row.path, row.fingerprint,
                                           loads(row.summary))
    return latest


def _gone_reasons(session: Session, person_id: int, uuids: set[str]) -> dict[str, str]:
    """Why items left a delegate's pack: their meeting was cancelled/declined…, they were taken
    off it, or it was deleted."""
    if not uuids:
        return {}
    reasons = {u: "Deleted" for u in uuids}
    wanted = sorted(uuids)
    for m in session.scalars(select(Meeting).where(Meeting.uuid.in_(wanted))):
        on_it = session.scalar(select(MeetingAttendee.id).where(
            MeetingAttendee.meeting_id == m.id, MeetingAttendee.person_id == person_id).limit(1))
        if m.status in (MeetingStatus.CANCELLED, MeetingStatus.DECLINED, MeetingStatus.NO_SHOW):
            reasons[m.uuid] = label(m.status)
        else:
            reasons[m.uuid] = "No longer yours" if on_it is None else "No longer in your pack"
    for s in session.scalars(select(Slot).where(Slot.uuid.in_(wanted))):
        on_it = session.scalar(select(SlotPerson.id).where(
            SlotPerson.slot_id == s.id, SlotPerson.person_id == person_id).limit(1))
        reasons[s.uuid] = "No longer yours" if on_it is None else "No longer in your pack"
    return reasons


def attach_changes(session: Session, event: Event, briefing: Briefing) -> Briefing:
    """``briefing`` with, per delegate pack in it whose last recorded pack differs from the
    plan, what changed since (printed on the pack's first page)."""
    ids = [p.delegate.person.id for p in briefing.packs]
    if not ids:
        return briefing
    latest = latest_packs(session, event.id, ids)
    changes: dict[int, PackChanges] = {}
    for pack in briefing.packs:
        record = latest.get(pack.delegate.person.id)
        if record is None:
            continue
        now = pack_summary(briefing, pack)
        if fingerprint(now) == record.fingerprint:
            continue
        before = {it["uuid"] for it in record.summary.get("items", [])}
        gone = before - {it["uuid"] for it in now["items"]}
        lines = describe_changes(record.summary, now, _gone_reasons(session, pack.delegate.person.id, gone))
        changes[pack.delegate.person.id] = PackChanges(record.exported_at, tuple(lines))
    return replace(briefing, changes=changes) if changes else briefing


@dataclass(frozen=True)
class OutdatedPack:
    """A delegate whose last exported pack no longer matches the plan."""

    person_id: int
    email: str
    name: str
    exported: datetime  # naive UTC
    path: str
    changed: tuple[str, ...]


def outdated_packs(session: Session, event: Event) -> list[OutdatedPack]:
    """The delegates of ``event`` whose last recorded pack differs from what their pack would
    print now, in the packs' order (by name). Only reads ``session``."""
    from planner.services.outputs.briefing import build_briefing  # it imports this module

    briefing = build_briefing(session, event)
    if not briefing.changes:
        return []
    latest = latest_packs(session, event.id, briefing.changes)
    out = []
    for pack in briefing.packs:
        change = briefing.changes.get(pack.delegate.person.id)
        if change is None:
            continue
        person = pack.delegate.person
        out.append(OutdatedPack(person.id, person.email, person.name, change.since,
                                latest[person.id].path, change.lines))
    return out


def reprint_outdated(session: Session, event: Event, folder: Path, *, log: ExportLogger, paper: str = "a4",
                     email_drafts: Path | None = None, progress: ProgressFn | None = None,
                     cancel: CancelFn | None = None) -> ExportResult:
    """Write again the pack of every delegate :func:`outdated_packs` lists, into ``folder``
    (each with its "changed since your last pack" box), logged and recorded like any pack."""
    from planner.errors import ValidationError
    from planner.services.outputs.briefing import build_briefing
    from planner.services.outputs.export_jobs import write_briefing_files

    outdated = outdated_packs(session, event)
    if not outdated:
        raise ValidationError(f"Every delegate's last pack of {event.code} matches the plan: nothing to reprint")
    briefing = build_briefing(session, event, [o.person_id for o in outdated])
    names = {o.person_id: Path(o.path).name for o in outdated if o.path}  # each replaces the pack it reprints
    return write_briefing_files(briefing, event.id, folder, per_delegate=True, delegate_id=None, paper=paper,
                                log=log, progress=progress, cancel=cancel, email_drafts=email_drafts,
                                file_names=names)


def last_pack_folder(session: Session, event: Event) -> Path | None:
    """The folder the event's most recent delegate pack was written to (a reprint's default)."""
    row = session.scalars(select(PackRevision).where(PackRevision.event_id == event.id)
                          .order_by(PackRevision.exported_at.desc(), PackRevision.id.desc()).limit(1)).first()
    return Path(row.path).parent if row is not None and row.path else None


__all__ = ["OutdatedPack", "PackExportEntry", "PackRecord", "attach_changes", "last_pack_folder", "latest_packs",
           "outdated_packs", "pack_entry", "reprint_outdated"]
