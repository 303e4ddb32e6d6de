"""The people already in the file, as the import matcher needs them: keys in memory, no per-row query.

Three queries (per batch of ids) load the people — everyone, or only those an import's rows may be
(:mod:`planner.imports.people.name_keys`) — their aliases and the registration keys of the
import's source for this event. E-mails (primary and aliases) and registration keys are indexed at once; name
indexes (exact names, native names, spelling forms) are built on first use, so an import whose
rows all match by e-mail never computes them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from planner.domain.enums import LawfulBasis
from planner.domain.names import display_name
from planner.identity.forms import IdentityForms
from planner.imports.people.name_keys import batches
from planner.storage.models import Organisation, Person, PersonAlias, PersonExternalId


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
    organisation_key: str = ""
    # kind, key, given, family, value
    aliases: list[tuple[str, str, str, str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        name = display_name(self.given_name, self.family_name, self.name_order) or self.native_name
        return f"{name} <{self.email}>" if self.email else name

    @cached_property
    def forms(self) -> IdentityForms:
        forms = IdentityForms.of(given=self.given_name, family=self.family_name,
                                 native=self.native_name, email=self.email_key,
                                 organisation_key=self.organisation_key)
        for kind, key, given, family, value in self.aliases:
            forms.add_key(kind, key, given, family, value)
        return forms


class PeopleIndex:
    """The file's people by e-mail, registration key and (lazily) by name.

    ``ids=None``: everyone in the file (the duplicates finder). With ``ids``, only those people
    (an import reads the people its rows may be: :func:`planner.imports.people.name_keys.people_to_read`)
    and, with ``organisations``, only the organisations with those keys. ``db`` is a Session or
    a Connection. ``source`` (a registration system, with ``event_id``) also reads the people's
    registration keys from that system for that event; without one, none are read."""

    def __init__(self, db: Session | Connection, event_id: int = 0, source: str = "", *,
                 ids: Iterable[int] | None = None, organisations: Iterable[str] | None = None
                 ) -> None:
        wanted = None if ids is None else sorted(set(ids))
        self.partial = wanted is not None
        self.org_by_key: dict[str, int] = {}
        org_query = select(Organisation.id, Organisation.name_key).order_by(Organisation.id)
        if organisations is None:
            org_rows: list[Any] = list(db.execute(org_query))
        else:
            org_rows = [r for batch in batches(sorted(set(organisations)))
                        for r in db.execute(org_query.where(Organisation.name_key.in_(batch)))]
            org_rows.sort()
        for oid, key in org_rows:
            self.org_by_key.setdefault(key, oid)
        cols = (Person.id, Person.uuid, Person.given_name, Person.family_name, Person.native_name,
                Person.name_order, Person.email, Person.email_key, Person.organisation_id,
                Person.job_title, Person.phone, Person.country, Person.notes, Person.lawful_basis,
                Person.lead_sharing_consent, Organisation.name_key)
        query = select(*cols).outerjoin(Organisation, Organisation.id == Person.organisation_id)
        rows = _read(db, query.order_by(Person.id), Person.id, wanted)
        rows.sort(key=lambda r: r[0])
        self.people: list[Existing] = [
            Existing(*row[:-1], organisation_key=row[-1] or "")  # type: ignore[misc]
            for row in rows]
        self.by_id = {p.id: p for p in self.people}
        self.by_uuid = {p.uuid: p for p in self.people}
        self.by_email: dict[str, list[Existing]] = {}
        for p in self.people:
            if p.email_key:
                self.by_email.setdefault(p.email_key, []).append(p)
        aliases = _read(db, select(PersonAlias.id, PersonAlias.person_id, PersonAlias.kind,
                                   PersonAlias.key, PersonAlias.given_name,
                                   PersonAlias.family_name, PersonAlias.value)
                        .order_by(PersonAlias.id), PersonAlias.person_id, wanted)
        aliases.sort(key=lambda r: r[0])
        for _aid, pid, kind, key, given, family, value in aliases:
            person = self.by_id.get(pid)
            if person is None:
                continue
            person.aliases.append((str(kind), key, given, family, value))
            if str(kind) == "email" and key:
                group = self.by_email.setdefault(key, [])
                if person not in group:
                    group.append(person)
        self.by_external: dict[str, Existing] = {}
        self.external_of: dict[int, set[str]] = {}  # person id → their keys from this source
        if source:
            for value, pid in _read(db, select(PersonExternalId.value, PersonExternalId.person_id)
                                    .where(PersonExternalId.source == source,
                                           PersonExternalId.event_id == event_id),
                                    PersonExternalId.person_id, wanted):
                if pid in self.by_id:
                    self.by_external[value] = self.by_id[pid]
                    self.external_of.setdefault(pid, set()).add(value)

    # ------------------------------------------------------------------ name indexes (lazy)

    @cached_property
    def by_name(self) -> dict[tuple[str, str], list[Existing]]:
        """Exact ``(family, given)`` names and native names (as ``("", native)``)."""
        index: dict[tuple[str, str], list[Existing]] = {}
        for p in self.people:
            forms = p.forms
            for pair in forms.names:
                index.setdefault(pair, []).append(p)
            for native in forms.natives:
                index.setdefault(("", "\x00" + native), []).append(p)
        return index

    @cached_property
    def by_form(self) -> dict[str, list[Existing]]:
        """Compact spelling forms of romanised names and romanisations of native names."""
        index: dict[str, list[Existing]] = {}
        for p in self.people:
            forms = p.forms
            for form in forms.latin | forms.romanised:
                index.setdefault(form, []).append(p)
        return index

    @cached_property
    def by_organisation(self) -> dict[str, list[Existing]]:
        index: dict[str, list[Existing]] = {}
        for p in self.people:
            if p.organisation_key:
                index.setdefault(p.organisation_key, []).append(p)
        return index

    def same_name(self, forms: IdentityForms) -> list[Existing]:
        """People with exactly one of these names (romanised or native)."""
        found: dict[int, Existing] = {}
        keys = list(forms.names) + [("", "\x00" + n) for n in forms.natives]
        for key in keys:
            for p in self.by_name.get(key, ()):
                found.setdefault(p.id, p)
        return list(found.values())

    def look_alike(self, forms: IdentityForms, limit: int = 200) -> list[Existing]:
        """People worth comparing with ``forms``: same name, a shared spelling form, or anyone at
        the same organisation (initials and typos are judged there)."""
        found: dict[int, Existing] = {p.id: p for p in self.same_name(forms)}
        for form in forms.latin | forms.romanised:
            for p in self.by_form.get(form, ()):
                found.setdefault(p.id, p)
        if forms.organisation:
            for p in self.by_organisation.get(forms.organisation, ())[:limit]:
                found.setdefault(p.id, p)
        return list(found.values())


def _read(db: Session | Connection, query: Any, column: Any, ids: list[int] | None) -> list[Any]:
    """Every row of ``query``, or (with ``ids``) those whose ``column`` is one of them."""
    if ids is None:
        return list(db.execute(query))
    return [row for batch in batches(ids) for row in db.execute(query.where(column.in_(batch)))]


def read_forms(db: Session | Connection, ids: Iterable[int]) -> dict[int, IdentityForms]:
    """The current identity forms of these people (those still in the file)."""
    return {p.id: p.forms for p in PeopleIndex(db, 0, "", ids=ids, organisations=()).people}
