"""The export log: every file an export writes, with the people it contained.

Erasure needs it to tell the user which files outside the database still hold a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.storage.models import Event, ExportLog, ExportLogPerson, Person


@dataclass(frozen=True)
class ExportRecord:
    kind: str
    path: str
    created_at: datetime
    event_code: str
    row_count: int


def record_export(session: Session, *, kind: str, path: Path | str, event: Event | None,
                  person_ids: Iterable[int], row_count: int = 0) -> ExportLog:
    """Log one written file. ``person_ids`` are the people whose data the file holds."""
    log = ExportLog(kind=kind, path=str(Path(path).resolve()), event_id=event.id if event else None,
                    row_count=row_count)
    ids = sorted(set(person_ids))
    uuids: list[str] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        uuids += list(session.scalars(select(Person.uuid).where(Person.id.in_(chunk))))
    log.people = [ExportLogPerson(person_uuid=u) for u in sorted(set(uuids))]
    session.add(log)
    session.flush()
    return log


def exports_containing(session: Session, person_uuid: str) -> list[ExportRecord]:
    rows = session.execute(
        select(ExportLog, Event.code).join(ExportLogPerson, ExportLogPerson.export_id == ExportLog.id)
        .outerjoin(Event, Event.id == ExportLog.event_id)
        .where(ExportLogPerson.person_uuid == person_uuid).order_by(ExportLog.created_at)).all()
    return [ExportRecord(log.kind, log.path, log.created_at, code or "", log.row_count) for log, code in rows]


def list_exports(session: Session, limit: int = 200) -> list[ExportRecord]:
    rows = session.execute(select(ExportLog, Event.code).outerjoin(Event, Event.id == ExportLog.event_id)
                           .order_by(ExportLog.created_at.desc()).limit(limit)).all()
    return [ExportRecord(log.kind, log.path, log.created_at, code or "", log.row_count) for log, code in rows]
