"""The review queue's storage: adding a conflict once, listing, deciding (see :mod:`.review`)."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from planner.domain.timezones import utc_now
from planner.errors import NotFoundError, ValidationError
from planner.storage.database import Database
from planner.storage.models import ErasureLog, SyncConflict
from planner.storage.models.sync import person_key
from planner.sync import tables
from planner.sync.review import KIND_DELETED_HERE, KIND_DELETED_THERE, KIND_FIELDS, Choice, Conflict

_LABEL_FIELDS = ("title", "name", "code", "objective", "body", "key")


def label(table: str, data: dict[str, Any] | None) -> str:
    """What a person calls the record: "Person Aiko Tanaka", "Meeting 2026-10-14 10:00"."""
    noun = table.replace("_", " ").capitalize()
    if not data:
        return noun
    if table == "person":
        name = " ".join(p for p in (data.get("given_name"), data.get("family_name")) if p)
        return f"{noun} {name or data.get('native_name') or data.get('email') or ''}".strip()
    if data.get("start_local"):
        text = str(data.get("title") or "")
        return f"{noun} {text} {str(data['start_local']).replace('T', ' ')[:16]}".replace("  ", " ")
    for key in _LABEL_FIELDS:
        if data.get(key):
            return f"{noun} {str(data[key])[:60]}"
    return noun


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("T", " ") if isinstance(value, str) and len(value) == 19 and value[10] == "T" else str(value)


def add(conn: sa.Connection, table: str, uuid: str, kind: str, fields: tuple[str, ...],
        base: dict[str, Any] | None, mine: dict[str, Any] | None, theirs: dict[str, Any] | None,
        theirs_by: str) -> bool:
    """Queue one conflict unless the same one (record, fields, both values) was queued before."""
    def part(row: dict[str, Any] | None) -> dict[str, Any]:
        return {f: row.get(f) for f in fields} if row else {}
    values = {"fields": json.dumps(list(fields)), "mine": json.dumps(part(mine), sort_keys=True),
              "theirs": json.dumps(part(theirs), sort_keys=True)}
    same = conn.execute(sa.select(SyncConflict.id).where(  # shown once, even when decided since
        SyncConflict.record_uuid == uuid, SyncConflict.kind == kind,
        *[getattr(SyncConflict, k) == v for k, v in values.items()])).first()
    if same is not None:
        return False
    conn.execute(sa.insert(SyncConflict).values(
        table_name=table, record_uuid=uuid, label=label(table, theirs or mine or base), kind=kind,
        base=json.dumps(part(base), sort_keys=True), theirs_by=theirs_by[:128], created_at=utc_now(),
        resolution="", **values))
    return True


def drop_moot(conn: sa.Connection) -> int:
    """After an erasure scrubbed the queue: a conflict whose two sides now read the same (each
    named an erased person: "[erased]" against "[erased]") has nothing left to decide and goes,
    decided or not; the record keeps what it holds. Returns how many went."""
    return conn.execute(sa.delete(SyncConflict).where(SyncConflict.kind == KIND_FIELDS,
                                                      SyncConflict.mine == SyncConflict.theirs)).rowcount or 0


_NAME_COLUMNS = ("name", "title", "code", "given_name", "family_name")


def _reference_name(conn: sa.Connection, table: sa.Table, uuid: str) -> str:
    """What a person calls the record a reference names ("Hall B", "Kyoto Biotech"); one gone
    from this file is "(deleted person 4bbdbb01)": two different deleted records read differently."""
    columns = [table.c[n] for n in _NAME_COLUMNS if n in table.c]
    row = conn.execute(sa.select(*columns).where(table.c.uuid == uuid)).first() if columns else None
    if row is None:
        return f"(deleted {table.name.replace('_', ' ')} {uuid[:8]})"
    parts = [str(v) for v in row if v]
    return " ".join(parts[:2]) if table.name == "person" else (parts[0] if parts else uuid)


def _erased_keys(conn: sa.Connection) -> set[str]:
    return set(conn.execute(sa.select(ErasureLog.person_key)).scalars())


def _take_refusal(table: str, data: dict[str, Any], ids: tables.IdMap) -> str:
    """Why values cannot be written to the record ("" when they can)."""
    try:
        tables.to_db(tables.table(table), data, ids)
    except tables.MissingReference as exc:
        return (f"Cannot take yours: the {exc.table.replace('_', ' ')} it names was deleted since (take "
                "theirs, or choose again in the record)")
    return ""


def _bring_back_refusal(conn: sa.Connection, table: str, uuid: str, data: dict[str, Any],
                        ids: tables.IdMap, erased: set[str]) -> str:
    """Why a deleted record cannot be made again from ``data`` ("" when it can, or is back already)."""
    if erased and any(isinstance(v, str) and person_key(v) in erased for v in (uuid, *data.values())):
        return "Cannot bring it back: the person it names was erased"
    tbl = tables.table(table)
    if conn.execute(sa.select(tbl.c.id).where(tbl.c.uuid == uuid)).first() is not None:
        return ""
    try:
        tables.to_db(tbl, data, ids)
    except tables.MissingReference as exc:
        return f"Cannot bring it back: the {exc.table.replace('_', ' ')} it belongs to was deleted too"
    return ""


def mine_refusal(conn: sa.Connection, row: SyncConflict, ids: tables.IdMap | None = None,
                 erased: set[str] | None = None) -> str:
    """Why "Keep mine" cannot be taken now, as :func:`resolve` refuses it ("" when it can): yours
    names a record deleted since, or would bring back a record of an erased person or one whose
    parent was deleted too. ``ids`` and ``erased`` may be shared by the conflicts of one listing."""
    if row.table_name not in tables.synced_names():
        return ""
    ids = ids if ids is not None else tables.IdMap(conn)
    data = json.loads(row.mine)
    if row.kind == KIND_FIELDS:
        return _take_refusal(row.table_name, data, ids)
    if row.kind == KIND_DELETED_THERE:
        return _bring_back_refusal(conn, row.table_name, row.record_uuid, data, ids,
                                   _erased_keys(conn) if erased is None else erased)
    return ""


def _conflict(conn: sa.Connection, row: SyncConflict, ids: tables.IdMap | None = None,
              erased: set[str] | None = None) -> Conflict:
    """A conflict as a person reads it: references by name, and only the fields that differ
    (a meeting moved on both sides lists its times, not its unchanged zone)."""
    refs = tables.references(tables.table(row.table_name)) if row.table_name in tables.synced_names() else {}
    sides = [json.loads(raw) for raw in (row.base, row.mine, row.theirs)]

    def text(name: str, value: Any) -> str:
        if name in refs and isinstance(value, str) and value:
            return _reference_name(conn, refs[name], value)
        return _text(value)

    names = [f for f in json.loads(row.fields) if f not in ("uuid", "created_at")]
    if row.kind == KIND_FIELDS:
        shown = [f for f in names if len({json.dumps(s.get(f)) for s in sides}) > 1] or names
    else:
        present = sides[1] or sides[2]
        shown = [f for f in names if present.get(f) not in (None, "", False)] or names
    base, mine, theirs = ({f: text(f, s[f]) for f in shown if f in s} for s in sides)
    refused = "" if row.resolution else mine_refusal(conn, row, ids, erased)
    return Conflict(id=row.id, table=row.table_name, record_uuid=row.record_uuid, label=row.label,
                    kind=row.kind, fields=tuple(shown), base=base, mine=mine, theirs=theirs,
                    theirs_by=row.theirs_by, created_at=row.created_at, resolved=row.resolution,
                    mine_refused=refused)


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[Conflict]:
    with db.session() as session:
        query = sa.select(SyncConflict).order_by(SyncConflict.id)
        if not include_resolved:
            query = query.where(SyncConflict.resolved_at.is_(None))
        conn = session.connection()
        ids = tables.IdMap(conn)  # shared: each table's ids are read once for the whole list
        erased = _erased_keys(conn)
        return [_conflict(conn, r, ids, erased) for r in session.scalars(query)]


def resolve(db: Database, conflict_id: int, choice: Choice) -> Conflict:
    if choice not in ("mine", "theirs"):
        raise ValidationError("Choose mine or theirs", "take")
    with db.transaction() as session:
        row = session.get(SyncConflict, conflict_id)
        if row is None or row.resolved_at is not None:
            raise NotFoundError(f"No conflict {conflict_id} waiting for a decision "
                                "(planner review list shows them)")
        conn = session.connection()
        refused = mine_refusal(conn, row) if choice == "mine" else ""
        if refused:
            raise ValidationError(refused, "take")
        if row.kind == KIND_FIELDS and choice == "mine":
            _write_fields(conn, row.table_name, row.record_uuid, json.loads(row.mine))
        elif (row.kind, choice) in ((KIND_DELETED_THERE, "mine"), (KIND_DELETED_HERE, "theirs")):
            _bring_back(conn, row.table_name, row.record_uuid,
                        json.loads(row.mine if choice == "mine" else row.theirs))
        row.resolved_at = utc_now()
        row.resolution = choice
        session.flush()
        return _conflict(conn, row)


def _write_fields(conn: sa.Connection, table: str, uuid: str, values: dict[str, Any]) -> None:
    tbl = tables.table(table)
    written = tables.to_db(tbl, values, tables.IdMap(conn))  # (mine_refusal checked its references)
    found = conn.execute(sa.update(tbl).where(tbl.c.uuid == uuid).values(written)).rowcount
    if not found:
        raise NotFoundError(f"The {table.replace('_', ' ')} of this conflict no longer exists here "
                            "(deleted since): nothing to write")


def _bring_back(conn: sa.Connection, table: str, uuid: str, data: dict[str, Any]) -> None:
    """Create the deleted record again from the kept copy (the next sync sends it); never an
    erased person, nor a record of one."""
    ids = tables.IdMap(conn)
    refused = _bring_back_refusal(conn, table, uuid, data, ids, _erased_keys(conn))
    if refused:
        raise ValidationError(refused, "take")
    tbl = tables.table(table)
    if conn.execute(sa.select(tbl.c.id).where(tbl.c.uuid == uuid)).first() is not None:
        return
    values = tables.to_db(tbl, data, ids)
    now = utc_now()
    values.setdefault("created_at", now)
    conn.execute(sa.insert(tbl).values(uuid=uuid, updated_at=now, **{k: v for k, v in values.items() if k != "uuid"}))
