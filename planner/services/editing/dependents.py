"""Deleting a record together with what depends on it, explicitly and visibly.

The database would cascade on its own, but rows deleted by SQLite behind the ORM's back could
not be undone and could not be listed. So a delete walks the foreign keys itself: children with
``ON DELETE CASCADE`` are deleted first (recursively), references with ``SET NULL`` are cleared,
all through the ORM so :mod:`planner.services.editing.changes` records every row.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ForeignKey, Table, inspect, select
from sqlalchemy.orm import Mapper, Session

from planner.storage.models import Base


@dataclass(frozen=True)
class Impact:
    """What goes with a delete: rows deleted and references cleared, by table."""

    deleted: dict[str, int]
    cleared: dict[str, int]

    def describe(self) -> str:
        parts = [f"{n} {_plural(t, n)}" for t, n in sorted(self.deleted.items()) if n]
        return ", ".join(parts)


def _plural(table: str, n: int) -> str:
    word = table.replace("_", " ")
    return word if n == 1 else word + "s"


def _mapper_for(table: Table) -> Mapper[Any]:
    for mapper in Base.registry.mappers:
        if mapper.local_table is table:
            return mapper
    raise LookupError(table.name)


def _referencing(table: Table) -> list[tuple[Table, ForeignKey]]:
    result = []
    for other in Base.metadata.sorted_tables:
        for fk in other.foreign_keys:
            if fk.column.table is table:
                result.append((other, fk))
    return result


def _walk(session: Session, obj: Any, seen: set[tuple[str, Any]],
          deletions: list[Any], clears: list[tuple[Any, str]]) -> None:
    state = inspect(obj)
    table = state.mapper.local_table
    assert isinstance(table, Table)
    key = (table.name, state.identity)
    if key in seen:
        return
    seen.add(key)
    for child_table, fk in _referencing(table):
        parent_value = getattr(obj, fk.column.key)
        child_mapper = _mapper_for(child_table)
        stmt = select(child_mapper).where(fk.parent == parent_value)
        children = session.scalars(stmt).all()
        ondelete = (fk.ondelete or "").upper()
        for child in children:
            if ondelete == "CASCADE":
                _walk(session, child, seen, deletions, clears)
            elif ondelete == "SET NULL":
                clears.append((child, child_mapper.get_property_by_column(fk.parent).key))
    deletions.append(obj)


def plan_delete(session: Session, obj: Any) -> tuple[list[Any], list[tuple[Any, str]]]:
    deletions: list[Any] = []
    clears: list[tuple[Any, str]] = []
    _walk(session, obj, set(), deletions, clears)
    deleted_keys = {id(o) for o in deletions}
    clears = [(c, attr) for c, attr in clears if id(c) not in deleted_keys]
    return deletions, clears


def delete_impact(session: Session, obj: Any) -> Impact:
    """What deleting ``obj`` would take with it (for the confirmation message)."""
    deletions, clears = plan_delete(session, obj)
    deleted = Counter(inspect(d).mapper.local_table.name for d in deletions if d is not obj)
    cleared = Counter(inspect(c).mapper.local_table.name for c, _ in clears)
    return Impact(dict(deleted), dict(cleared))


def delete_with_dependents(session: Session, obj: Any) -> Impact:
    """Delete ``obj`` and what depends on it; returns what went with it."""
    impact = delete_impact(session, obj)
    deletions, clears = plan_delete(session, obj)
    for child, attr in clears:
        setattr(child, attr, None)
    session.flush()
    rank = {t.name: i for i, t in enumerate(Base.metadata.sorted_tables)}
    by_table: dict[int, list[Any]] = {}
    for item in deletions:
        by_table.setdefault(rank[inspect(item).mapper.local_table.name], []).append(item)
    for level in sorted(by_table, reverse=True):  # children before their parents
        for item in by_table[level]:
            session.delete(item)
        session.flush()
    return impact
