"""Other people's changes on a team server, as they are committed: PostgreSQL LISTEN/NOTIFY.

Migration 0009 gives every record table a statement-level trigger that sends
``NOTIFY mission_desk_changes, '<table>'``; PostgreSQL delivers it when the writer commits (one
per table per transaction). :class:`ChangeListener` keeps one connection of its own (psycopg 3,
autocommit: a LISTEN inside an open transaction would hear nothing until it ends), waits on it
with a timeout so a stop request is seen within :data:`POLL_S`, gathers the tables named within
:data:`BATCH_S` of the first notification into one set (an import touching eight tables reloads
each view once) and hands that set to a callback.

A dropped connection (a server restart, a network cut, ``pg_terminate_backend``) is reported
through ``on_status(False, message)`` and retried with growing pauses (:data:`BACKOFF_S`); once
back, ``on_status(True, "")`` and a callback with ``{"*"}`` (everything: what was committed
while nobody listened was never announced). A quiet connection is checked every
:data:`KEEPALIVE_S` with ``SELECT 1``, so a silent network cut is noticed too.

A window's own commits come back as notifications too, and are delivered like any other: the
window's background jobs (an export's log entry, say) rely on them as a file's window relies on
its change counter. A caller that knows which server processes are its own may pass them as
``ignore_pids``.

It runs on whatever thread calls :meth:`ChangeListener.listen` (the GUI gives it a worker
thread); it knows nothing of Qt. The callback and ``on_status`` run on that thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Container, Sequence
from typing import Any

CHANNEL = "mission_desk_changes"  # the channel migration 0009's trigger notifies
EVERYTHING = "*"
BATCH_S = 0.2  # notifications arriving this soon after the first are delivered with it
POLL_S = 0.25  # how long one wait lasts: a stop request is seen this soon
KEEPALIVE_S = 5.0  # a connection quiet this long is asked SELECT 1 (notices a silent drop)
CONNECT_TIMEOUT_S = 10
BACKOFF_S: tuple[float, ...] = (0.5, 1.0, 2.0, 5.0, 10.0)  # pauses between reconnection attempts

Changed = Callable[[set[str]], None]
Status = Callable[[bool, str], None]


def connect_kwargs(url: str) -> dict[str, Any]:
    """psycopg connection arguments for a SQLAlchemy URL (``postgresql+psycopg://…``): host,
    port, database, user, password (when the URL has one; libpq's ``PGPASSFILE`` otherwise) and
    the URL's query options (``sslmode``, ``sslrootcert``…)."""
    from sqlalchemy import make_url

    parsed = make_url(url)
    kwargs: dict[str, Any] = {key: value if isinstance(value, str) else value[-1]
                              for key, value in parsed.query.items()}
    for key, value in (("host", parsed.host), ("port", parsed.port), ("dbname", parsed.database),
                       ("user", parsed.username), ("password", parsed.password)):
        if value not in (None, ""):
            kwargs[key] = value
    kwargs.setdefault("connect_timeout", CONNECT_TIMEOUT_S)
    kwargs.setdefault("application_name", "Mission Desk (live updates)")
    return kwargs


def first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class ChangeListener:
    """Listens on one server for committed changes; see the module's docstring."""

    def __init__(self, url: str, *, on_status: Status | None = None, batch_s: float = BATCH_S,
                 poll_s: float = POLL_S, keepalive_s: float = KEEPALIVE_S,
                 backoff_s: Sequence[float] = BACKOFF_S, ignore_pids: Container[int] = ()) -> None:
        self._kwargs = connect_kwargs(url)
        self._ignore = ignore_pids
        self._on_status = on_status
        self.batch_s = batch_s
        self.poll_s = poll_s
        self.keepalive_s = keepalive_s
        self.backoff_s = tuple(backoff_s) or (1.0,)
        self.backend_pid: int | None = None  # the listening connection's server process
        self.connected = threading.Event()  # set while LISTEN is in place
        self._reported: bool | None = None  # the last state told to on_status

    def listen(self, callback: Changed, stop: threading.Event) -> None:
        """Call ``callback(tables)`` for every batch of committed changes until ``stop`` is set;
        never raises for a lost or refused connection (it reports it and tries again)."""
        import psycopg

        attempt = 0
        heard_before = False
        while not stop.is_set():
            try:
                conn = psycopg.connect(autocommit=True, **self._kwargs)
            except psycopg.Error as exc:
                self._status(False, first_line(exc))
                stop.wait(self.backoff_s[min(attempt, len(self.backoff_s) - 1)])
                attempt += 1
                continue
            try:
                with conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.backend_pid = conn.info.backend_pid
                    self.connected.set()
                    self._status(True, "")
                    attempt = 0
                    if heard_before:  # changes committed while away were never announced
                        callback({EVERYTHING})
                    heard_before = True
                    self._pump(conn, callback, stop)
            except psycopg.Error as exc:
                self.connected.clear()
                self.backend_pid = None
                if stop.is_set():
                    break
                self._status(False, first_line(exc))
                stop.wait(self.backoff_s[0])
        self.connected.clear()
        self.backend_pid = None

    def _pump(self, conn: Any, callback: Changed, stop: threading.Event) -> None:
        pending: set[str] = set()
        deadline: float | None = None  # when the batch being gathered is delivered
        quiet_since = time.monotonic()
        while not stop.is_set():
            now = time.monotonic()
            timeout = self.poll_s if deadline is None else max(0.0, min(self.poll_s, deadline - now))
            for note in conn.notifies(timeout=timeout):
                quiet_since = time.monotonic()
                if note.pid in self._ignore:
                    continue
                pending.add(note.payload or EVERYTHING)
                if deadline is None:
                    deadline = quiet_since + self.batch_s
                if quiet_since >= deadline:
                    break
            now = time.monotonic()
            if pending and deadline is not None and now >= deadline:
                batch, pending, deadline = pending, set(), None
                callback(batch)
            elif not pending and now - quiet_since >= self.keepalive_s:
                conn.execute("SELECT 1")  # raises when the connection is gone
                quiet_since = now

    def _status(self, connected: bool, message: str) -> None:
        """Tell ``on_status``: every failure (its message may change), a success once."""
        if connected and self._reported:
            return
        self._reported = connected
        if self._on_status is not None:
            self._on_status(connected, message)

