"""Opening a file: pragmas on every connection (A1), explicit BEGIN (A2), damage on open (A3)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from planner.errors import StoreError
from planner.services.people.people import add_person
from planner.storage.database import CorruptDatabaseError, Database, NotMissionDeskFileError
from planner.storage.engine import APPLICATION_ID
from planner.storage.files import backup
from planner.storage.models import Person
from tests.planner.storage.helpers import count, damage_page, root_page


def _people(db: Database, n: int, prefix: str = "P") -> None:
    with db.transaction() as s:
        for i in range(n):
            add_person(s, given_name=f"{prefix}{i}", family_name="Test", email=f"{prefix.lower()}{i}@example.org")


def test_a1_pragmas_on_a_connection_checked_out_in_a_worker_thread(db: Database) -> None:
    seen: dict[str, object] = {}

    def work() -> None:
        with db.engine.connect() as conn:
            for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout",
                         "application_id", "secure_delete"):
                seen[name] = conn.exec_driver_sql(f"PRAGMA {name}").scalar()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert seen == {"foreign_keys": 1, "journal_mode": "wal", "synchronous": 2,
                    "busy_timeout": 10_000, "application_id": APPLICATION_ID, "secure_delete": 1}


def test_a2_rollback_undoes_rows_of_released_savepoints(db: Database) -> None:
    session = db.session()
    session.begin()
    refused: list[int] = []
    for i in range(4):
        nested = session.begin_nested()
        try:
            email = "dup@example.org" if i in (1, 2) else f"r{i}@example.org"
            uuid = "same-uuid" if i in (2, 3) else None
            person = Person(given_name=f"R{i}", family_name="Row", email=email, **({"uuid": uuid} if uuid else {}))
            session.add(person)
            session.flush()
            nested.commit()
        except IntegrityError:  # only the duplicate uuid is refused; anything else fails the test
            nested.rollback()
            refused.append(i)
    assert refused == [3]  # rows 0–2 were written through released savepoints
    session.rollback()  # the user pressed Cancel
    session.close()
    with db.session() as s:
        assert s.scalar(select(Person.id).limit(1)) is None


def test_a3_damaged_page_is_detected_copied_aside_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "mission.db"
    db = Database.open(path)
    _people(db, 300)
    good = db.backup(kind="auto")
    _people(db, 5, prefix="Late")
    db.close()
    damage_page(path, root_page(path, "person"))
    damaged = path.read_bytes()
    with pytest.raises(CorruptDatabaseError) as info:
        Database.open(path)
    err = info.value
    assert path.read_bytes() == damaged  # not a byte written
    assert err.aside is not None and err.aside.read_bytes() == damaged
    assert err.aside.name.startswith("mission.db.corrupt-")
    assert err.good_backup == good
    assert "restore" in str(err) and good.name in str(err)
    assert err.problems


def test_a3_newest_good_backup_skips_a_damaged_backup(tmp_path: Path) -> None:
    path = tmp_path / "mission.db"
    db = Database.open(path)
    _people(db, 200)
    older = db.backup(kind="auto")
    newer = db.backup(kind="auto")
    db.close()
    damage_page(newer, root_page(newer, "person"))
    assert backup.integrity_problems(newer)
    assert backup.newest_good_backup(db.backup_dir) == older


def test_files_of_other_kinds_are_refused_untouched(tmp_path: Path) -> None:
    text_file = tmp_path / "notes.db"
    text_file.write_text("not a database at all, just some notes\n")
    with pytest.raises(NotMissionDeskFileError):
        Database.open(text_file)
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE songs (title TEXT)")
    con.commit()
    con.close()
    before = other.read_bytes()
    with pytest.raises(NotMissionDeskFileError):
        Database.open(other)
    assert other.read_bytes() == before
    with pytest.raises(StoreError):
        Database.open(tmp_path)


def test_a5_clean_close_leaves_everything_in_the_db_file(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = Database.open(path)
    _people(db, 50)
    db.close()
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    alone = tmp_path / "copy" / "a.db"
    alone.parent.mkdir()
    alone.write_bytes(path.read_bytes())
    assert count(alone, "person") == 50


def test_verify_reports_foreign_key_problems(db: Database) -> None:
    _people(db, 2)
    assert db.verify() == []
    with db.engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
    raw = sqlite3.connect(db.path, isolation_level=None)
    raw.execute("INSERT INTO delegate (uuid, delegation_id, person_id, role, arrival_flight, departure_flight,"
                " hotel, dietary, access_needs, interpreter_language, emergency_contact, notes, created_at,"
                " updated_at) VALUES ('x', 999, 1, 'delegate', '', '', '', '', '', '', '', '', '2026-01-01',"
                " '2026-01-01')")
    raw.close()
    problems = db.verify()
    assert any(p.startswith("foreign key") for p in problems)
    with db.session() as s:
        assert s.execute(text("SELECT count(*) FROM delegate")).scalar() == 1
