"""Writing checked meeting and slot rows through the meeting and slot services."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import AttendeeSide, MeetingStatus
from planner.errors import Cancelled
from planner.imports.preset_catalog import Kind
from planner.imports.schedule.counterparts import NewPerson
from planner.imports.schedule.places import PlaceMaker
from planner.imports.schedule.plan import Item
from planner.imports.table import CancelFn, ProgressFn
from planner.services.people.people import add_person, find_or_add_organisation
from planner.services.schedule.meetings import add_meeting, set_attendees, update_meeting
from planner.services.schedule.slots import add_slot, set_slot_people, update_slot
from planner.storage.models import Event, Meeting, Organisation, Person, Room, Slot, Venue

_TIMES = ("start_local", "end_local", "start_fold", "end_fold")


class _Writer:
    def __init__(self, session: Session, event: Event, items: list[Item]) -> None:
        self.session = session
        self.event = event
        ids = {pid for item in items for group in item.people.values() for pid in group}
        self.people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
        self.orgs: dict[str, Organisation] = {}
        self.new_people: dict[tuple[str, str], Person] = {}
        self.places = PlaceMaker(session, event)

    def organisation(self, name: str) -> Organisation | None:
        if not name:
            return None
        if name not in self.orgs:
            self.orgs[name] = find_or_add_organisation(self.session, name)
        return self.orgs[name]

    def counterpart(self, spec: NewPerson) -> Person:
        if spec.key not in self.new_people:
            self.new_people[spec.key] = add_person(
                self.session, given_name=spec.given_name, family_name=spec.family_name,
                native_name=spec.native_name, name_order=spec.name_order, email=spec.email,
                organisation=self.organisation(spec.organisation))
        return self.new_people[spec.key]


def write_items(session: Session, event: Event, kind: Kind, items: list[Item],
                progress: ProgressFn | None, cancel: CancelFn | None, *,
                cancel_ids: list[int] | None = None) -> int:
    """Add or update every item, cancel the meetings an export no longer lists; returns the
    number of organisations added."""
    w = _Writer(session, event, items)
    before = session.query(Organisation).count()
    for n, item in enumerate(items, start=1):
        if cancel is not None and cancel():
            raise Cancelled("Import cancelled: nothing was changed.")
        org = w.organisation(item.organisation)
        if kind == "meetings":
            _write_meeting(w, item, org)
        else:
            _write_slot(w, item, org)
        if progress is not None and (n % 50 == 0 or n == len(items)):
            progress(n, len(items))
    for meeting_id in cancel_ids or []:
        meeting = session.get(Meeting, meeting_id)
        if meeting is not None:
            update_meeting(session, meeting, status=MeetingStatus.CANCELLED)
    return session.query(Organisation).count() - before


def _filled(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: values[k] for k in names if values.get(k) not in (None, "")}


def _changes(v: dict[str, Any], extra: dict[str, Any], venue: Venue | None,
             room: Room | None) -> dict[str, Any]:
    """What an update of a matched meeting or slot sets: its times, the filled fields and, when
    the row names a place, the venue and room (a venue alone clears the old room)."""
    changes: dict[str, Any] = {k: v[k] for k in _TIMES}
    changes.update(extra)
    if venue is not None:
        changes["venue_id"] = venue.id
        changes["room_id"] = room.id if room is not None else None
    return changes


def _write_meeting(w: _Writer, item: Item, org: Organisation | None) -> None:
    v = item.values
    ours = [w.people[i] for i in item.people["ours"]]
    theirs = [w.people[i] for i in item.people["theirs"]]
    theirs += [w.counterpart(spec) for spec in item.new_people]
    venue, room = w.places.resolve(item.place)
    extra = _filled(v, ("status", "source_location", "objective", "notes", "external_ref",
                        "interpreter_needed", "interpreter_language"))
    if item.existing_id is None:
        add_meeting(w.session, w.event, ours=ours, counterparts=theirs,
                    counterpart_organisation=org, venue=venue, room=room,
                    **{k: v[k] for k in _TIMES}, **extra)
        return
    meeting = w.session.get(Meeting, item.existing_id)
    assert meeting is not None
    changes = _changes(v, extra, venue, room)
    if org is not None:
        changes["counterpart_organisation_id"] = org.id
    update_meeting(w.session, meeting, **changes)
    set_attendees(w.session, meeting, AttendeeSide.OURS, ours)
    if theirs:
        set_attendees(w.session, meeting, AttendeeSide.COUNTERPART, theirs)


def _write_slot(w: _Writer, item: Item, org: Organisation | None) -> None:
    v = item.values
    presenters = [w.people[i] for i in item.people["presenters"]]
    attendees = [w.people[i] for i in item.people["attendees"]]
    venue, room = w.places.resolve(item.place)
    extra = _filled(v, ("description", "external_ref"))
    if item.existing_id is None:
        add_slot(w.session, w.event, title=v["title"], kind=v["kind"], venue=venue,
                 room=room, organisation=org, presenters=presenters, attendees=attendees,
                 **{k: v[k] for k in _TIMES}, **extra)
        return
    slot = w.session.get(Slot, item.existing_id)
    assert slot is not None
    changes = _changes(v, extra, venue, room)
    changes["kind"] = v["kind"]
    if org is not None:
        changes["organisation_id"] = org.id
    update_slot(w.session, slot, **changes)
    if presenters:
        set_slot_people(w.session, slot, v["kind"].lead_role, presenters)
    if attendees:
        set_slot_people(w.session, slot, v["kind"].attendee_role, attendees)
