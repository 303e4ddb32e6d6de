"""The backup service the GUI calls (maybe_backup, restore) and the CLI commands."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from planner.cli import main
from planner.services.files import backups
from planner.services.people.people import add_person
from planner.storage.database import Database
from planner.storage.files import backup
from tests.planner.storage.helpers import count, damage_page, root_page


def _add(db: Database, name: str) -> None:
    with db.transaction() as s:
        add_person(s, given_name=name, family_name="Test")


def test_maybe_backup_only_when_changed_and_due(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "m.db")
    try:
        assert backups.maybe_backup(db) is None  # new and unchanged
        _add(db, "A")
        first = backups.maybe_backup(db)
        assert first is not None and first.name.startswith("auto-")
        assert backups.maybe_backup(db) is None  # nothing changed since
        _add(db, "B")
        assert backups.maybe_backup(db) is None  # changed, but the last backup is recent
        later = datetime.now() + timedelta(minutes=31)
        second = backups.maybe_backup(db, now=later)
        assert second is not None and second != first
        _add(db, "C")
        assert backups.maybe_backup(db, closing=True) is not None  # on close: whenever changed
        with db.session() as s:  # reading is not a change
            s.execute(__import__("sqlalchemy").text("SELECT count(*) FROM person")).scalar()
            s.commit()
        assert not db.changed_since_backup
    finally:
        db.close()


def test_a_file_changed_after_its_newest_backup_is_dirty_at_open(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    db = Database.open(path)
    _add(db, "A")
    backups.maybe_backup(db, closing=True)
    db.close()
    again = Database.open(path)
    assert not again.changed_since_backup
    # another session edits and is killed before it could back up:
    _add(again, "B")
    again.engine.dispose()
    reopened = Database.open(path)
    assert reopened.changed_since_backup
    assert backups.maybe_backup(reopened) is None  # the last one is recent
    assert backups.maybe_backup(reopened, now=datetime.now() + timedelta(minutes=31)) is not None
    reopened.close()


def test_restore_keeps_the_current_file_and_audits(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    db = Database.open(path)
    _add(db, "Before")
    saved = backups.backup_now(db)
    _add(db, "After")
    db, report = backups.restore_open_database(db, saved)
    try:
        assert report.kept_current_as is not None and report.kept_current_as.name.startswith("pre-restore-")
        assert count(report.kept_current_as, "person") == 2
        assert count(path, "person") == 1
        with db.session() as s:
            from sqlalchemy import select

            from planner.storage.models import AuditEntry
            actions = s.scalars(select(AuditEntry.action)).all()
        assert actions == ["restore"]
    finally:
        db.close()


def test_cli_verify_and_restore_a_damaged_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "m.db"
    db = Database.open(path)
    with db.transaction() as s:
        for i in range(300):
            add_person(s, given_name=f"P{i}", family_name="X")
    good = db.backup(kind="auto")
    db.close()
    assert main(["--db", str(path), "verify"]) == 0
    damage_page(path, root_page(path, "person"))
    damaged = path.read_bytes()
    capsys.readouterr()
    assert main(["--db", str(path), "verify", "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and out["problems"] and out["good_backup"] == str(good)
    assert path.read_bytes() == damaged
    assert main(["--db", str(path), "people", "list"]) == 2  # refuses, with a message
    assert "damaged" in capsys.readouterr().err
    assert main(["--db", str(path), "restore", str(good)]) == 0
    assert count(path, "person") == 300
    kept = [b for b in backup.list_backups(db.backup_dir) if b.kind == "pre-restore"]
    assert len(kept) == 1 and kept[0].path.read_bytes() == damaged
    assert main(["--db", str(path), "verify"]) == 0


def test_cli_backup_out(tmp_path: Path, capsys) -> None:
    path = tmp_path / "m.db"
    Database.open(path).close()
    assert main(["--db", str(path), "backup", "--out", str(tmp_path / "copies") + "/"]) == 0
    made = Path(capsys.readouterr().out.strip())
    assert made.parent == tmp_path / "copies" and backup.integrity_problems(made) == []
    assert main(["--db", str(path), "backup", "--out", str(path)]) == 2
