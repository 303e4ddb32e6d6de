"""Start next year's mission from a past one: ``planner events copy`` and Event ▸ Start from a
past event….

What comes along (each part chosen on its own):

- **organisations**: the delegation's member and lead organisations, with their role;
- **delegates**: the delegation's people with their role and interpreter language;
- **venues**: venues with their name, address, city, phone, opening hours and own time zone (a
  venue in the old event's zone keeps that zone even when the new event's differs), their rooms,
  stages and meeting tables (kind and capacity), and the travel minutes between them;
- **contacts**: the event's contacts (organisers, counterparts known before).

The target event must exist already (``planner events add`` sets its dates and zone, the GUI's
New event… likewise): a copy never guesses next year's dates. People and organisations are the
same records, linked to the new event, never duplicated. What is already in the target is left as
it is and reused: a venue of the same name (its missing rooms and travel minutes are added), a
delegate or contact already linked, a member organisation already in the delegation. So running
the copy twice adds nothing the second time.

Never copied, because they belong to one year: meetings, slots, outcomes, leads, follow-ups, the
delegates' arrival, departure, flights, hotel, notes and emergency contacts, and the delegation's
funding, shared stand and hotel. Dietary and access needs reveal health and religion
(special-category data, see shared/data-safety.md) and change from year to year: they are copied
only when asked for (``needs``), so a new record of them is made only on purpose.

Everything goes through the services (:mod:`planner.services.events.delegations`,
:mod:`planner.services.events.places`); :func:`plan_event_copy` changes nothing (the dry run),
:func:`copy_event` plans and applies in the caller's transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from planner.domain.enums import DelegationOrgRole
from planner.errors import NotFoundError, ValidationError
from planner.services.events.delegations import (
    add_delegate,
    add_delegation,
    add_delegation_organisation,
    add_event_contact,
)
from planner.services.events.events import get_event
from planner.services.events.places import (
    add_room,
    add_venue,
    find_room,
    find_venue,
    partnering_venue,
    set_travel_minutes,
)
from planner.services.people.people import person_name
from planner.storage.models import (
    Delegate,
    Delegation,
    DelegationOrganisation,
    Event,
    EventContact,
    FollowUp,
    Lead,
    Meeting,
    Organisation,
    Outcome,
    Person,
    Room,
    Slot,
    Venue,
    VenueTravel,
)

PARTS = ("organisations", "delegates", "venues", "contacts")
# The command line's --what words (cli.md: delegation,venues,contacts) and the parts they name.
WHAT_WORDS: dict[str, tuple[str, ...]] = {
    "delegation": ("organisations", "delegates"), "organisations": ("organisations",),
    "delegates": ("delegates",), "venues": ("venues",), "contacts": ("contacts",)}
NEEDS_FIELDS = ("dietary", "access_needs")
KINDS = ("delegation", "organisation", "delegate", "venue", "room", "travel", "contact")
KIND_TITLES = {"delegation": "delegation", "organisation": "member organisations", "delegate": "delegates",
               "venue": "venues", "room": "rooms and tables", "travel": "travel times",
               "contact": "event contacts"}


@dataclass(frozen=True)
class CopyOptions:
    organisations: bool = True
    delegates: bool = True
    venues: bool = True
    contacts: bool = True
    needs: bool = False  # the delegates' dietary and access needs (only with delegates)

    @classmethod
    def from_words(cls, words: str, *, needs: bool = False) -> CopyOptions:
        """``"delegation,venues"`` → the parts they name; an unknown word is refused."""
        chosen: set[str] = set()
        for word in (w.strip().lower() for w in words.split(",")):
            if not word:
                continue
            if word not in WHAT_WORDS:
                raise ValidationError(f"Unknown part {word!r} to copy; choose from "
                                      f"{', '.join(WHAT_WORDS)} (separated by commas)", "what")
            chosen.update(WHAT_WORDS[word])
        if not chosen:
            raise ValidationError("Name what to copy, e.g. delegation,venues,contacts", "what")
        return cls(**{part: part in chosen for part in PARTS}, needs=needs)


@dataclass(frozen=True)
class CopyItem:
    """One record the copy makes (``new``) or finds already in the target (reused, left as is)."""

    kind: str  # one of KINDS
    name: str  # what a user calls it ("Pacifico Yokohama", "Table 7 (Pacifico Yokohama)")
    detail: str  # role, zone, minutes…
    new: bool
    source_id: int = 0  # the past event's row (organisation/person/venue/room/travel id)
    target_delegation: int = 0  # index into CopyPlan.delegations (organisations, delegates)


@dataclass
class CopyPlan:
    source: str
    target: str
    options: CopyOptions
    delegations: list[CopyItem] = field(default_factory=list)  # one per source delegation
    items: list[CopyItem] = field(default_factory=list)
    never_copied: list[str] = field(default_factory=list)  # sentences, with counts
    applied: bool = False

    def of(self, kind: str, *, new: bool | None = None) -> list[CopyItem]:
        pool = self.delegations if kind == "delegation" else self.items
        return [i for i in pool if i.kind == kind and (new is None or i.new == new)]

    def counts(self) -> dict[str, tuple[int, int]]:
        """kind -> (to make, already there)."""
        return {k: (len(self.of(k, new=True)), len(self.of(k, new=False))) for k in KINDS}

    @property
    def nothing_to_do(self) -> bool:
        return not any(made for made, _ in self.counts().values())

    def summary_lines(self) -> list[str]:
        """One line per kind chosen, in words: what will be (or was) made and reused."""
        made_word = "made" if self.applied else "to make"
        lines = []
        for kind in KINDS:
            made, there = self.counts()[kind]
            if made or there:
                lines.append(f"{KIND_TITLES[kind]}: {made} {made_word}, {there} already in {self.target}")
        return lines or [f"nothing to copy from {self.source} with these choices"]

    def to_json(self) -> dict[str, Any]:
        def rows(kind: str) -> list[dict[str, Any]]:
            return [{"name": i.name, "detail": i.detail, "new": i.new} for i in self.of(kind)]
        return {"from": self.source, "to": self.target, "applied": self.applied,
                "options": {p: getattr(self.options, p) for p in (*PARTS, "needs")},
                "counts": {k: {"new": n, "existing": e} for k, (n, e) in self.counts().items()},
                **{f"{k}s" if k != "travel" else k: rows(k) for k in KINDS},
                "never_copied": list(self.never_copied)}


def next_year_name(name: str, source: Event, target: Event) -> str:
    """The source delegation's name for the target: its year(s) moved on ("… to BioJapan 2026"
    becomes "… to BioJapan 2027")."""
    old, new = source.start_date.year, target.start_date.year
    if old == new:
        return name
    return re.sub(rf"(?<!\d){old}(?!\d)", str(new), name)


def _events(session: Session, source_code: str, target_code: str) -> tuple[Event, Event]:
    source = get_event(session, source_code)
    try:
        target = get_event(session, target_code)
    except NotFoundError:
        raise NotFoundError(
            f"No event with the code {target_code!r} to copy into. Create it first, with its own dates "
            f"and zone: planner events add --code {target_code.strip().lower()} --name … --start YYYY-MM-DD "
            "--end YYYY-MM-DD --tz ZONE (or New event… in the app)") from None
    if source.id == target.id:
        raise ValidationError(f"{source.code} is the event being copied: choose another event to copy "
                              "into", "to")
    return source, target


def plan_event_copy(session: Session, source_code: str, target_code: str,
                    options: CopyOptions | None = None) -> CopyPlan:
    """What :func:`copy_event` would make and reuse; changes nothing (the dry run)."""
    options = options or CopyOptions()
    source, target = _events(session, source_code, target_code)
    wants_people = options.organisations or options.delegates or options.contacts
    for event, role in ((source, "copied from"), (target, "copied into")):
        if wants_people and event.anonymised_at is not None:
            raise ValidationError(f"{event.code} was anonymised on {event.anonymised_at}: its people cannot be "
                                  f"{role}; copy only its venues (--what venues)", "from")
    plan = CopyPlan(source.code, target.code, options)
    if options.organisations or options.delegates:
        _plan_delegation(session, plan, source, target)
    if options.venues:
        _plan_venues(session, plan, source, target)
    if options.contacts:
        _plan_contacts(session, plan, source, target)
    plan.never_copied = _never_copied(session, source, options)
    return plan


def _plan_delegation(session: Session, plan: CopyPlan, source: Event, target: Event) -> None:
    sources = list(session.scalars(select(Delegation).where(Delegation.event_id == source.id)
                                   .order_by(Delegation.id)))
    targets = list(session.scalars(select(Delegation).where(Delegation.event_id == target.id)
                                   .order_by(Delegation.id)))
    for index, delegation in enumerate(sources):
        name = next_year_name(delegation.name, source, target)
        same = next((t for t in targets if t.name.casefold() == name.casefold()), None)
        if same is None and len(sources) == 1 and targets:
            same = targets[0]  # most missions have one delegation: next year's is the one there
        plan.delegations.append(CopyItem("delegation", same.name if same else name, "",
                                         same is None, delegation.id, same.id if same else 0))
        linked_orgs = set() if same is None else set(session.scalars(
            select(DelegationOrganisation.organisation_id).where(DelegationOrganisation.delegation_id == same.id)))
        linked_people = set() if same is None else set(session.scalars(
            select(Delegate.person_id).where(Delegate.delegation_id == same.id)))
        if plan.options.organisations:
            for link, org in session.execute(
                    select(DelegationOrganisation, Organisation).join(Organisation)
                    .where(DelegationOrganisation.delegation_id == delegation.id).order_by(Organisation.name)):
                plan.items.append(CopyItem("organisation", org.name, link.role.value,
                                           org.id not in linked_orgs, org.id, index))
        if plan.options.delegates:
            rows = session.execute(select(Delegate, Person).join(Person, Delegate.person_id == Person.id)
                                   .where(Delegate.delegation_id == delegation.id)).all()
            for delegate, person in sorted(rows, key=lambda r: person_name(r[1]).casefold()):
                plan.items.append(CopyItem("delegate", _who(person), delegate.role.value,
                                           person.id not in linked_people, delegate.id, index))


def _who(person: Person) -> str:
    """A person as a plan lists them: name and e-mail (two delegates may share a name)."""
    name = person_name(person)
    if name and person.email:
        return f"{name} <{person.email}>"
    return name or person.email or person.uuid


def _plan_venues(session: Session, plan: CopyPlan, source: Event, target: Event) -> None:
    venues = list(session.scalars(select(Venue).where(Venue.event_id == source.id)))
    names = {v.id: v.name for v in venues}
    reused: dict[int, Venue] = {}
    for venue in sorted(venues, key=lambda v: v.name.casefold()):
        there = find_venue(session, target, venue.name)
        if there is not None:
            reused[venue.id] = there
        plan.items.append(CopyItem("venue", there.name if there else venue.name, venue.tz,
                                   there is None, venue.id))
        for room in session.scalars(select(Room).where(Room.venue_id == venue.id).order_by(Room.id)):
            exists = there is not None and find_room(session, there, room.name) is not None
            plan.items.append(CopyItem("room", f"{room.name} ({venue.name})", room.kind.value,
                                       not exists, room.id))
    for travel in session.scalars(select(VenueTravel).where(VenueTravel.from_venue_id.in_(list(names)))
                                  .order_by(VenueTravel.id)):
        if travel.to_venue_id not in names:
            continue
        a, b = reused.get(travel.from_venue_id), reused.get(travel.to_venue_id)
        exists = a is not None and b is not None and session.scalar(select(VenueTravel.id).where(
            VenueTravel.from_venue_id == a.id, VenueTravel.to_venue_id == b.id)) is not None
        plan.items.append(CopyItem("travel", f"{names[travel.from_venue_id]} → {names[travel.to_venue_id]}",
                                   f"{travel.minutes} min", not exists, travel.id))


def _plan_contacts(session: Session, plan: CopyPlan, source: Event, target: Event) -> None:
    linked = set(session.scalars(select(EventContact.person_id).where(EventContact.event_id == target.id)))
    rows = session.execute(select(EventContact, Person).join(Person, EventContact.person_id == Person.id)
                           .where(EventContact.event_id == source.id)).all()
    for contact, person in sorted(rows, key=lambda r: person_name(r[1]).casefold()):
        plan.items.append(CopyItem("contact", _who(person), contact.source,
                                   person.id not in linked, person.id))


def _never_copied(session: Session, source: Event, options: CopyOptions) -> list[str]:
    def count(stmt: Any) -> int:
        return int(session.scalar(stmt) or 0)
    meetings = count(select(func.count(Meeting.id)).where(Meeting.event_id == source.id))
    slots = count(select(func.count(Slot.id)).where(Slot.event_id == source.id))
    outcomes = count(select(func.count(Outcome.id)).join(Meeting).where(Meeting.event_id == source.id))
    leads = count(select(func.count(Lead.id)).where(Lead.event_id == source.id))
    actions = count(select(func.count(FollowUp.id)).join(Lead).where(Lead.event_id == source.id))
    lines = [f"{_n(meetings, 'meeting')}, {_n(slots, 'slot')}, {_n(outcomes, 'outcome')}, {_n(leads, 'lead')} "
             f"and {_n(actions, 'follow-up')} (they belong to one year)",
             "delegates' arrival, departure, flights, hotel, notes and emergency contacts; the "
             "delegation's funding, shared stand and hotel (asked again each year)"]
    if options.delegates and not options.needs:
        lines.append("dietary and access needs (personal, may change yearly: copied only when asked for)")
    return lines


def _n(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def copy_event(session: Session, source_code: str, target_code: str, options: CopyOptions | None = None,
               *, dry_run: bool = False) -> CopyPlan:
    """Plan the copy and, unless ``dry_run``, make what the plan says is new, in the caller's
    transaction (all or nothing: a failure raises and the caller rolls back)."""
    plan = plan_event_copy(session, source_code, target_code, options)
    if dry_run or plan.nothing_to_do:
        return plan
    source, target = _events(session, source_code, target_code)
    _apply_delegation(session, plan, target)
    _apply_venues(session, plan, source, target)
    for item in plan.of("contact", new=True):
        person = session.get(Person, item.source_id)
        assert person is not None
        add_event_contact(session, target, person, item.detail or f"from {source.code}")
    plan.applied = True
    return plan


def _apply_delegation(session: Session, plan: CopyPlan, target: Event) -> None:
    made: dict[int, Delegation] = {}
    for index, item in enumerate(plan.delegations):
        existing = session.get(Delegation, item.target_delegation) if item.target_delegation else None
        wanted = [i for i in plan.items if i.kind in ("organisation", "delegate") and i.new
                  and i.target_delegation == index]
        if existing is not None:
            made[index] = existing
        elif wanted:
            made[index] = add_delegation(session, target, name=item.name)
    for item in plan.of("organisation", new=True):
        org = session.get(Organisation, item.source_id)
        assert org is not None
        add_delegation_organisation(session, made[item.target_delegation], org, DelegationOrgRole(item.detail))
    for item in plan.of("delegate", new=True):
        old = session.get(Delegate, item.source_id)
        assert old is not None
        extra: dict[str, Any] = {"interpreter_language": old.interpreter_language}
        if plan.options.needs:
            extra.update({key: getattr(old, key) for key in NEEDS_FIELDS})
        add_delegate(session, made[item.target_delegation], old.person, old.role, **extra)


def _apply_venues(session: Session, plan: CopyPlan, source: Event, target: Event) -> None:
    mapping: dict[int, Venue] = {}
    for item in plan.of("venue"):
        old = session.get(Venue, item.source_id)
        assert old is not None
        there = find_venue(session, target, old.name)
        if there is None:
            there = add_venue(session, target, name=old.name, tz=old.tz, address=old.address, city=old.city,
                              opens=old.opens, closes=old.closes, phone=old.phone,
                              partnering=old.partnering and partnering_venue(session, target) is None)
        mapping[old.id] = there
    for item in plan.of("room", new=True):
        room = session.get(Room, item.source_id)
        assert room is not None
        add_room(session, mapping[room.venue_id], name=room.name, kind=room.kind, capacity=room.capacity)
    for item in plan.of("travel", new=True):
        travel = session.get(VenueTravel, item.source_id)
        assert travel is not None
        set_travel_minutes(session, mapping[travel.from_venue_id], mapping[travel.to_venue_id],
                           travel.minutes, both_ways=False)


__all__ = ["PARTS", "WHAT_WORDS", "CopyItem", "CopyOptions", "CopyPlan", "copy_event", "next_year_name",
           "plan_event_copy"]
