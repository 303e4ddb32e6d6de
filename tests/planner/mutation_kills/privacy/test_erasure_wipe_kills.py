"""How the erasure's wipe (VACUUM and TRUNCATE checkpoint) reports trouble (issue 21).

planner/services/personal_data/privacy.py ``_vacuum_and_checkpoint``: another program writing
to the file is "in use" (run again later), a full disk says so, anything else is not hidden."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from planner.errors import StoreError
from planner.services.personal_data import privacy
from planner.storage.database import Database, SaveError
from planner.storage.engine import connect_raw

IN_USE = ("Another window or program is using the file: close it and run the erasure again "
          "(by e-mail, id or name) so the old copies of the data can be wiped")


class _Failing:
    """A real connection to the file whose ``VACUUM`` fails as SQLite would say ``error``."""

    def __init__(self, con: Any, error: Exception) -> None:
        self.con, self.error = con, error

    def execute(self, sql: str) -> Any:
        if sql.strip().upper() == "VACUUM":
            raise self.error
        return self.con.execute(sql)

    def close(self) -> None:
        self.con.close()


def _vacuum_fails_with(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def opened(path: Path, **kw: Any) -> _Failing:
        return _Failing(connect_raw(path, **kw), error)

    monkeypatch.setattr(privacy, "connect_raw", opened)


def test_the_wipe_opens_the_file_with_its_key_and_waits_for_readers_as_long_as_the_checkpoint_may(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An encrypted plan is opened with its key; a reader gets CHECKPOINT_WAIT_S to finish."""
    seen: list[dict[str, Any]] = []

    def opened(path: Path, **kw: Any) -> Any:
        seen.append({"path": path, **kw})
        return sqlite3.connect(path, isolation_level=None)

    monkeypatch.setattr(privacy, "connect_raw", opened)
    path = tmp_path / "plan.db"
    privacy._vacuum_and_checkpoint(SimpleNamespace(path=path, key="s3cret"))
    assert seen == [{"path": path, "key": "s3cret", "timeout": privacy.CHECKPOINT_WAIT_S}]


def test_another_program_writing_during_the_wipe_is_named_and_the_erasure_must_be_run_again(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(privacy, "CHECKPOINT_WAIT_S", 0.05)
    writer = sqlite3.connect(db.path, isolation_level=None, timeout=0.05)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock: VACUUM says "database is locked"
    try:
        with pytest.raises(StoreError) as caught:
            privacy._vacuum_and_checkpoint(db)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert str(caught.value) == IN_USE
    assert not isinstance(caught.value, SaveError)


def test_a_busy_file_during_the_wipe_is_named_as_in_use(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _vacuum_fails_with(monkeypatch, sqlite3.OperationalError("database is BUSY"))
    with pytest.raises(StoreError) as caught:
        privacy._vacuum_and_checkpoint(db)
    assert str(caught.value) == IN_USE


def test_a_locked_file_during_the_wipe_is_named_as_in_use(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    _vacuum_fails_with(monkeypatch, sqlite3.OperationalError("database table is LOCKED"))
    with pytest.raises(StoreError) as caught:
        privacy._vacuum_and_checkpoint(db)
    assert str(caught.value) == IN_USE


def test_a_full_disk_during_the_wipe_says_the_erasure_was_saved_and_how_to_finish_it(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    error = sqlite3.OperationalError("database or disk is full")
    _vacuum_fails_with(monkeypatch, error)
    with pytest.raises(SaveError) as caught:
        privacy._vacuum_and_checkpoint(db)
    assert str(caught.value) == (
        "The erasure was saved, but wiping the old copies of the data failed (database or disk is full): "
        "free some disk space or close other programs, then run the erasure again to finish")
    assert caught.value.__cause__ is error


def test_any_other_failure_of_the_wipe_is_raised_as_it_is(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    error = sqlite3.DatabaseError("database disk image is malformed")
    _vacuum_fails_with(monkeypatch, error)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        privacy._vacuum_and_checkpoint(db)
    assert caught.value is error
