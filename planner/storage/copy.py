"""Copying a whole plan between a file and a team server (and file to file, as a snapshot).

``planner copy --to URL_OR_PATH`` comes here. The copy is lossless: every table of the models
(``Base.metadata.sorted_tables``, parents first), every row with its id, UUID, timestamps,
enums, versions and texts, read through the models' column types on one side and written
through them on the other, so each engine stores each value its own way.

Rules that keep it safe:

* both ends are opened with :meth:`Database.open`, so both are migrated to the same head revision
  (checked again before copying);
* the target must hold no plan rows: a copy never merges into, nor replaces, a plan. A file
  target must be a new file (or an empty one): an existing file may be open in someone's
  Mission Desk. A new file is created privately, as ``Database.open`` creates every file, and
  an encrypted plan is copied into a file encrypted with the same key;
* the source is read in one snapshot (a read transaction; on PostgreSQL ``REPEATABLE READ``) and
  the target is written in one transaction: a failure or a cancel leaves the target without a
  single plan row (and a file this copy created is removed);
* rows stream in chunks (memory stays flat at any scale); the row count of every table is
  checked on the target before the commit;
* on PostgreSQL the id sequences are moved past the copied ids; the people search index is
  rebuilt on the target (SQLite's FTS5 tables are filled once at the end instead of row by row;
  PostgreSQL's trigram indexes follow the inserts and the tables are analysed after the commit).
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from planner.errors import Cancelled, StoreError
from planner.storage import search_index
from planner.storage.database import Database
from planner.storage.models import Base

CHUNK_ROWS = 1000
Progress = Callable[[int, int], None]  # (rows copied, rows in all)
# SQLite's FTS5 shadow tables and its own bookkeeping: not plan tables, never copied
_NOT_PLAN = ("alembic_version", "sqlite_", "sync_tombstone")  # (+ a server's sync bookkeeping)


class CopyError(StoreError):
    """A copy that was refused (target not empty, not new, same plan) or failed (nothing kept)."""


@dataclass
class CopyReport:
    """What a copy did: from where, to where, how many rows per table."""

    source: str
    target: str
    rows: dict[str, int] = field(default_factory=dict)
    revision: str | None = None
    seconds: float = 0.0
    encrypted: bool = False  # a file target encrypted with the source's passphrase

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def plan_tables() -> list[sa.Table]:
    """Every table a plan consists of, parents before children."""
    return list(Base.metadata.sorted_tables)


def _is_server(target: str) -> bool:
    from planner.storage.server.server import is_server_url

    return is_server_url(target)


def describe(target: str) -> str:
    """A file's path, or a server URL without its password."""
    if _is_server(target):
        from planner.storage.server.server import display_url

        return display_url(target)
    return target


# ----------------------------------------------------------------------------- opening the target
def _check_new_file(path: Path) -> None:
    from planner.paths import require_folder

    if path.is_dir():
        raise CopyError(f"{path} is a folder: give the name of a new file to copy the plan into")
    if path.exists() and path.stat().st_size > 0:
        raise CopyError(f"{path} already exists: planner copy writes a new file and never replaces "
                        "one (someone may have it open). Give a new file name, or move that file "
                        "away first.")
    require_folder(path, "--to")


@contextlib.contextmanager
def open_target(target: str, *, key: str | None = None) -> Iterator[Database]:
    """Open (creating) the copy's target; when the block fails, a file created here is removed.

    ``key`` encrypts a new file (the source's key: an encrypted plan stays encrypted)."""
    if _is_server(target):
        database = Database.open(target)
        try:
            yield database
        finally:
            database.close()
        return
    path = Path(target).expanduser()
    _check_new_file(path)
    created = not path.exists()
    database = Database.open(path, key=key)
    try:
        yield database
    except BaseException:
        database.close()
        if created:
            for suffix in ("", "-wal", "-shm", "-journal"):
                with contextlib.suppress(OSError):
                    os.unlink(f"{path}{suffix}")
        raise
    database.close()


# ----------------------------------------------------------------------------- checks
def _revision(conn: Connection) -> str | None:
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _count(conn: Connection, table: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _unknown_tables(conn: Connection) -> list[str]:
    """Tables in the source that no model describes (a copy would drop them): none expected."""
    known = {t.name for t in plan_tables()}
    names = sa.inspect(conn).get_table_names()
    return sorted(n for n in names if n not in known and not n.startswith(_NOT_PLAN)
                  and not n.startswith(search_index.DERIVED_PREFIXES))


def _refuse_non_empty(conn: Connection, where: str) -> None:
    held = {t.name: n for t in plan_tables() if (n := _count(conn, t))}
    if held:
        sample = ", ".join(f"{n} {name}" for name, n in list(held.items())[:4])
        raise CopyError(f"{where} already holds a plan ({sample}…): planner copy never merges "
                        "into or replaces a plan. Copy into a new, empty database (an "
                        "administrator runs CREATE DATABASE; give its URL) or a new file name.")


# ----------------------------------------------------------------------------- engines' specifics
def _sqlite_search_triggers() -> list[str]:
    """The triggers that index people row by row: dropped for the copy, rebuilt at the end."""
    return [n for n in search_index.TRIGGER_NAMES if "_person_" in n or "_organisation_" in n]


def _before_sqlite(conn: Connection) -> None:
    for name in _sqlite_search_triggers():
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def _after_sqlite(conn: Connection) -> None:
    names = {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")}
    search_index.ensure_search_index(conn.exec_driver_sql, names)


def _advance_sequences(conn: Connection) -> None:
    """Move every id sequence past the highest copied id (PostgreSQL)."""
    for table in plan_tables():
        for column in table.primary_key.columns:
            if not isinstance(column.type, sa.Integer):
                continue
            sequence = conn.execute(sa.select(sa.func.pg_get_serial_sequence(
                table.name, column.name))).scalar()
            if sequence is None:
                continue
            highest = conn.execute(sa.select(sa.func.max(column))).scalar()
            conn.execute(sa.select(sa.func.setval(sequence, highest or 1, highest is not None)))


def _analyse(target: Database) -> None:
    with contextlib.suppress(Exception), target.engine.connect() as conn:
        for table in plan_tables():
            conn.exec_driver_sql(f'ANALYZE "{table.name}"')
        conn.commit()


# ----------------------------------------------------------------------------- the copy
@contextlib.contextmanager
def _snapshot(source: Database) -> Iterator[Connection]:
    with source.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        with conn.begin():
            yield conn


@contextlib.contextmanager
def _write_unit(target: Database) -> Iterator[Connection]:
    from planner.storage.engine import WRITE_OPTION

    with target.engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})  # SQLite: BEGIN IMMEDIATE
        with conn.begin():
            yield conn


def copy_plan(source: Database, target: Database, *, progress: Progress | None = None,
              cancel: Callable[[], bool] | None = None, chunk_rows: int = CHUNK_ROWS) -> CopyReport:
    """Copy every plan row of ``source`` into the empty plan ``target`` (see the module's rules).

    Raises :class:`CopyError` (nothing written) when the target holds rows, is the source, or is
    at another schema revision; :class:`planner.errors.Cancelled` when ``cancel()`` says so."""
    started = time.monotonic()
    if source.target == target.target:
        raise CopyError("The source and the target are the same plan: give another --to")
    report = CopyReport(source=describe(source.target), target=describe(target.target))
    tables = plan_tables()
    with _snapshot(source) as src, _write_unit(target) as dst:
        report.revision = _revision(src)
        if _revision(dst) != report.revision:
            raise CopyError(f"{target.name} is at schema {_revision(dst)}, the source at "
                            f"{report.revision}: open both with this Mission Desk first")
        unknown = _unknown_tables(src)
        if unknown:
            raise CopyError(f"{source.name} has tables this Mission Desk does not know "
                            f"({', '.join(unknown)}): update the app before copying")
        _refuse_non_empty(dst, target.name)
        counts = {t.name: _count(src, t) for t in tables}
        total, done = sum(counts.values()), 0
        if progress is not None:
            progress(0, total)
        sqlite_target = dst.dialect.name == "sqlite"
        if sqlite_target:
            _before_sqlite(dst)
        for table in tables:
            keys = [c.key for c in table.columns]
            query = sa.select(*table.columns).order_by(*table.primary_key.columns)
            result = src.execute(query, execution_options={"yield_per": chunk_rows})
            copied = 0
            for chunk in result.partitions(chunk_rows):
                if cancel is not None and cancel():
                    raise Cancelled("The copy was cancelled: nothing was written to the target")
                dst.execute(table.insert(), [dict(zip(keys, row, strict=True)) for row in chunk])
                copied += len(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
            there = _count(dst, table)
            if copied != counts[table.name] or there != copied:
                raise CopyError(f"{table.name}: {counts[table.name]} rows in the source, {copied} "
                                f"read, {there} in the target; nothing was kept")
            report.rows[table.name] = copied
        if sqlite_target:
            _after_sqlite(dst)
        else:
            _advance_sequences(dst)
    if not sqlite_target:
        _analyse(target)
    report.seconds = time.monotonic() - started
    return report


def copy_to(source: Database, target: str, *, progress: Progress | None = None,
            cancel: Callable[[], bool] | None = None, chunk_rows: int = CHUNK_ROWS) -> CopyReport:
    """Copy ``source`` into ``target`` (a new file's path or an empty server database's URL)."""
    if not _is_server(target) and not source.is_server and \
            Path(target).expanduser().absolute() == source.path.absolute():
        raise CopyError("The source and the target are the same file: give another --to")
    with open_target(target, key=source.key) as database:
        report = copy_plan(source, database, progress=progress, cancel=cancel, chunk_rows=chunk_rows)
        report.encrypted = database.key is not None
    report.target = describe(target)
    return report
