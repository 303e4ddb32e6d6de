"""What to call an open plan: a file by its name, a server as ``user@host/db`` (never its password).

``plan_key`` is what settings remember a plan by (the last event shown in it): a file's path, a
server's URL without its password.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def is_server_target(target: object) -> bool:
    """Whether ``target`` (a path, a ``--db`` value, a recent entry) names a database server."""
    if not isinstance(target, str) or "://" not in target:
        return False
    return target.split("://", 1)[0].split("+", 1)[0].lower() in ("postgresql", "postgres")


def server_label(url: str) -> str:
    """``alice@db.example.org/plan`` (port shown when not 5432); never the password."""
    from sqlalchemy import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return "a database server"
    host = parsed.host or "localhost"
    if parsed.port and parsed.port != 5432:
        host = f"{host}:{parsed.port}"
    user = f"{parsed.username}@" if parsed.username else ""
    return f"{user}{host}/{parsed.database or ''}"


def target_label(target: Path | str) -> str:
    """The short name of what is being opened: a file's name or a server's label."""
    if is_server_target(target):
        return server_label(str(target))
    return Path(target).name


def without_password(url: str) -> str:
    """The URL as settings may keep it (``planner.storage.server.credentials.url_for_settings``)."""
    from ui.team.passwords import url_for_settings

    return url_for_settings(url)


def plan_label(db: Any) -> str:
    """The open plan's short name, for titles and messages."""
    return server_label(db.url) if getattr(db, "is_server", False) else db.path.name


def plan_key(db: Any) -> str:
    """What settings remember the open plan by: the file's path or the password-less URL."""
    return without_password(db.url) if getattr(db, "is_server", False) else str(db.path)
