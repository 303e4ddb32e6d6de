"""The dashboard's conflict counts, kept until the file changes: never a stale figure.

Counting open conflicts means the full check (:func:`planner.services.schedule.conflicts.check_event`:
the whole timeline loaded and compared), about a second at ``demo --scale 100``, while every
other dashboard figure is a few light queries. Its answer depends on meetings, slots, their
people, venues, rooms, travel times, acknowledgements, the event's zones — nearly every table —
so it is cached as a whole and keyed by the **file's change counter**
(:class:`planner.services.files.file_watch.ChangeCounter`, ``PRAGMA data_version`` read on a connection
kept for that alone, :meth:`Database.data_version_probe`). That counter moves on *any* commit of
any other connection: another program, and this program's own write sessions too (the probe
never writes, so every commit is someone else's). Hence:

* a stored count is returned only while the counter reads exactly what it read **before** the
  count's session read anything; a commit in between leaves data newer than the key, so the next
  question misses and counts again (late, never stale);
* a counter that cannot be read (``None``: closed, disk gone, a server database) is never a hit;
* uncommitted changes are invisible to the counter, so a session with pending writes must not
  ask the cache: callers count in their own session then (``build_dashboard`` does, without one).

The cache is not thread-safe and its probe connection belongs to the thread that opened it:
read :meth:`ConflictCountCache.version` and call ``get``/``put`` on that one thread (the GUI's),
and hand the version to the worker that counts.

A count that must be made runs with Python's cyclic garbage collector paused
(:func:`collector_paused`): the check makes some 10^5 small objects (rows, timeline items, conflict
rows) that all live until it returns, and each of the collector's passes meanwhile walks the
whole heap (SQLAlchemy's and the models' objects too) for cycles it cannot find — about a third
of the count's time at ``demo --scale 100``. Reference counting still frees everything at once.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from planner.services.events.events import get_event
from planner.services.files.file_watch import ChangeCounter
from planner.services.schedule.conflicts import check_event
from planner.storage.models import Event


@dataclass(frozen=True)
class ConflictCounts:
    """Open (unacknowledged) conflicts by kind, most frequent first."""

    by_kind: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.by_kind)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off for a bounded piece of work, back on after it (also when
    it fails) — unless it was off already. The collector is per process: a paused collector only
    delays collections in other threads, it never frees anything early."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def count_open_conflicts(session: Session, event: Event) -> ConflictCounts:
    """Run the full check and count what is open: the one place the dashboard's figure comes from."""
    with collector_paused():
        kinds = Counter(c.kind for c in check_event(session, event).open)
    return ConflictCounts(tuple(sorted(kinds.items(), key=lambda kv: -kv[1])))


class ConflictCountCache:
    """Conflict counts per event, valid for one reading of the file's change counter."""

    def __init__(self, counter: ChangeCounter | None) -> None:
        self._counter = counter
        self._entries: dict[str, tuple[int, ConflictCounts]] = {}

    def version(self) -> int | None:
        """Read this *before* the session that counts reads anything."""
        return self._counter.read() if self._counter is not None else None

    def get(self, event_uuid: str, version: int | None) -> ConflictCounts | None:
        """The counts stored for ``event_uuid`` at exactly ``version`` (read just now), or None."""
        entry = self._entries.get(event_uuid)
        if version is None or entry is None or entry[0] != version:
            return None
        return entry[1]

    def put(self, event_uuid: str, version: int | None, counts: ConflictCounts) -> None:
        """Keep ``counts``, made by a session that started reading after ``version`` was read."""
        if version is None:
            self._entries.pop(event_uuid, None)
        else:
            self._entries[event_uuid] = (version, counts)

    def clear(self) -> None:
        self._entries.clear()

    def close(self) -> None:
        self._entries.clear()
        if self._counter is not None:
            self._counter.close()
            self._counter = None

    def counts(self, open_session: Callable[[], AbstractContextManager[Session]], event_uuid: str) -> ConflictCounts:
        """The counts now, from the cache or a fresh session opened after the counter was read
        (single-threaded use: the command line, tests, benches)."""
        version = self.version()
        hit = self.get(event_uuid, version)
        if hit is not None:
            return hit
        with open_session() as session:
            counts = count_open_conflicts(session, get_event(session, event_uuid))
        self.put(event_uuid, version, counts)
        return counts
