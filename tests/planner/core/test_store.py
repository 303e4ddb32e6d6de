"""The local file: connection settings, transactions, permissions, refusing foreign files."""

from __future__ import annotations

import os
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from planner.errors import StoreError
from planner.storage.database import Database, NewerSchemaError, NotMissionDeskFileError
from planner.storage.engine import APPLICATION_ID
from planner.storage.models import Organisation


def test_every_connection_has_the_safety_pragmas_even_in_a_worker_thread(db: Database) -> None:
    seen: dict[str, object] = {}

    def worker() -> None:
        with db.engine.connect() as conn:
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout", "application_id",
                         "secure_delete"):
                seen[name] = conn.execute(text(f"PRAGMA {name}")).scalar()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == {"foreign_keys": 1, "journal_mode": "wal", "synchronous": 2, "busy_timeout": 10000,
                    "application_id": APPLICATION_ID, "secure_delete": 1}


def test_rollback_undoes_rows_written_through_released_savepoints(db: Database) -> None:
    """Requirement A2: per-row savepoints, one failure, then the whole import is cancelled."""
    with db.session() as session:
        session.begin()
        refused: list[int] = []
        for i in range(4):
            try:
                with session.begin_nested():
                    session.add(Organisation(name=f"Org {i}", name_key=f"org{i}", uuid="dup" if i >= 2 else f"u{i}"))
                    session.flush()
            except IntegrityError:  # only the second "dup" is refused; anything else fails the test
                refused.append(i)
        assert refused == [3]  # rows 0-2 were written through released savepoints
        assert session.scalar(select(func.count()).select_from(Organisation)) == 3
        session.rollback()  # the whole import is cancelled
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_new_file_is_private_to_its_owner(tmp_path: Path) -> None:
    path = tmp_path / "private.db"
    Database.open(path).close()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_clean_close_leaves_everything_in_the_db_file(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = Database.open(path)
    with db.transaction() as session:
        session.add(Organisation(name="Kept", name_key="kept"))
    db.close()
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    copy = tmp_path / "copy.db"
    copy.write_bytes(path.read_bytes())
    con = sqlite3.connect(copy)
    assert con.execute("SELECT name FROM organisation").fetchall() == [("Kept",)]
    con.close()


def test_refuses_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("hello, this is not a database\n" * 10)
    with pytest.raises(NotMissionDeskFileError):
        Database.open(path)
    assert path.read_text().startswith("hello")


def test_refuses_another_applications_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE songs (title TEXT)")
    con.commit()
    con.close()
    with pytest.raises(NotMissionDeskFileError):
        Database.open(path)


def test_refuses_a_file_from_a_newer_version(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Database.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(NewerSchemaError):
        Database.open(path)


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Database.open(tmp_path)
