"""One sync at a time, on the task runner's write thread; the outcome back on the GUI thread.

``SyncController.start(url, automatic=…)`` runs :func:`planner.sync.run.sync` on a worker
(never the GUI thread; the write pool also queues it behind any other write job). Progress
messages arrive through :attr:`progress` (a queued signal). When it returns, every view reloads
(``Workspace.notify_external_change``, as after an import), the undo history loses the steps
naming people an erasure elsewhere removed (:mod:`.erased_history`), and :attr:`finished` carries a
:class:`SyncOutcome`. Expected failures (server unreachable, schema or plan mismatch) are
outcomes with a message, never exceptions; anything else reaches ``on_error`` (the app's error
dialog, with details).

An automatic sync first checks, with a short TCP connect, that the server answers at all: when
it does not, the outcome is ``offline`` and nothing else is tried.

Which server: the URL given, else the one typed in this window (with its password), else the one
the file remembers (``remembered_server``) with the password from the system keyring.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from planner.errors import PlannerError, StoreError
from ui.sync.erased_history import forget_erased, identities, people_in_history
from ui.tasks import TaskFailure

PROBE_TIMEOUT_S = 3.0
STATUS_DELAY_MS = 300  # edits in a burst refresh the status once


@dataclass
class SyncOutcome:
    report: Any = None            # SyncReport when the sync ran
    status: Any = None            # SyncStatus after it (or after the failure)
    offline: bool = False         # the server could not be reached
    message: str = ""             # why it did not run (for a person)
    automatic: bool = False
    dropped_steps: int = 0        # undo steps dropped because they named an erased person
    known: dict[str, tuple[str, Any]] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return self.report is not None


def server_reachable(url: str, timeout: float = PROBE_TIMEOUT_S) -> bool:
    """Whether something listens at the URL's host and port (a Unix socket: assumed yes)."""
    from sqlalchemy import make_url

    parsed = make_url(url)
    host = parsed.host or ""
    if not host or host.startswith("/"):
        return True
    try:
        with socket.create_connection((host, parsed.port or 5432), timeout=timeout):
            return True
    except OSError:
        return False


def run_sync(db: Any, url: str | None, *, automatic: bool, person_ids: set[int],
             progress: Callable[[str], None]) -> SyncOutcome:
    """The worker's part: read who the undo history holds, sync, read the status after."""
    from planner.sync.run import sync
    from planner.sync.status import sync_status

    outcome = SyncOutcome(automatic=automatic)
    outcome.known = identities(db, person_ids)
    try:
        if automatic and url and not server_reachable(url):
            outcome.offline = True
            outcome.message = "The team server could not be reached."
        else:
            outcome.report = sync(db, url, progress=progress)
    except StoreError as exc:  # the server is unreachable (or refused the login)
        outcome.offline = True
        outcome.message = str(exc)
    except PlannerError as exc:  # SyncError and its kin: it said why
        outcome.message = str(exc) or type(exc).__name__
    outcome.status = sync_status(db)
    return outcome


class _Progress(QObject):
    message = Signal(str)


class SyncController(QObject):
    started = Signal(bool)          # automatic?
    progress = Signal(str)
    finished = Signal(object)       # SyncOutcome
    failed = Signal(object)         # TaskFailure: a bug, not a sync problem
    status_changed = Signal(object)  # SyncStatus
    status_failed = Signal(str)      # why the status could not be read

    def __init__(self, workspace: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.session_url: str | None = None  # typed in this window, with its password
        self.running = False
        self.closed = False  # the window is closing: start nothing more
        self.status: Any = None
        self._status_generation = 0
        self._progress = _Progress(self)  # lives on the GUI thread: worker emits are queued
        self._progress.message.connect(self.progress)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(STATUS_DELAY_MS)
        self._status_timer.timeout.connect(self.refresh_status)
        workspace.changed.connect(lambda _tables: self._status_timer.start())

    # -- which server ------------------------------------------------------------------------
    def remembered(self) -> str | None:
        from planner.sync.run import remembered_server

        try:
            return remembered_server(self.ws.db)
        except PlannerError:
            return None

    def server_url(self) -> str | None:
        """The URL the next sync uses (with a password when one is known), or None: ask."""
        if self.session_url:
            return self.session_url
        remembered = self.remembered()
        if not remembered:
            return None
        from ui.team.passwords import password_for

        password = password_for(remembered)
        if not password:
            return remembered
        from sqlalchemy import make_url

        return make_url(remembered).set(password=password).render_as_string(hide_password=False)

    # -- running -------------------------------------------------------------------------------
    def start(self, url: str | None = None, *, automatic: bool = False) -> bool:
        """Start a sync; False when one is running already (nothing is started)."""
        if self.running or self.closed:
            return False
        if url:
            self.session_url = url
        target = url or self.server_url()
        self.running = True
        self._status_generation += 1  # a status read still running is older than this sync
        db = self.ws.db
        ids = people_in_history(self.ws.undo_stack)
        emit = self._progress.message.emit
        self.started.emit(automatic)

        def job(_session: Any, _progress: Any, _cancel: Any) -> SyncOutcome:
            return run_sync(db, target, automatic=automatic, person_ids=ids, progress=emit)

        self.ws.runner.start("Syncing with the team server…", job, on_done=self._done,
                             on_error=self._failed, writes=True, show_progress=False)
        return True

    def _done(self, outcome: SyncOutcome) -> None:
        self.running = False
        if outcome.ok and outcome.report.erased:
            outcome.dropped_steps = forget_erased(self.ws, outcome.report.erased, outcome.known)
        if outcome.ok or not outcome.offline:  # a failed sync kept nothing, but look again anyway
            self.ws.notify_external_change()  # every page reloads, as after an import
        outcome.known = {}
        self._set_status(outcome.status)
        self.finished.emit(outcome)

    def _failed(self, failure: TaskFailure) -> None:
        self.running = False
        self.refresh_status()
        self.failed.emit(failure)

    def close(self) -> None:
        """The window closes (its workspace stops its workers next): start nothing more."""
        self.closed = True
        self._status_timer.stop()

    # -- status --------------------------------------------------------------------------------
    def refresh_status(self) -> None:
        """Read the status on a worker (it compares every record with its last-synced copy:
        ~0.1 s for the demo mission) and tell the status bar; only the newest read counts."""
        if self.running or self.closed:
            return  # the sync's outcome carries the status after it
        from planner.sync.status import sync_status

        self._status_generation += 1
        generation = self._status_generation
        db = self.ws.db

        def done(status: Any) -> None:
            if generation == self._status_generation:
                self._set_status(status)

        def failed(failure: TaskFailure) -> None:  # a status that cannot be read must not stop the window
            if generation == self._status_generation:
                self.status_failed.emit(f"The sync status could not be read: {failure.message}")

        self.ws.runner.start("Reading the sync status…", lambda _s, _p, _c: sync_status(db), on_done=done,
                             on_error=failed, show_progress=False)

    def _set_status(self, status: Any) -> None:
        if status is not None:
            self.status = status
            self.status_changed.emit(status)
