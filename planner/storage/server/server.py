"""A Mission Desk plan on a PostgreSQL server: the same models, services and migrations.

``Database.open("postgresql+psycopg://…")`` comes here. What differs from a file:

* no file checks, backups or pragmas: the server keeps its own integrity, and backups of a
  server are the administrator's ``pg_dump`` (:class:`ServerDatabase` refuses the file-only
  operations with that message);
* the schema is migrated by the same Alembic revisions, in one transaction (PostgreSQL's DDL is
  transactional, so a failed upgrade leaves the schema as it was), under an advisory lock so two
  people opening an old plan at once do not both upgrade it;
* a write unit is a normal transaction (``BEGIN``), not SQLite's ``BEGIN IMMEDIATE``;
* the people search uses ``pg_trgm`` (see :mod:`planner.storage.search_index`).

The password comes from the URL, or from libpq's own ``PGPASSFILE`` / ``~/.pgpass`` when the
URL has none: this module never stores it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from planner.errors import ReadOnlyError, StoreError
from planner.storage import actor, migrate, search_index
from planner.storage.database import Database, DataVersionProbe, NewerSchemaError, OpenReport
from planner.storage.engine import make_sessionmaker
from planner.storage.server import credentials

SERVER_SCHEMES = ("postgresql", "postgres")
BACKUP_REFUSAL = ("This plan is on a database server: backups of a server are the "
                  "administrator's pg_dump (Mission Desk backs up files only).")
MIGRATION_LOCK = 0x4D44534B  # the advisory lock taken while a schema upgrade runs ("MDSK")


class NotOnServerError(StoreError):
    """A file-only operation (backup, restore, file check, erasure's file scan) on a server."""


def is_server_url(value: object) -> bool:
    """Whether ``value`` (a ``--db`` value, ``$PLANNER_DB``) names a database server."""
    if not isinstance(value, str) or "://" not in value:
        return False
    scheme = value.split("://", 1)[0].split("+", 1)[0].lower()
    return scheme in SERVER_SCHEMES


def display_url(url: str) -> str:
    """The URL without its password, for messages and titles."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database server"


def make_server_engine(url: str, *, echo: bool = False) -> Engine:
    """An engine for a PostgreSQL database (the ``psycopg`` driver unless the URL names one)."""
    try:
        # the password from the URL, else the system keyring, else libpq's PGPASSFILE; sslmode
        parsed = credentials.connect_url(url)
    except ArgumentError as exc:
        raise StoreError(f"{display_url(url)} is not a database URL: {exc}") from exc
    except ValueError as exc:  # an unknown sslmode
        raise StoreError(f"Cannot open {display_url(url)}: {exc}") from exc
    try:
        engine = create_engine(parsed, echo=echo, pool_pre_ping=True,
                               connect_args={"application_name": "Mission Desk"})
    except (NoSuchModuleError, ModuleNotFoundError) as exc:
        raise StoreError(f"Cannot use {display_url(url)}: the PostgreSQL driver is not "
                         f"installed ({exc})") from exc
    actor.install(engine, server=True)
    event.listen(engine, "handle_error", _on_server_error)
    return engine


INSUFFICIENT_PRIVILEGE = "42501"


def _on_server_error(context: Any) -> None:
    """A viewer's write (permission denied) becomes a :class:`ReadOnlyError` saying so."""
    original = context.original_exception
    if getattr(original, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
        return
    role, viewer = "", True
    with contextlib.suppress(Exception):
        role = actor.of_connection(context.connection)
        viewer = actor.is_viewer(context.connection)
    who = f"the role {role}" if role else "your database role"
    if viewer:
        message = (f"You can view this plan but not change it: {who} is read-only on this "
                   "server. Nothing was saved. Ask the team's administrator for editing rights "
                   "(planner team add-user).")
    else:  # an editor asked to do an administrator's task (a schema upgrade, a new index …)
        detail = str((getattr(original, "diag", None) and original.diag.message_primary) or original)
        message = (f"The server does not let {who} do this ({detail}). Nothing was saved. It is "
                   "a task for the team's administrator (the owner of the plan's tables).")
    raise ReadOnlyError(message) from context.sqlalchemy_exception


def _refuse(what: str) -> NoReturn:
    raise NotOnServerError(what)


class ServerDatabase(Database):
    """One open plan on a PostgreSQL server, with the API of a file's :class:`Database`
    (``session``, ``write_session``, ``transaction``, ``close``); what only a file has
    (``path``, backups, file checks, the change counter) refuses with a clear message."""

    is_server = True

    def __init__(self, url: str, engine: Engine, report: OpenReport) -> None:
        # not Database.__init__: that one watches a file
        self.url = url
        self.engine = engine
        self.report = report
        self.key = None
        self.sessionmaker = make_sessionmaker(engine)
        self.write_sessionmaker = make_sessionmaker(engine, write=True)
        self.changes = 0
        self._read_only: bool | None = None

    @property
    def name(self) -> str:
        return display_url(self.url)

    @property
    def target(self) -> str:
        return self.url

    @property
    def path(self) -> Path:
        _refuse("This plan is on a database server: this works on a Mission Desk file only")

    @path.setter
    def path(self, _value: Path) -> None:
        raise AttributeError("a server database has no file")

    @property
    def backup_dir(self) -> Path:
        _refuse(BACKUP_REFUSAL)

    @backup_dir.setter
    def backup_dir(self, _value: Path) -> None:
        raise AttributeError("a server database has no backup folder")

    def check_same_file(self) -> None:
        return None

    def data_version_probe(self) -> DataVersionProbe:
        _refuse("This plan is on a database server: watching for other people's changes there "
                "is not built yet (it works on files)")

    @property
    def read_only(self) -> bool:
        """Whether the connected role may read the plan but not change it (a viewer): the
        window starts read-only instead of finding out at the first save."""
        if self._read_only is None:
            try:
                with self.engine.connect() as conn:
                    self._read_only = not conn.execute(text(
                        "SELECT has_table_privilege(current_user, 'person', 'UPDATE')")).scalar()
            except DBAPIError:
                return False  # unknown: the first refused write says so
        return bool(self._read_only)

    @property
    def changed_since_backup(self) -> bool:
        return False

    def mark_backed_up(self) -> None:
        return None

    def checkpoint(self) -> bool:
        return True

    def checkpoint_passive(self) -> None:
        return None

    def verify(self, *, quick: bool = False) -> list[str]:
        _refuse("This plan is on a database server: checking a file's integrity does not apply "
                "(the server's administrator checks the server)")

    def backup(self, dest: Path | None = None, *, kind: str = "manual") -> Path:
        _refuse(BACKUP_REFUSAL)

    def fingerprint(self) -> str:
        _refuse(BACKUP_REFUSAL)

    def close(self) -> None:
        self.engine.dispose()

    @classmethod
    def open_url(cls, url: str, *, migrate_schema: bool = True) -> ServerDatabase:
        """Connect, migrate to head, make sure the search indexes exist."""
        engine = make_server_engine(url)
        report = OpenReport()
        try:
            prepare_schema(engine, report, migrate_schema=migrate_schema)
        except DBAPIError as exc:
            engine.dispose()
            raise connect_error(url, exc) from exc
        except Exception:
            engine.dispose()
            raise
        return cls(url, engine, report)


def _current_revision(conn: Connection) -> str | None:
    if conn.execute(text("SELECT to_regclass('alembic_version')")).scalar() is None:
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _row_counts(conn: Connection) -> dict[str, int]:
    names = [r[0] for r in conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))]
    return {n: int(conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar() or 0) for n in names}


def prepare_schema(engine: Engine, report: OpenReport, *, migrate_schema: bool = True) -> None:
    """Migrate the server's schema to head (one transaction, advisory lock) and make sure the
    search indexes exist; fills ``report`` (created, migrated_from/to, search warning)."""
    head = migrate.head_revision()
    with engine.begin() as conn:
        current = _current_revision(conn)
        if current is not None and current not in migrate.known_revisions():
            raise NewerSchemaError(f"{display_url(str(engine.url))} was written by a newer Mission "
                                   f"Desk (schema {current}); update the app")
        if current != head:
            if not migrate_schema:
                raise StoreError(f"The database needs an upgrade from schema {current} to {head}")
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
            current = _current_revision(conn)  # someone else may have upgraded meanwhile
        if current != head:
            report.created = current is None
            report.migrated_from, report.migrated_to = current, head
            before = _row_counts(conn)
            migrate.upgrade_connection(conn, "head")
            after = _row_counts(conn)
            for table, count in before.items():
                if table != "alembic_version" and after.get(table, 0) < count:
                    raise StoreError(f"The upgrade would lose rows in {table} ({count} → "
                                     f"{after.get(table, 0)})")
        report.search_warning = search_index.ensure_server_index(conn)


def connect_error(url: str, exc: BaseException) -> StoreError:
    """A message for a server that cannot be reached or refuses the login."""
    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    first = detail[0] if detail else type(exc).__name__
    return StoreError(f"Cannot open {display_url(url)}: {first}")


