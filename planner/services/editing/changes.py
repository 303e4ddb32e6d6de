"""Reversible edits: record the rows a unit of work changed, then undo or redo them.

Every edit the GUI makes runs inside :func:`record_changes`; the resulting :class:`Changeset`
holds, for each touched row, its state before and after. Undo writes the *before* states back,
redo the *after* states, in foreign-key order. Before writing, inside the same write transaction,
:mod:`planner.services.editing.undo_checks` makes sure the step still fits the file: each row is as the
step expects, no row it deletes is now used by a row saved since (by this program or another),
and every row it writes still finds its parents. Otherwise :class:`UndoConflictError` says what
changed, and nothing is written: an undo never overwrites, cascades into or orphans later work.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Table, and_, event, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from planner.domain.timezones import utc_now
from planner.errors import PlannerError
from planner.services.editing.undo_checks import conflict, plan_apply, same_content
from planner.storage import actor
from planner.storage.models import Base, SyncBase

RowKey = tuple[str, tuple[Any, ...]]


class UndoConflictError(PlannerError):
    """The rows changed since this edit; undoing it would overwrite newer work."""


@dataclass
class RowChange:
    table: str
    pk: tuple[Any, ...]
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass
class Changeset:
    label: str
    changes: list[RowChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.changes

    def tables(self) -> set[str]:
        return {c.table for c in self.changes}

    def mentions(self, value: str) -> bool:
        """Whether any captured value equals ``value`` (used to purge undo history on erasure)."""
        for change in self.changes:
            for state in (change.before, change.after):
                if state and any(v == value for v in state.values()):
                    return True
        return False


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _pk_clause(table: Table, pk: tuple[Any, ...]) -> Any:
    return and_(*[col == val for col, val in zip(table.primary_key.columns, pk, strict=True)])


def _read_row(conn: Connection, table: Table, pk: tuple[Any, ...]) -> dict[str, Any] | None:
    row = conn.execute(select(table).where(_pk_clause(table, pk))).mappings().first()
    return dict(row) if row is not None else None


def _identity(obj: Any) -> tuple[Table, tuple[Any, ...]] | None:
    state = inspect(obj)
    key = state.identity or state.mapper.primary_key_from_instance(obj)
    if key is None or any(part is None for part in key):
        return None
    table = state.mapper.local_table
    assert isinstance(table, Table)
    return table, tuple(key)


class _Recorder:
    def __init__(self, session: Session, changeset: Changeset) -> None:
        self.session = session
        self.changeset = changeset
        self.order: list[RowKey] = []
        self.before: dict[RowKey, dict[str, Any] | None] = {}

    def before_flush(self, session: Session, _ctx: Any, _instances: Any) -> None:
        conn = session.connection()
        for obj in list(session.dirty) + list(session.deleted):
            ident = _identity(obj)
            if ident is None:
                continue
            table, pk = ident
            key = (table.name, pk)
            if key not in self.before:
                self.before[key] = _read_row(conn, table, pk)
                self.order.append(key)

    def after_flush(self, session: Session, _ctx: Any) -> None:
        for obj in session.new:
            ident = _identity(obj)
            if ident is None:
                continue
            table, pk = ident
            key = (table.name, pk)
            if key not in self.before:
                self.before[key] = None
                self.order.append(key)

    def finish(self) -> None:
        conn = self.session.connection()
        for key in self.order:
            name, pk = key
            after = _read_row(conn, _table(name), pk)
            before = self.before[key]
            if same_content(before, after):
                continue
            self.changeset.changes.append(RowChange(name, pk, before, after))


@contextlib.contextmanager
def record_changes(session: Session, label: str) -> Iterator[Changeset]:
    """Capture what the ORM writes inside the block. Flushes before leaving."""
    changeset = Changeset(label)
    recorder = _Recorder(session, changeset)
    event.listen(session, "before_flush", recorder.before_flush)
    event.listen(session, "after_flush", recorder.after_flush)
    try:
        yield changeset
        session.flush()
        recorder.finish()
    finally:
        event.remove(session, "before_flush", recorder.before_flush)
        event.remove(session, "after_flush", recorder.after_flush)


def _table_rank() -> dict[str, int]:
    return {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}


def _apply(session: Session, changeset: Changeset, *, forward: bool) -> None:
    conn = session.connection()
    plan = plan_apply(conn, changeset, forward=forward)
    reason = conflict(conn, changeset, plan, forward=forward)
    if reason is not None:
        raise UndoConflictError(reason)
    rank = _table_rank()
    writes = sorted(plan.writes, key=lambda k: rank[k[0]])
    deletes = sorted(plan.deletes, key=lambda k: rank[k[0]], reverse=True)
    try:
        for name, pk in writes:
            table, target = _table(name), plan.targets[(name, pk)]
            assert target is not None
            values = _stamped(conn, table, target, plan.current[(name, pk)])
            if plan.current[(name, pk)] is None:
                conn.execute(table.insert().values(**values))
            else:
                conn.execute(table.update().where(_pk_clause(table, pk)).values(**values))
        for name, pk in deletes:
            table = _table(name)
            conn.execute(table.delete().where(_pk_clause(table, pk)))
    except IntegrityError as exc:  # e.g. another record now has the same e-mail or code
        verb = "redo" if forward else "undo"
        raise UndoConflictError(
            f"Can't {verb} “{changeset.label}”: it no longer fits what was saved since "
            f"({exc.orig}). Nothing was {verb}ne.") from exc
    session.expire_all()


def _stamped(conn: Connection, table: Table, target: dict[str, Any],
             current: dict[str, Any] | None) -> dict[str, Any]:
    """``target`` as an undo or redo writes it: the user's values as they were, but the row's
    version moves on (never back: an editor holding the version in between must see that the row
    changed) and it records who wrote it and when."""
    if "version" not in table.c:
        return dict(target)
    values = dict(target)
    values["version"] = max(int((current or target).get("version") or 0),
                            int(target.get("version") or 0),
                            _synced_version(conn, table, target) if current is None else 0) + 1
    values["changed_by"] = actor.of_connection(conn)
    values["updated_at"] = utc_now()
    return values


def _synced_version(conn: Connection, table: Table, target: dict[str, Any]) -> int:
    """The version a record being put back had when it was last synced (0: never synced).

    A sync finds the records changed since by their version; a record put back by undo or redo
    may have reached a higher version than the one it is put back from (edited, synced, edits
    undone, then deleted and put back), and must not come back at the version its synced copy
    has, or the sync would take it as unchanged and never send what it holds now."""
    uuid = target.get("uuid")
    if not uuid:
        return 0
    found = conn.execute(select(SyncBase.local_version).where(
        SyncBase.table_name == table.name, SyncBase.uuid == uuid)).scalar()
    return int(found or 0)


def check_apply(session: Session, changeset: Changeset, *, forward: bool) -> str | None:
    """Why ``changeset`` cannot be redone (``forward``) or undone now, or None when it can
    (see :mod:`planner.services.editing.undo_checks`)."""
    conn = session.connection()
    return conflict(conn, changeset, plan_apply(conn, changeset, forward=forward), forward=forward)


def undo(session: Session, changeset: Changeset) -> None:
    _apply(session, changeset, forward=False)


def redo(session: Session, changeset: Changeset) -> None:
    _apply(session, changeset, forward=True)
