"""What the editors save: form values in, the usual services called, an id out.

Each ``save_*`` takes the dict an editor produced (ids for picked records) and creates or
updates one record through the core services, so the GUI, the CLI and the tests share the rules.
All of them run inside an undoable edit (``changes.record_changes``) opened by the caller.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planner.domain.enums import ActionStatus, AttendeeSide
from planner.errors import Problems, ValidationError
from planner.services.common import get_by_id
from planner.services.editing.concurrency import expected_version, open_for_edit
from planner.services.events import delegations, events
from planner.services.followup import followups
from planner.services.people import people
from planner.services.people.identity import set_aliases_from_text
from planner.services.schedule import meetings, slots
from planner.storage.models import (
    Delegate,
    Event,
    FollowUp,
    Lead,
    Meeting,
    Organisation,
    Person,
    Room,
    Slot,
    Venue,
)


def save_event(session: Session, event_id: int | None, values: dict[str, Any]) -> int:
    values = dict(values)
    if event_id is None:
        expected_version(values)  # a new record has no version to check
    if event_id is None:
        event = events.add_event(session, **values)
        delegations.event_delegation(session, event, create=True)
        return event.id
    event = events.update_event(session, open_for_edit(session, Event, event_id, values), **values)
    return event.id


def save_organisation(session: Session, org_id: int | None, values: dict[str, Any]) -> int:
    values = dict(values)
    if org_id is None:
        expected_version(values)  # a new record has no version to check
    tags = values.pop("tags", None)
    if org_id is None:
        org = people.add_organisation(session, **values)
    else:
        org = people.update_organisation(session, open_for_edit(session, Organisation, org_id, values),
                                         **values)
    if tags is not None:
        people.set_organisation_tags(session, org, tags)
    return org.id


def _organisation_for(session: Session, values: dict[str, Any]) -> None:
    """An unpicked but typed organisation name finds or creates that organisation."""
    text = str(values.pop("organisation_text", "") or "").strip()
    if values.get("organisation_id") is None and text:
        values["organisation_id"] = people.find_or_add_organisation(session, text).id


def save_person(session: Session, person_id: int | None, values: dict[str, Any]) -> int:
    values = dict(values)
    if person_id is None:
        expected_version(values)  # a new record has no version to check
    aliases = values.pop("aliases", None)
    _organisation_for(session, values)
    if person_id is None:
        person = people.add_person(session, **values)
    else:
        person = people.update_person(session, open_for_edit(session, Person, person_id, values),
                                      **values)
    if aliases is not None:
        set_aliases_from_text(session, person, aliases)
    return person.id


def save_delegate(session: Session, event_id: int, delegate_id: int | None, values: dict[str, Any]) -> int:
    values = dict(values)
    if delegate_id is None:
        expected_version(values)  # a new record has no version to check
    person_id = values.pop("person_id", None)
    if delegate_id is not None:
        return delegations.update_delegate(
            session, open_for_edit(session, Delegate, delegate_id, values), **values).id
    if person_id is None:
        raise ValidationError("Choose a person from the list (type a name, then pick a match)", "person")
    event = get_by_id(session, Event, event_id)
    delegation = delegations.event_delegation(session, event, create=True)
    role = values.pop("role", "delegate")
    delegate = delegations.add_delegate(session, delegation, get_by_id(session, Person, person_id), role, **values)
    return delegate.id


def _people(session: Session, ids: list[int]) -> list[Person]:
    return [get_by_id(session, Person, i) for i in ids]


def _optional(session: Session, model: Any, ident: int | None) -> Any:
    return get_by_id(session, model, ident) if ident is not None else None


def save_meeting(session: Session, event_id: int, meeting_id: int | None, values: dict[str, Any]) -> int:
    values = dict(values)
    if meeting_id is None:
        expected_version(values)  # a new record has no version to check
    ours = _people(session, values.pop("ours", []))
    theirs = _people(session, values.pop("counterparts", []))
    org_id = values.pop("counterpart_organisation_id", None)
    if meeting_id is None:
        event = get_by_id(session, Event, event_id)
        venue = _optional(session, Venue, values.pop("venue_id", None))
        room = _optional(session, Room, values.pop("room_id", None))
        meeting = meetings.add_meeting(
            session, event, ours=ours, counterparts=theirs, venue=venue, room=room,
            counterpart_organisation=_optional(session, Organisation, org_id), **values)
        return meeting.id
    meeting = open_for_edit(session, Meeting, meeting_id, values)
    problems = Problems()
    if not ours:
        problems.add("our_attendees", "A meeting needs at least one attendee from our side")
    if {p.id for p in ours} & {p.id for p in theirs}:
        problems.add("counterparts", "The same person cannot be on both sides of a meeting")
    problems.raise_if_any()
    meetings.update_meeting(session, meeting, counterpart_organisation_id=org_id, **values)
    meetings.set_attendees(session, meeting, AttendeeSide.COUNTERPART, [])
    meetings.set_attendees(session, meeting, AttendeeSide.OURS, ours)
    meetings.set_attendees(session, meeting, AttendeeSide.COUNTERPART, theirs)
    return meeting.id


def save_slot(session: Session, event_id: int, slot_id: int | None, values: dict[str, Any]) -> int:
    values = dict(values)
    if slot_id is None:
        expected_version(values)  # a new record has no version to check
    presenters = _people(session, values.pop("presenters", []))
    attendees = _people(session, values.pop("attendees", []))
    org_id = values.pop("organisation_id", None)
    if slot_id is None:
        event = get_by_id(session, Event, event_id)
        venue = _optional(session, Venue, values.pop("venue_id", None))
        room = _optional(session, Room, values.pop("room_id", None))
        slot = slots.add_slot(session, event, venue=venue, room=room, presenters=presenters,
                              attendees=attendees,
                              organisation=_optional(session, Organisation, org_id), **values)
        return slot.id
    slot = open_for_edit(session, Slot, slot_id, values)
    slots.update_slot(session, slot, organisation_id=org_id, **values)
    slots.set_slot_roles(session, slot, presenters, attendees)
    return slot.id


def save_lead(session: Session, event_id: int, lead_id: int | None, values: dict[str, Any]) -> int:
    values = dict(values)
    if lead_id is None:
        expected_version(values)  # a new record has no version to check
    next_action = str(values.pop("next_action", "") or "").strip()
    due = values.pop("due_date", None)
    if lead_id is not None:
        if values.get("person_id") is None and values.get("organisation_id") is None:
            raise ValidationError("A lead needs a person or an organisation", "person")
        return followups.update_lead(session, open_for_edit(session, Lead, lead_id, values), **values).id
    event = get_by_id(session, Event, event_id)
    lead = followups.add_lead(
        session, event, person=_optional(session, Person, values.pop("person_id", None)),
        organisation=_optional(session, Organisation, values.pop("organisation_id", None)),
        owner=_optional(session, Person, values.pop("owner_id", None)),
        member_organisation=_optional(session, Organisation,
                                      values.pop("member_organisation_id", None)), **values)
    if next_action or due:
        followups.add_follow_up(session, lead, description=next_action, due_date=due)
    return lead.id


def save_follow_up(session: Session, lead_id: int | None, action_id: int | None, values: dict[str, Any]) -> int:
    values = dict(values)
    if action_id is None:
        expected_version(values)  # a new record has no version to check
    if action_id is not None:
        return followups.update_follow_up(
            session, open_for_edit(session, FollowUp, action_id, values), **values).id
    if lead_id is None:
        raise ValidationError("Choose the lead this action belongs to", "lead")
    owner = _optional(session, Person, values.pop("owner_id", None))
    if "status" in values:
        values["status"] = ActionStatus(values["status"])
    lead = get_by_id(session, Lead, lead_id)
    return followups.add_follow_up(session, lead, owner=owner, **values).id
