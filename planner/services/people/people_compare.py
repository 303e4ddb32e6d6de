"""Two people side by side, for deciding whether they are one person before a merge.

:func:`compare_people` reads both records and everything the reviewer needs to judge a proposed
duplicate: the names in every script, e-mails and other aliases, organisation and contact
details, the events and roles each has, and how many meetings, leads and follow-ups refer to
each (what a merge would move). Rows whose values differ are flagged; a value only one side has
is a difference too, but not a conflict (a merge fills blanks from the other record). Only plain
dataclasses come out, never ORM objects.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from planner.domain.countries import country_name
from planner.domain.enums import AliasKind, AttendeeSide
from planner.domain.enums import label as enum_label
from planner.domain.names import display_name
from planner.imports.normalise import email_key
from planner.services.common import get_by_uuid
from planner.storage.models import (
    Delegate,
    Delegation,
    Event,
    EventContact,
    FollowUp,
    Lead,
    Meeting,
    MeetingAttendee,
    Person,
    SlotPerson,
)

IDENTITY, CONTACT, EVENTS, REFERENCES = "identity", "contact", "events", "references"
ALIAS_LABELS = {AliasKind.EMAIL: "e-mail", AliasKind.NAME: "name", AliasKind.NATIVE: "native",
                AliasKind.READING: "reading"}


@dataclass(frozen=True)
class PersonSide:
    """Which record a column of the comparison shows."""

    id: int
    uuid: str
    label: str  # the display name, or the native name when there is no romanised one
    email: str
    added: str  # YYYY-MM-DD (UTC): the older record is the suggested survivor


@dataclass(frozen=True)
class CompareRow:
    """One field of both records; several values (aliases, events) are joined by newlines."""

    key: str
    label: str
    section: str  # identity, contact, events or references
    left: str
    right: str
    differs: bool  # the values are not the same (case, width and spacing ignored)

    @property
    def conflict(self) -> bool:
        """Both sides have a value and they disagree (a merge keeps only one as the main value)."""
        return self.differs and bool(self.left) and bool(self.right)


@dataclass(frozen=True)
class PeopleComparison:
    left: PersonSide
    right: PersonSide
    rows: tuple[CompareRow, ...]

    def row(self, key: str) -> CompareRow:
        return next(r for r in self.rows if r.key == key)

    @property
    def differing(self) -> tuple[CompareRow, ...]:
        return tuple(r for r in self.rows if r.differs)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _lines(values: Iterable[str]) -> str:
    return "\n".join(sorted({v for v in values if v}, key=_fold))


def _same(key: str, left: str, right: str) -> bool:
    if key in ("email", "email_aliases"):
        return {email_key(v) for v in left.splitlines()} == {email_key(v) for v in right.splitlines()}
    if "\n" in left or "\n" in right:
        return {_fold(v) for v in left.splitlines()} == {_fold(v) for v in right.splitlines()}
    return _fold(left) == _fold(right)


def _events(session: Session, person_id: int) -> str:
    """"BioJapan 2026 — delegate, contact" per event, newest event first."""
    roles: dict[tuple[date, str], set[str]] = {}
    for start, name, role in session.execute(
            select(Event.start_date, Event.name, Delegate.role)
            .join(Delegation, Delegation.event_id == Event.id)
            .join(Delegate, Delegate.delegation_id == Delegation.id).where(Delegate.person_id == person_id)):
        roles.setdefault((start, name), set()).add(enum_label(role).lower())
    for start, name in session.execute(
            select(Event.start_date, Event.name).join(EventContact, EventContact.event_id == Event.id)
            .where(EventContact.person_id == person_id)):
        roles.setdefault((start, name), set()).add("contact")
    for start, name in session.execute(
            select(Event.start_date, Event.name).join(Meeting, Meeting.event_id == Event.id)
            .join(MeetingAttendee, MeetingAttendee.meeting_id == Meeting.id)
            .where(MeetingAttendee.person_id == person_id, MeetingAttendee.side == AttendeeSide.COUNTERPART)):
        roles.setdefault((start, name), set()).add("counterpart")
    ordered = sorted(roles.items(), reverse=True)
    return "\n".join(f"{name} — {', '.join(sorted(r))}" for (_start, name), r in ordered)


def _count(session: Session, query: Select[Any]) -> str:
    return str(session.scalar(query) or 0)


def _values(session: Session, p: Person) -> dict[str, str]:
    aliases = {kind: [a.value for a in p.aliases if a.kind is kind] for kind in AliasKind}
    wanted = {x.event_id for x in p.external_ids}
    event_codes = {i: code for i, code in session.execute(
        select(Event.id, Event.code).where(Event.id.in_(wanted)))}
    pid = p.id
    return {
        "given_name": p.given_name,
        "family_name": p.family_name,
        "native_name": p.native_name,
        "native_reading": p.native_reading,
        "email": p.email,
        "email_aliases": _lines(aliases[AliasKind.EMAIL]),
        "name_aliases": _lines([*aliases[AliasKind.NAME], *aliases[AliasKind.NATIVE],
                                *aliases[AliasKind.READING]]),
        "external_ids": _lines(f"{x.source} · {event_codes.get(x.event_id, '?')} · {x.value}"
                               for x in p.external_ids),
        "organisation": p.organisation.name if p.organisation else "",
        "job_title": p.job_title,
        "phone": p.phone,
        "mobile": p.mobile,
        "country": f"{country_name(p.country)} ({p.country})" if p.country else "",
        "consent": "yes" if p.lead_sharing_consent else "no",
        "events": _events(session, pid),
        "meetings": _count(session, select(func.count()).select_from(MeetingAttendee)
                           .where(MeetingAttendee.person_id == pid)),
        "slots": _count(session, select(func.count()).select_from(SlotPerson).where(SlotPerson.person_id == pid)),
        "leads": _count(session, select(func.count()).select_from(Lead)
                        .where(or_(Lead.person_id == pid, Lead.owner_id == pid))),
        "follow_ups": _count(session, select(func.count()).select_from(FollowUp).where(FollowUp.owner_id == pid)),
    }


FIELDS: tuple[tuple[str, str, str], ...] = (
    ("given_name", "Given name", IDENTITY),
    ("family_name", "Family name", IDENTITY),
    ("native_name", "Native script", IDENTITY),
    ("native_reading", "Reading", IDENTITY),
    ("name_aliases", "Other names", IDENTITY),
    ("email", "E-mail", IDENTITY),
    ("email_aliases", "Other e-mails", IDENTITY),
    ("external_ids", "Registration keys", IDENTITY),
    ("organisation", "Organisation", CONTACT),
    ("job_title", "Job title", CONTACT),
    ("phone", "Phone", CONTACT),
    ("mobile", "Mobile", CONTACT),
    ("country", "Country", CONTACT),
    ("consent", "Lead-sharing consent", CONTACT),
    ("events", "Events and roles", EVENTS),
    ("meetings", "Meetings", REFERENCES),
    ("slots", "Programme items", REFERENCES),
    ("leads", "Leads (as contact or owner)", REFERENCES),
    ("follow_ups", "Follow-ups owned", REFERENCES),
)


def _side(p: Person) -> PersonSide:
    label = display_name(p.given_name, p.family_name, p.name_order) or p.native_name
    return PersonSide(p.id, p.uuid, label, p.email, p.created_at.date().isoformat() if p.created_at else "")


def compare_people(session: Session, left_uuid: str, right_uuid: str) -> PeopleComparison:
    """Both people field by field; raises ``NotFoundError`` when either is gone (merged meanwhile).

    Counts of what refers to each are never flagged as differences: they are what a merge
    moves, not evidence either way."""
    people = {p.uuid: p for p in session.scalars(
        select(Person).where(Person.uuid.in_([left_uuid, right_uuid]))
        .options(selectinload(Person.organisation), selectinload(Person.aliases),
                 selectinload(Person.external_ids)))}
    left = people.get(left_uuid) or get_by_uuid(session, Person, left_uuid)
    right = people.get(right_uuid) or get_by_uuid(session, Person, right_uuid)
    a, b = _values(session, left), _values(session, right)
    rows = tuple(CompareRow(key, text, section, a[key], b[key],
                            section != REFERENCES and not _same(key, a[key], b[key]))
                 for key, text, section in FIELDS)
    return PeopleComparison(_side(left), _side(right), rows)
