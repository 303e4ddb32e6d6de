"""Live updates in the window: :class:`~planner.storage.server.notify.ChangeListener` on a worker thread,
its batches and connection state brought to the GUI thread as Qt signals.

``changed(set[str])`` feeds ``Workspace.changed`` (views reload what another person's commit
touched); ``connection_changed(bool, str)`` drives the banner ("Connection to the team server
lost — reconnecting…"). Signals emitted on the worker thread reach receivers on the GUI thread
queued (Qt's automatic connection).
"""

from __future__ import annotations

import threading
from collections.abc import Container

from PySide6.QtCore import QObject, Signal

STOP_WAIT_S = 3.0  # the listener sees a stop request within its poll interval (0.25 s)


class LiveUpdates(QObject):
    changed = Signal(object)  # set[str]: tables another person's commit touched ({"*"}: everything)
    connection_changed = Signal(bool, str)  # connected?, the reason when not

    def __init__(self, url: str, parent: QObject | None = None, *, ignore_pids: Container[int] = ()) -> None:
        super().__init__(parent)
        from planner.storage.server.notify import ChangeListener

        self.listener = ChangeListener(url, on_status=self._status, ignore_pids=ignore_pids)
        self.connected = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self.listener.listen, args=(self._changed, self._stop),
                                            name="live-updates", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(STOP_WAIT_S)
            self._thread = None

    def _changed(self, tables: set[str]) -> None:  # worker thread
        if not self._stop.is_set():
            self.changed.emit(set(tables))

    def _status(self, connected: bool, message: str) -> None:  # worker thread
        if not self._stop.is_set():
            self.connected = connected
            self.connection_changed.emit(connected, message)
