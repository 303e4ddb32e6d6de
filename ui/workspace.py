"""The open file as the GUI sees it: database, undo history, task runner, current event.

Pages read through :meth:`Workspace.read` (a short session, plain rows out) and change data
only through :meth:`Workspace.edit`, which pushes an undoable :class:`EditCommand`. After every
edit, undo or redo the ``changed`` signal names the tables touched so views reload.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlalchemy.orm import Session

from planner.domain.rows import EventRow
from planner.errors import PlannerError
from planner.services.events import get_event, list_events
from planner.storage.database import Database, FileReplacedError
from ui.tasks import TaskRunner
from ui.undo import EditCommand, drop_commands_mentioning

T = TypeVar("T")
UNDO_LIMIT = 500
ALL_TABLES = {"*"}


class Workspace(QObject):
    changed = Signal(object)  # set[str] of table names ({"*"} = everything)
    event_changed = Signal(object)  # EventRow | None
    edit_failed = Signal(object)  # BaseException raised by an undo/redo
    file_replaced = Signal(str)  # another program replaced the file (a restore): reopen it

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.runner = TaskRunner(db.session, self, write_session_factory=db.write_session)
        self.current_event: EventRow | None = None
        self._pushing = False

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
        command = EditCommand(self.db, label, fn, self._after_change)
        self._pushing = True
        try:
            self.undo_stack.push(command)
        finally:
            self._pushing = False
        if command.error is not None:
            if isinstance(command.error, FileReplacedError):
                self.file_replaced.emit(str(command.error))
            raise command.error
        return command.result  # type: ignore[no-any-return]

    def _after_change(self, tables: set[str], error: BaseException | None) -> None:
        if isinstance(error, FileReplacedError) and not self._pushing:
            self.file_replaced.emit(str(error))
        if error is not None and not self._pushing:
            self.edit_failed.emit(error)
        if tables:
            self.changed.emit(tables)
            if "event" in tables:
                self.refresh_event()

    def notify_external_change(self, tables: set[str] | None = None) -> None:
        """Data changed outside the undo history (an import, the demo): reload views."""
        self.changed.emit(tables or ALL_TABLES)
        self.refresh_event()

    def forget_person(self, uuid: str, email: str, report: Any = None) -> int:
        """Drop undo history that mentions an erased person: their uuid or e-mail and, with the
        erasure's ``report``, any step holding them by any spelling of their name, e-mail or
        phone, or a link to their row (``privacy.history_mentions``)."""
        mentions = None
        if report is not None:
            from planner.services.privacy import history_mentions

            def mentions(changeset: Any) -> bool:
                return history_mentions(changeset, report)
        return drop_commands_mentioning(self.undo_stack, [uuid, email], self.db, self._after_change,
                                        mentions=mentions)

    def clear_history(self) -> None:
        self.undo_stack.clear()

    def close(self) -> None:
        """Stop workers, drop the undo history, take the closing backup, close the file."""
        self.runner.shutdown()
        try:
            from planner.services.backups import maybe_backup

            maybe_backup(self.db, closing=True)
        except PlannerError as exc:  # closing must go on; the reason is worth a line on stderr
            print(f"Mission Desk: the closing backup failed: {exc}", file=sys.stderr)
        self.undo_stack.blockSignals(True)
        self.undo_stack.clear()
        self.db.close()
