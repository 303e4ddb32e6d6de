"""A crash leaves a hot rollback journal or an unchecked WAL: that is not damage."""

from __future__ import annotations

import os
import signal
import sqlite3
from pathlib import Path

import pytest

from planner.services.people.people import add_person
from planner.storage.database import Database
from planner.storage.files import backup
from tests.planner.storage.helpers import count

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _crash_mid_transaction(path: Path, journal_mode: str) -> None:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            con = sqlite3.connect(path, isolation_level=None)
            con.execute(f"PRAGMA journal_mode = {journal_mode}")
            con.execute("PRAGMA cache_size = 2")  # spill pages to the file mid-transaction
            con.execute("PRAGMA wal_autocheckpoint = 0")
            con.execute("BEGIN")
            con.execute("UPDATE person SET notes = hex(randomblob(300))")
            os.write(write_fd, b"x")
            os.read(read_fd, 1)  # wait to be killed
        finally:
            os._exit(0)
    os.close(write_fd)
    os.read(read_fd, 1)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(read_fd)


@pytest.mark.parametrize("mode, log", [("DELETE", "-journal"), ("WAL", "-wal")])
def test_hot_log_after_a_crash_is_recovered_not_called_damage(tmp_path: Path, mode: str, log: str) -> None:
    path = tmp_path / "m.db"
    db = Database.open(path)
    with db.transaction() as s:
        for i in range(300):
            add_person(s, given_name=f"P{i}", family_name="X", notes="before")
    db.close()
    _crash_mid_transaction(path, mode)
    assert Path(str(path) + log).exists()
    assert backup.integrity_problems(path, quick=True) == []
    assert backup.integrity_problems(path) == []
    reopened = Database.open(path)
    with reopened.session() as s:
        from sqlalchemy import text
        assert s.execute(text("SELECT count(*) FROM person WHERE notes = 'before'")).scalar() == 300
    reopened.close()
    assert count(path, "person") == 300
