"""Organisations and people."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload, subqueryload

from planner.domain.enums import AliasKind, LawfulBasis, NameOrder, OrganisationKind
from planner.domain.names import display_name, has_cjk
from planner.domain.rows import OrganisationRow, PersonRow
from planner.domain.validation import clean_text, is_email, normalise_country, normalise_email
from planner.errors import NotFoundError, Problems, ValidationError
from planner.imports.normalise import email_key, organisation_key
from planner.services.common import assign
from planner.storage.models import (
    Delegate,
    Delegation,
    EventContact,
    Meeting,
    MeetingAttendee,
    Organisation,
    OrganisationTag,
    Person,
    PersonAlias,
    Tag,
)

ORG_FIELDS = {"name", "native_name", "kind", "country", "city", "website", "profile"}
PERSON_FIELDS = {"given_name", "family_name", "name_order", "native_name", "native_reading", "title",
                 "job_title", "organisation_id", "email", "phone", "mobile", "country", "language",
                 "notes", "lawful_basis", "lead_sharing_consent"}


def _validate_org(values: dict[str, Any], problems: Problems) -> None:
    if "name" in values:
        values["name"] = clean_text(values["name"], max_len=300)
        if not values["name"]:
            problems.add("name", "The organisation needs a name")
    for key in ("native_name", "city", "website"):
        if key in values:
            values[key] = clean_text(values[key], max_len=500)
    if "profile" in values:
        values["profile"] = clean_text(values["profile"], multiline=True, max_len=20_000)
    if "kind" in values and not isinstance(values["kind"], OrganisationKind):
        values["kind"] = OrganisationKind(values["kind"])
    if "country" in values:
        try:
            values["country"] = normalise_country(values["country"])
        except ValidationError as exc:
            problems.items.extend(exc.problems)


def organisation_values(*, name: str, **extra: Any) -> dict[str, Any]:
    """The columns :func:`add_organisation` stores for these fields: cleaned, checked (raises
    :class:`ValidationError` naming each bad field), with the name's matching key."""
    values = {"name": name, **extra}
    problems = Problems()
    _validate_org(values, problems)
    problems.raise_if_any()
    unknown = set(values) - ORG_FIELDS
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    values["name_key"] = organisation_key(values["name"])
    return values


def add_organisation(session: Session, *, name: str, **extra: Any) -> Organisation:
    org = Organisation(**organisation_values(name=name, **extra))
    session.add(org)
    session.flush()
    return org


def update_organisation(session: Session, org: Organisation, **values: Any) -> Organisation:
    problems = Problems()
    _validate_org(values, problems)
    problems.raise_if_any()
    assign(org, values, ORG_FIELDS)
    if "name" in values:
        key = organisation_key(org.name)
        if org.name_key != key:
            org.name_key = key
    session.flush()
    return org


def find_organisation(session: Session, name_or_uuid: str) -> Organisation:
    text = name_or_uuid.strip()
    org = session.scalars(select(Organisation).where(Organisation.uuid == text)).first()
    if org is None:
        org = session.scalars(select(Organisation).where(
            Organisation.name_key == organisation_key(text)).order_by(Organisation.id)).first()
    if org is None:
        raise NotFoundError(f"No organisation named {name_or_uuid!r}")
    return org


def find_or_add_organisation(session: Session, name: str, **extra: Any) -> Organisation:
    key = organisation_key(name)
    org = session.scalars(select(Organisation).where(Organisation.name_key == key)
                          .order_by(Organisation.id)).first()
    return org if org is not None else add_organisation(session, name=name, **extra)


def set_organisation_tags(session: Session, org: Organisation, names: list[str]) -> None:
    wanted = []
    for name in names:
        cleaned = tag_name(name)
        if cleaned and cleaned not in wanted:
            wanted.append(cleaned)
    current = {t.tag.name: t for t in org.tags}
    for name, link in current.items():
        if name not in wanted:
            org.tags.remove(link)
    for name in wanted:
        if name not in current:
            org.tags.append(OrganisationTag(tag=get_or_create_tag(session, name)))
    session.flush()


def tag_name(name: str) -> str:
    """A tag as stored: one line, trimmed, lower case ("" names no tag)."""
    return clean_text(name, max_len=100).lower()


def get_or_create_tag(session: Session, name: str) -> Tag:
    tag = session.scalars(select(Tag).where(Tag.name == name)).first()
    if tag is None:
        tag = Tag(name=name)
        session.add(tag)
        session.flush()
    return tag


def _validate_person(values: dict[str, Any], problems: Problems) -> None:
    for key in ("given_name", "family_name", "native_name", "native_reading", "title", "job_title",
                "phone", "mobile", "language"):
        if key in values:
            values[key] = clean_text(values[key], max_len=300)
    if "notes" in values:
        values["notes"] = clean_text(values["notes"], multiline=True, max_len=20_000)
    if "email" in values:
        values["email"] = normalise_email(values["email"])
        if values["email"] and not is_email(values["email"]):
            problems.add("email", f"{values['email']!r} is not an e-mail address (name@example.org)")
    if "country" in values:
        try:
            values["country"] = normalise_country(values["country"])
        except ValidationError as exc:
            problems.items.extend(exc.problems)
    for key, enum_type in (("name_order", NameOrder), ("lawful_basis", LawfulBasis)):
        if key in values and not isinstance(values[key], enum_type):
            values[key] = enum_type(values[key])
    if "lead_sharing_consent" in values:
        values["lead_sharing_consent"] = bool(values["lead_sharing_consent"])


def add_person(session: Session, *, given_name: str = "", family_name: str = "", **extra: Any) -> Person:
    person = Person(**person_values(given_name=given_name, family_name=family_name, **extra))
    session.add(person)
    session.flush()
    return person


def person_values(*, given_name: str = "", family_name: str = "", **extra: Any) -> dict[str, Any]:
    """The columns :func:`add_person` stores for these fields: cleaned, checked (raises
    :class:`ValidationError` naming each bad field), with the e-mail's matching key."""
    values: dict[str, Any] = {"given_name": given_name, "family_name": family_name, **extra}
    if "organisation" in values:
        org = values.pop("organisation")
        values["organisation_id"] = org.id if org is not None else None
    problems = Problems()
    _validate_person(values, problems)
    if not (values.get("given_name") or values.get("family_name") or values.get("native_name")):
        problems.add("family_name", "A person needs a name (given, family or native-script)")
    if "name_order" not in values and has_cjk(values.get("native_name", "") + values["family_name"]):
        values["name_order"] = NameOrder.FAMILY_FIRST
    problems.raise_if_any()
    unknown = set(values) - PERSON_FIELDS
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    values["email_key"] = email_key(values.get("email", ""))
    return values


def update_person(session: Session, person: Person, **values: Any) -> Person:
    if "organisation" in values:
        org = values.pop("organisation")
        values["organisation_id"] = org.id if org is not None else None
    problems = Problems()
    _validate_person(values, problems)
    given = values.get("given_name", person.given_name)
    family = values.get("family_name", person.family_name)
    native = values.get("native_name", person.native_name)
    if not (given or family or native):
        problems.add("family_name", "A person needs a name (given, family or native-script)")
    problems.raise_if_any()
    assign(person, values, PERSON_FIELDS)
    if "email" in values:
        key = email_key(person.email)
        if person.email_key != key:
            person.email_key = key
    session.flush()
    return person


def find_person(session: Session, email_or_uuid: str) -> Person:
    text = email_or_uuid.strip()
    if not email_key(text):
        # An empty or blank identifier (an unset variable in a script) names nobody: never the
        # first person without an e-mail.
        raise ValidationError("Name a person by their e-mail or id: an empty value names nobody",
                              "person")
    person = session.scalars(select(Person).where(Person.uuid == text)).first()
    if person is not None:
        return person
    key = email_key(text)
    found = list(session.scalars(select(Person).where(Person.email_key == key)
                                 .order_by(Person.id).limit(5)))
    if not found:
        found = list(session.scalars(
            select(Person).join(PersonAlias, PersonAlias.person_id == Person.id)
            .where(PersonAlias.kind == AliasKind.EMAIL, PersonAlias.key == key)
            .order_by(Person.id).distinct().limit(5)))
    if not found:
        raise NotFoundError(f"No person with the e-mail or id {email_or_uuid!r}")
    if len(found) > 1:
        # a shared mailbox: naming one of them by it would be a guess
        listing = "; ".join(f"{person_name(p)} (id {p.uuid})" for p in found)
        raise ValidationError(f"{len(found)} people use the e-mail {text}: name one by id: "
                              f"{listing}", "person")
    return found[0]


def person_name(p: Person) -> str:
    return display_name(p.given_name, p.family_name, p.name_order) or p.native_name


def person_row(p: Person, roles: tuple[str, ...] = ()) -> PersonRow:
    return PersonRow(p.id, p.uuid, p.given_name, p.family_name, p.name_order.value, p.native_name,
                     p.email, p.organisation.name if p.organisation else "", p.job_title, p.country,
                     person_name(p), roles)


def event_person_ids(session: Session, event_id: int) -> dict[int, set[str]]:
    """Everyone linked to an event, with how: delegate roles, contact, counterpart."""
    roles: dict[int, set[str]] = {}
    for pid, role in session.execute(select(Delegate.person_id, Delegate.role).join(Delegation)
                                     .where(Delegation.event_id == event_id)):
        roles.setdefault(pid, set()).add(role.value)
    for (pid,) in session.execute(select(EventContact.person_id).where(EventContact.event_id == event_id)):
        roles.setdefault(pid, set()).add("contact")
    for (pid,) in session.execute(select(MeetingAttendee.person_id).join(Meeting)
                                  .where(Meeting.event_id == event_id,
                                         MeetingAttendee.side == "counterpart")):
        roles.setdefault(pid, set()).add("counterpart")
    return roles


def list_people(session: Session, event_id: int | None = None, *, search: str = "") -> list[PersonRow]:
    stmt = select(Person).options(joinedload(Person.organisation))
    roles: dict[int, set[str]] = {}
    if event_id is not None:
        roles = event_person_ids(session, event_id)
        stmt = stmt.where(Person.id.in_(list(roles)))
    if search:
        like = f"%{search.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Person.given_name).like(like), func.lower(Person.family_name).like(like),
                              Person.native_name.like(like), Person.email_key.like(like)))
    people = session.scalars(stmt.order_by(Person.family_name, Person.given_name, Person.id)).all()
    return [person_row(p, tuple(sorted(roles.get(p.id, ())))) for p in people]


def list_organisations(session: Session) -> list[OrganisationRow]:
    counts = dict(session.execute(select(Person.organisation_id, func.count()).group_by(Person.organisation_id)).all())
    orgs = session.scalars(select(Organisation).options(subqueryload(Organisation.tags).joinedload(OrganisationTag.tag))
                           .order_by(Organisation.name)).all()
    return [OrganisationRow(o.id, o.uuid, o.name, o.native_name, o.kind.value, o.country,
                            tuple(sorted(t.tag.name for t in o.tags)), counts.get(o.id, 0)) for o in orgs]
