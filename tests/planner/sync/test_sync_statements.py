"""What a sync's speed rests on (issue 17's bench): the statements it sends, on the laptop's file
and on the server, do not grow with the number of records it moves. A publish, a clone and a sync
of edited records each take the same statements for a small mission and one four times as large
(rows travel in batches: one read per table and chunk, one batched write per table).

Counted with SQLAlchemy's ``before_cursor_execute`` event on every engine (an ``executemany`` or
an "insertmanyvalues" batch is one statement), split by the engine's dialect."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event as sa_event
from sqlalchemy.engine import Engine

from planner.services.events.events import add_event
from planner.services.people.people import add_organisation, add_person, update_person
from planner.services.schedule.meetings import add_meeting, update_meeting
from planner.storage.database import Database
from planner.storage.models import Meeting, Person
from planner.sync.run import sync

SMALL, LARGE = 6, 24


@contextmanager
def statements() -> Iterator[Counter[str]]:
    """Statements sent by any engine inside the block, counted per dialect (sqlite, postgresql)."""
    counted: Counter[str] = Counter()

    def seen(conn: Any, _cursor: Any, _statement: str, *_args: Any) -> None:
        counted[conn.engine.dialect.name] += 1

    sa_event.listen(Engine, "before_cursor_execute", seen)
    try:
        yield counted
    finally:
        sa_event.remove(Engine, "before_cursor_execute", seen)


def _mission(db: Database, size: int) -> None:
    """An event, two organisations, ``size`` people on each side and ``size`` meetings."""
    with db.transaction() as s:
        event = add_event(s, code="BJ26", name="BioJapan 2026", start_date=date(2026, 10, 14),
                          end_date=date(2026, 10, 16), tz="Asia/Tokyo")
        ours = add_organisation(s, name="Cambridge Bio Cluster", country="GB")
        theirs = add_organisation(s, name="Kyoto Biotech", country="JP")
        start = datetime(2026, 10, 14, 9)
        for n in range(size):
            delegate = add_person(s, given_name=f"Anna{n}", family_name="Reed", email=f"anna{n}@cbc.example",
                                  organisation_id=ours.id)
            host = add_person(s, given_name=f"Kenji{n}", family_name="Sato", email=f"k{n}@kyoto.example",
                              organisation_id=theirs.id)
            at = start + timedelta(minutes=30 * n)
            add_meeting(s, event, start_local=at, end_local=at + timedelta(minutes=30), ours=[delegate],
                        counterparts=[host], counterpart_organisation=theirs, objective=f"Talk {n}")


def _edit(db: Database, count: int) -> None:
    """``count`` people and ``count`` meetings edited through the services the forms call."""
    with db.transaction() as s:
        for person in s.scalars(sa.select(Person).order_by(Person.id).limit(count)):
            update_person(s, person, notes="Met at the booth")
        for meeting in s.scalars(sa.select(Meeting).order_by(Meeting.id).limit(count)):
            update_meeting(s, meeting, objective=f"{meeting.objective} (follow-up)")


def _runs(pg_server: Any, tmp_path: Path, size: int) -> dict[str, Counter[str]]:
    name, url = pg_server.fresh()
    try:
        first = Database.open(tmp_path / f"first{size}.mdk")
        second = Database.open(tmp_path / f"second{size}.mdk")
        try:
            _mission(first, size)
            out: dict[str, Counter[str]] = {}
            with statements() as out["publish"]:
                assert sync(first, url).published
            with statements() as out["clone"]:
                assert sync(second, url).cloned
            _edit(second, size)
            with statements() as out["edits"]:
                assert sync(second, url).pushed == 2 * size
            return out
        finally:
            first.close()
            second.close()
    finally:
        pg_server.drop(name)


def test_a_sync_sends_the_same_statements_for_a_mission_four_times_as_large(pg_server: Any, tmp_path: Path) -> None:
    small = _runs(pg_server, tmp_path, SMALL)
    large = _runs(pg_server, tmp_path, LARGE)
    for what in ("publish", "clone", "edits"):
        for side in ("sqlite", "postgresql"):
            assert small[what][side] > 0, (what, side)
            assert large[what][side] == small[what][side], (
                f"{what} on {side}: {small[what][side]} statements for {SMALL} people and meetings a side, "
                f"{large[what][side]} for {LARGE}: a statement per record crept back in")
