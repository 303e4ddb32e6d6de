"""Opening a file does not read every table to compare it with its last backup (issue 20).

The fingerprint (every table's row count, highest id and latest change) is only for the app's
automatic backups, which ask ``changed_since_backup``; a command of the command line never asks,
so it must not pay for it at open — about 0.13 s on a ``demo --scale 100`` file. What must not
break: a file changed since its last backup is still seen as changed when the app asks, even when
the change was made by another program before or after the open.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from planner.services.events.events import add_event
from planner.storage.database import Database
from planner.storage.files import backup


def _count_fingerprints(monkeypatch):
    calls = []
    real = backup.fingerprint
    monkeypatch.setattr(backup, "fingerprint", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    return calls


def _new_file(tmp_path):
    db = Database.open(tmp_path / "plan.db")
    with db.transaction() as s:
        add_event(s, code="biojapan-2026", name="BioJapan 2026", start_date=date(2026, 10, 14),
                  end_date=date(2026, 10, 16), tz="Asia/Tokyo", home_tz="Europe/London")
    db.backup(kind="auto")
    db.close()
    return tmp_path / "plan.db"


def test_opening_a_file_reads_no_fingerprint(tmp_path, monkeypatch):
    path = _new_file(tmp_path)
    calls = _count_fingerprints(monkeypatch)
    db = Database.open(path)
    try:
        assert calls == []
        assert not db.changed_since_backup  # as backed up: asked, it is worked out now
        assert calls == [1]
    finally:
        db.close()


def test_a_change_by_another_program_after_the_open_is_still_seen_as_changed(tmp_path):
    path = _new_file(tmp_path)
    db = Database.open(path)
    try:
        con = sqlite3.connect(path)
        with con:
            con.execute("UPDATE event SET name = 'BioJapan 2026 (renamed)', updated_at = '2030-01-01 00:00:00.000000'")
        con.close()
        assert db.changed_since_backup
    finally:
        db.close()


def test_a_change_before_the_open_is_seen_as_changed(tmp_path):
    path = _new_file(tmp_path)
    con = sqlite3.connect(path)
    with con:
        con.execute("DELETE FROM event")
    con.close()
    db = Database.open(path)
    try:
        assert db.changed_since_backup
    finally:
        db.close()
