"""Deleting a record picked in the GUI, by kind and id, with what goes with it."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from planner.services.common import get_by_id
from planner.services.editing.dependents import Impact, delete_impact, delete_with_dependents
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

KINDS: dict[str, Any] = {
    "event": Event, "organisation": Organisation, "person": Person, "delegate": Delegate,
    "meeting": Meeting, "slot": Slot, "lead": Lead, "follow_up": FollowUp,
    "venue": Venue, "room": Room,
}


def removal_impact(session: Session, kind: str, ids: list[int]) -> Impact:
    """What deleting these records would take with them, summed."""
    deleted: dict[str, int] = {}
    cleared: dict[str, int] = {}
    for ident in ids:
        impact = delete_impact(session, get_by_id(session, KINDS[kind], ident))
        for table, n in impact.deleted.items():
            deleted[table] = deleted.get(table, 0) + n
        for table, n in impact.cleared.items():
            cleared[table] = cleared.get(table, 0) + n
    return Impact(deleted, cleared)


def remove_records(session: Session, kind: str, ids: list[int]) -> int:
    """Delete the records and their dependents; returns how many records were asked for."""
    for ident in ids:
        obj = session.get(KINDS[kind], ident)
        if obj is not None:
            delete_with_dependents(session, obj)
    return len(ids)
