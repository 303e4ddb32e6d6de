"""Where files live: the data dir (platformdirs, PLANNER_DATA_DIR) and the database file."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import platformdirs

from planner.errors import StoreError

APP_DIR_NAME = "MissionDesk"
DEFAULT_DB_NAME = "mission-desk.db"
DEMO_DB_NAME = "demo.db"


class MissingFolderError(StoreError):
    """A file named in a folder that does not exist: refused, so a typo never looks like an empty plan."""


class ServerNotFileError(StoreError):
    """``--db`` (or ``$PLANNER_DB``) names a database server, and the command needs a file."""


def _refuse_server(value: str, named_by: str) -> None:
    if "://" not in value:  # a file: the server module (and SQLAlchemy) need not load
        return
    from planner.storage.server.server import display_url, is_server_url

    if is_server_url(value):
        raise ServerNotFileError(f"{named_by} names a database server ({display_url(value)}): this "
                                 "command works on a Mission Desk file only (backups of a server "
                                 "are the administrator's pg_dump)")


def data_dir() -> Path:
    override = os.environ.get("PLANNER_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def demo_db_path() -> Path:
    """The demo mission's own file, beside the default file in the data dir."""
    return data_dir() / DEMO_DB_NAME


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``$PLANNER_DB``, then the default file in the data dir.

    A file named by ``--db`` or ``$PLANNER_DB`` may be missing (it is created), but its folder
    must exist: otherwise :class:`MissingFolderError`. Only the default file's folder (the data
    dir, ours) is created when missing. A server URL there is refused (:class:`ServerNotFileError`):
    a command that can work on a server asks :func:`server_url` first.
    """
    if cli_value:
        _refuse_server(os.fspath(cli_value), "--db")
        return require_folder(Path(cli_value).expanduser(), "--db")
    env = os.environ.get("PLANNER_DB")
    if env:
        _refuse_server(env, "$PLANNER_DB")
        return require_folder(Path(env).expanduser(), "$PLANNER_DB")
    return data_dir() / DEFAULT_DB_NAME


def server_url(cli_value: str | os.PathLike[str] | None = None) -> str | None:
    """The server URL named by ``--db`` (else ``$PLANNER_DB``), or None when a file is named."""
    from planner.storage.server.server import is_server_url

    value = os.fspath(cli_value) if cli_value else os.environ.get("PLANNER_DB", "")
    return value if is_server_url(value) else None


def require_folder(path: Path, named_by: str = "") -> Path:
    """``path`` if its folder exists, else :class:`MissingFolderError` naming that folder."""
    folder = path.parent
    if folder.is_dir():
        return path
    what = "is not a folder" if folder.exists() else "does not exist"
    source = f" (from {named_by})" if named_by else ""
    raise MissingFolderError(
        f"cannot use {path}{source}: the folder {folder} {what}. Check the path for a typo; a new file "
        f"is created only in an existing folder.")


def backup_dir_for(db_path: Path) -> Path:
    """Backups of one file: in the local data dir, apart from the file (which may be on a share)."""
    digest = hashlib.sha1(str(db_path.resolve()).encode("utf-8")).hexdigest()[:8]
    return data_dir() / "backups" / f"{db_path.stem}-{digest}"


def make_private_dir(path: Path) -> Path:
    """Create ``path`` (and its parents) readable by the owner only; an existing folder keeps
    its mode (the user chose it: ``backup --out ~/Shared/x.db`` must not lock others out)."""
    if path.is_dir():
        return path
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    return path
