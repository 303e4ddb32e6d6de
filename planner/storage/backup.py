"""Backups through SQLite's online backup API, verified before they are kept."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from planner.errors import StoreError
from planner.paths import make_private_dir


def integrity_problems(path: Path, *, quick: bool = False) -> list[str]:
    """Rows of ``integrity_check`` (or ``quick_check``) that are not 'ok'; [] when healthy."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return [f"cannot open: {exc}"]
    try:
        rows = [str(r[0]) for r in con.execute(f"PRAGMA {pragma}")]
        if not quick:
            rows += [f"foreign key: {r}" for r in con.execute("PRAGMA foreign_key_check")]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()
    return [r for r in rows if r != "ok"]


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def backup_database(src: Path, dest: Path) -> Path:
    """Copy the live database ``src`` to ``dest`` with the backup API, verify, then replace.

    The copy is written to a temp file beside ``dest``, checked with ``integrity_check``,
    fsynced and only then moved into place; it is readable by the owner only.
    """
    make_private_dir(dest.parent)
    tmp = dest.with_name(dest.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    try:
        source = sqlite3.connect(str(src), timeout=10)
        target = sqlite3.connect(str(tmp))
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
            source.close()
        problems = integrity_problems(tmp)
        if problems:
            raise StoreError(f"The backup of {src.name} failed its integrity check: {problems[0]}")
        _fsync(tmp)
        os.replace(tmp, dest)
    except sqlite3.Error as exc:
        raise StoreError(f"Could not back up {src.name}: {exc}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    return dest


def timestamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")


def restore_file(backup: Path, target: Path) -> None:
    """Put a verified backup in place of ``target`` (which must not be open)."""
    problems = integrity_problems(backup)
    if problems:
        raise StoreError(f"{backup.name} is damaged ({problems[0]}); choose another backup")
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(target) + suffix).unlink()
    tmp = target.with_name(target.name + ".restoring")
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)
    dest = sqlite3.connect(str(tmp))
    try:
        source.backup(dest)
    finally:
        dest.close()
        source.close()
    _fsync(tmp)
    os.replace(tmp, target)
