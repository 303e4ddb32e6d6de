"""The import use cases the CLI and the GUI's import dialog share.

``plan_import`` reads, checks and matches a file and returns an :class:`ImportPlan` without
changing anything (the dry run / preview). ``apply_import`` does the same and then writes it,
inside a savepoint: all or nothing unless ``skip_bad_rows``; ``cancel()`` raises
:class:`planner.errors.Cancelled` and leaves the database as it was. A bulk import is not
undoable (it would be one huge changeset): the GUI clears its undo stack after one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from planner.errors import Cancelled
from planner.imports.errors import ErrorLog
from planner.imports.people.apply import write_people
from planner.imports.people.plan import match_people
from planner.imports.people.rows import PersonRecord, check_person_row
from planner.imports.plan import ImportOptions, ImportPlan, RowAction
from planner.imports.preset_catalog import Kind
from planner.imports.rejects import default_rejects_path, write_rejects
from planner.imports.source import Source, open_source, remember_mapping
from planner.imports.table import CancelFn, ProgressFn
from planner.services.events.events import get_event
from planner.storage.database import Database
from planner.storage.engine import WRITE_OPTION
from planner.storage.models import Event

KINDS: tuple[Kind, ...] = ("people", "meetings", "slots")


@dataclass
class Prepared:
    plan: ImportPlan
    source: Source
    write: Callable[[Session, ProgressFn | None, CancelFn | None], int]


def delegate_keys(session: Session, event: Event) -> set[str]:
    """The e-mail keys of the event's delegates (to tell whose calendar a file is)."""
    from sqlalchemy import select

    from planner.storage.models import Delegate, Delegation, Person

    return set(session.scalars(select(Person.email_key).join(Delegate, Delegate.person_id == Person.id)
                               .join(Delegation, Delegation.id == Delegate.delegation_id)
                               .where(Delegation.event_id == event.id, Person.email_key != "")))


def _event(session: Session, event: Event | str) -> Event:
    return event if isinstance(event, Event) else get_event(session, event)


def _check_cancel(cancel: CancelFn | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled("Import cancelled: nothing was changed.")


def _new_plan(source: Source, path: Path, kind: Kind, event: Event) -> ImportPlan:
    table = source.table
    plan = ImportPlan(kind=kind, path=path, event_code=event.code, preset=source.preset.name,
                      preset_label=source.preset.label, confidence=source.confidence,
                      mapping=dict(source.mapping.fields), unmapped=list(source.mapping.unmapped),
                      encoding=table.encoding, delimiter=table.delimiter, sheet=table.sheet)
    plan.errors.extend(table.errors)
    plan.warnings.extend(table.warnings)
    plan.warnings.extend(source.mapping.warnings)
    plan.rows.extend(RowAction(s.line, "skip", "", None, s.reason) for s in source.skipped)
    return plan


def _prepare_people(session: Session, source: Source, plan: ImportPlan, event: Event,
                    options: ImportOptions, cancel: CancelFn | None) -> Prepared:
    log = ErrorLog()
    records: list[PersonRecord] = []
    for n, row in enumerate(source.rows):
        if n % 5000 == 0:
            _check_cancel(cancel)
        record = check_person_row(row, source.mapping, log, options.default_role)
        if record is not None:
            records.append(record)
    plan.errors.extend(log.errors)
    _check_cancel(cancel)
    match = match_people(session, event.id, records, options.merge_into,
                         source=source.preset.name if source.mapping.key_headers
                         or "external_id" in source.mapping.fields else "")
    plan.rows.extend(match.rows)
    plan.organisations_added = len(match.new_organisations)
    label = options.source or source.preset.label

    def write(s: Session, progress: ProgressFn | None, cancel_fn: CancelFn | None) -> int:
        return write_people(s, event, match, label, progress=progress, cancel=cancel_fn)

    return Prepared(plan, source, write)


def _prepare(session: Session, path: str | Path, kind: Kind, event: Event | str,
             options: ImportOptions, progress: ProgressFn | None,
             cancel: CancelFn | None) -> Prepared:
    if kind not in KINDS:
        raise ValueError(f"unknown import kind {kind!r}")
    path = Path(path)
    ev = _event(session, event)
    if kind == "meetings":
        from planner.imports.schedule.places import schedule_zone

        tz, delegates = schedule_zone(session, ev, options.venue), delegate_keys(session, ev)
        source = open_source(session, path, kind, options, progress, cancel, tz=tz,
                             ours=[options.ours] if options.ours else None, delegates=delegates)
    else:
        source = open_source(session, path, kind, options, progress, cancel)
    plan = _new_plan(source, path, kind, ev)
    if kind == "people":
        prepared = _prepare_people(session, source, plan, ev, options, cancel)
    else:
        from planner.imports.schedule.plan import prepare_schedule

        prepared = Prepared(plan, source, prepare_schedule(session, source, plan, ev, kind, cancel,
                                                           options))
    plan.rows.sort(key=lambda r: r.line)
    error_lines = set(plan.error_lines)
    if error_lines:
        plan.rows = [r for r in plan.rows if r.line not in error_lines]
        plan.rows.extend(RowAction(line, "error", "", None, "; ".join(
            e.message for e in plan.errors if e.line == line)) for line in sorted(error_lines))
        plan.rows.sort(key=lambda r: r.line)
    return prepared


def plan_import(session: Session, path: str | Path, kind: Kind, event: Event | str,
                options: ImportOptions | None = None, progress: ProgressFn | None = None,
                cancel: CancelFn | None = None) -> ImportPlan:
    """What importing ``path`` would do; changes nothing. Raises ``FileRejected`` or
    ``MappingError`` for a file that cannot be imported at all, ``Cancelled`` on cancel."""
    return _prepare(session, path, kind, event, options or ImportOptions(), progress,
                    cancel).plan


def apply_import_briefly(db: Database, path: str | Path, kind: Kind, event: Event | str,
                         options: ImportOptions | None = None, progress: ProgressFn | None = None,
                         cancel: CancelFn | None = None, *,
                         after_write: Callable[[Session, ImportPlan], None] | None = None
                         ) -> ImportPlan:
    """:func:`apply_import` holding the write lock only while it writes.

    The file is read, checked and matched in a read transaction (other programs go on writing);
    then the write lock is taken (``BEGIN IMMEDIATE``) on the same connection, and only if no
    other program committed in between (SQLite's ``data_version``) is that plan written as it
    is — otherwise it is matched again under the lock. Either way the rows written are checked
    against the file as it is when they are written. ``after_write(session, plan)`` runs in the
    same write unit (e.g. to log a rejects file).

    On a database server there is no file lock to hold briefly: the import is planned and
    written in one normal transaction (others go on reading and writing meanwhile)."""
    options = options or ImportOptions()
    if db.is_server:
        with db.transaction() as session:
            prepared = _prepare(session, path, kind, event, options, progress, cancel)
            if prepared.plan.errors and not options.skip_bad_rows:
                return prepared.plan
            plan = _write_prepared(session, prepared, options, progress, cancel)
            if after_write is not None:
                after_write(session, plan)
            return plan
    with db.engine.connect() as conn:
        session = Session(bind=conn, expire_on_commit=False)
        try:
            session.execute(text("SELECT count(*) FROM alembic_version"))  # the read snapshot
            seen = conn.exec_driver_sql("PRAGMA data_version").scalar()
            prepared = _prepare(session, path, kind, event, options, progress, cancel)
            session.commit()  # end the read; nothing was written
            if prepared.plan.errors and not options.skip_bad_rows:
                return prepared.plan
            conn.execution_options(**{WRITE_OPTION: True})  # the next BEGIN is IMMEDIATE
            session.execute(text("SELECT count(*) FROM alembic_version"))  # takes the lock
            db.check_same_file()
            if conn.exec_driver_sql("PRAGMA data_version").scalar() != seen:
                prepared = _prepare(session, path, kind, event, options, progress, cancel)
                if prepared.plan.errors and not options.skip_bad_rows:
                    session.rollback()
                    return prepared.plan
            plan = _write_prepared(session, prepared, options, progress, cancel)
            if after_write is not None:
                after_write(session, plan)
            session.commit()
            return plan
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()


def apply_import(session: Session, path: str | Path, kind: Kind, event: Event | str,
                 options: ImportOptions | None = None, progress: ProgressFn | None = None,
                 cancel: CancelFn | None = None) -> ImportPlan:
    """Plan and write the import; returns the plan with ``applied`` set when rows were written.

    With row errors and without ``skip_bad_rows`` nothing is written (``applied`` stays False).
    With ``skip_bad_rows`` the good rows are written and the bad ones go to
    ``options.bad_rows_path`` (default ``<file>.errors.csv``) for the user to fix.
    """
    options = options or ImportOptions()
    prepared = _prepare(session, path, kind, event, options, progress, cancel)
    if prepared.plan.errors and not options.skip_bad_rows:
        return prepared.plan
    return _write_prepared(session, prepared, options, progress, cancel)


def _write_prepared(session: Session, prepared: Prepared, options: ImportOptions,
                    progress: ProgressFn | None, cancel: CancelFn | None) -> ImportPlan:
    plan = prepared.plan
    _check_cancel(cancel)
    with session.begin_nested():
        added = prepared.write(session, progress, cancel)
        if options.remember_mapping and prepared.source.overrides:
            remember_mapping(session, prepared.source.preset.name, prepared.source.overrides)
    if plan.kind == "people":
        plan.organisations_added = added
    plan.applied = True
    if plan.errors:
        target = options.bad_rows_path or default_rejects_path(plan.path)
        write_rejects(target, prepared.source.table.headers, prepared.source.table.rows,
                      plan.errors)
        plan.bad_rows_path = target
    return plan
