"""Outcomes → leads, and the follow-up lists the dashboard uses."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from planner.domain.enums import ActionStatus, Verdict
from planner.errors import ValidationError
from planner.services.events.events import get_event
from planner.services.followup.followups import lead_from_outcome, record_outcome, update_follow_up
from planner.services.followup.leads import (
    actions_by_member_organisation,
    actions_by_owner,
    actions_due_this_week,
    list_actions,
    list_leads,
    overdue_actions,
    week_bounds,
)
from planner.services.people.people import find_person
from planner.services.schedule.meetings import add_meeting
from planner.storage.database import Database
from planner.storage.models import FollowUp

pytestmark = pytest.mark.engines

TODAY = date(2026, 11, 2)  # a Monday


def test_overdue_due_this_week_and_groups(leads_db: Database) -> None:
    with leads_db.session() as s:
        event = get_event(s, "mission")
        assert week_bounds(TODAY) == (date(2026, 11, 2), date(2026, 11, 8))
        overdue = overdue_actions(s, event, today=TODAY)
        assert [a.description for a in overdue] == ["+check"]
        assert [a.description for a in actions_due_this_week(s, event, today=TODAY)] == ["Send NDA"]
        owners = {g.key: g for g in actions_by_owner(s, event, today=TODAY)}
        assert owners["alice@lune.example"].open == 2 and owners["alice@lune.example"].due_this_week == 1
        assert owners["bob@lune.example"].overdue == 1
        members = {g.key: g for g in actions_by_member_organisation(s, event, today=TODAY)}
        assert members["Lune Microbiome Ltd"].open == 2
        assert members["(no member organisation)"].overdue == 1
    with leads_db.transaction() as s:
        update_follow_up(s, s.query(FollowUp).filter_by(description="+check").one(), status=ActionStatus.DONE)
    with leads_db.session() as s:
        event = get_event(s, "mission")
        assert overdue_actions(s, event, today=TODAY) == []
        assert len(list_actions(s, event, today=TODAY, open_only=True)) == 2
        owners = {g.key: g for g in actions_by_owner(s, event, today=TODAY)}
        assert owners["bob@lune.example"].done == 1


def test_lead_from_outcome(leads_db: Database) -> None:
    with leads_db.transaction() as s:
        event = get_event(s, "mission")
        alice, sato = find_person(s, "alice@lune.example"), find_person(s, "sato@kansai.example")
        meeting = add_meeting(s, event, start_local=datetime(2026, 10, 14, 10), end_local=datetime(2026, 10, 14, 10, 30),
                              ours=[alice], counterparts=[sato], objective="Licensing talk")
        with pytest.raises(ValidationError, match="Record the meeting's outcome"):
            lead_from_outcome(s, meeting)
        record_outcome(s, meeting, verdict=Verdict.NO_INTEREST, rating=1)
        with pytest.raises(ValidationError, match="only a meeting"):
            lead_from_outcome(s, meeting)
        record_outcome(s, meeting, verdict=Verdict.COOPERATION_POSSIBLE, rating=5, tags=["Licensing", "licensing"],
                       notes="Keen")
        lead = lead_from_outcome(s, meeting, next_action="Send term sheet", due_date=date(2026, 11, 1))
        assert lead_from_outcome(s, meeting).id == lead.id  # pressing twice makes no second lead
        assert lead.person_id == sato.id and lead.owner_id == alice.id and lead.title == "Licensing talk"
        assert lead.member_organisation_id == alice.organisation_id and lead.notes == "Keen"
        assert [a.description for a in lead.actions] == ["Send term sheet"]
        assert [t.tag.name for t in meeting_outcome_tags(s, meeting.id)] == ["licensing"]
        with pytest.raises(ValidationError):
            record_outcome(s, meeting, verdict=Verdict.INFORMATIVE, rating=6)
    with leads_db.session() as s:
        rows = {r.uuid: r for r in list_leads(s, get_event(s, "mission"))}
        assert rows[lead.uuid].next_action == "Send term sheet"


def meeting_outcome_tags(s, meeting_id):  # type: ignore[no-untyped-def]
    from planner.storage.models import Outcome

    return s.query(Outcome).filter_by(meeting_id=meeting_id).one().tags
