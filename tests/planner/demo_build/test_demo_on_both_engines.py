"""The demo mission on SQLite and on a PostgreSQL team server: built through the same services,
its schedule check finds exactly the conflicts the demo put there on purpose, and its lead sheet
holds exactly the consenting people's leads (read back with openpyxl, as a user's spreadsheet)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from planner.demo import DEMO_EVENT_CODE, build_demo
from planner.errors import ValidationError
from planner.services.events.events import get_event
from planner.services.outputs.export_jobs import ExportRequest, run_export
from planner.services.outputs.export_log import logger_for
from planner.services.schedule.conflicts import check_event
from planner.storage.database import Database
from planner.storage.models import Lead, Meeting, Person

pytestmark = pytest.mark.engines


def _as_set(pairs):  # type: ignore[no-untyped-def]
    return sorted((kind, tuple(sorted(items))) for kind, items in pairs)


def test_demo_builds_checks_and_exports_its_lead_sheet(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        summary = build_demo(session, scale=1)
    with db.session() as session:
        report = check_event(session, get_event(session, DEMO_EVENT_CODE))
        assert len(summary.deliberate_conflicts) == 7
        assert _as_set((c.kind, c.items) for c in report.conflicts) == _as_set(summary.deliberate_conflicts)
        assert session.scalar(select(Meeting.id).limit(1)) is not None
        consenting = {uuid for uuid, consent in session.execute(
            select(Lead.uuid, Person.lead_sharing_consent).join(Person, Person.id == Lead.person_id)) if consent}
        out = tmp_path / "leads.xlsx"
        result = run_export(session, ExportRequest("leads", DEMO_EVENT_CODE, out), log=logger_for(db))
    assert consenting and result.count == len(consenting)
    ws = openpyxl.load_workbook(out)["Leads"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Row id"
    assert {str(r[0]).split(":")[1] for r in rows[1:] if r[0]} == consenting  # LS2:<lead id>:…


def test_a_second_demo_in_the_same_plan_is_refused_and_changes_nothing(db: Database) -> None:
    with db.transaction() as session:
        build_demo(session, scale=1)
    with db.session() as session:
        before = session.scalars(select(Person.uuid).order_by(Person.uuid)).all()
    with pytest.raises(ValidationError, match="already has the demo"), db.transaction() as session:
        build_demo(session, scale=1)
    with db.session() as session:
        assert session.scalars(select(Person.uuid).order_by(Person.uuid)).all() == before
