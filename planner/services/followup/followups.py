"""Meeting outcomes, leads and follow-up actions (the basics every other feature builds on)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import ActionStatus, AttendeeSide, LeadStage, Verdict, label
from planner.domain.timezones import utc_now
from planner.domain.validation import check_date, clean_text, is_currency, parse_amount
from planner.errors import Problems, ValidationError
from planner.services.common import assign
from planner.services.people.people import get_or_create_tag, tag_name
from planner.storage.models import (
    Event,
    FollowUp,
    Lead,
    Meeting,
    Organisation,
    Outcome,
    OutcomeTag,
    Person,
)

LEAD_FIELDS = {"title", "stage", "value", "currency", "notes", "owner_id", "person_id", "organisation_id",
               "member_organisation_id", "meeting_id"}
ACTION_FIELDS = {"description", "due_date", "status", "notes", "owner_id"}


def record_outcome(session: Session, meeting: Meeting, *, verdict: Verdict, rating: int | None = None,
                   notes: str = "", tags: list[str] | None = None) -> Outcome:
    values = outcome_values(verdict=verdict, rating=rating, notes=notes, tags=tags)
    wanted = values.pop("tags")
    outcome = session.scalars(select(Outcome).where(Outcome.meeting_id == meeting.id)).first()
    if outcome is None:
        outcome = Outcome(meeting_id=meeting.id, verdict=values["verdict"])
        session.add(outcome)
    assign(outcome, values, {"verdict", "rating", "notes"})
    if tags is not None:
        current = {link.tag.name: link for link in outcome.tags}
        for name, link in current.items():
            if name not in wanted:
                outcome.tags.remove(link)
        for name in wanted:
            if name not in current:
                outcome.tags.append(OutcomeTag(tag=get_or_create_tag(session, name)))
    session.flush()
    return outcome


def _check_lead(values: dict[str, Any], problems: Problems) -> None:
    if "title" in values:
        values["title"] = clean_text(values["title"], max_len=300)
    if "notes" in values:
        values["notes"] = clean_text(values["notes"], multiline=True)
    if "stage" in values and not isinstance(values["stage"], LeadStage):
        values["stage"] = LeadStage(values["stage"])
    if "currency" in values:
        values["currency"] = clean_text(values["currency"] or "").upper()
    if values.get("value") is not None:
        # A whole amount from 0 to MAX_AMOUNT: not nan/inf, no cents, not 1e30 (see parse_amount).
        try:
            values["value"] = parse_amount(values["value"], "value")
        except ValidationError as exc:
            problems.items.extend(exc.problems)
        if not values.get("currency"):
            problems.add("currency", "Give the currency of the value (e.g. GBP, JPY)")
    if values.get("currency") and not is_currency(values["currency"]):
        problems.add("currency", f"{values['currency']!r} is not an ISO 4217 currency code "
                                 "(e.g. GBP, EUR, JPY)")


def _check_due(due_date: date | None) -> None:
    if due_date is not None and not isinstance(due_date, date):
        raise ValidationError("The due date is not a date", "due_date")
    check_date(due_date, "due_date")


def add_lead(session: Session, event: Event, *, person: Person | None = None,
             organisation: Organisation | None = None, meeting: Meeting | None = None,
             owner: Person | None = None, stage: LeadStage = LeadStage.NEW, value: int | None = None,
             currency: str = "", title: str = "", notes: str = "",
             member_organisation: Organisation | None = None) -> Lead:
    if person is None and organisation is None:
        raise ValidationError("A lead needs a person or an organisation", "person")
    values = lead_values(stage=stage, value=value, currency=currency, title=title, notes=notes)
    if organisation is None and person is not None:
        organisation = person.organisation
    lead = Lead(event_id=event.id, person_id=person.id if person else None,
                organisation_id=organisation.id if organisation else None,
                meeting_id=meeting.id if meeting else None, owner_id=owner.id if owner else None,
                member_organisation_id=member_organisation.id if member_organisation else None, **values)
    session.add(lead)
    session.flush()
    return lead


def lead_values(*, stage: LeadStage | str = LeadStage.NEW, value: int | None = None, currency: str = "",
                title: str = "", notes: str = "") -> dict[str, Any]:
    """The columns :func:`add_lead` stores for a lead's own fields: cleaned and checked (raises
    :class:`ValidationError` naming each bad field)."""
    values: dict[str, Any] = {"stage": stage, "value": value, "currency": currency, "title": title,
                              "notes": notes}
    problems = Problems()
    _check_lead(values, problems)
    problems.raise_if_any()
    return values


def update_lead(session: Session, lead: Lead, **values: Any) -> Lead:
    problems = Problems()
    if "value" in values and "currency" not in values:
        values["currency"] = lead.currency
    _check_lead(values, problems)
    problems.raise_if_any()
    assign(lead, values, LEAD_FIELDS)
    session.flush()
    return lead


def add_follow_up(session: Session, lead: Lead, *, description: str, due_date: date | None = None,
                  owner: Person | None = None, status: ActionStatus = ActionStatus.OPEN,
                  notes: str = "") -> FollowUp:
    action = FollowUp(lead_id=lead.id, owner_id=owner.id if owner else lead.owner_id,
                      **follow_up_values(description=description, due_date=due_date, status=status,
                                         notes=notes))
    session.add(action)
    session.flush()
    return action


def follow_up_values(*, description: str, due_date: date | None = None,
                     status: ActionStatus | str = ActionStatus.OPEN, notes: str = "") -> dict[str, Any]:
    """The columns :func:`add_follow_up` stores for an action's own fields (a done action is
    completed now): cleaned and checked (raises :class:`ValidationError`)."""
    description = clean_text(description, multiline=True, max_len=2000)
    if not description:
        raise ValidationError("Say what the follow-up action is", "description")
    _check_due(due_date)
    status = ActionStatus(status)
    return {"description": description, "due_date": due_date, "status": status,
            "notes": clean_text(notes, multiline=True),
            "completed_at": utc_now() if status is ActionStatus.DONE else None}


def outcome_values(*, verdict: Verdict | str, rating: int | None = None, notes: str = "",
                   tags: list[str] | None = None) -> dict[str, Any]:
    """What :func:`record_outcome` stores for an outcome's fields, and its tag names (cleaned,
    lower case, each once); raises :class:`ValidationError`."""
    if rating is not None and not 0 <= rating <= 5:
        raise ValidationError("The rating must be between 0 and 5", "rating")
    return {"verdict": Verdict(verdict), "rating": rating, "notes": clean_text(notes, multiline=True),
            "tags": [t for t in dict.fromkeys(tag_name(x) for x in tags or []) if t]}


def update_follow_up(session: Session, action: FollowUp, **values: Any) -> FollowUp:
    if "description" in values:
        values["description"] = clean_text(values["description"], multiline=True, max_len=2000)
        if not values["description"]:
            raise ValidationError("Say what the follow-up action is", "description")
    if "due_date" in values:
        _check_due(values["due_date"])
    if "status" in values:
        values["status"] = ActionStatus(values["status"])
        if values["status"] is ActionStatus.DONE and action.completed_at is None:
            action.completed_at = utc_now()
        elif not values["status"].is_closed:
            action.completed_at = None
    assign(action, values, ACTION_FIELDS)
    session.flush()
    return action


LEAD_VERDICTS = (Verdict.COOPERATION_POSSIBLE, Verdict.INFORMATIVE)


def lead_from_outcome(session: Session, meeting: Meeting, *, owner: Person | None = None,
                      stage: LeadStage = LeadStage.NEW, value: int | None = None, currency: str = "",
                      next_action: str = "", due_date: date | None = None, notes: str = "") -> Lead:
    """Turn a meeting's recorded outcome into a lead (with its first follow-up action).

    The counterpart (first one) is the lead's person, the counterpart organisation its
    organisation, and the organisation of our first attendee the member organisation. A meeting
    that already has a lead returns that lead unchanged, so the button can be pressed twice.
    """
    _check_due(due_date)
    outcome = session.scalars(select(Outcome).where(Outcome.meeting_id == meeting.id)).first()
    if outcome is None:
        raise ValidationError("Record the meeting's outcome before making a lead from it", "verdict")
    if outcome.verdict not in LEAD_VERDICTS:
        raise ValidationError(
            f"The meeting's outcome is “{label(outcome.verdict)}”: only a meeting that was informative "
            "or where cooperation is possible becomes a lead", "verdict")
    existing = session.scalars(select(Lead).where(Lead.meeting_id == meeting.id).order_by(Lead.id)).first()
    if existing is not None:
        return existing
    ours = [a.person for a in meeting.attendees if a.side is AttendeeSide.OURS]
    theirs = [a.person for a in meeting.attendees if a.side is AttendeeSide.COUNTERPART]
    person = theirs[0] if theirs else None
    organisation = meeting.counterpart_organisation or (person.organisation if person else None)
    if person is None and organisation is None:
        raise ValidationError("The meeting has no counterpart to make a lead of", "counterparts")
    member = ours[0].organisation if ours else None
    event = session.get(Event, meeting.event_id)
    assert event is not None
    lead = add_lead(session, event, person=person, organisation=organisation, meeting=meeting,
                    owner=owner or (ours[0] if ours else None), stage=stage, value=value,
                    currency=currency, title=meeting.objective[:300],
                    notes=notes or outcome.notes, member_organisation=member)
    if clean_text(next_action):
        add_follow_up(session, lead, description=next_action, due_date=due_date)
    return lead


def add_lead_with_action(session: Session, event: Event, *, person: Person, owner: Person | None = None,
                         stage: LeadStage = LeadStage.NEW, value: int | None = None, currency: str = "",
                         next_action: str = "", due_date: date | None = None, notes: str = "",
                         member_organisation: Organisation | None = None) -> Lead:
    """A lead from a contact (not a meeting), with its first follow-up action when given."""
    if due_date is not None and not clean_text(next_action):
        raise ValidationError("A due date needs a next action: say what is due", "next_action")
    _check_due(due_date)
    lead = add_lead(session, event, person=person, owner=owner, stage=stage, value=value,
                    currency=currency, notes=notes, member_organisation=member_organisation)
    if clean_text(next_action):
        add_follow_up(session, lead, description=next_action, due_date=due_date)
    return lead
