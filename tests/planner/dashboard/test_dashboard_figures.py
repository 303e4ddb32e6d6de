"""Dashboard figures: each number equals the rows its click-through filter selects."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from planner.domain.enums import ActionStatus
from planner.services.conflicts import acknowledge_conflict, check_event
from planner.services.dashboard import build_dashboard, describe_filter, row_matches
from planner.services.events import get_event
from planner.services.followups import add_follow_up, update_follow_up
from planner.services.leads import list_actions
from planner.services.listings import list_follow_ups, list_leads
from planner.services.meetings import list_meetings
from planner.services.slots import list_slots
from planner.storage.models import FollowUp, Lead

TODAY = date(2026, 11, 4)  # a Wednesday, three weeks after the mission


def _rows(session, event, view):
    return {"meetings": lambda: list_meetings(session, event),
            "schedule": lambda: list_slots(session, event),
            "leads": lambda: list_leads(session, event.id),
            "follow_up_actions": lambda: list_follow_ups(session, event.id, today=TODAY)}[view]()


def test_every_figure_and_bar_counts_the_rows_its_filter_opens(demo_db):
    with demo_db.session() as s:
        event = get_event(s, "biojapan-2026")
        dash = build_dashboard(s, event, today=TODAY)
        checked = 0
        for fig in [*dash.before, *dash.after, *dash.meetings_by_status, *dash.meetings_by_day,
                    *dash.leads_by_stage]:
            if fig.view not in ("meetings", "schedule", "leads", "follow_up_actions"):
                continue
            rows = [r for r in _rows(s, event, fig.view) if row_matches(r, fig.filter, today=TODAY)]
            assert len(rows) == fig.value, (fig.key, fig.filter)
            checked += 1
        assert checked >= 15
        meetings = list_meetings(s, event)
        assert sum(b.value for b in dash.meetings_by_status) == len(meetings)
        planned = [m for m in meetings if m.status in ("requested", "accepted", "confirmed", "held")]
        assert dash.figure("meetings").value == len(planned)
        assert sum(b.value for b in dash.meetings_by_day) == len(planned)


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
    with demo_db.transaction() as s:
        event = get_event(s, "biojapan-2026")
        for action in s.query(FollowUp).join(Lead).filter(Lead.event_id == event.id):
            update_follow_up(s, action, status=ActionStatus.DONE)  # start from a clean slate
        lead = s.query(Lead).filter(Lead.event_id == event.id, Lead.owner_id.is_not(None)).first()
        assert lead is not None and lead.owner is not None
        add_follow_up(s, lead, description="Send the NDA", due_date=TODAY - timedelta(days=3), owner=lead.owner)
        add_follow_up(s, lead, description="Call back", due_date=TODAY, owner=lead.owner)
        add_follow_up(s, lead, description="Share the deck", due_date=TODAY + timedelta(days=4), owner=lead.owner)
        add_follow_up(s, lead, description="Next year", due_date=TODAY + timedelta(days=5), owner=lead.owner)
        unowned_action = add_follow_up(s, lead, description="Unowned", due_date=TODAY - timedelta(days=1))
        unowned_action.owner_id = None
        s.flush()
        dash = build_dashboard(s, event, today=TODAY, with_conflicts=False)
        assert dash.phase == "after"
        assert dash.figure("overdue").value == 2
        assert dash.figure("due_this_week").value == 2  # today and Sunday; Monday is next week
        assert dash.figure("open_actions").value == 5
        top = dash.actions_by_owner[0]
        owner_name = next(a.owner_name for a in list_actions(s, event, today=TODAY) if a.description == "Send the NDA")
        assert (top.owner, top.overdue, top.due_this_week, top.later) == (owner_name, 1, 2, 1)
        rows = list_follow_ups(s, event.id, today=TODAY)
        for load in dash.actions_by_owner:
            for part, expected in (("overdue", load.overdue), ("due_this_week", load.due_this_week),
                                   ("", load.open)):
                assert sum(row_matches(r, load.filter(part), today=TODAY) for r in rows) == expected
        unowned = next(o for o in dash.actions_by_owner if o.owner == "(no owner)")
        assert unowned.overdue == 1 and unowned.filter()["owner"] == ""


@pytest.mark.parametrize(("spec", "text"), [
    ({"status": "no_show"}, "status: no show"),
    ({"overdue": True, "open": True}, "overdue · open"),
    ({"owner": ""}, "owner: (no owner)"),
    ({"due": "this_week"}, "due this week"),
])
def test_filters_read_as_text(spec, text):
    assert describe_filter(spec) == text
