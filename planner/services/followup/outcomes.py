"""Outcome capture for the GUI: what the outcome form shows, and saving it in one edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from planner.domain.enums import AttendeeSide, MeetingStatus, Verdict
from planner.errors import ValidationError
from planner.services.common import get_by_id
from planner.services.followup.followups import LEAD_VERDICTS, lead_from_outcome, record_outcome
from planner.services.people.people import person_name
from planner.storage.models import Lead, Meeting, MeetingAttendee, Outcome, OutcomeTag


@dataclass(frozen=True)
class OutcomeForm:
    meeting_id: int
    title: str
    status: str
    verdict: str
    rating: int | None
    tags: tuple[str, ...]
    notes: str
    has_lead: bool


def outcome_form(session: Session, meeting_id: int) -> OutcomeForm:
    meeting = session.scalars(select(Meeting).where(Meeting.id == meeting_id).options(
        selectinload(Meeting.attendees).selectinload(MeetingAttendee.person),
        selectinload(Meeting.counterpart_organisation))).one()
    outcome = session.scalars(select(Outcome).where(Outcome.meeting_id == meeting_id)
                              .options(selectinload(Outcome.tags).selectinload(OutcomeTag.tag))).first()
    theirs = [person_name(a.person) for a in meeting.attendees if a.side is AttendeeSide.COUNTERPART]
    org = meeting.counterpart_organisation.name if meeting.counterpart_organisation else ""
    who = ", ".join(x for x in [org, *theirs[:2]] if x) or "counterpart"
    default = "" if meeting.status is not MeetingStatus.NO_SHOW else Verdict.DID_NOT_TAKE_PLACE.value
    has_lead = session.scalar(select(Lead.id).where(Lead.meeting_id == meeting_id)) is not None
    return OutcomeForm(meeting.id, f"{meeting.start_local:%a %d %b %H:%M} · {who}", meeting.status.value,
                       outcome.verdict.value if outcome else default, outcome.rating if outcome else None,
                       tuple(sorted(t.tag.name for t in outcome.tags)) if outcome else (),
                       outcome.notes if outcome else "", has_lead)


def save_outcome(session: Session, meeting_id: int, values: dict[str, Any]) -> int:
    """Record the outcome; mark the meeting held when it took place; optionally make the lead.

    ``values``: verdict, rating (None or 0–5), tags (list), notes, make_lead (bool),
    next_action (str), due_date (date | None).
    """
    meeting = get_by_id(session, Meeting, meeting_id)
    verdict_text = values.get("verdict") or ""
    if not verdict_text:
        raise ValidationError("Choose what came of the meeting", "verdict")
    verdict = Verdict(verdict_text)
    record_outcome(session, meeting, verdict=verdict, rating=values.get("rating"),
                   notes=values.get("notes", ""), tags=list(values.get("tags", [])))
    if verdict is Verdict.DID_NOT_TAKE_PLACE:
        if meeting.status in (MeetingStatus.HELD, MeetingStatus.CONFIRMED, MeetingStatus.ACCEPTED):
            meeting.status = MeetingStatus.NO_SHOW
    elif meeting.status is not MeetingStatus.HELD:
        meeting.status = MeetingStatus.HELD
    if values.get("make_lead"):
        if verdict not in LEAD_VERDICTS:
            raise ValidationError("Only a meeting that was informative or where cooperation is possible "
                                  "becomes a lead", "make_lead")
        due: date | None = values.get("due_date")
        lead_from_outcome(session, meeting, next_action=values.get("next_action", ""), due_date=due)
    session.flush()
    return meeting.id
