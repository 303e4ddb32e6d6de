"""The few fields of each list's rows that the dashboard's filters read, counted by value.

The dashboard counts every figure with the filter predicate of the list it opens
(:func:`planner.services.views.row_filters.compile_filter`). It need not build the lists' full rows for
that (names formatted, rooms looked up: most of its time at scale 100): each *fact* below carries
exactly the attributes the predicates of its view read, with the same names and values as the
list's row, and equal facts are counted once with their number (:func:`count_weighted`). The
figures therefore stay what the lists show; ``tests/planner/dashboard`` compares them row by row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.domain.enums import SlotRole
from planner.domain.names import display_name
from planner.services.views.row_filters import Filter, compile_filter
from planner.storage.models import (
    Event,
    FollowUp,
    Lead,
    Meeting,
    Organisation,
    Person,
    Slot,
    SlotPerson,
)

Facts = Counter[Any]
# Facts are named tuples: made, hashed and compared in C (thousands per build at scale 100), read
# by attribute name like the rows; each kind is counted apart from the others (its own Counter).


class MeetingFacts(NamedTuple):
    """What the ``meetings`` filters read of a :class:`MeetingRow`."""

    status: str
    start_iso: str


class SlotFacts(NamedTuple):
    """What the ``schedule`` filters read of a :class:`SlotRow` (presenters: their e-mails)."""

    kind: str
    organisation: str
    presenters: tuple[str, ...]


class LeadFacts(NamedTuple):
    stage: str


class ActionFacts(NamedTuple):
    """What the ``follow_up_actions`` filters read of a :class:`FollowUpRow` (owner: display name)."""

    status: str
    due_date: date | None
    owner: str
    owner_email: str


def count_weighted(view: str, spec: Filter, facts: Facts) -> int:
    """How many rows pass ``spec``: each distinct fact is tested once and counts its number."""
    keep = compile_filter(view, spec)
    return sum(n for fact, n in facts.items() if keep(fact))


def meeting_facts(session: Session, event: Event) -> Facts:
    stmt = (select(Meeting.status, Meeting.start_local, func.count())
            .where(Meeting.event_id == event.id).group_by(Meeting.status, Meeting.start_local))
    return _tally((MeetingFacts(status.value, start.isoformat()), n) for status, start, n in session.execute(stmt))


def slot_facts(session: Session, event: Event) -> Facts:
    presenters: dict[int, list[str]] = {}
    for slot_id, email in session.execute(
            select(SlotPerson.slot_id, Person.email).join(Person, Person.id == SlotPerson.person_id)
            .join(Slot, Slot.id == SlotPerson.slot_id)
            .where(Slot.event_id == event.id, SlotPerson.role == SlotRole.PRESENTER)
            .order_by(SlotPerson.id)):
        presenters.setdefault(slot_id, []).append(email)
    stmt = (select(Slot.id, Slot.kind, Organisation.name)
            .outerjoin(Organisation, Organisation.id == Slot.organisation_id).where(Slot.event_id == event.id))
    return _tally((SlotFacts(kind.value, org or "", tuple(presenters.get(slot_id, ()))), 1)
                  for slot_id, kind, org in session.execute(stmt))


def lead_facts(session: Session, event: Event) -> Facts:
    stmt = select(Lead.stage, func.count()).where(Lead.event_id == event.id).group_by(Lead.stage)
    return _tally((LeadFacts(stage.value), n) for stage, n in session.execute(stmt))


def action_facts(session: Session, event: Event) -> Facts:
    """In the follow-up list's order (soonest due first), so the first fact of an owner is their
    first row in the list."""
    first = func.min(FollowUp.id)
    rows = session.execute(
        select(FollowUp.status, FollowUp.due_date, FollowUp.owner_id, func.count())
        .join(Lead, Lead.id == FollowUp.lead_id).where(Lead.event_id == event.id)
        .group_by(FollowUp.status, FollowUp.due_date, FollowUp.owner_id)
        .order_by(FollowUp.due_date.is_(None), FollowUp.due_date, first)).all()
    owner_ids = select(FollowUp.owner_id).join(Lead, Lead.id == FollowUp.lead_id).where(Lead.event_id == event.id)
    owners = {pid: (display_name(given or "", family or "", order) or (native or ""), email or "")  # = people.person_name
              for pid, given, family, order, native, email in session.execute(
                  select(Person.id, Person.given_name, Person.family_name, Person.name_order, Person.native_name,
                         Person.email).where(Person.id.in_(owner_ids)))}
    return _tally((ActionFacts(status.value, due, *owners.get(owner_id or 0, ("", ""))), n)
                  for status, due, owner_id, n in rows)


def anyone_s(actions: Facts) -> Facts:
    """``actions`` with the owner left out, for specs that do not filter by owner (fewer facts)."""
    return _tally((ActionFacts(a.status, a.due_date, "", ""), n) for a, n in actions.items())


def _tally(pairs: Iterable[tuple[Any, int]]) -> Facts:
    """Facts and their numbers, in the order first met (equal facts from different groups add up)."""
    facts: Facts = Counter()
    for fact, n in pairs:
        facts[fact] += n
    return facts
