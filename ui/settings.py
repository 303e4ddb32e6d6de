"""Typed settings over QSettings (INI): user preferences apart from window state.

``Preferences`` holds what the user chose (recent files, folders, confirmations); ``UiState``
holds how the window looked (geometry, splitters, column layouts, last page and event). Every
read goes through ``value(key, default, type=...)`` because the INI backend returns strings.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

SETTINGS_VERSION = 1
MAX_RECENT = 8

KEY_VERSION = "meta/version"
KEY_RECENT = "preferences/recent_files"
KEY_RECENT_SERVERS = "preferences/recent_servers"  # URLs without their passwords (keyring keeps those)
KEY_LAST_DB = "preferences/last_database"
KEY_EXPORT_DIR = "preferences/export_dir"
KEY_IMPORT_DIR = "preferences/import_dir"
KEY_CONFIRM_DELETE = "preferences/confirm_delete"
KEY_WELCOME_DONE = "preferences/welcome_done"
KEY_GEOMETRY = "ui_state/window_geometry"
KEY_WINDOW_STATE = "ui_state/window_state"
KEY_LAST_PAGE = "ui_state/last_page"
KEY_LAST_EVENT = "ui_state/last_event"
KEY_HEADER = "ui_state/header/{table}"
KEY_SPLITTER = "ui_state/splitter/{name}"


class Preferences:
    """What the user chose; survives layout resets."""

    def __init__(self, settings: QSettings) -> None:
        self._s = settings

    @property
    def recent_files(self) -> list[str]:
        value = self._s.value(KEY_RECENT, [], type=list)
        return [str(v) for v in value if v]

    def add_recent_file(self, path: str) -> None:
        files = [path] + [p for p in self.recent_files if p != path]
        self._s.setValue(KEY_RECENT, files[:MAX_RECENT])

    def remove_recent_file(self, path: str) -> None:
        self._s.setValue(KEY_RECENT, [p for p in self.recent_files if p != path])

    @property
    def recent_servers(self) -> list[str]:
        value = self._s.value(KEY_RECENT_SERVERS, [], type=list)
        return [str(v) for v in value if v]

    def add_recent_server(self, url: str) -> None:
        """Remember a team server; ``url`` must already be without its password."""
        servers = [url] + [u for u in self.recent_servers if u != url]
        self._s.setValue(KEY_RECENT_SERVERS, servers[:MAX_RECENT])

    def remove_recent_server(self, url: str) -> None:
        self._s.setValue(KEY_RECENT_SERVERS, [u for u in self.recent_servers if u != url])

    @property
    def last_database(self) -> str:
        return str(self._s.value(KEY_LAST_DB, "", type=str))

    @last_database.setter
    def last_database(self, path: str) -> None:
        self._s.setValue(KEY_LAST_DB, path)

    @property
    def export_dir(self) -> str:
        return str(self._s.value(KEY_EXPORT_DIR, "", type=str))

    @export_dir.setter
    def export_dir(self, path: str) -> None:
        self._s.setValue(KEY_EXPORT_DIR, path)

    @property
    def import_dir(self) -> str:
        return str(self._s.value(KEY_IMPORT_DIR, "", type=str))

    @import_dir.setter
    def import_dir(self, path: str) -> None:
        self._s.setValue(KEY_IMPORT_DIR, path)

    @property
    def confirm_delete(self) -> bool:
        return bool(self._s.value(KEY_CONFIRM_DELETE, True, type=bool))

    @confirm_delete.setter
    def confirm_delete(self, value: bool) -> None:
        self._s.setValue(KEY_CONFIRM_DELETE, value)


class UiState:
    """How the window looked; can be reset without losing preferences."""

    def __init__(self, settings: QSettings) -> None:
        self._s = settings

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._s.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def geometry(self) -> QByteArray | None:
        return self._bytes(KEY_GEOMETRY)

    @property
    def window_state(self) -> QByteArray | None:
        return self._bytes(KEY_WINDOW_STATE)

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._s.setValue(KEY_GEOMETRY, geometry)
        self._s.setValue(KEY_WINDOW_STATE, state)

    def header_state(self, table: str) -> QByteArray | None:
        return self._bytes(KEY_HEADER.format(table=table))

    def set_header_state(self, table: str, state: QByteArray) -> None:
        self._s.setValue(KEY_HEADER.format(table=table), state)

    def splitter_state(self, name: str) -> QByteArray | None:
        return self._bytes(KEY_SPLITTER.format(name=name))

    def set_splitter_state(self, name: str, state: QByteArray) -> None:
        self._s.setValue(KEY_SPLITTER.format(name=name), state)

    @property
    def last_page(self) -> str:
        return str(self._s.value(KEY_LAST_PAGE, "", type=str))

    @last_page.setter
    def last_page(self, key: str) -> None:
        self._s.setValue(KEY_LAST_PAGE, key)

    def last_event(self, db_path: str) -> str:
        return str(self._s.value(f"{KEY_LAST_EVENT}/{_path_key(db_path)}", "", type=str))

    def set_last_event(self, db_path: str, code: str) -> None:
        self._s.setValue(f"{KEY_LAST_EVENT}/{_path_key(db_path)}", code)

    def reset(self) -> None:
        self._s.remove("ui_state")


def _path_key(path: str) -> str:
    import hashlib

    return hashlib.sha1(path.encode("utf-8")).hexdigest()[:12]


class AppSettings:
    """Both groups over one INI file, with the settings version upgraded on open."""

    def __init__(self, settings: QSettings) -> None:
        self.qsettings = settings
        self.preferences = Preferences(settings)
        self.ui_state = UiState(settings)
        self.newer_than_app = False
        self._upgrade()

    @classmethod
    def at(cls, path: str) -> AppSettings:
        return cls(QSettings(path, QSettings.Format.IniFormat))

    def _upgrade(self) -> None:
        stored = int(self.qsettings.value(KEY_VERSION, 0, type=int))
        if stored > SETTINGS_VERSION:
            self.newer_than_app = True  # written by a newer app: read what we know, change nothing
            return
        # Version 0 → 1: nothing to convert (first version); later upgrades go here in order.
        if stored != SETTINGS_VERSION:
            self.qsettings.setValue(KEY_VERSION, SETTINGS_VERSION)

    def sync(self) -> None:
        self.qsettings.sync()
