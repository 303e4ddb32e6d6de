"""Shared helpers for the import tests: an event to import into, a dump of every table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from planner.imports.plan import ImportPlan
from planner.storage.database import Database
from planner.storage.models import Base

EVENT = "symp-2026"


def make_event(db: Database, code: str = EVENT, tz: str = "Asia/Tokyo") -> None:
    from planner.services.events.events import add_event

    with db.transaction() as s:
        add_event(s, code=code, name="Symposium", start_date=date(2026, 10, 13),
                  end_date=date(2026, 10, 30), tz=tz)


def dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table (the data, compared before/after a failed import)."""
    with db.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(select(t)).all()), key=repr)
                for t in Base.metadata.sorted_tables}


def import_people(db: Database, tmp_path: Path, text: str, name: str = "people.csv") -> ImportPlan:
    """Write ``text`` as ``tmp_path/name`` and import it as people into the test event."""
    from planner.imports.service import apply_import  # as make_event does: imported when used

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with db.transaction() as s:
        return apply_import(s, path, "people", EVENT)
