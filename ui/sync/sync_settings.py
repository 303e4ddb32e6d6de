"""The user's sync preferences, over the app's QSettings (INI): automatic sync and how often.

Kept with the other preferences (``preferences/…``): a layout reset never changes them.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings

KEY_AUTO_SYNC = "preferences/auto_sync"
KEY_AUTO_SYNC_MINUTES = "preferences/auto_sync_minutes"
INTERVALS_MINUTES = (5, 10, 15, 30, 60)
DEFAULT_MINUTES = 10


class SyncPreferences:
    """Automatic sync: off until the user turns it on; every ``minutes`` (one of the choices)."""

    def __init__(self, settings: QSettings) -> None:
        self._s = settings

    @property
    def auto_sync(self) -> bool:
        return bool(self._s.value(KEY_AUTO_SYNC, False, type=bool))

    @auto_sync.setter
    def auto_sync(self, value: bool) -> None:
        self._s.setValue(KEY_AUTO_SYNC, bool(value))

    @property
    def minutes(self) -> int:
        value = self._s.value(KEY_AUTO_SYNC_MINUTES, DEFAULT_MINUTES, type=int)
        return value if isinstance(value, int) and value in INTERVALS_MINUTES else DEFAULT_MINUTES

    @minutes.setter
    def minutes(self, value: int) -> None:
        self._s.setValue(KEY_AUTO_SYNC_MINUTES, value if value in INTERVALS_MINUTES else DEFAULT_MINUTES)
