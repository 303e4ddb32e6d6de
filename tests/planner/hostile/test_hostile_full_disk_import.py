"""A full disk during ``planner import people``: a clear message and exit 2, never "no such
savepoint" or a traceback, and the file is unchanged.

SQLite answers some write errors (SQLITE_FULL, SQLITE_IOERR) by rolling the whole transaction
back itself, savepoints included; the import's savepoint block then used to fail on ``ROLLBACK
TO SAVEPOINT`` and that error hid the disk's. Two real failures from the OS are simulated in a
child process: a file-size limit (RLIMIT_FSIZE: EFBIG, an I/O error to SQLite) and, where the
machine allows a private mount, a tiny tmpfs that really fills up (ENOSPC, "disk is full").
"""

from __future__ import annotations

import csv
import hashlib
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.planner.hostile.conftest import EVENT, Plan

ROOT = Path(__file__).resolve().parents[3]
ROWS = 6000


def _people_csv(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["Given name", "Family name", "Email", "Organisation", "Notes"])
        for i in range(ROWS):
            w.writerow([f"Given{i}", f"Family{i}", f"p{i}@example.com", f"Org {i % 300}", "x" * 300])
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _people(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM person").fetchone()[0])
    finally:
        con.close()


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PLANNER_DATA_DIR": str(data)}


def _check_refused(done: subprocess.CompletedProcess[str], db: Path, digest: str,
                   people: int) -> None:
    assert done.returncode == 2, done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "savepoint" not in done.stderr, done.stderr[-3000:]
    assert "not saved" in done.stderr, done.stderr
    assert done.stdout == ""
    assert _digest(db) == digest, "the file changed"
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    assert _people(db) == people
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs setrlimit")
@pytest.mark.parametrize("room_kib", [64, 512, 2048])
def test_a_file_size_limit_during_import_people(plan: Plan, tmp_path: Path, room_kib: int) -> None:
    db = Path(plan.db)
    people = _people(db)
    digest = _digest(db)
    source = _people_csv(tmp_path / "people.csv")
    limit = db.stat().st_size + room_kib * 1024

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    done = subprocess.run([sys.executable, "-m", "planner", "--db", str(db), "import", "people",
                           str(source), "--event", EVENT], env=_env(tmp_path / "data"),
                          preexec_fn=small_disk, capture_output=True, text=True, timeout=300)
    _check_refused(done, db, digest, people)


def _can_mount_privately() -> bool:
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_privately(), reason="needs a private mount namespace (root)")
def test_a_really_full_disk_during_import_people(plan: Plan, tmp_path: Path) -> None:
    """A 4 MiB tmpfs, filled to within 300 KiB, in a mount namespace of its own (nothing is
    left mounted): SQLite gets ENOSPC."""
    db = Path(plan.db)
    people = _people(db)
    digest = _digest(db)
    source = _people_csv(tmp_path / "people.csv")
    disk = tmp_path / "disk"
    disk.mkdir()
    after = tmp_path / "after"
    after.mkdir()
    script = f"""
set -e
mount -t tmpfs -o size=4m tmpfs '{disk}'
cp '{db}' '{disk}/plan.db'
free=$(df -k --output=avail '{disk}' | tail -1)
dd if=/dev/zero of='{disk}/filler' bs=1k count=$((free - 300)) 2>/dev/null
set +e
'{sys.executable}' -m planner --db '{disk}/plan.db' import people '{source}' --event {EVENT}
code=$?
cp '{disk}'/plan.db* '{after}/'
exit $code
"""
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], env=_env(tmp_path / "data"),
                          capture_output=True, text=True, timeout=300)
    assert "disk is full" in done.stderr.lower(), done.stderr[-3000:]
    _check_refused(done, after / "plan.db", digest, people)
