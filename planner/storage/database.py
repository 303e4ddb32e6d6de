"""Opening a Mission Desk file safely: check, back up, migrate, then hand out sessions."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session, sessionmaker

from planner.errors import StoreError
from planner.paths import backup_dir_for, make_private_dir
from planner.storage import backup, migrate
from planner.storage.engine import APPLICATION_ID, make_engine, make_sessionmaker

SQLITE_HEADER = b"SQLite format 3\x00"


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
    """What happened while opening: created, migrated (from → to), backups taken."""

    created: bool = False
    migrated_from: str | None = None
    migrated_to: str | None = None
    backups: list[Path] = field(default_factory=list)


def _create_private_file(path: Path) -> None:
    make_private_dir(path.parent) if not path.parent.exists() else None
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def newest_good_backup(backup_dir: Path) -> Path | None:
    if not backup_dir.is_dir():
        return None
    candidates = sorted(backup_dir.glob("*.db"), key=lambda p: p.stat().st_mtime, reverse=True)
    for candidate in candidates:
        if not backup.integrity_problems(candidate):
            return candidate
    return None


def _check_existing(path: Path, backup_dir: Path) -> None:
    with path.open("rb") as fh:
        header = fh.read(100)
    if header[:16] != SQLITE_HEADER:
        raise NotMissionDeskFileError(f"{path.name} is not a Mission Desk file (not an SQLite database)")
    app_id = int.from_bytes(header[68:72], "big")
    problems = backup.integrity_problems(path, quick=True)
    if problems:
        aside = path.with_name(f"{path.name}.corrupt-{backup.timestamp()}")
        try:
            shutil.copy2(path, aside)
            for suffix in ("-wal", "-shm"):
                side = Path(str(path) + suffix)
                if side.exists():
                    shutil.copy2(side, Path(str(aside) + suffix))
        except OSError:
            aside = None  # type: ignore[assignment]
        raise CorruptDatabaseError(path, aside, problems, newest_good_backup(backup_dir))
    if app_id not in (0, APPLICATION_ID):
        raise NotMissionDeskFileError(f"{path.name} belongs to another application (id {app_id:#x})")
    if app_id == 0:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
        if tables and "alembic_version" not in tables:
            raise NotMissionDeskFileError(f"{path.name} is an SQLite file of another application")


def _set_application_id(path: Path) -> None:
    con = sqlite3.connect(str(path))
    try:
        if con.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.commit()
    finally:
        con.close()


class Database:
    """One open Mission Desk file. Build it with :meth:`open`; close it with :meth:`close`."""

    def __init__(self, path: Path, engine: Engine, backup_dir: Path, report: OpenReport) -> None:
        self.path = path
        self.engine = engine
        self.backup_dir = backup_dir
        self.report = report
        self.sessionmaker: sessionmaker[Session] = make_sessionmaker(engine)

    @classmethod
    def open(cls, path: Path | str, *, backup_dir: Path | None = None, migrate_schema: bool = True) -> Database:
        path = Path(path)
        backup_dir = backup_dir or backup_dir_for(path)
        report = OpenReport()
        if path.exists() and path.is_dir():
            raise StoreError(f"{path} is a folder, not a Mission Desk file")
        if not path.exists() or path.stat().st_size == 0:
            if not path.exists():
                try:
                    _create_private_file(path)
                except OSError as exc:
                    raise StoreError(f"Cannot create {path}: {exc.strerror}") from exc
            report.created = True
        else:
            _check_existing(path, backup_dir)
        current = migrate.current_revision(path)
        head = migrate.head_revision()
        if current is not None and current not in migrate.known_revisions():
            raise NewerSchemaError(
                f"{path.name} was written by a newer Mission Desk (schema {current}); update the app")
        if current != head:
            if not migrate_schema:
                raise StoreError(f"{path.name} needs an upgrade from schema {current} to {head}")
            report.migrated_from, report.migrated_to = current, head
            pre = None
            if current is not None:
                pre = backup.backup_database(path, backup_dir / f"pre-{current}-to-{head}-{backup.timestamp()}.db")
                report.backups.append(pre)
            try:
                migrate.run_upgrade(path)
            except Exception as exc:
                if pre is not None:
                    backup.restore_file(pre, path)
                    raise StoreError(f"Upgrading {path.name} failed and the file was restored "
                                     f"from the backup taken before: {exc}") from exc
                raise
        _set_application_id(path)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
        engine = make_engine(path)
        return cls(path, engine, backup_dir, report)

    def session(self) -> Session:
        return self.sessionmaker()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits when the block ends and rolls back on any error."""
        with self.sessionmaker() as session, session.begin():
            yield session

    def close(self) -> None:
        """Checkpoint the WAL so the .db file alone holds everything, then release it."""
        try:
            with self.engine.connect() as conn:
                conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        except Exception:
            pass
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
