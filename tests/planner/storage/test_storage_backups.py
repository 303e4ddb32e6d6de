"""Backups: backup API, verified, rotated, restore keeps the current file; owner-only files."""

from __future__ import annotations

import os
import stat
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from planner.errors import StoreError
from planner.services.people.people import add_person
from planner.storage import migrate
from planner.storage.database import Database
from planner.storage.files import backup
from tests.planner.storage.helpers import count, damage_page, root_page


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a4_backup_while_a_writer_inserts_holds_a_committed_prefix(db: Database) -> None:
    stop = threading.Event()
    committed: list[int] = []

    def writer() -> None:
        i = 0
        while not stop.is_set() and i < 400:
            with db.transaction() as s:
                add_person(s, given_name=f"W{i}", family_name="Writer", notes=str(i))
            committed.append(i)
            i += 1

    thread = threading.Thread(target=writer)
    thread.start()
    copies = []
    for _ in range(3):
        copies.append(db.backup(kind="auto"))
    stop.set()
    thread.join()
    for copy in copies:
        assert backup.integrity_problems(copy) == []
        n = count(copy, "person")
        import sqlite3
        con = sqlite3.connect(copy)
        notes = sorted(int(r[0]) for r in con.execute("SELECT notes FROM person"))
        con.close()
        assert notes == list(range(n))  # a prefix: no gaps, nothing half-written


def test_files_and_backups_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        db = Database.open(tmp_path / "new" / "mission.db")
        with db.transaction() as s:
            add_person(s, given_name="A", family_name="B")
        for suffix in ("", "-wal", "-shm"):
            side = Path(str(db.path) + suffix)
            assert _mode(side) == 0o600, side
        copy = db.backup()
        assert _mode(copy) == 0o600
        assert _mode(db.backup_dir) == 0o700
        out = db.backup(tmp_path / "elsewhere" / "copy.db")
        assert _mode(out) == 0o600
        db.close()
        assert _mode(db.path) == 0o600
    finally:
        os.umask(old)


def test_rotation_keeps_12_daily_10_weekly_9_monthly() -> None:
    start = datetime(2026, 1, 1, 9, 0)
    taken = [start + timedelta(hours=6 * i) for i in range(4 * 400)]  # 4 a day for 400 days
    keep = backup.plan_rotation(taken)
    kept = sorted(taken[i] for i in keep)
    newest = max(taken)
    assert newest in kept
    days = {t.date() for t in kept}
    weeks = {t.isocalendar()[:2] for t in kept}
    months = {(t.year, t.month) for t in kept}
    assert len(kept) <= 12 + 10 + 9
    assert len(days) == len(kept)  # never two of one day
    last_12_days = {(newest - timedelta(days=d)).date() for d in range(12)}
    assert last_12_days <= days
    assert len(weeks) >= 10 and len(months) >= 9
    assert min(kept) < newest - timedelta(days=330)  # about a year of history


def test_rotation_is_stable_for_few_backups() -> None:
    now = datetime(2026, 10, 13, 10, 0)
    assert backup.plan_rotation([]) == set()
    assert backup.plan_rotation([now]) == {0}
    same_day = [now, now + timedelta(minutes=30), now + timedelta(hours=2)]
    assert backup.plan_rotation(same_day) == {2}


def test_rotate_deletes_only_surplus_automatic_backups(tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    start = datetime(2026, 1, 1, 12)
    for d in range(60):
        (folder / f"auto-{backup.timestamp(start + timedelta(days=d))}.db").write_bytes(b"x")
    (folder / f"manual-{backup.timestamp(start)}.db").write_bytes(b"x")
    for d in range(12):
        (folder / f"pre-0001-to-0002-{backup.timestamp(start + timedelta(days=d))}.db").write_bytes(b"x")
    deleted = backup.rotate(folder)
    names = {p.name for p in folder.iterdir()}
    assert f"manual-{backup.timestamp(start)}.db" in names
    assert len([n for n in names if n.startswith("auto-")]) < 60
    assert len([n for n in names if n.startswith("pre-0001")]) == backup.KEEP_PRE
    assert f"auto-{backup.timestamp(start + timedelta(days=59))}.db" in names
    assert deleted and all(not p.exists() for p in deleted)


def test_restore_puts_a_backup_back(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    db = Database.open(path)
    with db.transaction() as s:
        add_person(s, given_name="Kept", family_name="One")
    saved = db.backup()
    with db.transaction() as s:
        add_person(s, given_name="Later", family_name="Two")
    db.close()
    backup.restore_file(saved, path)
    assert count(path, "person") == 1
    again = Database.open(path)
    assert again.verify() == []
    again.close()


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    db = Database.open(path)
    with db.transaction() as s:
        for i in range(200):
            add_person(s, given_name=f"P{i}", family_name="X")
    saved = db.backup()
    db.close()
    before = path.read_bytes()
    damage_page(saved, root_page(saved, "person"))
    with pytest.raises(StoreError, match="damaged"):
        backup.restore_file(saved, path)
    assert path.read_bytes() == before


def test_a7_migration_failure_is_restored_from_the_backup(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.db"
    path.touch()
    migrate.run_upgrade(path, "0001")
    import sqlite3
    con = sqlite3.connect(path)
    con.execute("INSERT INTO organisation (uuid, name, name_key, native_name, kind, country, city, website,"
                " profile, created_at, updated_at) VALUES ('o1', 'Acme', 'acme', '', 'company', '', '', '',"
                " '', '2026-01-01', '2026-01-01')")
    con.commit()
    con.close()
    real = migrate.run_upgrade

    def half_done_then_fails(p: Path, target: str = "head", *, key: str | None = None) -> None:
        real(p, target, key=key)  # the upgrade itself commits …
        raw = sqlite3.connect(p)  # … then something damages the data and the step fails
        raw.execute("DELETE FROM organisation")
        raw.commit()
        raw.close()
        raise RuntimeError("simulated failure after the upgrade")

    monkeypatch.setattr(migrate, "run_upgrade", half_done_then_fails)
    with pytest.raises(StoreError, match="restored"):
        Database.open(path)
    assert migrate.current_revision(path) == "0001"
    assert count(path, "organisation") == 1
    assert backup.integrity_problems(path) == []


def test_a7_upgrade_refuses_to_lose_rows(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "old.db"
    path.touch()
    migrate.run_upgrade(path, "0001")
    import sqlite3
    con = sqlite3.connect(path)
    con.execute("INSERT INTO tag (uuid, name, created_at, updated_at) VALUES ('t', 'ai', '2026-01-01', '2026-01-01')")
    con.commit()
    con.close()

    def lossy(conn, target):  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("DELETE FROM tag")

    monkeypatch.setattr(migrate, "_upgrade_connection", lossy)
    with pytest.raises(StoreError, match="lose rows in tag"):
        migrate.run_upgrade(path)
    assert count(path, "tag") == 1
