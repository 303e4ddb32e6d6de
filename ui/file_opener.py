"""Open a Mission Desk file on a worker thread: quick check, backup and upgrade, then warm imports.

``Database.open`` can take from a tenth of a second (the quick check of a large file) to many
seconds (backing up and upgrading an older file), and importing the database layer itself costs
a few hundred milliseconds. The main window is shown first; this runs the open on a plain thread
and reports back on the GUI thread through ``opened(db)`` or ``failed(message, forget_recent)``.
A missing file is created; a file in a folder that does not exist is refused (File ▸ New, whose
dialog only offers existing folders, is the way to make a file elsewhere).
After the file is open it imports the modules the first page will need (``warm``), so building
that page on the GUI thread does not pay for them.
"""

from __future__ import annotations

import importlib
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal


class FileOpener(QObject):
    opened = Signal(object)  # planner.storage.database.Database
    failed = Signal(str, bool)  # message for the user, whether to drop the file from the recent list

    def __init__(self, path: Path, warm: list[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.warm = list(warm or [])
        self.result: Any = None  # the Database, once opened (for shutdown while still opening)
        self._thread: threading.Thread | None = None
        self.abandoned = False

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="open-file", daemon=True)
        self._thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the thread (at shutdown); True when it finished."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        from planner.errors import PlannerError
        from planner.paths import MissingFolderError, require_folder

        try:
            require_folder(self.path)  # a missing file is created, a missing folder is refused
            from planner.storage.database import Database

            db = Database.open(self.path)
        except MissingFolderError as exc:  # perhaps a drive not plugged in: keep it in the recent list
            self.failed.emit(str(exc), False)
            return
        except PlannerError as exc:
            self.failed.emit(str(exc), True)
            return
        except OSError as exc:
            self.failed.emit(f"{self.path}: {exc.strerror or exc}", False)
            return
        except Exception as exc:  # a bug: say what happened rather than hang on "Opening…"
            self.failed.emit(f"{self.path.name} could not be opened: {type(exc).__name__}: {exc}", False)
            return
        self.result = db
        for module in self.warm:
            try:
                importlib.import_module(module)
            except Exception:  # the GUI thread imports it again and reports any real error
                break
        self.opened.emit(db)
