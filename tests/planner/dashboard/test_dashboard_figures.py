"""Dashboard figures: each number equals the rows the list it opens shows, filtered by the same
predicate (planner.services.views.row_filters), for every tile, bar and owner segment of the demo."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.domain.enums import ActionStatus
from planner.services.events.events import get_event
from planner.services.followup.followups import add_follow_up, update_follow_up
from planner.services.schedule.conflicts import acknowledge_conflict, check_event
from planner.services.schedule.meetings import list_meetings
from planner.services.schedule.slots import list_slots
from planner.services.views.dashboard import build_dashboard, describe_filter, row_matches
from planner.services.views.listings import list_delegates, list_follow_ups, list_leads
from planner.services.views.row_filters import compile_filter
from planner.storage.models import FollowUp, Lead

pytestmark = pytest.mark.engines

TODAY = date(2026, 11, 11)  # a Wednesday four weeks after the mission: overdue, due this week and later all occur


def _list_rows(session, event, view, today):
    """The rows each page loads (ui/pages: the same list services)."""
    return {"meetings": lambda: list_meetings(session, event),
            "schedule": lambda: list_slots(session, event),
            "delegation": lambda: list_delegates(session, event.id),
            "leads": lambda: list_leads(session, event.id),
            "follow_up_actions": lambda: list_follow_ups(session, event.id, today=today)}[view]()


def _everything_clickable(dash):
    items = [(f.key, f.view, f.filter, f.value) for f in (*dash.before, *dash.after, *dash.meetings_by_status,
                                                          *dash.meetings_by_day, *dash.leads_by_stage)]
    for load in dash.actions_by_owner:
        for part, value in (("overdue", load.overdue), ("due_this_week", load.due_this_week),
                            ("later", load.later), ("", load.open)):
            items.append((f"{load.owner}/{part or 'open'}", "follow_up_actions", load.filter(part), value))
    return [i for i in items if i[1] != "board"]


@pytest.mark.parametrize("today", [date(2026, 9, 1), date(2026, 10, 15), date(2026, 11, 4), TODAY,
                                   date(2026, 11, 30)])
def test_every_figure_bar_and_owner_segment_counts_the_rows_its_list_shows(demo_db, today):
    with demo_db.session() as s:
        event = get_event(s, "biojapan-2026")
        dash = build_dashboard(s, event, today=today, with_conflicts=False)
        lists = {view: _list_rows(s, event, view, today)
                 for view in ("meetings", "schedule", "delegation", "leads", "follow_up_actions")}
        items = _everything_clickable(dash)
        for key, view, spec, value in items:
            keep = compile_filter(view, spec)
            assert sum(1 for r in lists[view] if keep(r)) == value, (key, spec)
        assert len(items) >= 40


def test_the_figures_of_the_issue_open_what_they_count(demo_db):
    """“4 due this week” opened 44, “39 open” opened 44, owner bars and booked slots opened wrong lists."""
    with demo_db.session() as s:
        event = get_event(s, "biojapan-2026")
        dash = build_dashboard(s, event, today=TODAY, with_conflicts=False)
        actions = list_follow_ups(s, event.id, today=TODAY)
        assert (dash.figure("overdue").value, dash.figure("due_this_week").value,
                dash.figure("open_actions").value) == (8, 6, 39)
        assert len(actions) == 44  # 5 are done or cancelled: “open” must not open them
        shown = [a for a in actions if row_matches(a, dash.figure("due_this_week").filter)]
        assert len(shown) == 6 and all(a.status in ("open", "in_progress") for a in shown)
        assert all(TODAY <= a.due_date <= date(2026, 11, 15) for a in shown)
        slots = list_slots(s, event)
        booked = [r for r in slots if row_matches(r, dash.figure("slots").filter)]
        assert len(booked) == dash.figure("slots").value
        assert all(r.kind == "showcase" and (r.organisation or r.presenters) for r in booked)
        full = next(o for o in dash.actions_by_owner if o.overdue and o.due_this_week and o.later)
        later = [a for a in actions if row_matches(a, full.filter("later"))]
        assert len(later) == full.later and all(a.owner == full.owner for a in later)
        assert all(a.due_date is None or a.due_date > date(2026, 11, 15) for a in later)


def test_conflicts_open_follow_the_check_and_acknowledgements(demo_db):
    with demo_db.transaction() as s:
        event = get_event(s, "biojapan-2026")
        report = check_event(s, event)
        dash = build_dashboard(s, event, today=TODAY)
        assert dash.figure("conflicts").value == len(report.open) == 7  # one of each kind in the demo
        assert dash.figure("conflicts").alert
        assert sorted(b.key for b in dash.conflicts_by_kind) == sorted({c.kind for c in report.open})
        acknowledge_conflict(s, event, report.open[0].key, "accepted for the demo")
        after = build_dashboard(s, event, today=TODAY)
        assert after.figure("conflicts").value == 6
        assert build_dashboard(s, event, today=TODAY, with_conflicts=False).figure("conflicts").value == 0


def test_overdue_and_due_this_week_by_owner(demo_db):
    today = date(2026, 11, 4)  # a Wednesday
    with demo_db.transaction() as s:
        event = get_event(s, "biojapan-2026")
        for action in s.query(FollowUp).join(Lead).filter(Lead.event_id == event.id):
            update_follow_up(s, action, status=ActionStatus.DONE)  # start from a clean slate
        lead = s.query(Lead).filter(Lead.event_id == event.id, Lead.owner_id.is_not(None)).first()
        assert lead is not None and lead.owner is not None
        add_follow_up(s, lead, description="Send the NDA", due_date=today - timedelta(days=3), owner=lead.owner)
        add_follow_up(s, lead, description="Call back", due_date=today, owner=lead.owner)
        add_follow_up(s, lead, description="Share the deck", due_date=today + timedelta(days=4), owner=lead.owner)
        add_follow_up(s, lead, description="Next year", due_date=today + timedelta(days=5), owner=lead.owner)
        add_follow_up(s, lead, description="Some day", owner=lead.owner)
        unowned_action = add_follow_up(s, lead, description="Unowned", due_date=today - timedelta(days=1))
        unowned_action.owner_id = None
        s.flush()
        dash = build_dashboard(s, event, today=today, with_conflicts=False)
        assert dash.phase == "after"
        assert dash.figure("overdue").value == 2
        assert dash.figure("due_this_week").value == 2  # today and Sunday; Monday is next week
        assert dash.figure("open_actions").value == 6
        top = dash.actions_by_owner[0]
        rows = list_follow_ups(s, event.id, today=today)
        owner_name = next(r.owner for r in rows if r.description == "Send the NDA")
        assert (top.owner, top.overdue, top.due_this_week, top.later) == (owner_name, 1, 2, 2)  # later: undated too
        for load in dash.actions_by_owner:
            for part, expected in (("overdue", load.overdue), ("due_this_week", load.due_this_week),
                                   ("later", load.later), ("", load.open)):
                assert sum(row_matches(r, load.filter(part)) for r in rows) == expected
        unowned = next(o for o in dash.actions_by_owner if o.owner == "(no owner)")
        assert unowned.overdue == 1 and unowned.filter()["owner"] == ""


@pytest.mark.parametrize(("spec", "text"), [
    ({"status": "no_show"}, "status: no show"),
    ({"overdue": "2026-11-04"}, "due before Wed 04 Nov"),
    ({"owner": ""}, "owner: (no owner)"),
    ({"open": True, "due": "2026-11-04..2026-11-08"}, "open · due Wed 04 Nov to Sun 08 Nov"),
    ({"open": True, "later": "2026-11-08"}, "open · due after Sun 08 Nov or undated"),
])
def test_filters_read_as_text(spec, text):
    assert describe_filter(spec) == text
