"""Engine and connection settings: the pragmas every connection gets, and explicit BEGIN.

See shared/data-safety.md: foreign keys on, WAL, synchronous=FULL, a busy timeout, and
SQLAlchemy's documented recipe that emits BEGIN itself so a rollback undoes released savepoints.

Every connection to a Mission Desk file — the pooled ones and the short raw ones used for checks,
backups and migrations — comes from here, so an encrypted file is always opened through
``sqlcipher3`` with its key and a plain one through ``sqlite3``: never both for one file in one
process (two copies of SQLite in a process is a known way to corrupt a file).
"""

from __future__ import annotations

import os
import sqlite3
import urllib.parse
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from planner.errors import StoreError
from planner.storage import actor

APPLICATION_ID = 0x4D44534B  # "MDSK"
BUSY_TIMEOUT_MS = 10_000


class SaveError(StoreError):
    """The disk refused a write (full, read-only, I/O error, locked): nothing was saved."""


# What SQLite says → what the user is told. Checked in order, on the lower-cased message.
_WRITE_TROUBLE = (
    ("database or disk is full", "The disk is full: this change was not saved and the file is "
                                 "unchanged. Free some space, then try again."),
    ("readonly database", "The file is read-only: this change was not saved. Check the file's "
                          "permissions, or save a copy in a folder you can write to."),
    ("read-only file system", "The disk is read-only: this change was not saved."),
    ("disk i/o error", "The disk reported an error while saving: this change was not saved. "
                       "Check the drive (or network connection), then try again."),
    ("database is locked", "The file is in use by another program (or another Mission Desk "
                           "window): this change was not saved. Close the other program and retry."),
    ("unable to open database file", "The file or its folder cannot be opened for writing: "
                                     "this change was not saved."),
)


def describe_write_error(exc: BaseException) -> str | None:
    """A message for the user when ``exc`` is disk trouble during a save, else None."""
    text = str(getattr(exc, "orig", None) or exc).lower()
    for needle, message in _WRITE_TROUBLE:
        if needle in text:
            return message
    return None


def dbapi_module(key: str | None) -> Any:
    """``sqlite3`` for plain files, ``sqlcipher3`` when a key is given."""
    if key is None:
        return sqlite3
    from planner.storage.files.encryption import sqlcipher_module

    return sqlcipher_module()


def apply_key(con: Any, key: str | None) -> None:
    """Unlock an SQLCipher connection; must be the first statement on it."""
    if key is None:
        return
    quoted = key.replace("'", "''")
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute(f"PRAGMA key = '{quoted}'")


def connect_raw(path: Path, *, key: str | None = None, readonly: bool = False,
                timeout: float = BUSY_TIMEOUT_MS / 1000) -> Any:
    """A plain DB-API connection (autocommit) for checks, backups and metadata."""
    module = dbapi_module(key)
    target = file_uri(path) + ("?mode=ro" if readonly else "")
    con = module.connect(target, uri=True, timeout=timeout, isolation_level=None)
    try:
        apply_key(con, key)
    except Exception:
        con.close()
        raise
    return con


def file_uri(path: Path) -> str:
    """An SQLite ``file:`` URI for ``path`` with every special character escaped: a file called
    "Mission #3.db" or "Q&A?v=1.db" is that file (not "Mission " with a fragment or a query),
    and "%41" stays "%41"."""
    return "file:" + urllib.parse.quote(os.fspath(Path(path).absolute()), safe="/")


def _make_on_connect(key: str | None, busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Any:
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy's "begin" hook below (pysqlite's legacy mode
        # would not BEGIN before SAVEPOINT, so a rollback could keep released savepoints' rows).
        dbapi_connection.isolation_level = None
        apply_key(dbapi_connection, key)
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
            cursor.execute("PRAGMA secure_delete = ON")
        finally:
            cursor.close()

    return _on_connect


WRITE_OPTION = "planner_write"


def _on_begin(conn: Any) -> None:
    """``BEGIN IMMEDIATE`` for a unit of work that may write: it takes the write lock at once,
    waiting on the busy timeout while another program writes. A deferred ``BEGIN`` that later
    writes fails at once with SQLITE_BUSY when another program wrote meanwhile (the timeout
    never applies), so reads use ``BEGIN`` and every write unit ``BEGIN IMMEDIATE``."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION)
                         else "BEGIN")


def _on_error(context: Any) -> None:
    """Turn disk trouble into a :class:`SaveError` with a message a user can act on."""
    original = context.original_exception
    if isinstance(context.sqlalchemy_exception, DBAPIError) or original is not None:
        message = describe_write_error(original) if original is not None else None
        if message is not None:
            raise SaveError(message) from context.sqlalchemy_exception


def make_engine(path: Path, *, echo: bool = False, key: str | None = None,
                busy_timeout_ms: int = BUSY_TIMEOUT_MS) -> Engine:
    """An engine for one SQLite file with the safety settings on every pooled connection.

    With ``key``, connections go through ``sqlcipher3`` and are unlocked before anything else.
    """
    kwargs: dict[str, Any] = {}
    if key is not None:
        kwargs["module"] = dbapi_module(key)
    engine = create_engine(
        URL.create("sqlite", database=os.fspath(path)),  # a URL object: the path is not parsed
        echo=echo,
        poolclass=QueuePool,
        connect_args={"timeout": busy_timeout_ms / 1000, "check_same_thread": False},
        **kwargs,
    )
    event.listen(engine, "connect", _make_on_connect(key, busy_timeout_ms))
    actor.install(engine)
    event.listen(engine, "begin", _on_begin)
    event.listen(engine, "handle_error", _on_error)
    return engine


def make_sessionmaker(engine: Engine, *, write: bool = False) -> sessionmaker[Session]:
    """Sessions on ``engine``; with ``write``, each transaction begins ``IMMEDIATE``."""
    bind = engine.execution_options(**{WRITE_OPTION: True}) if write else engine
    return sessionmaker(bind, expire_on_commit=False)
