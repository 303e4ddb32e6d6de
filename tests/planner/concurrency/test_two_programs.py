"""Two programs, one file: the app's Database and the command line (separate processes) work
on one file at once. A write waits for another program's write, never fails because someone
read; a restore refuses while the file is open elsewhere; a replaced file is noticed."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from planner.cli import main
from planner.services.events.events import add_event
from planner.services.people.people import add_person
from planner.storage.database import Database, FileReplacedError
from planner.storage.models import Person

ROOT = Path(__file__).resolve().parents[3]


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _planner(db: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "planner", "--db", str(db), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(path: Path, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.02)


def _count(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count(Person.id))) or 0)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.db"
    with Database.open(path) as db, db.transaction() as s:
        add_event(s, code="bj-2027", name="BioJapan", start_date=date(2027, 10, 13),
                  end_date=date(2027, 10, 16), tz="Asia/Tokyo")
    return path


def test_a_reader_in_another_program_never_makes_a_write_fail(plan_file: Path, tmp_path: Path) -> None:
    ready = tmp_path / "reading"
    reader = _python("""
        import sys, time
        from pathlib import Path
        from sqlalchemy import text
        from planner.storage.database import Database
        db = Database.open(sys.argv[1])
        with db.session() as s:
            s.execute(text("SELECT count(*) FROM person")).all()  # a read transaction, held open
            Path(sys.argv[2]).touch()
            time.sleep(3)
            s.execute(text("SELECT count(*) FROM person")).all()
        db.close()
    """, str(plan_file), str(ready))
    _wait_for(ready)
    with Database.open(plan_file) as db:
        for i in range(20):
            with db.transaction() as s:
                add_person(s, given_name=f"P{i}", family_name="Writer")
        assert _count(db) == 20
    assert reader.wait(30) == 0, reader.stderr.read()


def test_a_write_waits_for_another_programs_write_then_succeeds(plan_file: Path,
                                                                tmp_path: Path) -> None:
    ready = tmp_path / "writing"
    writer = _python("""
        import sys, time
        from pathlib import Path
        from planner.storage.database import Database
        from planner.services.people.people import add_person
        db = Database.open(sys.argv[1])
        with db.transaction() as s:  # holds the write lock for 2 s
            add_person(s, given_name="Other", family_name="Program")
            Path(sys.argv[2]).touch()
            time.sleep(2)
        db.close()
    """, str(plan_file), str(ready))
    _wait_for(ready)
    with Database.open(plan_file) as db:
        started = time.monotonic()
        with db.transaction() as s:
            assert s.scalar(select(func.count(Person.id))) == 1  # it waited: it sees the commit
            add_person(s, given_name="This", family_name="Program")
        assert time.monotonic() - started > 0.5
        assert _count(db) == 2
    assert writer.wait(30) == 0, writer.stderr.read()


def test_a_unit_that_reads_then_writes_is_not_failed_by_a_write_in_between(plan_file: Path,
                                                                          tmp_path: Path) -> None:
    """With a deferred BEGIN this fails at once with SQLITE_BUSY (the snapshot went stale)."""
    with Database.open(plan_file) as db, db.transaction() as s:
        before = s.scalar(select(func.count(Person.id)))
        other = _planner(plan_file, "leads", "list", "--event", "bj-2027")  # a reader: fine
        assert other.wait(60) == 0, other.stderr.read()
        writer = _python("""
            import sys
            from planner.storage.database import Database
            from planner.services.people.people import add_person
            with Database.open(sys.argv[1]) as db, db.transaction() as s:
                add_person(s, given_name="Late", family_name="Writer")
        """, str(plan_file))
        time.sleep(0.5)  # the other writer is now waiting for this unit's lock
        add_person(s, given_name="First", family_name="Writer")
        assert before == 0
    assert writer.wait(60) == 0, writer.stderr.read()
    with Database.open(plan_file) as db:
        assert _count(db) == 2


def test_an_import_and_the_app_and_readers_at_once_lose_nothing(plan_file: Path,
                                                                tmp_path: Path) -> None:
    rows = ["Given name,Family name,Email,Organisation"]
    rows += [f"Given{i},Family{i},p{i}@import.example,Org {i % 50}" for i in range(6000)]
    csv = tmp_path / "people.csv"
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    importer = _planner(plan_file, "import", "people", str(csv), "--event", "bj-2027")
    readers = []
    with Database.open(plan_file) as db:
        for i in range(15):
            readers.append(_planner(plan_file, "events", "list", "--json"))
            with db.transaction() as s:
                add_person(s, given_name=f"App{i}", family_name="Edit")
        for proc in readers:
            assert proc.wait(120) == 0, proc.stderr.read()
        assert importer.wait(300) == 0, importer.stderr.read()
        assert _count(db) == 6000 + 15


def test_restore_refuses_while_another_program_has_the_file_open(plan_file: Path,
                                                                  tmp_path: Path,
                                                                  capsys) -> None:
    with Database.open(plan_file) as db:
        copy = db.backup(tmp_path / "copy.db")
        with db.transaction() as s:
            add_person(s, given_name="Kept", family_name="Edit")
        # the app has the file open (idle): the command line's restore is refused
        assert main(["--db", str(plan_file), "restore", str(copy)]) == 2
        err = capsys.readouterr().err
        assert "open in another program" in err and "Nothing was changed" in err
        with db.transaction() as s:  # the app goes on writing to the same file
            add_person(s, given_name="Later", family_name="Edit")
        assert _count(db) == 2
    assert main(["--db", str(plan_file), "restore", str(copy)]) == 0
    with Database.open(plan_file) as db:
        assert _count(db) == 0


def test_a_file_replaced_under_an_open_database_is_noticed_before_writing(plan_file: Path,
                                                                         tmp_path: Path) -> None:
    db = Database.open(plan_file)
    try:
        other = tmp_path / "other.db"
        db.backup(other)
        with db.transaction() as s:
            add_person(s, given_name="Before", family_name="Replace")
        os.replace(other, plan_file)  # what a restore racing with this program does …
        for side in ("-wal", "-shm"):  # … with the old file's write-ahead log gone with it
            Path(str(plan_file) + side).unlink(missing_ok=True)
        with pytest.raises(FileReplacedError), db.transaction() as s:
            add_person(s, given_name="Lost", family_name="Write")
    finally:
        db.engine.dispose()
    with Database.open(plan_file) as fresh:
        assert _count(fresh) == 0  # the replacement, untouched


@pytest.mark.parametrize("name", ["Mission #3.db", "Q&A?v=1.db", "p%41.db", "a b.db"])
def test_a_file_name_is_taken_literally(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    assert main(["--db", str(target), "events", "list"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert target.stat().st_mode & 0o777 == 0o600
    con = sqlite3.connect(target)
    assert con.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)
    con.close()
