"""Every service that lists or exports asks the database a fixed number of times, however many
rows the mission holds (issue 20: no query per row). The demo mission is built at two sizes —
``--scale 1`` and ``--scale 24``, twenty-four times the rows, past the 500 ids SQLAlchemy's
``selectinload`` and the services' own ``IN (…)`` chunks put in one statement — and each service
must send exactly as many statements to the large file as to the small one.

Counted with :func:`tests.helpers.query_count.count_queries` (SQLAlchemy's
``before_cursor_execute`` event). A failure prints both statement lists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.demo import build_demo
from planner.services.events.events import get_event
from planner.services.events.places import list_venues
from planner.services.followup.impact import build_impact_report
from planner.services.followup.leads import build_lead_sheet, list_actions, list_crm_contacts
from planner.services.followup.leads import list_leads as lead_rows
from planner.services.outputs.briefing import build_briefing
from planner.services.outputs.export_jobs import ExportRequest, run_export
from planner.services.outputs.export_log import session_logger
from planner.services.people.people import list_organisations, list_people
from planner.services.schedule.meetings import list_meetings
from planner.services.schedule.slots import list_slots
from planner.services.schedule.timeline import calendar_data, event_timeline
from planner.services.views import listings
from planner.services.views.dashboard import build_dashboard
from planner.storage.database import Database
from planner.storage.models import Delegate, Delegation, Event, Lead, Meeting, Person, Slot
from tests.helpers.query_count import CountedQueries, count_queries

EVENT = "biojapan-2026"
SMALL, LARGE = 1, 24
TODAY = date(2026, 10, 16)


@dataclass
class Mission:
    db: Database
    folder: Path
    leads: int
    people: int
    meetings: int
    slots: int


def _build(folder: Path, scale: int) -> Mission:
    db = Database.open(folder / f"demo-{scale}.db")
    with db.transaction() as s:
        build_demo(s, scale=scale)
    with db.session() as s:
        counts = [s.scalar(select(func.count()).select_from(m)) or 0 for m in (Lead, Person, Meeting, Slot)]
    return Mission(db, folder, *counts)


@pytest.fixture(scope="module")
def missions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Mission, Mission]]:
    folder = tmp_path_factory.mktemp("query-counts")
    small, large = _build(folder, SMALL), _build(folder, LARGE)
    try:
        yield small, large
    finally:
        small.db.close()
        large.db.close()


def _first_delegate(s: Session, event: Event) -> Person:
    person = s.scalars(select(Person).join(Delegate, Delegate.person_id == Person.id).join(Delegation)
                       .where(Delegation.event_id == event.id).order_by(Delegate.id).limit(1)).one()
    return person


def _export(kind: str, name: str) -> Callable[[Session, Event, Path], Any]:
    def run(s: Session, event: Event, folder: Path) -> Any:
        return run_export(s, ExportRequest(kind, event.code, folder / name), log=session_logger(s))
    return run


# name -> what to run (session, event, a folder for files); each returns rows, so the test can
# check the large mission really gave the service more to do.
SERVICES: dict[str, Callable[[Session, Event, Path], Any]] = {
    "people of the event": lambda s, e, _f: list_people(s, e.id),
    "all people": lambda s, e, _f: list_people(s),
    "organisations": lambda s, e, _f: list_organisations(s),
    "meetings": lambda s, e, _f: list_meetings(s, e),
    "slots": lambda s, e, _f: list_slots(s, e),
    "leads (GUI rows)": lambda s, e, _f: listings.list_leads(s, e.id),
    "leads (CLI, exports)": lambda s, e, _f: lead_rows(s, e),
    "follow-ups (GUI rows)": lambda s, e, _f: listings.list_follow_ups(s, e.id, today=TODAY),
    "follow-ups (CLI)": lambda s, e, _f: list_actions(s, e, today=TODAY),
    "delegates": lambda s, e, _f: listings.list_delegates(s, e.id),
    "venues (GUI rows)": lambda s, e, _f: listings.list_venues(s, e.id),
    "venues": lambda s, e, _f: list_venues(s, e),
    "lead sheet data": lambda s, e, _f: build_lead_sheet(s, e, today=TODAY).leads,
    "CRM contacts": lambda s, e, _f: list_crm_contacts(s, e)[0],
    "timeline": lambda s, e, _f: event_timeline(s, e),
    "calendar data (delegation)": lambda s, e, _f: calendar_data(s, e).entries,
    "calendar data (one delegate)": lambda s, e, _f: calendar_data(s, e, _first_delegate(s, e)).entries,
    "briefing data (delegation)": lambda s, e, _f: build_briefing(s, e).meetings,
    "briefing data (one delegate)": lambda s, e, _f: build_briefing(s, e, [_first_delegate(s, e).id]).meetings,
    "impact report": lambda s, e, _f: build_impact_report(s, e, today=TODAY),
    "dashboard": lambda s, e, _f: build_dashboard(s, e, today=TODAY),
    "export leads (whole export, logged)": _export("leads", "leads.xlsx"),
    "export crm (whole export, logged)": _export("crm", "crm.csv"),
}


#: Services whose rows do not grow with the scale (the demo has the same venues, and one delegate's
#: programme is a day or two whatever the size): only their statements are compared.
SAME_ROWS = {"venues (GUI rows)", "venues", "calendar data (one delegate)", "briefing data (one delegate)"}


def _run(mission: Mission, name: str, scale: int) -> tuple[CountedQueries, Any]:
    folder = mission.folder / f"{scale}-{abs(hash(name))}"
    folder.mkdir(exist_ok=True)
    with mission.db.transaction() as s:  # a write unit, for the exports' log; rolled back below
        event = get_event(s, EVENT)
        s.flush()
        with count_queries(mission.db.engine) as counted:
            result = SERVICES[name](s, event, folder)
        s.rollback()
    return counted, result


def test_the_large_mission_is_large(missions: tuple[Mission, Mission]) -> None:
    small, large = missions
    assert large.leads > 500 > small.leads
    assert large.people > 1000 > small.people
    assert large.meetings > 1000 > small.meetings
    assert large.slots > 500 > small.slots


@pytest.mark.parametrize("name", list(SERVICES))
def test_statements_do_not_grow_with_the_rows(missions: tuple[Mission, Mission], name: str) -> None:
    small, large = missions
    few, small_result = _run(small, name, SMALL)
    many, large_result = _run(large, name, LARGE)
    if name not in SAME_ROWS and isinstance(small_result, list | tuple):
        assert len(large_result) > len(small_result), "the large mission gave this service no more rows"
    assert many.count == few.count, (
        f"{name}: {few.count} statements at --scale {SMALL}, {many.count} at --scale {LARGE}\n"
        f"--- scale {SMALL}:\n{few.summary(200)}\n--- scale {LARGE}:\n{many.summary(200)}")
