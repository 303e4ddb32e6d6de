"""The server's side of a sync: open it (same schema or refuse), pull what is newer than a
cursor, push a laptop's changes in one transaction that checks each record's version."""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError, IntegrityError

from planner.storage import migrate
from planner.storage.files.crashpoints import crashpoint
from planner.storage.server.server import (
    ServerDatabase,
    connect_error,
    display_url,
    make_server_engine,
)
from planner.sync import tables
from planner.sync.errors import SchemaMismatchError, SyncError
from planner.sync.local import Pending

SYNC_LOCK = 0x4D445359  # the same lock the version trigger takes (revision 0011)
PLAN_ID = "sync.plan_id"


class Retry(Exception):
    """The server changed a record this push was about to change: pull again, then push."""


@dataclass
class Change:
    uuid: str
    version: int
    data: dict[str, Any]
    changed_by: str


@dataclass
class Pulled:
    rows: dict[str, list[Change]] = field(default_factory=dict)   # table -> changes
    tombstones: list[tuple[str, str, int]] = field(default_factory=list)  # (table, uuid, version)
    cursor: int = 0
    server_empty: bool = False


def _revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        if conn.execute(sa.text("SELECT to_regclass('alembic_version')")).scalar() is None:
            return None
        return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def open_server(url: str) -> ServerDatabase:
    """Open the team server for a sync. An empty database gets the schema; a server whose schema
    is another version than this program's is refused with what to upgrade."""
    engine = make_server_engine(url)
    try:
        current = _revision(engine)
    except DBAPIError as exc:
        raise connect_error(url, exc) from exc
    finally:
        engine.dispose()
    head = migrate.head_revision()
    if current is not None and current != head:
        where = display_url(url)
        if current not in migrate.known_revisions():
            raise SchemaMismatchError(
                f"{where} runs a newer Mission Desk (schema {current}) than this laptop (schema "
                f"{head}): update Mission Desk on this laptop, then sync again. Nothing was sent.")
        raise SchemaMismatchError(
            f"{where} runs an older Mission Desk (schema {current}) than this laptop (schema "
            f"{head}): the team's administrator upgrades the server first (open it once with this "
            "version: planner --db URL check, or the app), then sync again. Nothing was sent.")
    try:
        return ServerDatabase.open_url(url, migrate_schema=current is None)
    except DBAPIError as exc:
        raise connect_error(url, exc) from exc


def plan_id(server: ServerDatabase) -> str:
    """The server's plan id (made the first time a laptop syncs with it)."""
    with server.engine.begin() as conn:
        found = conn.execute(sa.text("SELECT value FROM app_meta WHERE key = :k"), {"k": PLAN_ID}).scalar()
        if found:
            return str(found)
        conn.execute(sa.text("INSERT INTO app_meta (key, value) VALUES (:k, :v) ON CONFLICT DO NOTHING"),
                     {"k": PLAN_ID, "v": str(uuidlib.uuid4())})
        return str(conn.execute(sa.text("SELECT value FROM app_meta WHERE key = :k"), {"k": PLAN_ID}).scalar())


def _sync_version(tbl: sa.Table) -> Any:
    return sa.literal_column(f'"{tbl.name}".sync_version', sa.BigInteger)


def pull(server: ServerDatabase, since: int) -> Pulled:
    """Everything newer than ``since`` in one snapshot. Versions are given under a lock held to
    each writer's commit, so nothing numbered at or below the new cursor can appear later."""
    out = Pulled(cursor=since)
    with server.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.begin():
            conn.execute(sa.text("SET TRANSACTION READ ONLY"))
            for tbl in tables.synced_tables():
                names = tables.fields(tbl)
                version = _sync_version(tbl)
                query = (tables.wire_select(tbl, version.label("_sv"), tbl.c.changed_by.label("_by"))
                         .where(version > since).order_by(version))
                changes = [Change(r["uuid"], int(r["_sv"]), tables.wire_row(r, names), r["_by"] or "")
                           for r in conn.execute(query).mappings()]
                if changes:
                    out.rows[tbl.name] = changes
                    out.cursor = max(out.cursor, changes[-1].version)
            out.tombstones = [(t, u, int(v)) for t, u, v in conn.execute(sa.text(
                "SELECT table_name, uuid, sync_version FROM sync_tombstone WHERE sync_version > :s "
                "ORDER BY sync_version"), {"s": since})]
            if out.tombstones:
                out.cursor = max(out.cursor, out.tombstones[-1][2])
            if since == 0 and not out.rows:
                out.server_empty = not out.tombstones
    return out


def push(server: ServerDatabase, changes: list[Pending], seen: int) -> dict[tuple[str, str], int]:
    """Send ``changes`` in one transaction. Each update and delete names the server version it was
    based on; when the server's row has moved on (or a new row collides with one another laptop
    sent), nothing is kept and :class:`Retry` is raised. Returns (table, uuid) -> new version.

    Changes go a table at a time in batches (updates, then inserts: an update may free a natural
    key an insert takes; deletes, children first): a few statements per table, whatever the count.
    The lock below is the one the version trigger takes, so no other writer moves a row between
    the version check and the write."""
    done: dict[tuple[str, str], int] = {}
    try:
        with server.engine.begin() as conn:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": SYNC_LOCK})
            ids = tables.IdMap(conn)
            for (name, op), group in _batches(changes):
                tbl = tables.table(name)
                if op == "delete":
                    _delete(conn, tbl, group, seen, done)
                elif op == "update":
                    _update(conn, tbl, group, ids, done)
                else:
                    _insert(conn, tbl, group, ids, done)
            crashpoint("sync-before-push-commit")
    except IntegrityError as exc:  # another laptop sent the same natural key meanwhile
        raise Retry(str(exc.orig)) from exc
    except DBAPIError as exc:
        raise SyncError(f"The server refused the changes: {str(exc.orig).splitlines()[0]}. Nothing "
                        "was sent; this file is unchanged.") from exc
    return done


_OP_ORDER = {"update": 0, "insert": 1, "delete": 2}


def _batches(changes: list[Pending]) -> list[tuple[tuple[str, str], list[Pending]]]:
    """Changes grouped by table and operation, in the order the server accepts them: upserts
    parents first (a table's updates before its inserts), then deletes children first."""
    order = {t.name: i for i, t in enumerate(tables.synced_tables())}
    groups: dict[tuple[str, str], list[Pending]] = {}
    for change in changes:
        groups.setdefault((change.table, change.op), []).append(change)

    def rank(key: tuple[str, str]) -> tuple[int, int, int]:
        name, op = key
        if op == "delete":
            return (1, -order.get(name, 0), 0)
        return (0, order.get(name, 0), _OP_ORDER[op])
    return sorted(groups.items(), key=lambda item: rank(item[0]))


def _chunks(items: list[Any], size: int = 500) -> list[list[Any]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def _among(tbl: sa.Table, uuids: list[str]) -> Any:
    """``uuid = ANY(:uuids)``: one array parameter, whatever the count (an IN list of thousands of
    placeholders costs more to build and parse than the query)."""
    return tbl.c.uuid == sa.any_(sa.literal(uuids, ARRAY(sa.String())))


def _versions(conn: sa.Connection, tbl: sa.Table, uuids: list[str]) -> dict[str, int]:
    rows = conn.execute(sa.select(tbl.c.uuid, _sync_version(tbl)).where(_among(tbl, uuids)))
    return {u: int(v) for u, v in rows}


def _values(tbl: sa.Table, change: Pending, ids: tables.IdMap) -> dict[str, Any]:
    assert change.data is not None
    try:
        return tables.to_db(tbl, change.data, ids)
    except tables.MissingReference as exc:
        raise Retry(f"{change.table} refers to {exc}, not on the server") from exc


def _delete(conn: sa.Connection, tbl: sa.Table, group: list[Pending], seen: int,
            done: dict[tuple[str, str], int]) -> None:
    """A delete wins over changes this laptop has seen (it pulled them up to ``seen``, and queued
    any it had not decided): only a newer one stops it. One already gone there is done."""
    version = _sync_version(tbl)
    uuids = [c.uuid for c in group]
    gone = set(conn.execute(sa.delete(tbl).where(_among(tbl, uuids), version <= seen).returning(tbl.c.uuid)).scalars())
    newer = _versions(conn, tbl, [u for u in uuids if u not in gone])
    if newer:
        uuid, now = next(iter(newer.items()))
        raise Retry(f"{tbl.name} {uuid} changed on the server (version {now}) after this laptop's "
                    f"last pull ({seen})")
    done.update(((tbl.name, u), 0) for u in uuids)


def _update(conn: sa.Connection, tbl: sa.Table, group: list[Pending], ids: tables.IdMap,
            done: dict[tuple[str, str], int]) -> None:
    """Each row must still be at the version this laptop based its change on."""
    uuids = [c.uuid for c in group]
    before = _versions(conn, tbl, uuids)
    for change in group:
        now = before.get(change.uuid)
        if now != change.server_version:
            raise Retry(f"{change.table} {change.uuid} changed on the server (version "
                        f"{now if now is not None else 'deleted'}, this laptop had "
                        f"{change.server_version})")
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for change in group:
        values = _values(tbl, change, ids)
        values.pop("uuid", None)
        params = {f"v_{k}": v for k, v in values.items()}
        params["w_uuid"] = change.uuid
        by_columns.setdefault(tuple(sorted(values)), []).append(params)
    for columns, rows in by_columns.items():
        statement = (sa.update(tbl).where(tbl.c.uuid == sa.bindparam("w_uuid"))
                     .values({c: sa.bindparam(f"v_{c}") for c in columns}))
        for chunk in _chunks(rows, 1000):
            conn.execute(statement, chunk)
    after = _versions(conn, tbl, uuids)
    done.update(((tbl.name, u), after[u]) for u in uuids)


def _insert(conn: sa.Connection, tbl: sa.Table, group: list[Pending], ids: tables.IdMap,
            done: dict[tuple[str, str], int]) -> None:
    """New rows; an erased person's is refused by the server's guard and left out (for good).
    Written by the driver's executemany (one statement parsed once, rows pipelined), then their
    ids and versions read back in one query."""
    version = _sync_version(tbl)
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for change in group:
        values = _values(tbl, change, ids)
        by_columns.setdefault(tuple(sorted(values)), []).append(values)
    for rows in by_columns.values():
        conn.execute(sa.insert(tbl), rows)
    uuids = [c.uuid for c in group]
    for uuid, new_id, new_version in conn.execute(sa.select(tbl.c.uuid, tbl.c.id, version).where(_among(tbl, uuids))):
        ids[tbl.name][uuid] = new_id
        done[(tbl.name, uuid)] = int(new_version)
