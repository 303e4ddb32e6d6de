"""A restore checks everything before it replaces anything; backups never write through a
symlink and never change the mode of a folder the user chose."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from planner.cli import main
from planner.errors import StoreError
from planner.services.files.backups import restore_backup
from planner.services.people.people import add_person
from planner.storage.database import Database

KEY = "correct horse battery staple"


def _file(path: Path, people: int, key: str | None = None) -> Path:
    with Database.open(path, key=key) as db, db.transaction() as s:
        for i in range(people):
            add_person(s, given_name=f"P{i}", family_name="X")
    return path


def test_a_backup_from_a_newer_version_is_refused_before_anything_changes(tmp_path: Path) -> None:
    plan = _file(tmp_path / "plan.db", 3)
    newer = _file(tmp_path / "newer.db", 1)
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    before = plan.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        restore_backup(plan, newer, backup_dir=tmp_path / "b")
    assert plan.read_bytes() == before and not (tmp_path / "b").exists()


def test_a_plain_backup_is_not_restored_over_an_encrypted_file_unless_asked(tmp_path: Path) -> None:
    secret = _file(tmp_path / "secret.db", 2, key=KEY)
    plain = _file(tmp_path / "plain.db", 5)
    before = secret.read_bytes()
    with pytest.raises(StoreError, match="unencrypted"):
        restore_backup(secret, plain, backup_dir=tmp_path / "b", key=KEY)
    assert secret.read_bytes() == before
    restore_backup(secret, plain, backup_dir=tmp_path / "b", key=KEY, allow_plaintext=True)
    with Database.open(secret) as db, db.session() as s:  # now a plain file, as asked
        assert s.execute(text("SELECT count(*) FROM person")).scalar() == 5


def test_backup_out_never_writes_through_a_symlink_at_its_temp_name(tmp_path: Path) -> None:
    plan = _file(tmp_path / "plan.db", 1)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "copies" / "x.db"
    out.parent.mkdir()
    (out.parent / "x.db.partial").symlink_to(victim)
    assert main(["--db", str(plan), "backup", "--out", str(out)]) == 0
    assert victim.read_text(encoding="utf-8") == "precious"
    assert out.is_file() and not out.is_symlink()


def test_backup_out_keeps_an_existing_folders_mode(tmp_path: Path) -> None:
    plan = _file(tmp_path / "plan.db", 1)
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    assert main(["--db", str(plan), "backup", "--out", str(shared / "x.db")]) == 0
    assert shared.stat().st_mode & 0o777 == 0o755
    assert (shared / "x.db").stat().st_mode & 0o777 == 0o600
