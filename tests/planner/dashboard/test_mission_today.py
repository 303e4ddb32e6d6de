"""One clock: "today" of a mission is the date in the event's home zone (planner.services.events.clock),
computed once and passed to the dashboard, the follow-up list and the CLI — never the laptop's date
nor the UTC date."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.domain.enums import ActionStatus
from planner.services.events import clock
from planner.services.events.clock import event_today
from planner.services.events.events import get_event
from planner.services.followup.followups import add_follow_up, update_follow_up
from planner.services.views.dashboard import build_dashboard
from planner.services.views.listings import list_follow_ups
from planner.storage.models import FollowUp, Lead

pytestmark = pytest.mark.engines

# 23:30 UTC on Tue 20 Oct 2026: 00:30 on Wed 21 Oct in London (BST, the demo's home zone),
# 08:30 on Wed 21 Oct in Yokohama (the event's zone), still Tue 20 Oct in UTC and in New York.
LATE_EVENING_UTC = datetime(2026, 10, 20, 23, 30, tzinfo=UTC)
LONDON_DAY = date(2026, 10, 21)


def test_today_is_the_date_in_the_events_home_zone(demo_db):
    with demo_db.session() as s:
        event = get_event(s, "biojapan-2026")
        assert (event.tz, event.home_tz) == ("Asia/Tokyo", "Europe/London")
        assert event_today(event, LATE_EVENING_UTC) == LONDON_DAY
        # the same instant, however the caller's clock writes it (naive UTC, another zone)
        assert event_today(event, LATE_EVENING_UTC.replace(tzinfo=None)) == LONDON_DAY
        assert event_today(event, LATE_EVENING_UTC.astimezone(ZoneInfo("America/New_York"))) == LONDON_DAY
        # an hour earlier it is still Tuesday in London (22:30 BST) though already Wednesday in Tokyo
        assert event_today(event, LATE_EVENING_UTC - timedelta(hours=2)) == date(2026, 10, 20)
        # after the clocks go back (25 Oct) London is UTC+0: 23:30 UTC is still the same day
        assert event_today(event, datetime(2026, 11, 3, 23, 30, tzinfo=UTC)) == date(2026, 11, 3)


@pytest.fixture
def late_evening(monkeypatch):
    """The system clock at LATE_EVENING_UTC (the laptop's own date is whatever the machine says)."""
    monkeypatch.setattr(clock, "system_now", lambda: LATE_EVENING_UTC)


def _one_action_due(session, event, due: date) -> FollowUp:
    for action in session.query(FollowUp).join(Lead).filter(Lead.event_id == event.id):
        update_follow_up(session, action, status=ActionStatus.DONE)
    lead = session.query(Lead).filter(Lead.event_id == event.id, Lead.owner_id.is_not(None)).first()
    return add_follow_up(session, lead, description="Send the NDA", due_date=due, owner=lead.owner)


def test_dashboard_and_follow_up_list_use_the_mission_today_by_default(demo_db, late_evening):
    with demo_db.transaction() as s:
        event = get_event(s, "biojapan-2026")
        _one_action_due(s, event, LONDON_DAY - timedelta(days=1))  # due Tuesday: overdue on Wednesday
        dash = build_dashboard(s, event, with_conflicts=False)
        assert dash.today == LONDON_DAY  # not the laptop's date, not the UTC date (Tuesday)
        assert dash.phase == "after"
        assert dash.figure("overdue").value == 1
        row = next(r for r in list_follow_ups(s, event.id) if r.description == "Send the NDA")
        assert row.overdue  # the list marks it as the dashboard counts it


def test_cli_followups_overdue_uses_the_mission_today(demo_db, late_evening, capsys, monkeypatch):
    from planner import cli

    if "planner.cli.followup.followups" not in cli.COMMAND_MODULES:  # registered by the lead (planner/cli/__init__.py)
        monkeypatch.setattr(cli, "COMMAND_MODULES", [*cli.COMMAND_MODULES, "planner.cli.followup.followups"])
    with demo_db.transaction() as s:
        event = get_event(s, "biojapan-2026")
        _one_action_due(s, event, LONDON_DAY - timedelta(days=1))
    code = cli.main(["--db", demo_db.target, "followups", "list", "--event", "biojapan-2026", "--overdue", "--json"])
    assert code == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["action"], r["due"], r["overdue"]) for r in rows] == [("Send the NDA", "2026-10-20", True)]
    assert set(rows[0]) >= {"id", "lead", "person", "owner", "action", "due", "status", "member_organisation"}
    owner = rows[0]["owner"]
    code = cli.main(["--db", demo_db.target, "followups", "list", "--event", "biojapan-2026", "--owner", owner,
                     "--as-of", "2026-10-20", "--overdue", "--json"])
    assert code == 0 and json.loads(capsys.readouterr().out) == []  # on the UTC date it is not overdue yet
