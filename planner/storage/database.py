"""Opening a Mission Desk file safely: check, back up, migrate, then hand out sessions.

``Database.open`` in order: refuse folders and other applications' files; unlock an encrypted
file (telling a wrong passphrase from damage); ``quick_check`` — a damaged file is copied aside
byte for byte and never written, and the newest good backup is named; back up before a schema
upgrade and restore that backup when the upgrade fails; warn about network drives and sync
folders; make the file readable by the owner only.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from planner.errors import ConcurrentEditError, StoreError
from planner.paths import backup_dir_for, make_private_dir
from planner.storage import migrate
from planner.storage.engine import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    SaveError,
    connect_raw,
    describe_write_error,
    make_engine,
    make_sessionmaker,
)
from planner.storage.files import backup, encryption
from planner.storage.files.backup import newest_good_backup
from planner.storage.files.crashpoints import crashpoint
from planner.storage.files.location import storage_warning

SQLITE_HEADER = b"SQLite format 3\x00"

__all__ = [
    "CorruptDatabaseError", "DataVersionProbe", "Database", "NewerSchemaError", "NotMissionDeskFileError",
    "OpenReport", "SaveError", "newest_good_backup",
]


class CorruptDatabaseError(StoreError):
    """The file failed its quick check; it was copied aside and left untouched."""

    def __init__(self, path: Path, aside: Path | None, problems: list[str], good_backup: Path | None) -> None:
        self.path = path
        self.aside = aside
        self.problems = problems
        self.good_backup = good_backup
        hint = (f" The newest good backup is {good_backup.name}: restore it with "
                f"'planner restore {good_backup}'." if good_backup else " No good backup was found.")
        where = f" A copy was kept as {aside.name}." if aside else ""
        super().__init__(f"{path.name} is damaged ({problems[0] if problems else 'unknown'}).{where}{hint}")


class NotMissionDeskFileError(StoreError):
    pass


class NewerSchemaError(StoreError):
    pass


@dataclass
class OpenReport:
    """What happened while opening: created, migrated (from → to), backups taken, warnings."""

    created: bool = False
    migrated_from: str | None = None
    migrated_to: str | None = None
    backups: list[Path] = field(default_factory=list)
    location_warning: str | None = None
    encrypted: bool = False
    search_warning: str | None = None  # a server without pg_trgm: the people search scans


def _create_private_file(path: Path) -> None:
    if not path.parent.exists():
        make_private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _check_existing(path: Path, backup_dir: Path, key: str | None) -> None:
    with path.open("rb") as fh:
        header = fh.read(100)
    if key is None and header[:16] != SQLITE_HEADER:
        raise NotMissionDeskFileError(f"{path.name} is not a Mission Desk file (not an SQLite database)")
    problems = backup.integrity_problems(path, quick=True, key=key)
    if problems:
        aside = backup.copy_aside(path, f"corrupt-{backup.timestamp()}")
        raise CorruptDatabaseError(path, aside, problems, newest_good_backup(backup_dir, key=key))
    # Healthy (or healthy once its crash log is replayed, as the check proved on a copy): a
    # read-write connection may now recover the real file before reading its identity.
    con = connect_raw(path, key=key)
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()
    if app_id not in (0, APPLICATION_ID):
        raise NotMissionDeskFileError(f"{path.name} belongs to another application (id {app_id:#x})")
    if app_id == 0 and tables and "alembic_version" not in tables:
        raise NotMissionDeskFileError(f"{path.name} is an SQLite file of another application")


def _unlock(path: Path, key: str | None, exists: bool) -> str | None:
    """The key to use for ``path``: None for a plain file; raises when it cannot be unlocked."""
    if not exists:
        return key
    if not encryption.looks_encrypted(path):
        return None
    encryption.sqlcipher_module()  # a clear message when sqlcipher3 is missing
    if key is not None:
        encryption.check_key(path, key)
        return key
    retry = False
    for _attempt in range(3):
        candidate = encryption.obtain_key(path, retry=retry)
        if candidate is None:
            break
        try:
            encryption.check_key(path, candidate)
        except encryption.WrongPassphraseError:
            if encryption.keyring_key(path) == candidate:
                encryption.forget_key(path)
            retry = True
            continue
        return candidate
    if retry:
        raise encryption.WrongPassphraseError(f"Wrong passphrase for {path.name}")
    raise StoreError(f"{path.name} is encrypted (or is not a Mission Desk file): a passphrase is "
                     f"needed (set {encryption.PASSPHRASE_ENV} or store it in the keyring)")


def _set_application_id(path: Path, key: str | None) -> None:
    con = connect_raw(path, key=key)
    try:
        if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    finally:
        con.close()


_STALE_TABLE = re.compile(r"on table '([a-z_]+)'")


def stale_edit_error(exc: StaleDataError) -> ConcurrentEditError:
    """What the user is told when an update or delete found its row at another version: another
    person (or program) saved it after it was read here. Nothing was written."""
    match = _STALE_TABLE.search(str(exc))
    table = match.group(1) if match else ""
    noun = table.replace("_", " ") if table else "record"
    return ConcurrentEditError(f"This {noun}", table=table)


class FileReplacedError(StoreError):
    """The file on disk is no longer the one this program opened."""


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


class DataVersionProbe:
    """A connection of its own, used only to read ``PRAGMA data_version``: the number moves
    whenever any *other* connection (another program, or another connection of this one) has
    committed since it was last read. Reading it starts and ends a read transaction at once (no
    lock a writer waits for). Close it before the file is closed: it counts as a user of the file."""

    def __init__(self, connection: Any) -> None:
        self._con = connection

    def read(self) -> int | None:
        """The counter, or None when the file cannot be read just now."""
        try:
            row = self._con.execute("PRAGMA data_version").fetchone()
        except Exception:  # closed, or the disk went away: nothing to report
            return None
        return int(row[0]) if row else None

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._con.close()


class Database:
    """One open Mission Desk file. Build it with :meth:`open`; close it with :meth:`close`.

    ``Database.open`` given a server URL (``postgresql+psycopg://…``) returns a
    :class:`planner.storage.server.server.ServerDatabase`, which has the same session API."""

    is_server = False

    def __init__(self, path: Path, engine: Engine, backup_dir: Path, report: OpenReport,
                 key: str | None = None, *, identity: tuple[int, int] | None = None) -> None:
        self.path = path
        self.engine = engine
        self.backup_dir = backup_dir
        self.report = report
        self.key = key
        self.sessionmaker: sessionmaker[Session] = make_sessionmaker(engine)
        self.write_sessionmaker: sessionmaker[Session] = make_sessionmaker(engine, write=True)
        # Once a write unit holds the write lock, make sure the file is still the one opened here.
        event.listen(self.write_sessionmaker, "after_begin",
                     lambda _session, _txn, _conn: self.check_same_file())
        # to notice a file replaced under us (a restore): taken before the first connection
        self._identity = identity if identity is not None else _file_identity(path)
        self.changes = 0  # committed transactions that changed rows, since open
        self._changes_at_backup = 0
        # whether the file differs from its last backup: worked out (a pass over every table) only
        # when first asked — the app's backup timer asks, a command of the command line never does
        self._dirty_at_open: bool | None = False if report.created else None
        event.listen(engine, "commit", self._on_commit)
        # the crash harness's chosen moments (no-ops unless a test arms them)
        event.listen(engine, "commit", lambda _conn: crashpoint("before_commit"))
        event.listen(self.write_sessionmaker, "after_commit", lambda _s: crashpoint("after_commit"))

    # ----------------------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: Path | str, *, backup_dir: Path | None = None, migrate_schema: bool = True,
             key: str | None = None, busy_timeout_s: float | None = None) -> Database:
        """Open (or create) a file. ``key`` encrypts a new file / unlocks an encrypted one; for
        an encrypted file without ``key`` the keyring, ``$PLANNER_PASSPHRASE`` and the
        registered prompt are tried (:mod:`planner.storage.files.encryption`). ``busy_timeout_s`` is
        how long a write waits for another program's write (the app: 10 s; a script may wait
        longer). A ``postgresql+psycopg://`` URL opens a plan on a server instead
        (:mod:`planner.storage.server.server`)."""
        from planner.storage.server.server import ServerDatabase, is_server_url

        if is_server_url(path):
            return ServerDatabase.open_url(str(path), migrate_schema=migrate_schema)
        path = Path(path)
        backup_dir = backup_dir or backup_dir_for(path)
        report = OpenReport(location_warning=storage_warning(path))
        if path.exists() and path.is_dir():
            raise StoreError(f"{path} is a folder, not a Mission Desk file")
        exists = path.exists() and path.stat().st_size > 0
        key = _unlock(path, key, exists)
        report.encrypted = key is not None
        if not exists:
            if not path.exists():
                try:
                    _create_private_file(path)
                except OSError as exc:
                    raise StoreError(f"Cannot create {path}: {exc.strerror}") from exc
            report.created = True
        else:
            _check_existing(path, backup_dir, key)
            if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
                raise SaveError(f"{path.name} (or its folder) is read-only: Mission Desk needs to write "
                                f"to it. Check its permissions, or copy it to a folder you can write to.")
        try:
            cls._migrate(path, backup_dir, key, report, migrate_schema)
            _set_application_id(path, key)
        except StoreError:
            raise
        except Exception as exc:
            message = describe_write_error(exc)
            if message is None:
                raise
            raise SaveError(f"Cannot open {path.name}: {message}") from exc
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
        identity = _file_identity(path)  # before any connection: a replacement is then noticed
        engine = make_engine(path, key=key, busy_timeout_ms=BUSY_TIMEOUT_MS if busy_timeout_s is None
                             else int(busy_timeout_s * 1000))
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1")
        except Exception:
            engine.dispose()
            raise
        return cls(path, engine, backup_dir, report, key, identity=identity)

    @staticmethod
    def _migrate(path: Path, backup_dir: Path, key: str | None, report: OpenReport,
                 migrate_schema: bool) -> None:
        current = migrate.current_revision(path, key=key)
        head = migrate.head_revision()
        if current is not None and current not in migrate.known_revisions():
            raise NewerSchemaError(
                f"{path.name} was written by a newer Mission Desk (schema {current}); update the app")
        if current == head:
            return
        if not migrate_schema:
            raise StoreError(f"{path.name} needs an upgrade from schema {current} to {head}")
        report.migrated_from, report.migrated_to = current, head
        pre = None
        if current is not None:
            pre = backup.backup_database(
                path, backup.unique_backup_path(backup_dir, f"pre-{current}-to-{head}"), key=key)
            report.backups.append(pre)
        try:
            migrate.run_upgrade(path, key=key)
        except Exception as exc:
            if pre is None:
                raise
            backup.restore_file(pre, path, key=key)
            raise StoreError(f"Upgrading {path.name} failed and the file was restored "
                             f"from the backup taken before ({pre.name}): {exc}") from exc

    @property
    def name(self) -> str:
        """What to call this plan in messages: the file's name (a server: its URL, no password)."""
        return self.path.name

    @property
    def target(self) -> str:
        """What ``--db`` takes to open this plan again: the file's path, or the server's URL."""
        return str(self.path)

    # ----------------------------------------------------------------------------- sessions
    def session(self) -> Session:
        """A session for reading (its transactions begin deferred: they never block a writer)."""
        return self.sessionmaker()

    def write_session(self) -> Session:
        """A session whose transactions take the write lock at once (``BEGIN IMMEDIATE``),
        waiting on the busy timeout while another program writes."""
        return self.write_sessionmaker()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits when the block ends and rolls back on any error.

        Disk trouble (full, read-only, I/O error, locked) raises :class:`SaveError` with a
        message for the user; the transaction is rolled back, so the file is unchanged.
        """
        try:
            with self.write_sessionmaker() as session, session.begin():
                session.connection()  # BEGIN IMMEDIATE now (and the same-file check, below)
                yield session
        except StaleDataError as exc:  # someone saved the row after this session read it
            raise stale_edit_error(exc) from exc

    def check_same_file(self) -> None:
        """Refuse to write to a file that another program replaced (a restore) since it was
        opened here: the write would go to the old, unlinked file and be lost. The caller
        reopens the file."""
        if _file_identity(self.path) != self._identity:
            raise FileReplacedError(
                f"{self.path.name} was replaced by another program (a restore) since it was opened "
                "here: this change was not saved. Open the file again to see it as it is now.")

    # ----------------------------------------------------------------------------- changes
    def data_version_probe(self) -> DataVersionProbe:
        """A probe of the file's change counter (see :class:`DataVersionProbe`); read-only."""
        return DataVersionProbe(connect_raw(self.path, key=self.key, timeout=1.0))

    def _on_commit(self, conn: Any) -> None:
        with contextlib.suppress(Exception):
            dbapi = conn.connection.dbapi_connection
            total = int(dbapi.total_changes)
            seen = int(conn.connection.info.get("md_changes_seen", 0))
            if total > seen:
                conn.connection.info["md_changes_seen"] = total
                self.changes += 1

    @property
    def changed_since_backup(self) -> bool:
        """Whether data changed since the last backup of this file (or, at open, the file is
        newer than its newest backup)."""
        if self.changes > self._changes_at_backup:
            return True
        if self._dirty_at_open is None:
            self._dirty_at_open = False
            with contextlib.suppress(Exception):
                self._dirty_at_open = (not backup.list_backups(self.backup_dir)
                                       or backup.read_fingerprint(self.backup_dir) != self.fingerprint())
        return self._dirty_at_open

    def mark_backed_up(self) -> None:
        self._changes_at_backup = self.changes
        self._dirty_at_open = False

    # ----------------------------------------------------------------------------- safety
    def checkpoint(self) -> bool:
        """``wal_checkpoint(TRUNCATE)``: the .db alone holds everything and the -wal is empty.
        False when a reader kept it from completing."""
        with self.engine.connect() as conn:
            row = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return row is not None and int(row[0]) == 0

    def verify(self, *, quick: bool = False) -> list[str]:
        """Problems found by ``integrity_check`` + ``foreign_key_check`` (or ``quick_check``)."""
        return backup.integrity_problems(self.path, quick=quick, key=self.key)

    def backup(self, dest: Path | None = None, *, kind: str = "manual") -> Path:
        """A verified copy through the backup API, to ``dest`` or a new name in ``backup_dir``."""
        target = dest or backup.unique_backup_path(self.backup_dir, kind)
        changes = self.changes
        fingerprint = self.fingerprint()
        result = backup.backup_database(self.path, target, key=self.key)
        if dest is None or dest.parent == self.backup_dir:
            self._changes_at_backup = changes
            self._dirty_at_open = False
            with contextlib.suppress(OSError):
                backup.write_fingerprint(self.backup_dir, fingerprint)
        return result

    def fingerprint(self) -> str:
        """A digest of every table's row count, highest rowid and latest ``updated_at``: tells,
        across sessions, whether the data changed since the last backup."""
        return backup.fingerprint(self.path, key=self.key)

    def checkpoint_passive(self) -> None:
        """Copy what the WAL holds into the file without waiting for or blocking anyone."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")

    def close(self) -> None:
        """Release the file. Only a passive checkpoint here: another program (the app, the
        command line, a sync) may have the file open, and a TRUNCATE checkpoint would make its
        writes wait or fail. When the last connection to the file closes, SQLite itself
        checkpoints the WAL and removes it, so the .db alone then holds everything."""
        with contextlib.suppress(Exception):
            self.checkpoint_passive()
        with contextlib.suppress(Exception):
            event.remove(self.engine, "commit", self._on_commit)
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

