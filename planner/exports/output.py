"""Writing an export file safely: never through a symlink, logged before it appears.

Every export (briefing packs, lead sheets, calendars, CRM files, impact reports, the rejected
rows of an import) goes through :func:`staged_output`, in this order:

1. :func:`check_output_path` before any work: the folder exists, and the target is neither a
   symlink nor a folder nor a device (a clear :class:`OutputPathError`, exit 2 on the CLI).
2. The bytes go to a new temporary file *in the target folder*, created with
   ``O_CREAT|O_EXCL`` (and ``O_NOFOLLOW`` where the OS has it), so neither the target's name
   nor the temporary name can be a planted symlink; owner only (0600) unless ``private=False``
   — every export holds people's data or is treated as if it did. Writers get the open file
   object, never the temporary *name*, so nothing re-opens it by path.
3. ``fsync``; then the hooks registered with :meth:`StagedOutput.before_publish` run — the
   export log entry, committed in its own short write unit. If logging fails the file is
   removed and never appears.
4. ``os.replace`` onto the target (a rename replaces a symlink planted meanwhile instead of
   following it), then the folder is synced.

So a kill at any moment leaves either a logged file, or no file (a logged entry whose file
never appeared is possible when the kill falls between 3 and 4). A temporary file left by a
kill (its name carries the host and process id) is removed by the next export into that
folder once that process is gone. Disk trouble (full, I/O error, read-only, quota) while
writing raises :class:`OutputWriteError` with a message for the user; the temporary file is
removed and nothing was logged. Existing folders are never chmod-ed.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import os
import re
import secrets
import socket
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO

from planner.errors import PlannerError, ValidationError

PARTIAL_SUFFIX = ".partial"
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)
_TEMP_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC | _O_BINARY
_STALE_AFTER_S = 24 * 3600  # another host's (or an unknown) temporary file: removed after a day
_MAX_TEMP_STEM = 80  # characters of the target's name kept in its temporary name


class OutputPathError(ValidationError):
    """The output path cannot be used (missing folder, a symlink, a folder …): nothing was done."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "path")


class OutputWriteError(PlannerError):
    """The disk refused the export's bytes: no file was left behind and nothing was logged."""


def _host_tag() -> str:
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:6]


def check_output_folder(folder: Path) -> Path:
    """``folder`` if it exists and is a folder, else :class:`OutputPathError`."""
    folder = Path(folder)
    if not folder.exists():
        raise OutputPathError(f"The folder {folder} does not exist")
    if not folder.is_dir():
        raise OutputPathError(f"{folder} is not a folder")
    return folder


def check_output_path(path: Path) -> Path:
    """Refuse, before any work, a target that cannot be written safely; returns ``path``."""
    path = Path(path)
    if not path.name or path.name in (".", ".."):
        raise OutputPathError(f"{path} does not name a file")
    check_output_folder(path.parent if str(path.parent) else Path("."))
    _refuse_existing(path)
    return path


def _refuse_existing(path: Path) -> None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputPathError(f"Cannot use {path}: {exc.strerror or exc}") from None
    if stat.S_ISLNK(st.st_mode):
        raise OutputPathError(f"{path} is a symbolic link: Mission Desk never writes through a link. "
                              f"Choose another name, or the file it points to.")
    if stat.S_ISDIR(st.st_mode):
        raise OutputPathError(f"{path} is a folder: name a file inside it")
    if not stat.S_ISREG(st.st_mode):
        raise OutputPathError(f"{path} is not a regular file (a device or a pipe): choose another name")


def make_output_folder(folder: Path) -> Path:
    """``folder`` for a per-delegate export: an existing folder is used as it is (its mode is
    never changed); a missing one is created (owner only) when its parent exists."""
    folder = Path(folder)
    if os.path.islink(folder) and not folder.exists():
        raise OutputPathError(f"{folder} is a broken symbolic link")
    if folder.exists():
        return check_output_folder(folder)
    check_output_folder(folder.parent if str(folder.parent) else Path("."))
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        return check_output_folder(folder)
    except OSError as exc:
        raise OutputWriteError(describe_output_error(exc, folder)) from None
    return folder


def describe_output_error(exc: OSError, path: Path) -> str:
    """A message for the user when writing ``path`` failed with ``exc``."""
    name = Path(path).name or str(path)
    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG):
        return (f"The disk is full: {name} was not written and no partial file was left. "
                f"Free some space, then export again.")
    if code == errno.EIO:
        return (f"The disk reported an error while writing {name}: it was not written and no "
                f"partial file was left. Check the drive (or network connection), then try again.")
    if code == errno.EROFS:
        return f"The disk is read-only: {name} was not written. Choose another folder."
    if code in (errno.EACCES, errno.EPERM):
        return f"Mission Desk may not write in {Path(path).parent}: {name} was not written."
    if code == errno.ENAMETOOLONG:
        return f"The name {name} is too long for this disk: choose a shorter one."
    if code == errno.ELOOP:
        return f"{name} is a symbolic link: Mission Desk never writes through a link."
    return f"Could not write {name}: {exc.strerror or exc}. Nothing was left behind."


def _temp_name(target: Path) -> str:
    """``.<name>.<host>-<pid>-<random>.partial<suffix>``: hidden, unpredictable, traceable to
    the process that made it, and with the target's suffix (``.pdf``, ``.xlsx``)."""
    stem = target.name[:_MAX_TEMP_STEM]
    suffix = target.suffix if len(target.suffix) <= 16 else ""
    return f".{stem}.{_host_tag()}-{os.getpid()}-{secrets.token_hex(4)}{PARTIAL_SUFFIX}{suffix}"


_PARTIAL = re.compile(r"^\.(?P<stem>.*)\.(?P<host>[0-9a-f]{6})-(?P<pid>\d+)-[0-9a-f]{8}"
                      + re.escape(PARTIAL_SUFFIX) + r"(\.[^.]*)?$", re.S)


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # cannot tell cheaply: rely on the age
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_partials(folder: Path, target_name: str | None = None) -> list[Path]:
    """Remove temporary files a killed export left in ``folder`` (for ``target_name`` only,
    when given): those of a process on this host that is gone, or older than a day."""
    removed: list[Path] = []
    host = _host_tag()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _PARTIAL.match(entry.name)
        if match is None:
            continue
        if target_name is not None and match["stem"] != target_name[:_MAX_TEMP_STEM]:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
            continue
        old = time.time() - st.st_mtime > _STALE_AFTER_S
        dead = match["host"] == host and not _pid_alive(int(match["pid"]))
        if old or dead:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _create_temp(target: Path, private: bool) -> tuple[int, Path]:
    folder = target.parent if str(target.parent) else Path(".")
    mode = 0o600 if private else 0o666  # the umask applies to the latter
    for _attempt in range(100):
        tmp = folder / _temp_name(target)
        try:
            fd = os.open(tmp, _TEMP_FLAGS, mode)
        except FileExistsError:
            continue  # a name taken (or a planted link): draw another
        return fd, tmp
    raise OutputWriteError(f"Could not create a temporary file in {folder}")


def _sync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _OutputFile(io.BufferedIOBase):
    """The temporary file as writers see it. Once abandoned (the export failed), writes are
    dropped: a writer's half-built zip or generator that is closed later, when garbage
    collected, must not raise into the user's terminal ("Exception ignored …")."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._abandoned = False
        self._pos = 0

    def abandon(self) -> None:
        self._abandoned = True

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def write(self, data: Any) -> int:
        size = memoryview(data).nbytes
        if self._abandoned:
            self._pos += size
            return size
        return self._raw.write(data)

    def tell(self) -> int:
        return self._pos if self._abandoned else self._raw.tell()

    def seek(self, offset: int, whence: int = 0) -> int:
        if self._abandoned:
            self._pos = offset if whence == 0 else self._pos + offset
            return self._pos
        return self._raw.seek(offset, whence)

    def flush(self) -> None:
        if not self._abandoned:
            self._raw.flush()

    def fileno(self) -> int:
        return self._raw.fileno()

    def close(self) -> None:  # the staged output closes the real file itself
        pass

    @property
    def closed(self) -> bool:
        return False


class StagedOutput:
    """One export file being written: ``file`` is the open temporary file (binary, writable,
    seekable; closing it is left to :func:`staged_output`)."""

    def __init__(self, path: Path, tmp: Path, file: BinaryIO) -> None:
        self.path = path
        self.tmp = tmp
        self.file = _OutputFile(file)
        self._hooks: list[Callable[[], None]] = []

    def before_publish(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` once the bytes are safely on disk, before the file is moved into place
        (e.g. to record it in the export log). If it raises, the file never appears."""
        self._hooks.append(hook)

    @contextmanager
    def text(self, encoding: str = "utf-8", newline: str | None = "") -> Iterator[TextIO]:
        """The file as text (e.g. ``encoding="utf-8-sig"`` for a CSV Excel opens)."""
        wrapper = io.TextIOWrapper(self.file, encoding=encoding, newline=newline)  # type: ignore[type-var]
        try:
            yield wrapper
            wrapper.flush()
        finally:
            wrapper.detach()


@contextmanager
def staged_output(path: Path | str, *, private: bool = True) -> Iterator[StagedOutput]:
    """Write an export to ``path`` safely (see the module docstring): yields a
    :class:`StagedOutput`; the file appears at ``path`` only when the block succeeds and every
    ``before_publish`` hook ran. On any error the temporary file is removed and ``path`` is
    left as it was; disk trouble becomes :class:`OutputWriteError`."""
    path = check_output_path(Path(path))
    folder = path.parent if str(path.parent) else Path(".")
    remove_stale_partials(folder)
    try:
        fd, tmp = _create_temp(path, private)
    except OSError as exc:
        raise OutputWriteError(describe_output_error(exc, path)) from None
    published = False
    try:
        with os.fdopen(fd, "w+b") as fh:
            staged = StagedOutput(path, tmp, fh)
            try:
                yield staged
            except BaseException:
                staged.file.abandon()
                raise
            fh.flush()
            os.fsync(fh.fileno())
        for hook in staged._hooks:
            hook()
        _refuse_existing(path)  # a link planted while we wrote: refuse (a rename would not follow it)
        os.replace(tmp, path)
        published = True
        _sync_folder(folder)
    except OSError as exc:
        raise OutputWriteError(describe_output_error(exc, path)) from None
    finally:
        if not published:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def reserve_temp(path: Path | str, *, private: bool = True) -> Path:
    """An empty temporary file for ``path`` in its folder (``O_EXCL``/``O_NOFOLLOW``), for a
    writer that must finish before the file may appear (e.g. inside an import's transaction);
    move it into place with :func:`publish_temp` once logged, or remove it."""
    path = check_output_path(Path(path))
    remove_stale_partials(path.parent if str(path.parent) else Path("."))
    try:
        fd, tmp = _create_temp(path, private)
    except OSError as exc:
        raise OutputWriteError(describe_output_error(exc, path)) from None
    os.close(fd)
    return tmp


def publish_temp(tmp: Path, path: Path | str) -> Path:
    """Move a finished (and already logged) temporary file onto ``path``, refusing a target
    that became a symlink; the temporary file is removed on any failure."""
    path = Path(path)
    try:
        _refuse_existing(path)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputWriteError(describe_output_error(exc, path)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(path.parent if str(path.parent) else Path("."))
    return path


def write_output(path: Path | str, payload: bytes, *, private: bool = True,
                 before_publish: Callable[[], None] | None = None) -> Path:
    """Write ``payload`` to ``path`` through :func:`staged_output`; returns ``path``."""
    with staged_output(path, private=private) as out:
        out.file.write(payload)
        if before_publish is not None:
            out.before_publish(before_publish)
    return Path(path)


__all__ = ["OutputPathError", "OutputWriteError", "StagedOutput", "check_output_folder",
           "check_output_path", "describe_output_error", "make_output_folder", "publish_temp",
           "remove_stale_partials", "reserve_temp", "staged_output", "write_output"]
