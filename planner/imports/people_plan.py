"""Matching people rows against each other and against the database (in-memory key maps).

One query loads the keys of everyone already in the file; every row is then matched in memory:
first on the normalised e-mail, then on name + organisation. Rows repeating an earlier row are
merged into it; rows matching an existing person update that person; rows that only *nearly*
match (same name elsewhere, a similar name at the same organisation) are added, with the near
misses proposed for merging (rapidfuzz).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.enums import DelegateRole, LawfulBasis
from planner.domain.names import display_name
from planner.imports.people_rows import PersonRecord
from planner.imports.plan import Candidate, RowAction
from planner.storage.models import Delegate, Delegation, EventContact, Organisation, Person

NEAR_MISS_SCORE = 85
MAX_CANDIDATES = 3
_ROLE_RANK = {None: 0, DelegateRole.STAFF: 1, DelegateRole.DELEGATE: 2, DelegateRole.SPEAKER: 3,
              DelegateRole.LEAD: 4}


@dataclass
class Existing:
    """What the matcher needs to know about a person already in the file."""

    id: int
    uuid: str
    given_name: str
    family_name: str
    native_name: str
    name_order: str
    email: str
    email_key: str
    organisation_id: int | None
    job_title: str
    phone: str
    country: str
    notes: str
    lawful_basis: LawfulBasis
    lead_sharing_consent: bool

    @property
    def label(self) -> str:
        name = display_name(self.given_name, self.family_name, self.name_order) or self.native_name
        return f"{name} <{self.email}>" if self.email else name


@dataclass
class PersonWrite:
    """One person to write: a new record, or changes to an existing one, plus the event link."""

    record: PersonRecord
    existing: Existing | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    link: str = ""  # "delegate", "contact" or "" (already linked)
    new_organisation: str = ""  # key of a new organisation to create and link


@dataclass
class PeopleMatch:
    rows: list[RowAction]
    writes: list[PersonWrite]
    new_organisations: dict[str, str]  # organisation key → name as first written
    organisation_ids: dict[str, int]  # organisation key → id of an existing organisation


def _load_people(session: Session) -> list[Existing]:
    cols = (Person.id, Person.uuid, Person.given_name, Person.family_name, Person.native_name,
            Person.name_order, Person.email, Person.email_key, Person.organisation_id,
            Person.job_title, Person.phone, Person.country, Person.notes, Person.lawful_basis,
            Person.lead_sharing_consent)
    return [Existing(*row)  # type: ignore[call-arg]
            for row in session.execute(select(*cols).order_by(Person.id))]


def _combine(first: PersonRecord, later: PersonRecord) -> None:
    """Fold a repeated row into the first one: blanks are filled, the stronger role wins."""
    for name in ("given_name", "family_name", "native_name", "email", "email_key", "organisation",
                 "organisation_key", "job_title", "country", "phone", "dietary", "notes"):
        if not getattr(first, name) and getattr(later, name):
            setattr(first, name, getattr(later, name))
    first.refresh_keys()
    if _ROLE_RANK[later.role] > _ROLE_RANK[first.role]:
        first.role = later.role
    if first.lawful_basis is None:
        first.lawful_basis = later.lawful_basis
    if first.consent is None:
        first.consent = later.consent


def _changes(existing: Existing, record: PersonRecord, org_id: int | None) -> dict[str, Any]:
    """Fill in what the existing person lacks; explicit consent and lawful basis are applied."""
    changes: dict[str, Any] = {}
    for name in ("given_name", "family_name", "native_name", "email", "job_title", "phone",
                 "country", "notes"):
        value = getattr(record, name)
        if value and not getattr(existing, name):
            changes[name] = value
    if "email" in changes:
        changes["email_key"] = record.email_key
    if org_id is not None and existing.organisation_id is None:
        changes["organisation_id"] = org_id
    if record.lawful_basis is not None and record.lawful_basis != existing.lawful_basis:
        changes["lawful_basis"] = record.lawful_basis
    if record.consent is not None and record.consent != existing.lead_sharing_consent:
        changes["lead_sharing_consent"] = record.consent
    return changes


class _Index:
    def __init__(self, people: list[Existing], org_keys: dict[int, str]) -> None:
        self.by_email: dict[str, Existing] = {}
        self.by_key: dict[str, Existing] = {}
        self.by_name: dict[str, list[Existing]] = {}
        self.by_org: dict[str, list[tuple[str, Existing]]] = {}
        from planner.imports.normalise import person_key

        for p in people:
            if p.email_key:
                self.by_email.setdefault(p.email_key, p)
            org_key = org_keys.get(p.organisation_id or 0, "")
            key = person_key(p.given_name, p.family_name or p.native_name, "")
            self.by_key.setdefault(key + org_key, p)
            self.by_name.setdefault(key, []).append(p)
            if org_key:
                self.by_org.setdefault(org_key, []).append((key, p))

    def candidates(self, record: PersonRecord) -> tuple[Candidate, ...]:
        found: dict[str, Candidate] = {}
        name_key = record.name_key
        for p in self.by_name.get(name_key, ()):
            found[p.uuid] = Candidate(p.uuid, p.label, 90, "same name, different "
                                      + ("e-mail" if record.email and p.email else "organisation"))
        if record.organisation_key:
            for key, p in self.by_org.get(record.organisation_key, ()):
                if p.uuid in found or key == name_key:
                    continue
                score = int(fuzz.token_sort_ratio(name_key, key))
                if score >= NEAR_MISS_SCORE:
                    found[p.uuid] = Candidate(p.uuid, p.label, score,
                                              "similar name at the same organisation")
        ranked = sorted(found.values(), key=lambda c: -c.score)
        return tuple(ranked[:MAX_CANDIDATES])


def match_people(session: Session, event_id: int, records: list[PersonRecord],
                 merge_into: dict[int, str] | None = None) -> PeopleMatch:
    """Decide, for each checked row, whether it adds, updates, merges or changes nothing."""
    merge_into = merge_into or {}
    orgs = {key: oid for oid, key in session.execute(
        select(Organisation.id, Organisation.name_key).order_by(Organisation.id.desc()))}
    org_keys = {oid: key for key, oid in orgs.items()}
    for oid, key in session.execute(select(Organisation.id, Organisation.name_key)):
        org_keys.setdefault(oid, key)
    people = _load_people(session)
    by_uuid = {p.uuid: p for p in people}
    index = _Index(people, org_keys)
    delegates = set(session.scalars(select(Delegate.person_id).join(Delegation)
                                    .where(Delegation.event_id == event_id)))
    contacts = set(session.scalars(select(EventContact.person_id)
                                   .where(EventContact.event_id == event_id)))
    rows: list[RowAction] = []
    first_by_email: dict[str, PersonWrite] = {}
    first_by_key: dict[str, PersonWrite] = {}
    writes: list[PersonWrite] = []
    by_existing: dict[int, PersonWrite] = {}
    new_orgs: dict[str, str] = {}
    for record in records:
        earlier = (first_by_email.get(record.email_key) if record.email_key
                   else first_by_key.get(record.key))
        if earlier is not None:
            _combine(earlier.record, record)
            rows.append(RowAction(record.line, "merge", record.label,
                                  earlier.existing.uuid if earlier.existing else None,
                                  f"same person as line {earlier.record.line}"))
            continue
        existing: Existing | None = None
        action, detail = "add", ""
        candidates: tuple[Candidate, ...] = ()
        chosen = merge_into.get(record.line)
        if chosen is not None and chosen in by_uuid:
            existing, action, detail = by_uuid[chosen], "merge", "merged as chosen in the preview"
        elif record.email_key and record.email_key in index.by_email:
            existing, action, detail = index.by_email[record.email_key], "update", "same e-mail"
        elif not record.email_key and record.key in index.by_key:
            existing, action, detail = index.by_key[record.key], "update", \
                "same name and organisation"
        else:
            candidates = index.candidates(record)
        if existing is not None and existing.id in by_existing:
            other = by_existing[existing.id]
            _combine(other.record, record)
            rows.append(RowAction(record.line, "merge", record.label, existing.uuid,
                                  f"same person as line {other.record.line}"))
            continue
        write = PersonWrite(record, existing)
        writes.append(write)
        if existing is not None:
            by_existing[existing.id] = write
        if record.email_key:
            first_by_email[record.email_key] = write
        first_by_key.setdefault(record.key, write)
        rows.append(RowAction(record.line, action, record.label,  # type: ignore[arg-type]
                              existing.uuid if existing else None, detail, candidates))
    # organisations, changes and links once every repeat has been folded in
    for write in writes:
        record = write.record
        existing = write.existing
        if (record.organisation_key and record.organisation_key not in orgs
                and (existing is None or existing.organisation_id is None)):
            new_orgs.setdefault(record.organisation_key, record.organisation)
            write.new_organisation = record.organisation_key
        if existing is None:
            write.link = "delegate" if record.role is not None else "contact"
            continue
        write.changes = _changes(existing, record, orgs.get(record.organisation_key))
        if record.role is not None and existing.id not in delegates:
            write.link = "delegate"
        elif record.role is None and existing.id not in delegates | contacts:
            write.link = "contact"
    # an exact match that brings nothing new is reported as skipped
    nothing = {w.existing.id for w in writes
               if w.existing is not None and not w.changes and not w.link
               and not w.new_organisation}
    if nothing:
        uuids = {by_id.uuid for by_id in people if by_id.id in nothing}
        rows = [RowAction(r.line, "skip", r.label, r.target, "already up to date")
                if r.action == "update" and r.target in uuids else r for r in rows]
    return PeopleMatch(rows, writes, new_orgs, orgs)
