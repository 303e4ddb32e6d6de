"""Outcome capture between meetings: one edit records the verdict, marks the meeting, makes the lead."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from planner.domain.enums import MeetingStatus
from planner.errors import ValidationError
from planner.services.editing import changes
from planner.services.followup.outcomes import outcome_form, save_outcome
from planner.storage.database import Database
from planner.storage.models import Lead, Meeting, Outcome

pytestmark = pytest.mark.engines


def _confirmed(db: Database) -> int:
    with db.session() as s:
        return s.scalars(select(Meeting.id).where(Meeting.status == MeetingStatus.CONFIRMED)
                         .order_by(Meeting.id)).first()


def test_outcome_with_lead_in_one_undoable_edit(demo_db: Database) -> None:
    mid = _confirmed(demo_db)
    with demo_db.transaction() as s, changes.record_changes(s, "Record outcome") as cs:
        save_outcome(s, mid, {"verdict": "cooperation_possible", "rating": 4, "tags": ["Licensing", "licensing"],
                              "notes": "Asked for the data pack", "make_lead": True,
                              "next_action": "Send the data pack", "due_date": None})
    with demo_db.session() as s:
        form = outcome_form(s, mid)
        lead = s.scalars(select(Lead).where(Lead.meeting_id == mid)).one()
        assert form.status == "held" and form.tags == ("licensing",) and form.has_lead
        assert [a.description for a in lead.actions] == ["Send the data pack"]
    with demo_db.transaction() as s:
        changes.undo(s, cs)
    with demo_db.session() as s:
        assert s.scalars(select(Outcome).where(Outcome.meeting_id == mid)).first() is None
        assert s.scalars(select(Lead).where(Lead.meeting_id == mid)).first() is None
        assert s.get(Meeting, mid).status is MeetingStatus.CONFIRMED


def test_no_show_and_refusals(demo_db: Database) -> None:
    mid = _confirmed(demo_db)
    with pytest.raises(ValidationError, match="Choose what came"), demo_db.transaction() as s:
        save_outcome(s, mid, {"verdict": ""})
    with pytest.raises(ValidationError, match="becomes a lead"), demo_db.transaction() as s:
        save_outcome(s, mid, {"verdict": "no_interest", "make_lead": True})
    with pytest.raises(ValidationError, match="between 0 and 5"), demo_db.transaction() as s:
        save_outcome(s, mid, {"verdict": "informative", "rating": 9})
    with demo_db.transaction() as s:
        save_outcome(s, mid, {"verdict": "did_not_take_place"})
    with demo_db.session() as s:
        assert s.get(Meeting, mid).status is MeetingStatus.NO_SHOW
