"""The one task runner: a planner function with progress/cancel on a worker thread.

``TaskRunner.start(title, job, on_done=…, on_error=…)`` runs ``job(session, progress, cancel)`` on
a pool thread with its own Session (a short transaction that commits when the job returns). The
signals QObject is created and owned here, on the GUI thread (a QRunnable that owns its signals
destroys them on a pool thread). Results, errors and cancellation come back on the GUI thread. A
progress dialog with Cancel appears only if the job is still running after ``PROGRESS_DELAY_MS``.
Jobs that write go to a pool with one thread, so writes never race each other.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget
from sqlalchemy.orm import Session

from planner.errors import Cancelled, PlannerError
from planner.imports.errors import Cancelled as ImportCancelled
from planner.imports.errors import ImportProblem

PROGRESS_DELAY_MS = 500
PROGRESS_MIN_INTERVAL_S = 0.05
SHUTDOWN_WAIT_MS = 5000

Job = Callable[[Session, Callable[[int, int], None], Callable[[], bool]], Any]


@dataclass(frozen=True)
class TaskFailure:
    """A worker's exception, made readable: a message for the user and details to copy."""

    title: str
    message: str
    details: str
    expected: bool  # a PlannerError (bad input …) rather than a bug

    @classmethod
    def from_exception(cls, title: str, exc: BaseException) -> TaskFailure:
        expected = isinstance(exc, PlannerError | ImportProblem)
        message = str(exc) or type(exc).__name__
        if not expected:
            message = f"Something went wrong: {message}. Nothing was changed."
        details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return cls(title, message, details, expected)


class TaskSignals(QObject):
    progress = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()


class _JobRunnable(QRunnable):
    def __init__(self, handle: TaskHandle, job: Job, session_factory: Callable[[], Session]) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._handle = handle
        self._job = job
        self._session_factory = session_factory

    def run(self) -> None:
        handle = self._handle
        signals = handle.signals
        last = [0.0]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done >= total or now - last[0] >= PROGRESS_MIN_INTERVAL_S:
                last[0] = now
                if not handle.closing:
                    signals.progress.emit(int(done), int(total))

        try:
            if handle.is_cancelled():
                raise Cancelled("Cancelled before it started")
            with self._session_factory() as session, session.begin():
                result = self._job(session, progress, handle.is_cancelled)
                if handle.is_cancelled():
                    raise Cancelled("Cancelled; nothing was changed")
        except (Cancelled, ImportCancelled):
            if not handle.closing:
                signals.cancelled.emit()
        except BaseException as exc:
            if not handle.closing:
                signals.failed.emit(TaskFailure.from_exception(handle.title, exc))
        else:
            if not handle.closing:
                signals.succeeded.emit(result)
        finally:
            handle.finished_event.set()


class TaskHandle(QObject):
    """One running job: cancel it, watch it; lives on the GUI thread."""

    finished = Signal()

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.signals = TaskSignals(self)
        self._cancel = threading.Event()
        self.finished_event = threading.Event()
        self.closing = False
        self.dialog: QProgressDialog | None = None

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def done(self) -> bool:
        return self.finished_event.is_set()


class TaskRunner(QObject):
    """Starts jobs, shows delayed progress, routes outcomes; shut down before the database closes."""

    busy_changed = Signal(bool)

    def __init__(self, session_factory: Callable[[], Session], parent: QObject | None = None, *,
                 write_session_factory: Callable[[], Session] | None = None) -> None:
        super().__init__(parent)
        self._session_factory = session_factory
        # jobs that write begin IMMEDIATE: they wait for another program's write, never fail on it
        self._write_session_factory = write_session_factory or session_factory
        self.read_pool = QThreadPool(self)
        self.read_pool.setMaxThreadCount(2)
        self.write_pool = QThreadPool(self)
        self.write_pool.setMaxThreadCount(1)
        self._running: list[TaskHandle] = []
        self.progress_delay_ms = PROGRESS_DELAY_MS

    @property
    def running(self) -> list[TaskHandle]:
        return list(self._running)

    def start(self, title: str, job: Job, *, on_done: Callable[[Any], None] | None = None,
              on_error: Callable[[TaskFailure], None] | None = None,
              on_cancelled: Callable[[], None] | None = None, writes: bool = False,
              dialog_parent: QWidget | None = None, show_progress: bool = True) -> TaskHandle:
        handle = TaskHandle(title, self)
        self._running.append(handle)

        def finish() -> None:
            if handle.dialog is not None:
                handle.dialog.reset()
                handle.dialog.hide()
                handle.dialog.deleteLater()
                handle.dialog = None
            if handle in self._running:
                self._running.remove(handle)
            self.busy_changed.emit(bool(self._running))
            handle.finished.emit()

        def succeeded(result: Any) -> None:
            if handle.closing:  # shut down meanwhile (its signal was already queued): nobody waits
                return
            finish()
            if on_done:
                on_done(result)

        def failed(failure: TaskFailure) -> None:
            if handle.closing:  # shut down meanwhile (its signal was already queued): nobody waits
                return
            finish()
            if on_error:
                on_error(failure)

        def cancelled() -> None:
            if handle.closing:  # shut down meanwhile (its signal was already queued): nobody waits
                return
            finish()
            if on_cancelled:
                on_cancelled()

        handle.signals.succeeded.connect(succeeded)
        handle.signals.failed.connect(failed)
        handle.signals.cancelled.connect(cancelled)
        if show_progress:
            QTimer.singleShot(self.progress_delay_ms, handle,
                              lambda: self._show_progress(handle, dialog_parent))
        self.busy_changed.emit(True)
        pool = self.write_pool if writes else self.read_pool
        factory = self._write_session_factory if writes else self._session_factory
        pool.start(_JobRunnable(handle, job, factory))
        return handle

    def _show_progress(self, handle: TaskHandle, parent: QWidget | None) -> None:
        if handle.done or handle not in self._running:
            return
        dialog = QProgressDialog(handle.title, "Cancel", 0, 0, parent)
        dialog.setWindowTitle(handle.title)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(handle.cancel)
        dialog.canceled.connect(lambda: dialog.setLabelText("Cancelling…"))

        def update(done: int, total: int) -> None:
            if total > 0:
                dialog.setMaximum(total)
                dialog.setValue(min(done, total))

        handle.signals.progress.connect(update)
        handle.dialog = dialog
        dialog.show()

    def shutdown(self, timeout_ms: int = SHUTDOWN_WAIT_MS) -> bool:
        """Cancel everything and wait for the workers; True when all stopped in time."""
        for handle in self._running:
            handle.closing = True
            handle.cancel()
        ok_read = self.read_pool.waitForDone(timeout_ms)
        ok_write = self.write_pool.waitForDone(timeout_ms)
        self._running.clear()
        return ok_read and ok_write
