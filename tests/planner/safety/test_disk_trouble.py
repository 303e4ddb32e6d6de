"""Disk trouble during a save: a full disk, a file-size limit, a read-only file.

Each gives the user a clear message (:class:`SaveError`, a :class:`StoreError`) and leaves
the file as it was: the integrity check passes and the failed change is entirely absent. The
saves are the app's own: the people import, and a person edit as the person editor saves it.
"""

from __future__ import annotations

import os
import resource
import signal
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from planner.errors import StoreError
from planner.imports.service import apply_import
from planner.services.events.events import add_event
from planner.services.people.people import add_person
from planner.storage.database import Database, SaveError
from planner.storage.files.backup import integrity_problems
from planner.storage.models import Person
from tests.planner.safety.person_editor import open_editors, save_edit
from tests.planner.storage.helpers import count


def _people(db: Database) -> int:
    with db.session() as s:
        return int(s.scalar(select(func.count()).select_from(Person)) or 0)


def _import_file(folder: Path, n: int = 3000) -> Path:
    """A registration list of ``n`` people in the generic template (see docs/cli.md)."""
    path = folder / "delegates.csv"
    lines = ["Given name,Family name,Email,Organisation,Notes"]
    lines += [f"Bulk{i},Import,bulk{i}@example.org,Org {i % 50},{'x' * 400}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _big_import(db: Database, path: Path | None = None) -> None:
    """The people import a user runs, not a loop of add_person calls: what fills the disk is
    the real import's writes (the file to import is written first, when given)."""
    path = path or _import_file(db.path.parent)
    with db.transaction() as s:
        apply_import(s, path, "people", "disk-2026")


def _seed(tmp_path: Path) -> Database:
    db = Database.open(tmp_path / "m.db")
    with db.transaction() as s:
        add_event(s, code="disk-2026", name="Mission", start_date=date(2026, 10, 13),
                  end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        for i in range(20):
            add_person(s, given_name=f"Seed{i}", family_name="Person")
    return db


def _on_every_connection(db: Database, sql: str) -> None:
    event.listen(db.engine, "connect", lambda con, _rec: con.execute(sql))
    db.engine.dispose()  # new connections get it


def test_full_disk_says_so_and_changes_nothing(tmp_path: Path) -> None:
    db = _seed(tmp_path)
    with db.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    _on_every_connection(db, f"PRAGMA max_page_count = {int(pages) + 3}")  # the disk is nearly full
    with pytest.raises(SaveError, match="disk is full") as info:
        _big_import(db)
    assert isinstance(info.value, StoreError)
    assert "Traceback" not in str(info.value)
    assert _people(db) == 20
    assert db.verify() == []
    db.close()
    assert count(db.path, "person") == 20


def test_read_only_file_says_so_and_changes_nothing(tmp_path: Path) -> None:
    db = _seed(tmp_path)
    _on_every_connection(db, "PRAGMA query_only = ON")  # what SQLite reports for a read-only file
    with pytest.raises(SaveError, match="read-only"):
        _big_import(db, _import_file(tmp_path, 10))
    assert _people(db) == 20 and db.verify() == []
    db.close()


@pytest.mark.parametrize(("trouble", "message"), [("full", "disk is full"), ("read-only", "read-only")])
def test_an_edit_meeting_disk_trouble_says_so_and_keeps_the_previous_values(tmp_path: Path, trouble: str,
                                                                            message: str) -> None:
    """A user edits a person (the person editor's save: version check, validation, an undoable
    edit) when the disk is full or the file has become read-only since the editor opened."""
    db = _seed(tmp_path)
    with db.session() as s:
        person_id = s.scalars(select(Person.id).where(Person.given_name == "Seed0")).one()
    shown = open_editors(db, [person_id])[person_id]  # the editor is open on the person
    if trouble == "full":
        with db.engine.connect() as conn:
            pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
        _on_every_connection(db, f"PRAGMA max_page_count = {int(pages)}")  # not one page left
    else:
        _on_every_connection(db, "PRAGMA query_only = ON")
    notes = "\n".join(f"Meeting {i}: discussed the assay licence and the visit to Kobe." for i in range(250))
    edited = {**shown, "job_title": "Head of Delegation", "notes": notes}  # the notes need new pages
    with pytest.raises(SaveError, match=message) as info:
        save_edit(db, "Edit Seed0 Person", {person_id: edited})
    assert isinstance(info.value, StoreError)
    assert "not saved" in str(info.value) and "Traceback" not in str(info.value)
    assert open_editors(db, [person_id])[person_id] == shown  # every field, and the version
    assert _people(db) == 20 and db.verify() == []
    db.close()
    assert integrity_problems(db.path) == []


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root ignores file permissions; the query_only test covers the message")
def test_read_only_permissions_refuse_to_open_with_a_message(tmp_path: Path) -> None:
    db = _seed(tmp_path)
    db.close()
    before = db.path.read_bytes()
    os.chmod(db.path, 0o400)
    try:
        with pytest.raises(SaveError, match="read-only"):
            Database.open(db.path)
    finally:
        os.chmod(db.path, 0o600)
    assert db.path.read_bytes() == before


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and setrlimit")
def test_file_size_limit_during_a_save_is_an_io_error_without_damage(tmp_path: Path) -> None:
    """A real write failure from the OS (EFBIG through RLIMIT_FSIZE, as a full disk would give)."""
    db = _seed(tmp_path)
    path = db.path
    db.close()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        message = b"no error"
        try:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            child = Database.open(path)
            source = _import_file(path.parent)  # the user's file exists before the save starts
            limit = max(p.stat().st_size for p in path.parent.glob("m.db*")) + 32 * 1024
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
            try:
                _big_import(child, source)
            except SaveError as exc:
                message = b"SaveError: " + str(exc).encode()
            except BaseException as exc:  # report anything else to the parent
                message = f"{type(exc).__name__}: {exc}".encode()
        finally:
            os.write(write_fd, message)
            os._exit(0)
    os.close(write_fd)
    os.waitpid(pid, 0)
    message = os.read(read_fd, 10_000).decode()
    os.close(read_fd)
    assert message.startswith("SaveError: "), message
    assert "not saved" in message
    assert integrity_problems(path) == []
    reopened = Database.open(path)
    assert _people(reopened) == 20 and reopened.verify() == []
    reopened.close()
