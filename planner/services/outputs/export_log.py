"""The export log: every file an export writes, with the people it contained.

Erasure needs it to tell the user which files outside the database still hold a person, so a
file is logged *before* it is moved into place (see :mod:`planner.exports.output`), each in
its own short write unit: an :data:`ExportLogger` made by :func:`logger_for` opens one
``transaction()`` per file, so an export reads and builds in a read session and never holds the
write lock while it builds (the app's edits go on meanwhile).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from planner.storage.models import Event, ExportLog, ExportLogPerson, Person


@dataclass(frozen=True)
class ExportRecord:
    kind: str
    path: str
    created_at: datetime
    event_code: str
    row_count: int


@dataclass(frozen=True)
class ExportEntry:
    """One file about to be moved into place: what, where, for which event, whose data."""

    kind: str
    path: Path
    event_id: int | None
    person_ids: frozenset[int] = field(default_factory=frozenset)
    row_count: int = 0

    def record_more(self, session: Session) -> None:
        """What an export kind records with its log entry, in the same write unit (a calendar's
        memory of what it sent: ``planner.services.outputs.calendars.CalendarExportEntry``)."""


ExportLogger = Callable[[ExportEntry], None]


class _WriteUnits(Protocol):
    def transaction(self) -> contextlib.AbstractContextManager[Session]: ...


def logger_for(db: _WriteUnits) -> ExportLogger:
    """An :data:`ExportLogger` that records each entry in its own short write unit of ``db``
    (a :class:`planner.storage.database.Database`): the CLI's and the GUI's. Never call it
    inside another ``db.transaction()`` of the same process (it would wait on itself)."""
    def log(entry: ExportEntry) -> None:
        with db.transaction() as session:
            record_entry(session, entry)
    return log


def session_logger(session: Session) -> ExportLogger:
    """An :data:`ExportLogger` that adds entries to ``session``, a write unit the caller
    commits (scripts and tests that run a whole export inside one ``transaction()``)."""
    def log(entry: ExportEntry) -> None:
        record_entry(session, entry)
    return log


def record_entry(session: Session, entry: ExportEntry) -> ExportLog:
    log = _record(session, kind=entry.kind, path=entry.path, event_id=entry.event_id,
                  person_ids=entry.person_ids, row_count=entry.row_count)
    entry.record_more(session)
    return log


def record_export(session: Session, *, kind: str, path: Path | str, event: Event | None,
                  person_ids: Iterable[int], row_count: int = 0) -> ExportLog:
    """Log one written file. ``person_ids`` are the people whose data the file holds."""
    return _record(session, kind=kind, path=path, event_id=event.id if event else None,
                   person_ids=person_ids, row_count=row_count)


def _record(session: Session, *, kind: str, path: Path | str, event_id: int | None,
            person_ids: Iterable[int], row_count: int) -> ExportLog:
    """The log entry, then its people in one ``executemany``: a fixed number of statements however
    many people the file holds (the ORM inserted them one row at a time, issue 20)."""
    log = ExportLog(kind=kind, path=str(Path(path).resolve()), event_id=event_id, row_count=row_count)
    session.add(log)
    session.flush()
    ids = sorted({int(i) for i in person_ids})
    if ids:  # the ids are integers written into the statement: no bound-parameter limit to chunk for
        uuids = set(session.scalars(select(Person.uuid).where(
            Person.id.in_(bindparam("person_ids", ids, expanding=True, literal_execute=True)))))
        if uuids:
            session.execute(insert(ExportLogPerson),
                            [{"export_id": log.id, "person_uuid": u} for u in sorted(uuids)])
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
