"""One sync of a file with a team server: pull, merge, push, pull (see the package doc)."""

from __future__ import annotations

from collections.abc import Callable

from planner.storage.database import Database
from planner.sync.report import SyncReport

Progress = Callable[[str], None]


def remembered_server(db: Database) -> str | None:
    """The server URL (no password) this file last synced with, or None."""
    from planner.sync import local

    return local.status(db).server


def sync(db: Database, server_url: str | None = None, *, progress: Progress | None = None) -> SyncReport:
    """Sync ``db`` (a file) with the server at ``server_url`` (default: the one it synced with).

    The first sync of an empty file copies the plan from the server; the first sync of a full file
    into an empty server publishes it. Raises SyncError (SchemaMismatchError when the program
    versions differ, OtherPlanError when the file belongs to another plan), StoreError when the
    server cannot be reached. Safe to repeat after any failure: nothing is applied twice."""
    from planner.sync import engine

    return engine.sync(db, server_url, progress=progress)
