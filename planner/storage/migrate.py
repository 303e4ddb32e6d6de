"""Schema migrations: Alembic, run on open, with foreign keys OFF and checks afterwards.

Alembic's batch mode recreates tables; with foreign keys ON, the ``DROP TABLE`` of a parent
fires ``ON DELETE CASCADE`` and silently deletes child rows. So migrations run on a connection
opened with foreign keys OFF, inside one transaction, and are checked afterwards
(``foreign_key_check``, ``integrity_check``, no table losing rows). The caller takes a backup
first and restores it when this raises.

A plan on a PostgreSQL server is migrated by :func:`planner.storage.server.server.prepare_schema`
through :func:`upgrade_connection` (transactional DDL: no backup dance, no pragmas).

Opening a file that is already at the head revision never imports Alembic (it costs a desktop
start-up a tenth of a second): the current revision is read with plain ``sqlite3`` and the
revision graph from the ``revision``/``down_revision`` lines of the version files. Alembic is
imported only to run an upgrade (a test checks the light graph against Alembic's own).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.errors import StoreError
from planner.storage import schedule_stamp, search_index
from planner.storage.engine import connect_raw, dbapi_module

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
VERSIONS_DIR = MIGRATIONS_DIR / "versions"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@functools.cache
def revision_graph() -> dict[str, str | None]:
    """``{revision: down_revision}`` read from the version files' assignments (no Alembic)."""
    graph: dict[str, str | None] = {}
    for path in sorted(VERSIONS_DIR.glob("*.py")):
        values: dict[str, Any] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") \
                            and node.value is not None:
                        values[target.id] = ast.literal_eval(node.value)
        if "revision" in values:
            graph[str(values["revision"])] = values.get("down_revision")
    return graph


def head_revision() -> str:
    graph = revision_graph()
    parents = {down for down in graph.values() if down}
    heads = [rev for rev in graph if rev not in parents]
    if len(heads) != 1:
        raise StoreError(f"The schema revisions have {len(heads)} heads ({', '.join(sorted(heads))}): expected one")
    return heads[0]


def current_revision(path: Path, *, key: str | None = None) -> str | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    con = connect_raw(path, key=key, readonly=True)
    try:
        has = con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").fetchone()
        if not has:
            return None
        row = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(row[0]) if row else None
    finally:
        con.close()


def known_revisions() -> set[str]:
    return set(revision_graph())


def table_counts(path: Path, *, key: str | None = None) -> dict[str, int]:
    con = connect_raw(path, key=key, readonly=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def upgrade_connection(conn: Connection, target: str) -> None:
    """Run Alembic's upgrade to ``target`` on ``conn`` (inside the caller's transaction). A
    PostgreSQL server is upgraded this way by :mod:`planner.storage.server.server`; the revisions tell
    the dialects apart where SQLite needs something of its own (FTS5, table rebuilds)."""
    from alembic import command

    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)


def _upgrade_connection(conn: Connection, target: str) -> None:
    upgrade_connection(conn, target)  # a seam: a test replaces it with a lossy upgrade


def run_upgrade(path: Path, target: str = "head", *, key: str | None = None) -> None:
    """Upgrade the file at ``path`` to ``target`` in one transaction with foreign keys OFF.

    The pragma is set on a fresh connection outside any transaction (inside one it is a
    no-op), and the whole upgrade — every revision — is a single ``BEGIN … COMMIT``, so a crash
    or an error leaves the file at its old revision, whole.
    """
    from sqlalchemy import create_engine, event

    before = table_counts(path, key=key) if path.exists() and path.stat().st_size else {}
    engine = create_engine("sqlite://", module=dbapi_module(key),
                           creator=lambda: connect_raw(path, key=key))

    def on_connect(dbapi_connection: Any, _record: object) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = OFF")
        dbapi_connection.execute("PRAGMA busy_timeout = 10000")
        dbapi_connection.execute("PRAGMA synchronous = FULL")
        dbapi_connection.execute("PRAGMA secure_delete = ON")

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    try:
        with engine.begin() as conn:
            if conn.exec_driver_sql("PRAGMA foreign_keys").scalar():
                raise StoreError("Refusing to migrate with foreign keys ON (DROP TABLE would cascade)")
            _upgrade_connection(conn, target)
            _repair_search_index(conn)
            schedule_stamp.repair(conn.exec_driver_sql,
                                  {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")})
            problems = [str(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
            if problems:
                raise StoreError(f"The upgrade broke {len(problems)} references: {problems[0]}")
            bad = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
            if bad:
                raise StoreError(f"The upgraded file failed its integrity check: {bad[0]}")
            for table, count in before.items():
                if table == "alembic_version" or table.startswith(search_index.DERIVED_PREFIXES):
                    continue  # the search index is derived data: rebuilt, merged, never "lost"
                exists = conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()
                now = conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar() if exists else 0
                if (now or 0) < count:
                    raise StoreError(f"The upgrade would lose rows in {table} ({count} → {now})")
    finally:
        engine.dispose()


def _repair_search_index(conn: Connection) -> None:
    """A batch recreate of ``person``/``organisation`` drops the search triggers: put them back."""
    names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    if search_index.TEXT_TABLE in names:  # from revision 0004 on
        search_index.ensure_search_index(conn.exec_driver_sql, names)


def migration_context_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()
