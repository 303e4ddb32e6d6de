"""What syncs and how a row travels between a file and the server.

Every record table syncs except what belongs to one machine: the export log (files written on
this laptop) and the audit trail. A row travels as a JSON-ready dict of its fields without its
local id, ``version``, ``changed_by`` and ``updated_at``; a foreign key travels as the referenced
row's uuid (ids differ between the file and the server); enums as their values, date-times as ISO
text. :func:`to_db` turns such a dict back into column values for one side's ids.

Field groups: fields that only mean something together conflict together — a meeting's or
slot's time and place (moved on both sides: one conflict, not two), an e-mail and its match
key, a name and its match key. A group of one field is the field itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from enum import Enum
from typing import Any

import sqlalchemy as sa

from planner.storage.models import Base

LOCAL_ONLY = frozenset({"audit_entry", "export_log", "export_log_person", "sync_base", "sync_conflict"})
NOT_TRAVELLING = frozenset({"id", "version", "changed_by", "updated_at"})
Row = dict[str, Any]  # field -> JSON value (str, int, bool, None)

_TIME_AND_PLACE = ("start_local", "end_local", "start_fold", "end_fold", "tz", "start_utc",
                   "end_utc", "venue_id", "room_id")
GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "meeting": (_TIME_AND_PLACE,),
    "slot": ((*_TIME_AND_PLACE, "destination_venue_id"),),
    "person": (("email", "email_key"),),
    "organisation": (("name", "name_key"),),
}
# fields merged by a rule instead of a conflict: the larger value wins (a calendar SEQUENCE
# only grows: both sides' invitations were sent)
MAX_FIELDS = frozenset({"sequence"})


def synced_tables() -> list[sa.Table]:
    """The synced tables, parents before children."""
    return [t for t in Base.metadata.sorted_tables if "uuid" in t.c and t.name not in LOCAL_ONLY]


def synced_names() -> frozenset[str]:
    return frozenset(t.name for t in synced_tables())


def table(name: str) -> sa.Table:
    return Base.metadata.tables[name]


def fields(tbl: sa.Table) -> list[str]:
    """The travelling fields of a table, in column order."""
    return [c.name for c in tbl.c if c.name not in NOT_TRAVELLING]


def references(tbl: sa.Table) -> dict[str, sa.Table]:
    """Foreign-key column -> the table it refers to (by id locally, by uuid when travelling)."""
    return {fk.parent.name: fk.column.table for fk in tbl.foreign_keys}


def groups(tbl: sa.Table) -> list[tuple[str, ...]]:
    """The table's fields cut into the groups that conflict together."""
    grouped = [g for g in GROUPS.get(tbl.name, ()) if all(f in tbl.c for f in g)]
    taken = {f for g in grouped for f in g}
    return grouped + [(f,) for f in fields(tbl) if f not in taken and f not in ("uuid", "created_at")]


def to_json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | time):  # (a datetime is a date too)
        return value.isoformat()
    return value


def to_wire(tbl: sa.Table, row: Mapping[str, Any], uuid_of: Mapping[str, Mapping[int, str]]) -> Row:
    """A row read from one side (columns by name) as it travels. ``uuid_of`` maps a referenced
    table's name to its id -> uuid (rows read with their references already as uuids pass an
    empty mapping and name them in ``row`` directly)."""
    refs = references(tbl)
    out: Row = {}
    for name in fields(tbl):
        value = row[name]
        if name in refs and isinstance(value, int):
            value = uuid_of[refs[name].name].get(value)
        out[name] = to_json(value)
    return out


def _from_json(column: sa.Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, sa.DateTime):
        return datetime.fromisoformat(value)
    if isinstance(column.type, sa.Date):
        return date.fromisoformat(value)
    if isinstance(column.type, sa.Time):
        return time.fromisoformat(value)
    if isinstance(column.type, sa.Enum) and column.type.enum_class is not None:
        return column.type.enum_class(value)
    if isinstance(column.type, sa.Boolean):
        return bool(value)
    return value


class MissingReference(LookupError):
    """A travelling row refers to a record the receiving side does not have."""

    def __init__(self, table: str, uuid: str, column: str = "") -> None:
        super().__init__(f"{table} {uuid}")
        self.table = table
        self.uuid = uuid
        self.column = column


def to_db(tbl: sa.Table, data: Row, id_of: IdMap | Mapping[str, Mapping[str, int]]) -> dict[str, Any]:
    """Column values for ``data`` on one side; ``id_of`` maps a table's name to its uuid -> id.
    Raises :class:`MissingReference` when a non-null reference names a record not there."""
    refs = references(tbl)
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name not in tbl.c or name in NOT_TRAVELLING:
            continue
        if name in refs and value is not None:
            target = refs[name].name
            found = id_of[target].get(value)
            if found is None:
                raise MissingReference(target, value, name)
            out[name] = found
        else:
            out[name] = _from_json(tbl.c[name], value)
    return out


def nullable_reference(tbl: sa.Table, column: str) -> bool:
    """Whether the record a reference names may go while this one stays (``ON DELETE SET NULL``)."""
    return any(fk.parent.name == column and fk.ondelete == "SET NULL" for fk in tbl.foreign_keys)


def wire_select(tbl: sa.Table, *extra: Any) -> sa.Select[Any]:
    """SELECT of a table's travelling fields with each reference read as the referenced uuid."""
    columns: list[Any] = []
    refs = references(tbl)
    for name in fields(tbl):
        if name in refs:
            ref = refs[name]
            columns.append(sa.select(ref.c.uuid).where(ref.c.id == tbl.c[name])
                           .scalar_subquery().label(name))
        else:
            columns.append(tbl.c[name])
    return sa.select(*columns, *extra)


def wire_row(row: Any, names: Sequence[str]) -> Row:
    return {n: to_json(row[n]) for n in names}


class IdMap:
    """uuid -> id of each table on one side, read once per table when first needed."""

    def __init__(self, conn: sa.Connection) -> None:
        self._conn = conn
        self._maps: dict[str, dict[str, int]] = {}

    def __getitem__(self, name: str) -> dict[str, int]:
        if name not in self._maps:
            tbl = table(name)
            self._maps[name] = dict(self._conn.execute(sa.select(tbl.c.uuid, tbl.c.id)).all())
        return self._maps[name]
