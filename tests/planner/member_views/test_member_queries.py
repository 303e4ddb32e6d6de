"""One member's lead sheet and the GUI's lead rows read in a fixed number of queries: a mission
twice the size (demo --scale 2) asks the database exactly as often (no query per lead)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sqlalchemy import event as sa_event

from planner.demo import build_demo
from planner.services.events.events import get_event
from planner.services.followup.leads import build_lead_sheet
from planner.services.views.listings import list_leads
from planner.storage.database import Database


def _count(path: Path, scale: int) -> tuple[int, int, int, int]:
    db = Database.open(path)
    try:
        with db.transaction() as s:
            build_demo(s, scale=scale)
        with db.session() as s:
            event = get_event(s, "biojapan-2026")
            busiest = Counter(r.member_organisation for r in list_leads(s, event.id)
                              if r.member_organisation).most_common(1)[0][0]
        seen = [0]

        def count(*_args: object) -> None:
            seen[0] += 1

        sa_event.listen(db.engine, "before_cursor_execute", count)
        with db.session() as s:
            event = get_event(s, "biojapan-2026")
            seen[0] = 0
            sheet = build_lead_sheet(s, event, member_organisation=busiest.upper())
            sheet_queries = seen[0]
            seen[0] = 0
            rows = list_leads(s, event.id)
            row_queries = seen[0]
        assert sheet.leads and {r.member_organisation for r in sheet.leads} == {busiest}
        return sheet_queries, len(sheet.leads), row_queries, len(rows)
    finally:
        db.close()


def test_query_count_does_not_grow_with_the_leads(tmp_path: Path) -> None:
    small_sheet, small_leads, small_rows, small_all = _count(tmp_path / "s1.db", 1)
    large_sheet, large_leads, large_rows, large_all = _count(tmp_path / "s2.db", 2)
    assert large_all > 1.5 * small_all and small_leads and large_leads
    assert large_sheet == small_sheet < 10
    assert large_rows == small_rows < 10
