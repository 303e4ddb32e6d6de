"""Backups through SQLite's online backup API, verified before they are kept, and rotated.

A backup is written to ``<dest>.partial`` beside its final name, checked with
``integrity_check`` and ``foreign_key_check``, fsynced, and only then renamed into place: a
crash at any moment leaves either the previous set of backups or the new one, never a half
file under a backup's name. Backups of an encrypted file are encrypted with the same key.

Names say what a backup is and when it was taken (local time):
``auto-20261013-101500.db`` (automatic, rotated), ``manual-…`` (asked for), ``pre-0001-to-0002-…``
(before a migration), ``pre-restore-…`` (the file as it was before a restore).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from planner.errors import StoreError
from planner.paths import make_private_dir
from planner.storage.engine import connect_raw, describe_write_error

_STAMP = re.compile(r"(\d{8}-\d{6})(?:-(\d+))?\.db$")
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
KEEP_PRE = 10  # pre-migration / pre-restore backups kept


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    kind: str  # auto, manual, pre-restore, pre-migration, other
    taken: datetime
    size: int


def integrity_problems(path: Path, *, quick: bool = False, key: str | None = None) -> list[str]:
    """Rows of ``integrity_check`` (or ``quick_check``) that are not 'ok'; [] when healthy.

    The full check also runs ``foreign_key_check`` (which ``integrity_check`` does not cover)
    and, for an encrypted file, SQLCipher's per-page HMAC check. The file is never written:
    the check reads through a read-only connection; after a crash, when a write-ahead log or a
    hot rollback journal needs recovery (which a read-only connection cannot do), the file and
    its log are copied to a private temporary folder and the copy is recovered and checked.
    """
    problems = _run_checks(path, quick=quick, key=key, readonly=True)
    logs = [s for s in ("-wal", "-journal") if Path(str(path) + s).exists()]
    if problems and _needs_recovery(problems) and logs:
        with tempfile.TemporaryDirectory(prefix="md-check-") as tmp:
            copy = Path(tmp) / path.name
            shutil.copyfile(path, copy)
            for suffix in logs:  # a hot WAL or rollback journal left by a crash
                shutil.copyfile(Path(str(path) + suffix), Path(str(copy) + suffix))
            problems = _run_checks(copy, quick=quick, key=key, readonly=False)
    return problems


def _needs_recovery(problems: list[str]) -> bool:
    text = " ".join(problems).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _run_checks(path: Path, *, quick: bool, key: str | None, readonly: bool) -> list[str]:
    pragma = "quick_check" if quick else "integrity_check"
    try:
        con = connect_raw(path, key=key, readonly=readonly)
    except Exception as exc:
        return [f"cannot open: {exc}"]
    try:
        rows: list[str] = []
        if key is not None:
            rows += [f"page: {r[0]}" for r in con.execute("PRAGMA cipher_integrity_check")]
        rows += [str(r[0]) for r in con.execute(f"PRAGMA {pragma}")]
        if not quick:
            rows += [f"foreign key: {tuple(r)}" for r in con.execute("PRAGMA foreign_key_check")]
    except Exception as exc:
        return [str(exc)]
    finally:
        con.close()
    return [r for r in rows if r != "ok"]


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not possible on Windows; harmless to skip
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _private_file(path: Path) -> None:
    """A new, empty file readable by the owner only — never through a symlink: whatever was at
    ``path`` (a stale temp file or a link planted there) is removed first, and the file is
    created exclusively."""
    with contextlib.suppress(FileNotFoundError):
        if path.is_symlink() or path.is_file():
            path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600)
    os.close(fd)


def _copy_pages(src: Path, dest: Path, key: str | None) -> None:
    source = connect_raw(src, key=key)
    try:
        target = connect_raw(dest, key=key)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
    finally:
        source.close()


def backup_database(src: Path, dest: Path, *, key: str | None = None) -> Path:
    """Copy the live database ``src`` to ``dest`` with the backup API, verify, then rename.

    The copy is written to a temp file beside ``dest``, checked with ``integrity_check``,
    fsynced and only then moved into place; it is readable by the owner only.
    """
    make_private_dir(dest.parent)  # a new folder is private; an existing one keeps its mode
    if dest.is_dir():
        raise StoreError(f"{dest} is a folder: name the backup file, e.g. {dest / src.name}")
    tmp = dest.with_name(dest.name + ".partial")
    try:
        _private_file(tmp)
        _copy_pages(src, tmp, key)
        problems = integrity_problems(tmp, key=key)
        if problems:
            raise StoreError(f"The backup of {src.name} failed its integrity check: {problems[0]}")
        fsync_path(tmp)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except (OSError, Exception) as exc:
        if isinstance(exc, StoreError):
            raise
        message = describe_write_error(exc) or str(exc)
        raise StoreError(f"Could not back up {src.name}: {message}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return dest


def timestamp(now: datetime | None = None) -> str:
    return (now or datetime.now()).strftime("%Y%m%d-%H%M%S")


def unique_backup_path(folder: Path, kind: str, now: datetime | None = None) -> Path:
    """``folder/<kind>-<timestamp>.db``, with ``-2``, ``-3`` … when that second is taken."""
    stem = f"{kind}-{timestamp(now)}"
    candidate = folder / f"{stem}.db"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}.db"
        n += 1
    return candidate


def parse_backup_name(path: Path) -> tuple[str, datetime] | None:
    match = _STAMP.search(path.name)
    if not match:
        return None
    try:
        taken = datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    except ValueError:
        return None
    prefix = path.name[:match.start()].rstrip("-")
    if prefix in ("auto", "manual", "pre-restore"):
        kind = prefix
    elif prefix.startswith("pre-"):
        kind = "pre-migration"
    else:
        kind = "other"
    return kind, taken


def list_backups(folder: Path) -> list[BackupInfo]:
    """The backups in ``folder``, newest first (partial files are not backups)."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.db"):
        parsed = parse_backup_name(path)
        if parsed is None:
            continue
        with contextlib.suppress(OSError):
            found.append(BackupInfo(path, parsed[0], parsed[1], path.stat().st_size))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def plan_rotation(taken: list[datetime], *, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY,
                  monthly: int = KEEP_MONTHLY) -> set[int]:
    """Indexes of ``taken`` to keep, thinned as Anki does (about a year of history): going back
    in time, the newest backup of each of ``daily`` days, then of each of ``weekly`` older ISO
    weeks, then of each of ``monthly`` older months. The newest backup is always kept. Pure, so
    it is tested on its own.
    """
    order = sorted(range(len(taken)), key=lambda i: taken[i], reverse=True)
    keep: set[int] = set()
    seen_days: set[Any] = set()
    seen_weeks: set[Any] = set()
    seen_months: set[Any] = set()
    n_daily = n_weekly = n_monthly = 0
    for i in order:
        t = taken[i]
        day, week, month = t.date(), t.isocalendar()[:2], (t.year, t.month)
        if n_daily < daily:
            if day in seen_days:
                continue
            n_daily += 1
        elif n_weekly < weekly:
            if week in seen_weeks:
                continue
            n_weekly += 1
        elif n_monthly < monthly:
            if month in seen_months:
                continue
            n_monthly += 1
        else:
            break
        keep.add(i)
        seen_days.add(day)
        seen_weeks.add(week)
        seen_months.add(month)
    return keep


def rotate(folder: Path) -> list[Path]:
    """Delete automatic backups outside the rotation, and all but the newest ``KEEP_PRE``
    pre-migration / pre-restore backups. Manual backups are never deleted. Returns the deleted."""
    backups = list_backups(folder)
    autos = [b for b in backups if b.kind == "auto"]
    keep = plan_rotation([b.taken for b in autos])
    doomed = [b.path for i, b in enumerate(autos) if i not in keep]
    for kind in ("pre-migration", "pre-restore"):
        doomed += [b.path for b in [b for b in backups if b.kind == kind][KEEP_PRE:]]
    for stale in folder.glob("*.partial"):  # left by a crash during a backup
        with contextlib.suppress(OSError):
            if time.time() - stale.stat().st_mtime > 3600:
                doomed.append(stale)
    for path in doomed:
        with contextlib.suppress(OSError):
            path.unlink()
    return doomed


def newest_good_backup(folder: Path, *, key: str | None = None) -> Path | None:
    """The newest backup that passes ``integrity_check`` (named backups first, then any .db)."""
    named = [b.path for b in list_backups(folder)]
    others: list[Path] = []
    if folder.is_dir():
        others = sorted((p for p in folder.glob("*.db") if p not in named),
                        key=lambda p: p.stat().st_mtime, reverse=True)
    for candidate in named + others:
        if not integrity_problems(candidate, key=key):
            return candidate
    return None


def copy_aside(path: Path, suffix: str) -> Path | None:
    """Copy a (damaged) file and its -wal/-shm byte for byte to ``<name>.<suffix>``; never write
    the original. None when the copy could not be made."""
    aside = path.with_name(f"{path.name}.{suffix}")
    try:
        shutil.copy2(path, aside)
        with contextlib.suppress(OSError):
            os.chmod(aside, 0o600)
        for side in ("-wal", "-shm"):
            extra = Path(str(path) + side)
            if extra.exists():
                shutil.copy2(extra, Path(str(aside) + side))
    except OSError:
        return None
    return aside


class FileInUseError(StoreError):
    """Another program has the file open: it cannot be replaced now."""


IN_USE = ("{name} is open in another program — Mission Desk, the command line or a sync: close "
          "it there, then try again. Nothing was changed.")


@contextlib.contextmanager
def exclusive_access(path: Path, *, key: str | None = None, timeout: float = 0.5,
                     damaged_ok: bool = False) -> Iterator[Any]:
    """Hold the only connection to ``path`` (raises :class:`FileInUseError` while any other
    connection, in this or another program, has it open — even an idle one).

    In WAL mode every open connection holds a shared lock on the file, so switching the
    journal to rollback mode needs everyone else gone: that is the test. The switch also
    checkpoints the WAL into the file and removes ``-wal``/``-shm``; the connection then keeps
    an exclusive lock (``locking_mode=EXCLUSIVE``) until the block ends, so no program can open
    the file meanwhile. The file's next ordinary open puts it back in WAL mode. With
    ``damaged_ok``, a file SQLite cannot read at all (the reason to restore it) yields None.
    """
    con = connect_raw(path, key=key, timeout=timeout)
    try:
        held = True
        try:
            con.execute("PRAGMA locking_mode = EXCLUSIVE")
            mode = con.execute("PRAGMA journal_mode = DELETE").fetchone()
            if mode is None or str(mode[0]).lower() != "delete":
                raise FileInUseError(IN_USE.format(name=path.name))
            con.execute("BEGIN EXCLUSIVE")
        except FileInUseError:
            raise
        except Exception as exc:
            text = str(exc).lower()
            if "locked" in text or "busy" in text:
                raise FileInUseError(IN_USE.format(name=path.name)) from None
            if not damaged_ok:
                raise
            held = False
        yield con if held else None
    finally:
        with contextlib.suppress(Exception):
            con.execute("ROLLBACK")
        con.close()


def refuse_if_in_use(path: Path, *, key: str | None = None, timeout: float = 0.5) -> None:
    """Raise :class:`FileInUseError` while another connection has ``path`` open; changes
    nothing in the file (unlike :func:`exclusive_access`, which leaves it in rollback mode)."""
    con = connect_raw(path, key=key, timeout=timeout)
    try:
        con.execute("PRAGMA locking_mode = EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except Exception as exc:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:
            raise FileInUseError(IN_USE.format(name=path.name)) from None
        # a file SQLite cannot read (damaged): nobody can be using it; the restore goes on
    finally:
        with contextlib.suppress(Exception):
            con.execute("ROLLBACK")
        con.close()


def restore_file(backup: Path, target: Path, *, key: str | None = None,
                 target_key: str | None = None) -> None:
    """Put a verified backup in place of ``target``.

    The copy is made and checked first; then the target is locked exclusively (refused, with
    what to close, while another program has it open) and replaced by a rename, so a program
    that opens it afterwards sees the restored file, whole.
    """
    problems = integrity_problems(backup, key=key)
    if problems:
        raise StoreError(f"{backup.name} is damaged ({problems[0]}); choose another backup")
    tmp = target.with_name(target.name + ".restoring")
    try:
        _private_file(tmp)
        _copy_pages(backup, tmp, key)
        problems = integrity_problems(tmp, key=key)
        if problems:
            raise StoreError(f"The restored copy failed its check ({problems[0]}); nothing changed")
        fsync_path(tmp)
        lock = (exclusive_access(target, key=target_key if target_key is not None else key,
                                 damaged_ok=True)
                if target.exists() and target.stat().st_size else contextlib.nullcontext())
        with lock:
            # The old -wal belongs to the old file: it must go before the new file takes its name
            # (exclusive_access has folded it into the old file already).
            for suffix in ("-wal", "-shm", "-journal"):
                with contextlib.suppress(FileNotFoundError):
                    Path(str(target) + suffix).unlink()
            os.replace(tmp, target)
            _fsync_dir(target.parent)
    except StoreError:
        raise
    except Exception as exc:
        message = describe_write_error(exc) or str(exc)
        raise StoreError(f"Could not restore {backup.name}: {message}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


FINGERPRINT_FILE = "last-backup.json"


def fingerprint(path: Path, *, key: str | None = None) -> str:
    """Row counts, highest rowids and latest ``updated_at`` of every table, hashed (the stored
    conflict counts left out: derived data a dashboard writes when it has only looked)."""
    con = connect_raw(path, key=key, readonly=True)
    try:
        digest = hashlib.sha256()
        names = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'schedule_check%' ORDER BY name")]
        for name in names:
            cols = {r[1] for r in con.execute(f'PRAGMA table_info("{name}")')}
            latest = "max(updated_at)" if "updated_at" in cols else "NULL"
            rowid = "max(rowid)" if "id" in cols else "NULL"
            row = con.execute(f'SELECT count(*), {rowid}, {latest} FROM "{name}"').fetchone()
            digest.update(repr((name, tuple(row))).encode("utf-8"))
        return digest.hexdigest()
    finally:
        con.close()


def read_fingerprint(folder: Path) -> str | None:
    try:
        data = json.loads((folder / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("fingerprint") if isinstance(data, dict) else None
    return str(value) if value else None


def write_fingerprint(folder: Path, value: str) -> None:
    target = folder / FINGERPRINT_FILE
    tmp = folder / (FINGERPRINT_FILE + ".tmp")
    tmp.write_text(json.dumps({"fingerprint": value}), encoding="utf-8")
    os.replace(tmp, target)
