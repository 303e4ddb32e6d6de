"""The file's side of a sync: the last-synced copies, the cursor and what changed here since.

A record is *pending* (to be sent) when it has no last-synced copy (new here), when its copy has
no row any more (deleted here), or when its ``version`` moved since the copy was taken and its
fields differ from the copy (or the copy is marked as differing from the server: ``-1``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from planner.storage.database import Database
from planner.storage.models import (
    AppMeta,
    ErasureLog,
    PersonAlias,
    RecordRedirect,
    SyncBase,
    SyncConflict,
)
from planner.storage.models.sync import person_key
from planner.sync import tables
from planner.sync.status import SyncStatus

SERVER = "sync.server"
CURSOR = "sync.cursor"
LAST_SYNC = "sync.last_sync"
PLAN_ID = "sync.plan_id"
CHUNK = 500
DIFFERS = -1  # a copy's local_version when the row is known to differ from the server's


class BaseCopy:
    """A record's last-synced copy: the server version it came with, the file's version of the row
    when it was taken (or :data:`DIFFERS`), and its fields. Read from the file as JSON text, decoded
    only when a sync looks at it (a sync reads every copy's versions, few copies' fields)."""

    __slots__ = ("_data", "_raw", "local_version", "server_version")

    def __init__(self, server_version: int, local_version: int, data: dict[str, Any] | None = None,
                 *, raw: str | None = None) -> None:
        assert (data is None) != (raw is None), "a copy is made from its fields or from their JSON"
        self.server_version = server_version
        self.local_version = local_version
        self._data = data
        self._raw = raw

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            assert self._raw is not None
            self._data = json.loads(self._raw)
        return self._data

    def json(self) -> str:
        return self._raw if self._raw is not None else json.dumps(self._data)

    def __repr__(self) -> str:
        return f"BaseCopy({self.server_version}, {self.local_version}, {self.data!r})"


@dataclass(frozen=True)
class Pending:
    table: str
    uuid: str
    op: str                         # "insert" | "update" | "delete"
    data: dict[str, Any] | None     # the row as it travels (None for a delete)
    local_version: int              # the row's version when read (0 for a delete)
    server_version: int | None      # the copy's server version (None for an insert)


# ------------------------------------------------------------------------------------- meta
def get_meta(conn: sa.Connection, key: str) -> str | None:
    return conn.execute(sa.select(AppMeta.value).where(AppMeta.key == key)).scalar()


def set_meta(conn: sa.Connection, key: str, value: str) -> None:
    if conn.execute(sa.select(AppMeta.key).where(AppMeta.key == key)).first() is None:
        conn.execute(sa.insert(AppMeta).values(key=key, value=value))
    else:
        conn.execute(sa.update(AppMeta).where(AppMeta.key == key).values(value=value))


def cursor(conn: sa.Connection) -> int:
    return int(get_meta(conn, CURSOR) or 0)


# ------------------------------------------------------------------------------------- copies
def load_bases(conn: sa.Connection, table: str | None = None) -> dict[tuple[str, str], BaseCopy]:
    query = sa.select(SyncBase.table_name, SyncBase.uuid, SyncBase.server_version,
                      SyncBase.local_version, SyncBase.data)
    if table is not None:
        query = query.where(SyncBase.table_name == table)
    return {(t, u): BaseCopy(sv, lv, raw=d) for t, u, sv, lv, d in conn.execute(query)}


def write_bases(conn: sa.Connection, copies: Mapping[tuple[str, str], BaseCopy | None]) -> None:
    """Replace the last-synced copies of the given records (``None``: the copy goes), in a few
    statements whatever their number: a delete per table and chunk, then one batched insert."""
    by_table: dict[str, list[str]] = defaultdict(list)
    for table, uuid in copies:
        by_table[table].append(uuid)
    for table, uuids in by_table.items():
        for start in range(0, len(uuids), CHUNK):
            conn.execute(sa.delete(SyncBase).where(SyncBase.table_name == table,
                                                   SyncBase.uuid.in_(uuids[start:start + CHUNK])))
    rows = [{"table_name": t, "uuid": u, "server_version": c.server_version, "local_version": c.local_version,
             "data": c.json()} for (t, u), c in copies.items() if c is not None]
    for start in range(0, len(rows), 10 * CHUNK):
        conn.execute(sa.insert(SyncBase), rows[start:start + 10 * CHUNK])


def read_rows(conn: sa.Connection, tbl: sa.Table, uuids: Iterable[str]) -> dict[str, tuple[int, dict[str, Any]]]:
    """uuid -> (version, row as it travels) of the given rows that exist."""
    names = tables.fields(tbl)
    wanted = list(uuids)
    out: dict[str, tuple[int, dict[str, Any]]] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start:start + CHUNK]
        query = tables.wire_select(tbl, tbl.c.version.label("_version")).where(tbl.c.uuid.in_(chunk))
        for row in conn.execute(query).mappings():
            out[row["uuid"]] = (row["_version"], tables.wire_row(row, names))
    return out


def _copies(conn: sa.Connection, table: str, uuids: list[str]) -> dict[str, dict[str, Any]]:
    """The last-synced copies of the given records (their JSON read only for these)."""
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(uuids), CHUNK):
        query = sa.select(SyncBase.uuid, SyncBase.data).where(
            SyncBase.table_name == table, SyncBase.uuid.in_(uuids[start:start + CHUNK]))
        out.update((u, json.loads(d)) for u, d in conn.execute(query))
    return out


def pending(conn: sa.Connection) -> list[Pending]:
    """What changed here since the last sync: inserts and updates parents first, then deletes
    children first (the order the server accepts them in). Only rows whose version moved since
    their copy was taken are read and compared (the status line asks this after every save)."""
    versions: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
    for table, uuid, server_version, local_version in conn.execute(sa.select(
            SyncBase.table_name, SyncBase.uuid, SyncBase.server_version, SyncBase.local_version)):
        versions[table][uuid] = (server_version, local_version)
    upserts: list[Pending] = []
    deletes: list[Pending] = []
    for tbl in tables.synced_tables():
        mine = dict(conn.execute(sa.select(tbl.c.uuid, tbl.c.version)).all())
        own = versions.get(tbl.name, {})
        candidates = [u for u, v in mine.items() if u not in own or own[u][1] != v]
        rows = read_rows(conn, tbl, candidates)
        copies = _copies(conn, tbl.name, [u for u in rows if u in own])
        for uuid, (version, data) in rows.items():
            if uuid not in own:
                upserts.append(Pending(tbl.name, uuid, "insert", data, version, None))
            elif data != copies[uuid] or own[uuid][1] == DIFFERS:
                upserts.append(Pending(tbl.name, uuid, "update", data, version, own[uuid][0]))
        deletes.extend(Pending(tbl.name, u, "delete", None, 0, sv)
                       for u, (sv, _lv) in own.items() if u not in mine)
    return upserts + deletes[::-1]


def status(db: Database) -> SyncStatus:
    with db.engine.connect() as conn:
        server = get_meta(conn, SERVER)
        last = get_meta(conn, LAST_SYNC)
        waiting = conn.execute(sa.select(sa.func.count()).select_from(SyncConflict)
                               .where(SyncConflict.resolved_at.is_(None))).scalar() or 0
        count = len(pending(conn)) if server else 0
    return SyncStatus(server=server, last_sync=datetime.fromisoformat(last) if last else None,
                      pending=count, conflicts=int(waiting))


def scrub_bases(conn: sa.Connection, matcher: Any, person_uuid: str) -> int:
    """Erasure: empty ``person_uuid``'s own copy (kept, so their deletion is still sent: it holds
    only the server version) and scrub every other copy that names them (marked as differing, so
    the scrubbed row is sent). Returns copies changed."""
    conn.execute(sa.update(SyncBase).where(SyncBase.table_name == "person", SyncBase.uuid == person_uuid)
                 .values(data="{}"))
    changed = 0
    rows = conn.execute(sa.select(SyncBase.table_name, SyncBase.uuid, SyncBase.data)).all()
    for table, uuid, raw in rows:
        if (table, uuid) == ("person", person_uuid) or (person_uuid not in raw and not matcher.search(raw)):
            continue
        data = json.loads(raw)
        for key, value in data.items():
            if value == person_uuid:
                data[key] = None
            elif isinstance(value, str) and matcher.search(value):
                data[key] = matcher.scrub(value)
        conn.execute(sa.update(SyncBase).where(SyncBase.table_name == table, SyncBase.uuid == uuid)
                     .values(data=json.dumps(data), local_version=DIFFERS))
        changed += 1
    return changed


def forget_person(conn: sa.Connection, person_uuid: str, matcher: Any, emails: Iterable[str] = ()) -> None:
    """Erasure's part in sync: log the erasure (a hash of their uuid only: it travels with the next sync and
    the server refuses them for good); the last-synced copies and review queue forget them."""
    key = person_key(person_uuid)
    if conn.execute(sa.select(ErasureLog.id).where(ErasureLog.person_key == key)).first() is None:
        from planner.imports.normalise import email_key

        hashed = sorted({person_key(email_key(e)) for e in emails if "@" in e})
        conn.execute(sa.insert(ErasureLog).values(person_key=key, email_keys=" ".join(hashed)))
    scrub_bases(conn, matcher, person_uuid)
    conn.execute(sa.delete(SyncConflict).where(SyncConflict.record_uuid == person_uuid))
    # their e-mail given to someone else as an alias (a merge elsewhere, before the erasure
    # arrived) is theirs: it goes, rather than being scrubbed into "[erased]" twins. (A name
    # alias stays: a namesake keeps their own name.)
    for alias_id, key, value in conn.execute(sa.select(PersonAlias.id, PersonAlias.key, PersonAlias.value)):
        if "@" in value and (matcher.search(key) or matcher.search(value)):
            conn.execute(sa.delete(PersonAlias).where(PersonAlias.id == alias_id))
    # a merge into or from them points nowhere now (and must not be scrubbed into duplicates)
    conn.execute(sa.delete(RecordRedirect).where(RecordRedirect.table_name == "person", sa.or_(
        RecordRedirect.old_uuid == person_uuid, RecordRedirect.new_uuid == person_uuid)))
