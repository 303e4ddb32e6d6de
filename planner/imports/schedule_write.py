"""Writing checked meeting and slot rows through the meeting and slot services."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import AttendeeSide, SlotRole
from planner.errors import Cancelled
from planner.imports.preset_catalog import Kind
from planner.imports.schedule_plan import Item
from planner.imports.table import CancelFn, ProgressFn
from planner.services.meetings import add_meeting, set_attendees, update_meeting
from planner.services.people import find_or_add_organisation
from planner.services.slots import add_slot, set_slot_people, update_slot
from planner.storage.models import Event, Meeting, Organisation, Person, Slot

_TIMES = ("start_local", "end_local", "start_fold", "end_fold")


def write_items(session: Session, event: Event, kind: Kind, items: list[Item],
                progress: ProgressFn | None, cancel: CancelFn | None) -> int:
    """Add or update every item; returns the number of organisations added."""
    ids = {pid for item in items for group in item.people.values() for pid in group}
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(ids)))}
    orgs: dict[str, Organisation] = {}
    before = session.query(Organisation).count()
    for n, item in enumerate(items, start=1):
        if cancel is not None and cancel():
            raise Cancelled("Import cancelled: nothing was changed.")
        org = None
        if item.organisation:
            org = orgs.get(item.organisation)
            if org is None:
                org = orgs[item.organisation] = find_or_add_organisation(session,
                                                                         item.organisation)
        if kind == "meetings":
            _write_meeting(session, event, item, people, org)
        else:
            _write_slot(session, event, item, people, org)
        if progress is not None and (n % 50 == 0 or n == len(items)):
            progress(n, len(items))
    return session.query(Organisation).count() - before


def _filled(values: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {k: values[k] for k in names if values.get(k) not in (None, "")}


def _write_meeting(session: Session, event: Event, item: Item, people: dict[int, Person],
                   org: Organisation | None) -> None:
    v = item.values
    ours = [people[i] for i in item.people["ours"]]
    theirs = [people[i] for i in item.people["theirs"]]
    extra = _filled(v, ("status", "location", "objective", "notes", "external_ref",
                        "interpreter_needed", "interpreter_language"))
    if item.existing_id is None:
        add_meeting(session, event, ours=ours, counterparts=theirs,
                    counterpart_organisation=org, venue=v["venue"], room=v["room"],
                    **{k: v[k] for k in _TIMES}, **extra)
        return
    meeting = session.get(Meeting, item.existing_id)
    assert meeting is not None
    changes: dict[str, Any] = {k: v[k] for k in _TIMES}
    changes.update(extra)
    if v["venue"] is not None:
        changes["venue_id"] = v["venue"].id
    if v["room"] is not None:
        changes["room_id"] = v["room"].id
    if org is not None:
        changes["counterpart_organisation_id"] = org.id
    update_meeting(session, meeting, **changes)
    set_attendees(session, meeting, AttendeeSide.OURS, ours)
    if theirs:
        set_attendees(session, meeting, AttendeeSide.COUNTERPART, theirs)


def _write_slot(session: Session, event: Event, item: Item, people: dict[int, Person],
                org: Organisation | None) -> None:
    v = item.values
    presenters = [people[i] for i in item.people["presenters"]]
    extra = _filled(v, ("description", "external_ref"))
    if item.existing_id is None:
        add_slot(session, event, title=v["title"], kind=v["kind"], venue=v["venue"],
                 room=v["room"], organisation=org, presenters=presenters,
                 **{k: v[k] for k in _TIMES}, **extra)
        return
    slot = session.get(Slot, item.existing_id)
    assert slot is not None
    changes: dict[str, Any] = {k: v[k] for k in _TIMES}
    changes.update(extra)
    changes["kind"] = v["kind"]
    if v["venue"] is not None:
        changes["venue_id"] = v["venue"].id
    if v["room"] is not None:
        changes["room_id"] = v["room"].id
    if org is not None:
        changes["organisation_id"] = org.id
    update_slot(session, slot, **changes)
    if presenters:
        set_slot_people(session, slot, SlotRole.PRESENTER, presenters)
