"""The open file as the GUI sees it: database, undo history, task runner, current event.

Pages read through :meth:`Workspace.read` (a short session, plain rows out) and change data
only through :meth:`Workspace.edit`, which pushes an undoable :class:`EditCommand`. After every
edit, undo or redo the ``changed`` signal names the tables touched so views reload.

Other programs (the command line, a sync) may save to the same file meanwhile. A timer asks the
file's change counter (:class:`FileWatch`, ``PRAGMA data_version``: no lock, a few microseconds)
every :data:`WATCH_INTERVAL_MS`; when it moved, every view reloads (``changed({"*"})``). Undo and
redo ask it too, and refuse a step that no longer fits the file (``changes.undo``).

On a team server there is no file to watch: :class:`~ui.team.live.LiveUpdates` listens for the
server's change notifications instead and ``changed`` names the tables another person's commit
touched (within two seconds); ``connection_changed`` reports a lost and a restored connection.
A write the server refuses because the role may only read (``ReadOnlyError``) puts the
workspace in read-only mode (``read_only_changed(True)``): the window disables its edit actions.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack
from sqlalchemy.orm import Session

from planner.domain.rows import EventRow
from planner.errors import PlannerError, ReadOnlyError
from planner.services.events.events import get_event, list_events
from planner.services.files.file_watch import FileWatch
from planner.storage.database import Database, FileReplacedError
from ui.tasks import TaskRunner
from ui.undo import EditCommand, drop_commands_mentioning

T = TypeVar("T")
UNDO_LIMIT = 500
ALL_TABLES = {"*"}
WATCH_INTERVAL_MS = 1500  # how often the app looks for changes saved by other programs


class Workspace(QObject):
    changed = Signal(object)  # set[str] of table names ({"*"} = everything)
    event_changed = Signal(object)  # EventRow | None
    edit_failed = Signal(object)  # BaseException raised by an undo/redo
    file_replaced = Signal(str)  # another program replaced the file (a restore): reopen it
    connection_changed = Signal(bool, str)  # a server: live updates connected?, why not
    read_only_changed = Signal(bool)  # the server refused a write: this role may only read

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.runner = TaskRunner(db.session, self, write_session_factory=db.write_session)
        self.current_event: EventRow | None = None
        self._pushing = False
        self.read_only = bool(getattr(db, "read_only", False))  # a server may know it at open
        self.is_server = bool(getattr(db, "is_server", False))
        self.watch: FileWatch | None = None
        self.live: Any = None
        self._watch_timer = QTimer(self)
        if self.is_server:
            self._start_live()
        else:
            self.watch = FileWatch(db.data_version_probe())
            self._watch_timer.setInterval(WATCH_INTERVAL_MS)
            self._watch_timer.timeout.connect(self.look_for_changes_elsewhere)
            self._watch_timer.start()

    def _start_live(self) -> None:
        from ui.team.live import LiveUpdates

        # our own commits are announced too: background jobs' writes reach every view that way
        self.live = LiveUpdates(self.db.url, self)
        self.live.changed.connect(self.notify_external_change)
        self.live.connection_changed.connect(self.connection_changed)
        self.live.start()

    # -- reading ---------------------------------------------------------------------------------
    def read(self, fn: Callable[[Session], T]) -> T:
        with self.db.session() as session:
            return fn(session)

    def events(self) -> list[EventRow]:
        return self.read(list_events)

    def set_event(self, code: str | None) -> None:
        row = None
        if code:
            row = next((e for e in self.events() if e.code == code), None)
        if row != self.current_event:
            self.current_event = row
            self.event_changed.emit(row)

    def refresh_event(self) -> None:
        """Re-read the current event's row (after an edit of the event itself)."""
        if self.current_event is None:
            return
        current = next((e for e in self.events() if e.id == self.current_event.id), None)
        if current != self.current_event:
            self.current_event = current
            self.event_changed.emit(current)

    def event_orm(self, session: Session) -> Any:
        assert self.current_event is not None, "no event selected"
        return get_event(session, self.current_event.uuid)

    # -- editing ---------------------------------------------------------------------------------
    def edit(self, label: str, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` as one undoable edit; re-raise its error (nothing changed) for the caller."""
        command = EditCommand(self.db, label, fn, self._after_change, watch=self.watch)
        self._pushing = True
        try:
            self.undo_stack.push(command)
        finally:
            self._pushing = False
        if command.error is not None:
            self._note_read_only(command.error)
            if isinstance(command.error, FileReplacedError):
                self.file_replaced.emit(str(command.error))
            raise command.error
        return command.result  # type: ignore[no-any-return]

    def _after_change(self, tables: set[str], error: BaseException | None) -> None:
        if isinstance(error, FileReplacedError) and not self._pushing:
            self.file_replaced.emit(str(error))
        if error is not None and not self._pushing:
            self._note_read_only(error)
            self.edit_failed.emit(error)
        if tables:
            self.changed.emit(tables)
            if "event" in tables:
                self.refresh_event()

    def _note_read_only(self, error: BaseException) -> None:
        if isinstance(error, ReadOnlyError) and not self.read_only:
            self.read_only = True
            self.read_only_changed.emit(True)

    def notify_external_change(self, tables: set[str] | None = None) -> None:
        """Data changed outside the undo history (an import, the demo, another program): reload
        views."""
        if (tables is None or "*" in tables) and self.watch is not None:
            self.watch.mark_seen()  # every view reloads now: what was saved so far is shown
        self.changed.emit(tables or ALL_TABLES)
        self.refresh_event()

    def remember_conflict_counts(self, event_uuid: str, stamp: str | None, counts: Any) -> bool:
        """Keep the dashboard's conflict counts in the file for the next start (a cache: skipped
        when the file is busy or read-only). It is this program's own write, so it does not make
        the views reload; a save by another program noticed meanwhile still does."""
        if self.read_only:
            return False
        from planner.services.schedule.conflict_store import remember_counts

        elsewhere: list[bool] = []

        def inside() -> None:  # the write lock is held: nobody else commits until ours ends
            elsewhere.append(self.watch is not None and self.watch.changed_elsewhere())

        stored = remember_counts(self.db, event_uuid, stamp, counts, inside=inside)
        if stored and self.watch is not None:
            self.watch.mark_seen()
        if any(elsewhere):
            self.notify_external_change()
        return stored

    def look_for_changes_elsewhere(self) -> bool:
        """Reload every view when another program saved to the file since we last looked (the
        timer calls this; so may anything that wants to be sure). Takes no lock."""
        if self.watch is None or not self.watch.changed_elsewhere():
            return False
        self.notify_external_change()
        return True

    def forget_person(self, uuid: str, email: str, report: Any = None) -> int:
        """Drop undo history that mentions an erased person: their uuid or e-mail and, with the
        erasure's ``report``, any step holding them by any spelling of their name, e-mail or
        phone, or a link to their row (``privacy.history_mentions``)."""
        mentions = None
        if report is not None:
            from planner.services.personal_data.privacy import history_mentions

            def mentions(changeset: Any) -> bool:
                return history_mentions(changeset, report)
        return drop_commands_mentioning(self.undo_stack, [uuid, email], self.db, self._after_change,
                                        mentions=mentions, watch=self.watch)

    def clear_history(self) -> None:
        self.undo_stack.clear()

    def close(self) -> None:
        """Stop workers, drop the undo history, take the closing backup, close the file (a
        server: stop listening, close the connections)."""
        self._watch_timer.stop()
        if self.live is not None:
            self.live.stop()
        self.runner.shutdown()
        if self.is_server:
            self.undo_stack.blockSignals(True)
            self.undo_stack.clear()
            self.db.close()
            return
        try:
            from planner.services.files.backups import maybe_backup

            maybe_backup(self.db, closing=True)
        except PlannerError as exc:  # closing must go on; the reason is worth a line on stderr
            print(f"Mission Desk: the closing backup failed: {exc}", file=sys.stderr)
        self.undo_stack.blockSignals(True)
        self.undo_stack.clear()
        if self.watch is not None:
            self.watch.close()  # its connection counts as a user of the file
        self.db.close()
