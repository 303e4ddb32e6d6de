"""Undo commands: a thin QUndoCommand adapter over planner edits and their changesets.

The first ``redo()`` (run by ``QUndoStack.push``) performs the edit inside
``changes.record_changes`` in one transaction; later ``undo()``/``redo()`` write the captured
before/after states back with ``changes.undo``/``changes.redo``, each in one transaction. A
failing edit marks the command obsolete (the stack drops it) and keeps the error for the caller.

Another program may have saved changes since a step was recorded. ``changes.undo`` then refuses
any step whose rows, or rows that now depend on them, changed (nothing is written); the refused
step is dropped from the history — it can never apply again, since the file moved on — and the
message says so; older steps stay, each checked the same way when its turn comes. With a
:class:`FileWatch`, each write unit also asks, while it holds the write lock, whether the file
changed elsewhere since; if so, every view is told to reload (``{"*"}``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from sqlalchemy.orm import Session

from planner.services.editing import changes
from planner.services.files.file_watch import FileWatch
from planner.storage.database import Database

Edit = Callable[[Session], Any]
Notify = Callable[[set[str], BaseException | None], None]
EVERYTHING = "*"  # a table name meaning "reload every view"
DROPPED = " This step was taken off the undo history"
EARLIER = "; earlier steps can still be undone."


class EditCommand(QUndoCommand):
    """One undoable edit; ``result`` is what the edit returned (plain values only)."""

    def __init__(self, db: Database, label: str, edit: Edit, notify: Notify | None = None,
                 *, changeset: changes.Changeset | None = None, watch: FileWatch | None = None) -> None:
        super().__init__(label)
        self._db = db
        self._edit = edit
        self._notify = notify
        self._watch = watch
        self.changeset = changeset
        self._replay_skip = changeset is not None  # rebuilt history: already applied
        self._changed_elsewhere = False
        self.result: Any = None
        self.error: BaseException | None = None

    def redo(self) -> None:
        if self._replay_skip:
            self._replay_skip = False
            return
        self.error = None
        try:
            with self._db.transaction() as session:
                self._look_elsewhere()
                if self.changeset is None:
                    with changes.record_changes(session, self.text()) as changeset:
                        self.result = self._edit(session)
                    if changeset.empty:
                        self.setObsolete(True)  # nothing changed: keep it out of the history
                    self.changeset = changeset
                else:
                    changes.redo(session, self.changeset)
            self._mark_seen()
        except Exception as exc:
            self._failed(exc, ".")
        self._tell()

    def undo(self) -> None:
        if self.changeset is None:
            return
        self.error = None
        try:
            with self._db.transaction() as session:
                self._look_elsewhere()
                changes.undo(session, self.changeset)
            self._mark_seen()
        except Exception as exc:
            self._failed(exc, EARLIER)
        self._tell()

    def _look_elsewhere(self) -> None:
        """Inside the write transaction (the write lock is held: nobody else commits until it
        ends), note whether another program saved something since we last looked."""
        self._changed_elsewhere = self._watch is not None and self._watch.changed_elsewhere()

    def _mark_seen(self) -> None:
        if self._watch is not None:
            self._watch.mark_seen()

    def _failed(self, exc: Exception, end: str) -> None:
        if isinstance(exc, changes.UndoConflictError) and self.changeset is not None:
            exc = changes.UndoConflictError(str(exc) + DROPPED + end)
        self.error = exc
        self.setObsolete(True)

    def _tell(self) -> None:
        if self._notify is not None:
            tables = self.changeset.tables() if self.changeset is not None else set()
            if self._changed_elsewhere:
                tables = tables | {EVERYTHING}
            self._changed_elsewhere = False
            self._notify(tables, self.error)

    def mentions(self, value: str) -> bool:
        return self.changeset is not None and bool(value) and self.changeset.mentions(value)


def _already_applied(_session: Session) -> None:
    raise AssertionError("a rebuilt command replays its changeset, never its edit")


def drop_commands_mentioning(stack: QUndoStack, values: list[str], db: Database,
                             notify: Notify | None = None, *,
                             mentions: Callable[[Any], bool] | None = None,
                             watch: FileWatch | None = None) -> int:
    """Rebuild the history without the commands whose changesets mention any of ``values``.

    Used after erasing a person: their data must not survive in the undo history. Commands that
    were undone (the redo tail) are dropped too, as any new edit would. Returns how many went.
    """
    kept: list[EditCommand] = []
    dropped = 0
    for i in range(stack.index()):
        cmd = stack.command(i)
        if not isinstance(cmd, EditCommand) or cmd.changeset is None:
            continue
        if any(cmd.mentions(v) for v in values if v) or (mentions is not None
                                                          and mentions(cmd.changeset)):
            dropped += 1
        else:
            kept.append(EditCommand(db, cmd.text(), _already_applied, notify, changeset=cmd.changeset,
                                    watch=watch))
    dropped += stack.count() - stack.index()
    clean = stack.isClean()
    stack.clear()
    for cmd in kept:
        stack.push(cmd)
    if clean:
        stack.setClean()
    return dropped
