"""The sync status in the status bar: "Synced 10:42 · 3 changes to send · 1 conflict".

:func:`status_text` turns a :class:`~planner.sync.status.SyncStatus` into that line (the last
sync in this computer's local time); :class:`SyncStatusButton` shows it, flat, and opens the
Review page when clicked. While a sync runs it says "Syncing…"; when the server could not be
reached it says "Offline" (the changes to send are still counted).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QToolButton, QWidget

NOT_SYNCED = "Not synced yet"
SYNCING = "Syncing…"
OFFLINE = "Offline"


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def local_time_text(utc: datetime, now: datetime | None = None) -> str:
    """A naive-UTC moment in this computer's time: "10:42" today, "3 Dec 10:42" another day."""
    local = utc.replace(tzinfo=UTC).astimezone()
    today = (now or datetime.now(UTC)).astimezone().date()
    return f"{local:%H:%M}" if local.date() == today else f"{local.day} {local:%b %H:%M}"


def status_text(status: Any, *, offline: bool = False, now: datetime | None = None) -> str:
    """The status line for ``status`` (a SyncStatus); ``offline``: the last try found no server."""
    if status is None:
        return NOT_SYNCED
    parts: list[str] = []
    if offline:
        parts.append(OFFLINE)
    elif status.last_sync is not None:
        parts.append(f"Synced {local_time_text(status.last_sync, now)}")
    else:
        parts.append(NOT_SYNCED)
    if status.pending or status.last_sync is not None or offline:
        parts.append(_plural(status.pending, "change to send", "changes to send"))
    if status.conflicts:
        parts.append(_plural(status.conflicts, "conflict", "conflicts"))
    return " · ".join(parts)


def status_tooltip(status: Any, *, offline: bool = False, problem: str = "") -> str:
    if status is None or status.server is None:
        lines = ["This file has not been synced with a team server: Sync ▸ Sync now (Ctrl+Shift+S)."]
    else:
        lines = [f"Syncs with {status.server}."]
        if offline:
            lines.append("The server could not be reached at the last try; "
                         "your changes are kept here and sent at the next sync.")
    if problem:
        lines.append(problem)
    lines.append("Click to review the conflicts waiting for your decision.")
    return "\n".join(lines)


class SyncStatusButton(QToolButton):
    """A flat status-bar button; ``clicked`` opens the Review page (wired by the Sync menu)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sync_status")
        self.setAutoRaise(True)
        self.status: Any = None
        self.offline = False
        self.problem = ""
        self.setText(NOT_SYNCED)

    def show_status(self, status: Any, *, offline: bool | None = None, problem: str | None = None) -> None:
        self.status = status
        if offline is not None:
            self.offline = offline
        if problem is not None:
            self.problem = problem
        text = status_text(status, offline=self.offline)
        if self.problem and not self.offline:
            text += " · sync failed"
        self.setText(text)
        self.setToolTip(status_tooltip(status, offline=self.offline, problem=self.problem))

    def show_running(self, message: str = "") -> None:
        self.setText(f"{SYNCING} {message}".strip() if message else SYNCING)
