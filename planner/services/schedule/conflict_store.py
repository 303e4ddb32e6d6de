"""The dashboard's conflict counts kept in the file, shown only while the schedule is as counted.

Counting open conflicts is the full check (about a second at ``demo --scale 100``). Each count
is stored in ``schedule_check_count`` with the **schedule stamp** read at the start of the session
that counted (:mod:`planner.storage.schedule_stamp`: a number every write to the tables the check
reads moves, whoever writes). A dashboard opened later — the next day, in another program, after
a restart — reads the stamp first, then the stored row: equal stamps mean the schedule is exactly
as counted, so the figure is shown at once; any other stamp means count again. Never a stale
figure: a count made from data newer than its stamp is only ever *older* than the stamp says,
so the next stamp cannot match it.

Storing is a cache write: it waits a moment at most for another program's write and is skipped
when the file is busy, read-only or was replaced (a restore) — the next dashboard counts again.
It never counts as a change of the plan (no backup is owed for it, no undo step, no sync).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from planner.services.schedule.conflict_cache import ConflictCounts, count_open_conflicts
from planner.storage.schedule_stamp import COUNT_TABLE, POSTGRES_STAMP, SQLITE_STAMP

STORE_WAIT_S = 0.2  # how long storing waits for another program's write before giving up
_UPSERT = (f"INSERT INTO {COUNT_TABLE} (event_uuid, stamp, counts) VALUES (:u, :s, :c) "
           "ON CONFLICT (event_uuid) DO UPDATE SET stamp = excluded.stamp, counts = excluded.counts")


def schedule_stamp(session: Session) -> str | None:
    """The schedule's stamp as this session sees it. Read it **first** in the session that counts
    or looks up (on PostgreSQL each statement sees the latest commits: a stamp read after the data
    could be newer than the data counted)."""
    if session.get_bind().dialect.name == "postgresql":
        return f"pg:{session.execute(text(POSTGRES_STAMP)).scalar() or 0}"
    value = session.execute(text(SQLITE_STAMP)).scalar()
    return None if value is None else f"sqlite:{value}"


def stored_counts(session: Session, event_uuid: str, stamp: str | None) -> ConflictCounts | None:
    """The counts stored for ``event_uuid`` at exactly ``stamp``, or None (none stored, another
    stamp, or a row that does not read as counts)."""
    if stamp is None:
        return None
    row = session.execute(text(f"SELECT stamp, counts FROM {COUNT_TABLE} WHERE event_uuid = :u"),
                          {"u": event_uuid}).first()
    if row is None or row[0] != stamp:
        return None
    return _decode(row[1])


def _decode(raw: str) -> ConflictCounts | None:
    try:
        pairs = json.loads(raw)
        by_kind = tuple((str(kind), int(n)) for kind, n in pairs)
    except (ValueError, TypeError):
        return None
    if any(n < 0 for _, n in by_kind):
        return None
    return ConflictCounts(by_kind)


def remember_counts(db: Any, event_uuid: str, stamp: str | None, counts: ConflictCounts, *,
                    inside: Callable[[], None] | None = None) -> bool:
    """Store ``counts`` (made by a session that read ``stamp`` first). False when it could not be
    stored now (busy, read-only, replaced, closed). ``inside`` runs while the write lock is held
    (the app notes there whether someone else saved meanwhile: see ``FileWatch``)."""
    if stamp is None:
        return False
    params = {"u": event_uuid, "s": stamp, "c": json.dumps([list(p) for p in counts.by_kind])}
    if getattr(db, "is_server", False):
        return _remember_on_server(db, params, inside)
    from planner.storage.engine import connect_raw

    try:
        db.check_same_file()
        con = connect_raw(db.path, key=db.key, timeout=STORE_WAIT_S)
    except Exception:  # replaced, gone, locked: a cache, counted again next time
        return False
    try:
        con.execute("BEGIN IMMEDIATE")
        if inside is not None:
            inside()
        con.execute(_UPSERT, params)
        con.execute("COMMIT")
        return True
    except Exception:
        with contextlib.suppress(Exception):
            con.execute("ROLLBACK")
        return False
    finally:
        con.close()


def _remember_on_server(db: Any, params: dict[str, str], inside: Callable[[], None] | None) -> bool:
    try:
        with db.engine.begin() as conn:
            conn.execute(text(f"SET LOCAL lock_timeout = '{int(STORE_WAIT_S * 1000)}ms'"))
            if inside is not None:
                inside()
            conn.execute(text(_UPSERT), params)
        return True
    except Exception:
        return False


def open_conflict_counts(db: Any, event_uuid: str) -> tuple[ConflictCounts, bool]:
    """The counts for the event now, and whether they came from the store: one read session
    (stamp first), and a count stored for next time when there was none at this stamp."""
    from planner.services.events.events import get_event

    with db.session() as session:
        stamp = schedule_stamp(session)
        hit = stored_counts(session, event_uuid, stamp)
        if hit is not None:
            return hit, True
        counts = count_open_conflicts(session, get_event(session, event_uuid))
    remember_counts(db, event_uuid, stamp, counts)
    return counts, False

