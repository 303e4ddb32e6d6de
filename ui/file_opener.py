"""Open a Mission Desk file on a worker thread: quick check, backup and upgrade, then warm imports.

``Database.open`` can take from a tenth of a second (the quick check of a large file) to many
seconds (backing up and upgrading an older file), and importing the database layer itself costs
a few hundred milliseconds. The main window is shown first; this runs the open on a plain thread
and reports back on the GUI thread through ``opened(db)`` or ``failed(message, forget_recent)``.
A missing file is created; a file in a folder that does not exist is refused (File ▸ New, whose
dialog only offers existing folders, is the way to make a file elsewhere).
A team server's URL (``postgresql+psycopg://…``) is opened the same way, on the same thread (a
slow or unreachable server never freezes the window; libpq gives up after ``connect_timeout``
seconds); a failure says why in the user's words (:mod:`ui.team.server_errors`).
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

    def __init__(self, path: Path | str, warm: list[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path  # a Path, or a server's URL (a str)
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
        from ui.team.naming import is_server_target

        if is_server_target(self.path):
            self._run_server(str(self.path))
            return
        assert isinstance(self.path, Path)
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
        self._done(db)

    def _run_server(self, url: str) -> None:
        from planner.errors import PlannerError
        from ui.team.server_errors import explain_open_failure

        try:
            from planner.storage.database import Database

            db = Database.open(with_connect_timeout(url))
        except PlannerError as exc:
            self.failed.emit(explain_open_failure(str(exc)), False)
            return
        except Exception as exc:  # a bug: say what happened rather than hang on "Opening…"
            from ui.team.naming import server_label

            self.failed.emit(f"{server_label(url)} could not be opened: {type(exc).__name__}: {exc}", False)
            return
        self._done(db)

    def _done(self, db: Any) -> None:
        self.result = db
        for module in self.warm:
            try:
                importlib.import_module(module)
            except Exception:  # the GUI thread imports it again and reports any real error
                break
        self.opened.emit(db)


CONNECT_TIMEOUT_S = 10  # an unreachable server is reported after this long, not TCP's minutes


def with_connect_timeout(url: str) -> str:
    """``url`` with libpq's ``connect_timeout`` unless it names one."""
    from sqlalchemy import make_url

    parsed = make_url(url)
    if "connect_timeout" in parsed.query:
        return url
    return parsed.update_query_dict({"connect_timeout": str(CONNECT_TIMEOUT_S)}).render_as_string(
        hide_password=False)
