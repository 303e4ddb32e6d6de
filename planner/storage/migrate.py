"""Schema migrations: Alembic, run on open, with foreign keys OFF and checks afterwards.

Alembic's batch mode recreates tables; with foreign keys ON, the ``DROP TABLE`` of a parent
fires ``ON DELETE CASCADE`` and silently deletes child rows. So migrations run on a connection
opened with foreign keys OFF, inside one transaction, and are checked afterwards
(``foreign_key_check``, ``integrity_check``, no table losing rows). The caller takes a backup
first and restores it when this raises.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection

from planner.errors import StoreError
from planner.storage.engine import connect_raw, dbapi_module

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


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
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def table_counts(path: Path, *, key: str | None = None) -> dict[str, int]:
    con = connect_raw(path, key=key, readonly=True)
    try:
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def _upgrade_connection(conn: Connection, target: str) -> None:
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, target)


def run_upgrade(path: Path, target: str = "head", *, key: str | None = None) -> None:
    """Upgrade the file at ``path`` to ``target`` in one transaction with foreign keys OFF.

    The pragma is set on a fresh connection outside any transaction (inside one it is a
    no-op), and the whole upgrade — every revision — is a single ``BEGIN … COMMIT``, so a crash
    or an error leaves the file at its old revision, whole.
    """
    before = table_counts(path, key=key) if path.exists() and path.stat().st_size else {}
    engine = create_engine(f"sqlite:///{path}", module=dbapi_module(key),
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
            problems = [str(r) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
            if problems:
                raise StoreError(f"The upgrade broke {len(problems)} references: {problems[0]}")
            bad = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check") if r[0] != "ok"]
            if bad:
                raise StoreError(f"The upgraded file failed its integrity check: {bad[0]}")
            for table, count in before.items():
                if table == "alembic_version":
                    continue
                exists = conn.exec_driver_sql(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)).fetchone()
                now = conn.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar() if exists else 0
                if (now or 0) < count:
                    raise StoreError(f"The upgrade would lose rows in {table} ({count} → {now})")
    finally:
        engine.dispose()


def migration_context_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()
