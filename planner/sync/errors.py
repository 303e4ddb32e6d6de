"""What a sync tells the user when it cannot run."""

from __future__ import annotations

from planner.errors import PlannerError


class SyncError(PlannerError):
    """The sync could not run or finish; nothing half-done is kept on either side."""


class SchemaMismatchError(SyncError):
    """The laptop's program and the server's schema are of different versions."""


class OtherPlanError(SyncError):
    """This file syncs with another plan (another server or database) than the one named."""
