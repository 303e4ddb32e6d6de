"""Where files live: the data dir (platformdirs, PLANNER_DATA_DIR) and the database file."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

import platformdirs

APP_DIR_NAME = "MissionDesk"
DEFAULT_DB_NAME = "mission-desk.db"


def data_dir() -> Path:
    override = os.environ.get("PLANNER_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``$PLANNER_DB``, then the default file in the data dir."""
    if cli_value:
        return Path(cli_value).expanduser()
    env = os.environ.get("PLANNER_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / DEFAULT_DB_NAME


def backup_dir_for(db_path: Path) -> Path:
    """Backups of one file: in the local data dir, apart from the file (which may be on a share)."""
    digest = hashlib.sha1(str(db_path.resolve()).encode("utf-8")).hexdigest()[:8]
    return data_dir() / "backups" / f"{db_path.stem}-{digest}"


def make_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(path, 0o700)
    return path
