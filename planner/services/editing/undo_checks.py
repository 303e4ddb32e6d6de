"""Whether an undo or redo step may still be applied, given what was saved since.

Another program (the command line, a sync, a second window) may have changed the file after a
step was recorded. Writing the step's states back regardless would destroy that work: deleting
a person someone has since put in a meeting cascades into the meeting, deleting a lead takes the
follow-up someone added to it. So before a step is applied, :func:`conflict` checks, inside the
step's own write transaction (no one else can write until it commits):

1. every row the step writes is still as the step left it (undo) or found it (redo);
2. no row the step would delete is referred to, through any foreign key, by a row that the step
   does not write itself: a new reference means someone else built on it;
3. every row the step would write still finds the rows it refers to.

It reads through SQLAlchemy Core and the models' metadata only, so it runs unchanged on
PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, ForeignKey, Table, and_, select
from sqlalchemy.engine import Connection

from planner.storage.models import Base

if TYPE_CHECKING:
    from planner.services.editing.changes import Changeset

RowKey = tuple[str, tuple[Any, ...]]
Row = dict[str, Any]


@dataclass
class ApplyPlan:
    """What applying a step would write, with the current state of every row it touches."""

    targets: dict[RowKey, Row | None] = field(default_factory=dict)
    current: dict[RowKey, Row | None] = field(default_factory=dict)
    deletes: list[RowKey] = field(default_factory=list)
    writes: list[RowKey] = field(default_factory=list)  # inserts and updates


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _read_row(conn: Connection, table: Table, pk: tuple[Any, ...]) -> Row | None:
    clause = and_(*[col == val for col, val in zip(table.primary_key.columns, pk, strict=True)])
    row = conn.execute(select(table).where(clause)).mappings().first()
    return dict(row) if row is not None else None


# Who wrote a row, when and at which version: an undo writes the old values back as a new
# version (see changes._stamped), so these say nothing about whether the data is as expected.
BOOKKEEPING = frozenset({"version", "changed_by", "updated_at"})


def same_content(a: Row | None, b: Row | None) -> bool:
    """Whether two states of a row hold the same data (bookkeeping columns aside)."""
    if a is None or b is None:
        return a is b
    return ({k: v for k, v in a.items() if k not in BOOKKEEPING} ==
            {k: v for k, v in b.items() if k not in BOOKKEEPING})


def plan_apply(conn: Connection, changeset: Changeset, *, forward: bool) -> ApplyPlan:
    plan = ApplyPlan()
    for change in changeset.changes:
        key = (change.table, change.pk)
        target = change.after if forward else change.before
        current = _read_row(conn, _table(change.table), change.pk)
        plan.targets[key], plan.current[key] = target, current
        if same_content(current, target):
            continue
        (plan.deletes if target is None else plan.writes).append(key)
    return plan


@cache
def _referencing(name: str) -> tuple[tuple[Table, ForeignKey], ...]:
    """Every foreign key, in any table, that points at table ``name``."""
    return tuple((other, fk) for other in Base.metadata.sorted_tables for fk in other.foreign_keys
                 if fk.column.table.name == name)


# what a user calls a row of these tables when it refers to something
_NOUNS = {"meeting_attendee": "meeting", "slot_person": "programme slot", "follow_up": "follow-up",
          "event_contact": "event's contact list", "delegate": "delegation",
          "person_alias": "alias", "person_external_id": "registration key"}


def _noun(table: str) -> str:
    return _NOUNS.get(table, table.replace("_", " "))


def describe(table: str, row: Row | None) -> str:
    """"the person Ana Lima", "the lead", "the room Table 3": how a message names a row."""
    name = ""
    if row:
        if row.get("given_name") or row.get("family_name"):
            name = " ".join(str(row[k]) for k in ("given_name", "family_name") if row.get(k))
        else:
            name = next((str(row[k]) for k in ("name", "title", "description") if row.get(k)), "")
    return f"the {table.replace('_', ' ')} {name}".rstrip()


def _count_phrase(counts: dict[str, int]) -> str:
    parts = [f"{n} {_noun(t)}{'' if n == 1 else 's'}" for t, n in sorted(counts.items())]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _chunks(values: list[Any], size: int = 400) -> Iterator[list[Any]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _new_references(conn: Connection, plan: ApplyPlan) -> tuple[RowKey, dict[str, int]] | None:
    """The first row this step would delete that a row not written by this step refers to now,
    with how many such rows each table holds."""
    by_table: dict[str, list[RowKey]] = {}
    for key in plan.deletes:
        by_table.setdefault(key[0], []).append(key)
    found: dict[RowKey, dict[str, int]] = {}
    for name, keys in by_table.items():
        for other, fk in _referencing(name):
            owners = {(plan.current[k] or {}).get(fk.column.name): k for k in keys}
            owners.pop(None, None)
            pk_cols = list(other.primary_key.columns)
            for chunk in _chunks(list(owners)):
                for row in conn.execute(select(*pk_cols, fk.parent).where(fk.parent.in_(chunk))):
                    ref_key: RowKey = (other.name, tuple(row[:len(pk_cols)]))
                    value = row[len(pk_cols)]
                    if ref_key in plan.targets:  # this step rewrites that row: will it still refer?
                        target = plan.targets[ref_key]
                        if target is None or target.get(fk.parent.name) != value:
                            continue
                    counts = found.setdefault(owners[value], {})
                    counts[other.name] = counts.get(other.name, 0) + 1
    first = next((k for k in plan.deletes if k in found), None)
    return (first, found[first]) if first is not None else None


def _missing_parent(conn: Connection, plan: ApplyPlan) -> tuple[RowKey, str] | None:
    """The first row this step would write whose parent row is gone (deleted elsewhere, or by
    this very step)."""
    wanted = {(fk.column.table.name, fk.column.name) for t in Base.metadata.sorted_tables
              for fk in t.foreign_keys}

    def values_of(keys: Any, states: dict[RowKey, Row | None]) -> set[tuple[str, str, Any]]:
        out = set()
        for key in keys:
            state = states[key]
            for table, column in wanted:
                if table == key[0] and state is not None:
                    out.add((table, column, state.get(column)))
        return out

    provided = values_of(plan.targets, plan.targets)
    removed = values_of(plan.deletes, plan.current) - provided
    checked: dict[tuple[str, str, Any], bool] = {}
    for key in plan.writes:
        target, current = plan.targets[key] or {}, plan.current[key]
        for fk in _table(key[0]).foreign_keys:
            value = target.get(fk.parent.name)
            if value is None or (current is not None and current.get(fk.parent.name) == value):
                continue
            ident = (fk.column.table.name, fk.column.name, value)
            if ident in provided:
                continue
            if ident not in checked:
                column: Column[Any] = fk.column
                checked[ident] = (ident not in removed and
                                  conn.execute(select(column).where(column == value)).first() is not None)
            if not checked[ident]:
                return key, fk.column.table.name
    return None


def _by_whom(row: Row) -> str:
    """" by alice at 10:42 UTC" when the row says who changed it last."""
    who, when = row.get("changed_by"), row.get("updated_at")
    return (f" by {who}" if who else "") + (f" at {when:%H:%M} UTC" if who and when else "")


def conflict(conn: Connection, changeset: Changeset, plan: ApplyPlan, *, forward: bool) -> str | None:
    """Why applying ``plan`` would destroy or contradict work saved since, or None."""
    verb = "redo" if forward else "undo"
    head, tail = f"Can't {verb} “{changeset.label}”:", f"Nothing was {verb}ne."
    for change in changeset.changes:
        key = (change.table, change.pk)
        expected = change.before if forward else change.after
        current, target = plan.current[key], plan.targets[key]
        if same_content(current, expected) or same_content(current, target):
            continue
        if current is None:
            what = f"{describe(change.table, expected)} was deleted since"
        elif expected is None:
            what = f"{describe(change.table, current)} was added again since"
        else:
            what = f"{describe(change.table, current)} was changed since{_by_whom(current)}"
        return f"{head} {what}. {tail}"
    used = _new_references(conn, plan)
    if used is not None:
        key, counts = used
        verb_s = "refers" if sum(counts.values()) == 1 else "refer"
        them = "them" if key[0] == "person" else "it"
        return (f"{head} {describe(key[0], plan.current[key])} was changed since "
                f"({_count_phrase(counts)} now {verb_s} to {them}). {tail}")
    orphan = _missing_parent(conn, plan)
    if orphan is not None:
        key, parent = orphan
        return (f"{head} the {parent.replace('_', ' ')} that {describe(key[0], plan.targets[key])} belongs to "
                f"was deleted since. {tail}")
    return None
