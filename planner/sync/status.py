"""What the GUI's sync status shows: the server, the last sync, pending changes, conflicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planner.storage.database import Database


@dataclass(frozen=True)
class SyncStatus:
    server: str | None          # the server this file syncs with (URL without password); None: never
    last_sync: datetime | None  # UTC, naive, of the last sync that finished
    pending: int                # records changed (added, edited, deleted) here since the last sync
    conflicts: int              # conflicts waiting in the review queue

    @property
    def configured(self) -> bool:
        return self.server is not None


def sync_status(db: Database) -> SyncStatus:
    from planner.sync import local

    return local.status(db)
