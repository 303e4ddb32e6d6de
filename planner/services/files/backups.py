"""Backups, restore and the integrity check, as the GUI and the CLI call them.

* :func:`maybe_backup` — the GUI calls it on a timer and when closing: it backs up only when
  data changed since the last backup and the newest automatic backup is at least
  :data:`BACKUP_INTERVAL` old (on close, whenever data changed), then rotates.
* :func:`backup_now` — "Back up now…" / ``planner backup``.
* :func:`restore_backup` — works on a *closed* file (it may be damaged and unopenable): keeps
  the current file as a ``pre-restore-…`` backup first, then puts the chosen backup in place.
  :func:`restore_open_database` does the same for the file open in the GUI and reopens it.
* :func:`verify` — the full ``integrity_check`` + ``foreign_key_check`` ("Check file…").
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from planner.errors import StoreError
from planner.paths import backup_dir_for, make_private_dir
from planner.storage import migrate
from planner.storage.database import Database
from planner.storage.files import backup, encryption
from planner.storage.files.backup import BackupInfo
from planner.storage.models import AuditEntry

BACKUP_INTERVAL = timedelta(minutes=30)


@dataclass(frozen=True)
class VerifyReport:
    path: Path
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class RestoreReport:
    restored_from: Path
    kept_current_as: Path | None  # the file as it was before, None when there was none


def maybe_backup(db: Database, *, closing: bool = False, now: datetime | None = None) -> Path | None:
    """Back up when due (see module doc); returns the new backup or None. Never raises for a
    failed automatic backup's *reason* silently: a :class:`StoreError` says why."""
    if not db.changed_since_backup:
        return None
    now = now or datetime.now()
    autos = [b for b in backup.list_backups(db.backup_dir) if b.kind == "auto"]
    if not closing and autos and now - autos[0].taken < BACKUP_INTERVAL:
        return None
    made = db.backup(kind="auto")
    backup.rotate(db.backup_dir)
    return made


def backup_now(db: Database, dest: Path | None = None) -> Path:
    """A verified copy through the backup API: to ``dest`` (a file, or a folder to put it in) or
    to a new ``manual-…`` backup beside the automatic ones."""
    if dest is not None:
        dest = Path(dest).expanduser()
        if dest.is_dir():
            dest = dest / f"{db.path.stem}-{backup.timestamp()}.db"
        if dest.resolve() == db.path.resolve():
            raise StoreError("Choose another file: a backup cannot replace the file itself")
    return db.backup(dest, kind="manual")


def list_backups(db_or_path: Database | Path) -> list[BackupInfo]:
    folder = db_or_path.backup_dir if isinstance(db_or_path, Database) else backup_dir_for(db_or_path)
    return backup.list_backups(folder)


def verify(db: Database) -> VerifyReport:
    return VerifyReport(db.path, db.verify())


def verify_path(path: Path, *, key: str | None = None) -> VerifyReport:
    """The full check of a file that is not open (and maybe cannot be opened); never writes."""
    if not path.is_file():
        raise StoreError(f"{path} does not exist")
    if key is None and encryption.looks_encrypted(path):
        key = encryption.obtain_key(path)
        if key is None:
            raise StoreError(f"{path.name} is encrypted: a passphrase is needed to check it")
        encryption.check_key(path, key)
    return VerifyReport(path, backup.integrity_problems(path, key=key))


def _keep_current(path: Path, folder: Path, key: str | None) -> Path | None:
    if not path.exists() or path.stat().st_size == 0:
        return None
    make_private_dir(folder)
    dest = backup.unique_backup_path(folder, "pre-restore")
    if not backup.integrity_problems(path, quick=True, key=key):
        return backup.backup_database(path, dest, key=key)
    # A damaged file cannot go through the backup API: keep its bytes (and its -wal) as they are.
    shutil.copy2(path, dest)
    for side in ("-wal", "-shm"):
        extra = Path(str(path) + side)
        if extra.exists():
            shutil.copy2(extra, Path(str(dest) + side))
    with contextlib.suppress(OSError):
        os.chmod(dest, 0o600)
    return dest


def restore_backup(path: Path, source: Path, *, backup_dir: Path | None = None,
                   key: str | None = None, allow_plaintext: bool = False) -> RestoreReport:
    """Replace the (closed) file ``path`` by the backup ``source``; the current file is kept
    as a ``pre-restore-…`` backup first. The restored file is checked; an audit entry notes the
    restore (the next open migrates it if the backup is from an older version)."""
    source = Path(source).expanduser()
    if not source.is_file():
        raise StoreError(f"{source} does not exist")
    if path.exists() and source.resolve() == path.resolve():
        raise StoreError("That is the file itself, not a backup of it")
    # Every check happens before anything is replaced: encryption, damage, version.
    target_encrypted = key is not None or (path.exists() and encryption.looks_encrypted(path))
    source_encrypted = encryption.looks_encrypted(source)
    if target_encrypted and not source_encrypted and not allow_plaintext:
        raise StoreError(f"{source.name} is not encrypted but {path.name} is: restoring it would leave "
                         "your file unencrypted. Nothing was changed. To do it anyway, restore with "
                         "--allow-plaintext, then encrypt the file again.")
    if key is None and (target_encrypted or source_encrypted):
        key = encryption.obtain_key(path) or (encryption.obtain_key(source) if source_encrypted else None)
        if key is None:
            raise StoreError(f"{(source if source_encrypted else path).name} is encrypted: a passphrase "
                             "is needed to restore it")
    source_key = key if source_encrypted else None
    if source_key is not None:
        encryption.check_key(source, source_key)
    problems = backup.integrity_problems(source, key=source_key)
    if problems:
        raise StoreError(f"{source.name} is damaged ({problems[0]}); choose another backup")
    revision = migrate.current_revision(source, key=source_key)
    if revision is not None and revision not in migrate.revision_graph():
        raise StoreError(f"{source.name} was made by a newer version of Mission Desk (schema {revision}): "
                         "update Mission Desk before restoring it. Nothing was changed.")
    folder = backup_dir or backup_dir_for(path)
    if path.exists() and path.stat().st_size:
        # refuse now, before keeping a copy, while another program has the file open
        backup.refuse_if_in_use(path, key=key)
    kept = _keep_current(path, folder, key)
    backup.restore_file(source, path, key=source_key, target_key=key)
    db = Database.open(path, backup_dir=folder, key=source_key)
    try:
        with db.transaction() as session:
            session.add(AuditEntry(action="restore", detail=json.dumps(
                {"from": source.name, "kept_previous_as": kept.name if kept else None})))
        db.mark_backed_up()  # the restored state is a backup already; don't rotate good ones away
    finally:
        db.close()
    return RestoreReport(source, kept)


def restore_open_database(db: Database, source: Path) -> tuple[Database, RestoreReport]:
    """Restore over the file open in the GUI: close it, restore, reopen. The caller must drop
    every session, model and undo step of the old ``db``."""
    path, folder, key = db.path, db.backup_dir, db.key
    db.close()
    report = restore_backup(path, source, backup_dir=folder, key=key)
    return Database.open(path, backup_dir=folder, key=key), report
