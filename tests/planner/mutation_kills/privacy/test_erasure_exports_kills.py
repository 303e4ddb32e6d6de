"""The exported files an erasure finished from its marker lists (issue 21).

planner/services/personal_data/privacy.py ``_exports_by_id``: the files the marker names, oldest
first, each with its kind, path, row count and the code of its event ('' for none)."""

from __future__ import annotations

from datetime import datetime

from planner.services.events.events import get_event
from planner.services.personal_data import privacy
from planner.storage.database import Database
from planner.storage.models import ExportLog


def test_the_exports_the_marker_names_are_listed_oldest_first_with_their_event_and_row_count(
        demo_db: Database) -> None:
    with demo_db.transaction() as s:
        event = get_event(s, "biojapan-2026")
        newer = ExportLog(kind="pack", path="/exports/pack.pdf", event_id=event.id, row_count=7,
                          created_at=datetime(2026, 5, 3, 9, 0))
        older = ExportLog(kind="badges", path="/exports/badges.csv", event_id=None, row_count=3,
                          created_at=datetime(2026, 5, 1, 9, 0))
        unnamed = ExportLog(kind="briefing", path="/exports/other.docx", event_id=event.id, row_count=1,
                            created_at=datetime(2026, 5, 2, 9, 0))
        s.add_all([newer, older, unnamed])
        s.flush()
        ids = [newer.id, older.id]
    with demo_db.session() as s:
        listed = privacy._exports_by_id(s, ids)
    assert [(e.kind, e.path, e.event_code, e.row_count) for e in listed] == [
        ("badges", "/exports/badges.csv", "", 3), ("pack", "/exports/pack.pdf", "biojapan-2026", 7)]
    with demo_db.session() as s:
        assert privacy._exports_by_id(s, []) == []
