"""Did another program change the file? One small question, asked cheaply and often.

The app, the command line and a sync may have one file open at once. The app must notice what
the others saved — to reload its views, and to know that its undo history may no longer fit
(:mod:`planner.services.editing.undo_checks` then decides, step by step). :class:`FileWatch` answers
"has anything been committed elsewhere since I last asked?" without taking any lock a writer
would wait for.

On SQLite the answer comes from ``PRAGMA data_version`` on a connection kept for this alone
(:meth:`Database.data_version_probe`): it moves whenever any other connection commits. The
program's own writes are other connections too, so each write unit of the app tells the watch
about itself: :meth:`FileWatch.changed_elsewhere` is asked *inside* the write transaction (the
write lock is held, so no one else can commit until it ends), then :meth:`FileWatch.mark_seen` takes
the counter's new value after the commit. A team server (PostgreSQL) will give the same
interface over its own counter; callers only see ``changed_elsewhere``.

One gap is left open on purpose: a commit by another program in the instant between the app's
commit and ``mark_seen`` is taken for the app's own. It costs at most a late refresh of
the views (the next change elsewhere, or any action, shows it); never an unsafe undo, because
undo checks the rows themselves.
"""

from __future__ import annotations

from typing import Protocol


class ChangeCounter(Protocol):
    """A number that moves when another connection commits (``PRAGMA data_version``)."""

    def read(self) -> int | None: ...

    def close(self) -> None: ...


class FileWatch:
    """Whether the file changed elsewhere since the last question (or since our own last write)."""

    def __init__(self, counter: ChangeCounter) -> None:
        self._counter = counter
        self._seen = counter.read()

    def current(self) -> int | None:
        """The counter now (None when it cannot be read), without moving what has been seen."""
        return self._counter.read()

    def changed_elsewhere(self) -> bool:
        """True once for each batch of commits made by others since the last call."""
        value = self._counter.read()
        if value is None or value == self._seen:
            return False
        self._seen = value
        return True

    def mark_seen(self) -> None:
        """What the counter shows now is known: our own write unit just committed, or every view
        was just reloaded."""
        value = self._counter.read()
        if value is not None:
            self._seen = value

    def close(self) -> None:
        self._counter.close()
