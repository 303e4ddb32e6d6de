"""Leads and follow-up actions as plain rows for the GUI tables, the dashboard, the CLI and exports.

Queries read columns, not ORM objects, so 100,000 leads list in seconds. A lead's *next action*
is its first open or in-progress follow-up by due date (undated last).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from planner.domain.enums import ActionStatus, LeadStage
from planner.domain.names import display_name
from planner.errors import NotFoundError, ValidationError
from planner.services.events.clock import event_today
from planner.storage.models import Event, FollowUp, Lead, Meeting, Organisation, Person

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
NO_OWNER = "(no owner)"
NO_MEMBER = "(no member organisation)"


@dataclass(frozen=True)
class LeadRow:
    id: int
    uuid: str
    person_id: int | None
    person_name: str
    person_email: str
    consent: bool
    organisation: str
    country: str
    member_organisation: str
    title: str
    stage: LeadStage
    owner_id: int | None
    owner_name: str
    owner_email: str
    value: int | None
    currency: str
    notes: str
    meeting_date: date | None
    action_uuid: str
    next_action: str
    due: date | None
    action_status: ActionStatus | None
    open_actions: int
    updated_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {"id": self.uuid, "person": self.person_email, "person_name": self.person_name,
                "organisation": self.organisation, "stage": self.stage.value,
                "owner": self.owner_email, "value": self.value, "currency": self.currency,
                "next_action": self.next_action, "due": self.due.isoformat() if self.due else None,
                "status": self.action_status.value if self.action_status else None,
                "member_organisation": self.member_organisation, "title": self.title}


@dataclass(frozen=True)
class ActionRow:
    id: int
    uuid: str
    lead_uuid: str
    description: str
    owner_name: str
    owner_email: str
    due: date | None
    status: ActionStatus
    person_name: str
    organisation: str
    member_organisation: str
    overdue: bool


@dataclass(frozen=True)
class ActionGroupRow:
    """Follow-ups of one owner or member organisation, counted for a dashboard table."""

    key: str
    open: int
    overdue: int
    due_this_week: int
    done: int
    actions: tuple[ActionRow, ...]


def _name(given: str | None, family: str | None, order: Any, native: str | None) -> str:
    return display_name(given or "", family or "", order) or (native or "")


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding ``today``."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def _open_actions(session: Session, event_id: int) -> dict[int, list[Any]]:
    stmt = (select(FollowUp.lead_id, FollowUp.uuid, FollowUp.description, FollowUp.due_date, FollowUp.status)
            .join(Lead, Lead.id == FollowUp.lead_id).where(Lead.event_id == event_id,
                                                           FollowUp.status.in_(OPEN_STATUSES)))
    out: dict[int, list[Any]] = defaultdict(list)
    for row in session.execute(stmt):
        out[row.lead_id].append(row)
    for rows in out.values():
        rows.sort(key=lambda r: (r.due_date is None, r.due_date or date.min, r.uuid))
    return out


def find_lead(session: Session, ident: str) -> Lead:
    """The lead with this id (its uuid, as ``leads list --json`` prints it); an empty or blank
    id names no lead."""
    key = (ident or "").strip()
    if not key:
        raise ValidationError("Name a lead by its id: an empty value names no lead", "lead")
    lead = session.scalars(select(Lead).where(Lead.uuid == key)).first()
    if lead is None:
        raise NotFoundError(f"No lead with the id {ident!r}; `planner leads list --event CODE --json` "
                            "prints each lead's id")
    return lead


def list_leads(session: Session, event: Event, *, consented_only: bool = False,
               lead_uuids: Iterable[str] | None = None) -> list[LeadRow]:
    """The event's leads, each with its next action; ``consented_only`` leaves out people who did
    not consent to lead sharing (leads with no person are kept)."""
    person, owner = aliased(Person), aliased(Person)
    org, member = aliased(Organisation), aliased(Organisation)
    stmt = (select(Lead.id, Lead.uuid, Lead.person_id, Lead.owner_id, Lead.title, Lead.stage, Lead.value,
                   Lead.currency, Lead.notes, Lead.updated_at,
                   person.given_name, person.family_name, person.name_order, person.native_name,
                   person.email, person.lead_sharing_consent,
                   owner.given_name.label("o_given"), owner.family_name.label("o_family"),
                   owner.name_order.label("o_order"), owner.native_name.label("o_native"),
                   owner.email.label("o_email"), org.name.label("org_name"), org.country,
                   member.name.label("member_name"), Meeting.start_local)
            .outerjoin(person, person.id == Lead.person_id)
            .outerjoin(owner, owner.id == Lead.owner_id)
            .outerjoin(org, org.id == Lead.organisation_id)
            .outerjoin(member, member.id == Lead.member_organisation_id)
            .outerjoin(Meeting, Meeting.id == Lead.meeting_id)
            .where(Lead.event_id == event.id).order_by(Lead.id))
    if consented_only:
        stmt = stmt.where((Lead.person_id.is_(None)) | (person.lead_sharing_consent.is_(True)))
    if lead_uuids is not None:
        stmt = stmt.where(Lead.uuid.in_(list(lead_uuids)))
    actions = _open_actions(session, event.id)
    rows: list[LeadRow] = []
    for r in session.execute(stmt):
        open_ = actions.get(r.id, [])
        nxt = open_[0] if open_ else None
        rows.append(LeadRow(
            r.id, r.uuid, r.person_id,
            _name(r.given_name, r.family_name, r.name_order, r.native_name) if r.person_id else "",
            r.email or "", bool(r.lead_sharing_consent), r.org_name or "", r.country or "",
            r.member_name or "", r.title, r.stage, r.owner_id,
            _name(r.o_given, r.o_family, r.o_order, r.o_native) if r.owner_id else "", r.o_email or "",
            r.value, r.currency, r.notes, r.start_local.date() if r.start_local else None,
            nxt.uuid if nxt else "", nxt.description if nxt else "", nxt.due_date if nxt else None,
            nxt.status if nxt else None, len(open_), r.updated_at))
    return rows


def list_actions(session: Session, event: Event, *, today: date | None = None,
                 open_only: bool = False) -> list[ActionRow]:
    """Every follow-up action of the event's leads, soonest due first."""
    today = today or event_today(event)
    person, owner = aliased(Person), aliased(Person)
    org, member = aliased(Organisation), aliased(Organisation)
    stmt = (select(FollowUp.id, FollowUp.uuid, FollowUp.description, FollowUp.due_date, FollowUp.status,
                   Lead.uuid.label("lead_uuid"), person.given_name, person.family_name, person.name_order,
                   person.native_name, owner.given_name.label("o_given"), owner.family_name.label("o_family"),
                   owner.name_order.label("o_order"), owner.native_name.label("o_native"),
                   owner.email.label("o_email"), org.name.label("org_name"), member.name.label("member_name"))
            .join(Lead, Lead.id == FollowUp.lead_id)
            .outerjoin(person, person.id == Lead.person_id)
            .outerjoin(owner, owner.id == FollowUp.owner_id)
            .outerjoin(org, org.id == Lead.organisation_id)
            .outerjoin(member, member.id == Lead.member_organisation_id)
            .where(Lead.event_id == event.id))
    if open_only:
        stmt = stmt.where(FollowUp.status.in_(OPEN_STATUSES))
    rows = [ActionRow(r.id, r.uuid, r.lead_uuid, r.description,
                      _name(r.o_given, r.o_family, r.o_order, r.o_native) if r.o_email is not None else "",
                      r.o_email or "", r.due_date, r.status,
                      _name(r.given_name, r.family_name, r.name_order, r.native_name),
                      r.org_name or "", r.member_name or "",
                      r.status in OPEN_STATUSES and r.due_date is not None and r.due_date < today)
            for r in session.execute(stmt)]
    rows.sort(key=lambda a: (a.due is None, a.due or date.min, a.id))
    return rows


def overdue_actions(session: Session, event: Event, *, today: date | None = None) -> list[ActionRow]:
    """Open or in-progress actions whose due date has passed."""
    return [a for a in list_actions(session, event, today=today, open_only=True) if a.overdue]


def actions_due_this_week(session: Session, event: Event, *, today: date | None = None) -> list[ActionRow]:
    """Open actions due from today to Sunday (overdue ones are in :func:`overdue_actions`)."""
    today = today or event_today(event)
    _, sunday = week_bounds(today)
    return [a for a in list_actions(session, event, today=today, open_only=True)
            if a.due is not None and today <= a.due <= sunday]


def _group(actions: list[ActionRow], key_of: Any, today: date, empty: str) -> list[ActionGroupRow]:
    _, sunday = week_bounds(today)
    groups: dict[str, list[ActionRow]] = defaultdict(list)
    for a in actions:
        groups[key_of(a) or empty].append(a)
    out = []
    for key, items in groups.items():
        open_ = [a for a in items if a.status in OPEN_STATUSES]
        out.append(ActionGroupRow(
            key, len(open_), sum(a.overdue for a in items),
            sum(1 for a in open_ if a.due is not None and today <= a.due <= sunday),
            sum(a.status is ActionStatus.DONE for a in items), tuple(items)))
    out.sort(key=lambda g: (g.key == empty, g.key.casefold()))
    return out


def actions_by_owner(session: Session, event: Event, *, today: date | None = None) -> list[ActionGroupRow]:
    """Follow-ups grouped by the owner's e-mail (or name when they have none)."""
    today = today or event_today(event)
    return _group(list_actions(session, event, today=today), lambda a: a.owner_email or a.owner_name,
                  today, NO_OWNER)


def actions_by_member_organisation(session: Session, event: Event, *,
                                   today: date | None = None) -> list[ActionGroupRow]:
    today = today or event_today(event)
    return _group(list_actions(session, event, today=today), lambda a: a.member_organisation,
                  today, NO_MEMBER)


@dataclass(frozen=True)
class LeadSheetData:
    """What the lead sheet shows: consenting people's leads, the owners to pick from."""

    event_code: str
    event_name: str
    generated_at: datetime
    today: date
    leads: list[LeadRow]
    owner_emails: list[str]
    left_out: int

    @property
    def person_ids(self) -> set[int]:
        ids = {r.person_id for r in self.leads if r.person_id is not None}
        return ids | {r.owner_id for r in self.leads if r.owner_id is not None}


def build_lead_sheet(session: Session, event: Event, *, today: date | None = None,
                     member_organisation: str | None = None) -> LeadSheetData:
    """Gather the lead sheet: only people who consented to lead sharing (``left_out`` counts the rest).

    ``member_organisation`` (a name, any case; "" for leads without one) keeps only that member
    organisation's leads, for a sheet to send to one member: ``left_out`` then counts only its
    leads. The leads are read in the same few queries either way (no query per lead)."""
    from planner.domain.timezones import utc_now
    from planner.storage.models import Delegate, Delegation

    rows = list_leads(session, event)
    if member_organisation is not None:
        wanted = member_organisation.strip().casefold()
        rows = [r for r in rows if r.member_organisation.casefold() == wanted]
    shown = [r for r in rows if r.person_id is None or r.consent]
    delegate_emails = session.scalars(  # the owners to pick from: one query, not one per delegate
        select(Person.email).join(Delegate, Delegate.person_id == Person.id)
        .join(Delegation, Delegation.id == Delegate.delegation_id).where(Delegation.event_id == event.id))
    owners = {email for email in delegate_emails if email}
    owners |= {r.owner_email for r in shown if r.owner_email}
    return LeadSheetData(event.code, event.name, utc_now(), today or event_today(event), shown,
                         sorted(owners, key=str.casefold), len(rows) - len(shown))


#: How far a lead has got, for folding a person's leads into one CRM contact: a lost lead is
#: behind every open one (a person with one lost and one new lead is still a live lead).
CRM_STAGE_RANK = {stage: rank for rank, stage in enumerate((
    LeadStage.LOST, LeadStage.NEW, LeadStage.QUALIFIED, LeadStage.INTRODUCED, LeadStage.PROPOSAL,
    LeadStage.AGREED))}


@dataclass(frozen=True)
class CrmLead:
    """One of a CRM contact's leads, as its description lists it."""

    uuid: str
    title: str
    stage: LeadStage
    owner_email: str
    value: int | None
    currency: str
    notes: str
    next_action: str
    due: date | None
    created_at: datetime


@dataclass(frozen=True)
class CrmContact:
    """One consenting person with their leads folded in: one CRM row per person, because HubSpot
    keeps one contact per e-mail address and Salesforce's duplicate rules match leads on it too.

    ``stage`` is the most advanced of the leads (:data:`CRM_STAGE_RANK`), ``owner_email`` the owner
    of the newest lead that has one, ``leads`` all of them, oldest first.
    """

    person_id: int
    person_ids: tuple[int, ...]
    given_name: str
    family_name: str
    native_name: str
    email: str
    phone: str
    job_title: str
    organisation: str
    country: str
    city: str
    stage: LeadStage
    owner_email: str
    leads: tuple[CrmLead, ...]

    @property
    def lead_uuids(self) -> tuple[str, ...]:
        return tuple(lead.uuid for lead in self.leads)

    @property
    def notes(self) -> str:
        """Every lead's notes, oldest lead first."""
        return "\n\n".join(lead.notes for lead in self.leads if lead.notes.strip())


def _first(values: Iterable[str | None]) -> str:
    return next((v for v in values if v), "")


def _fold(group: list[tuple[LeadRow, Person, Organisation | None, datetime]]) -> CrmContact:
    """One contact from one person's leads (``group``); a detail missing on the newest lead's
    person is taken from the others, so folding loses nothing."""
    newest_first = sorted(group, key=lambda g: (g[3], g[0].id), reverse=True)
    people = [p for _, p, _, _ in newest_first]
    orgs = [o for _, _, o, _ in newest_first]
    leads = tuple(CrmLead(r.uuid, r.title, r.stage, r.owner_email, r.value, r.currency, r.notes,
                          r.next_action, r.due, created)
                  for r, _, _, created in reversed(newest_first))
    return CrmContact(
        person_id=min(p.id for p in people), person_ids=tuple(sorted({p.id for p in people})),
        given_name=_first(p.given_name for p in people), family_name=_first(p.family_name for p in people),
        native_name=_first(p.native_name for p in people), email=_first(p.email for p in people),
        phone=_first(v for p in people for v in (p.phone, p.mobile)),
        job_title=_first(p.job_title for p in people),
        organisation=_first([*(r.organisation for r, _, _, _ in newest_first), *(o.name for o in orgs if o)]),
        country=_first([*(p.country for p in people), *(o.country for o in orgs if o)]),
        city=_first(o.city for o in orgs if o),
        stage=max((r.stage for r, _, _, _ in group), key=CRM_STAGE_RANK.__getitem__),
        owner_email=_first(r.owner_email for r, _, _, _ in newest_first),
        leads=leads)


def list_crm_contacts(session: Session, event: Event) -> tuple[list[CrmContact], int]:
    """The people of the event's leads who consented to lead sharing, one contact per person
    (people sharing an e-mail address, whatever its case, are one contact: the CRMs match on
    it); also how many leads were left out for want of consent."""
    rows = list_leads(session, event)
    shown = [r for r in rows if r.person_id is not None and r.consent]
    # three queries whatever the number of leads: the event's lead people, their organisations,
    # the leads' creation times (no IN list of ids, so no chunks of them either)
    lead_people = select(Lead.person_id).where(Lead.event_id == event.id, Lead.person_id.is_not(None))
    people = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(lead_people)))}
    created: dict[int, datetime] = {lead_id: at for lead_id, at in session.execute(
        select(Lead.id, Lead.created_at).where(Lead.event_id == event.id))}
    orgs = {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(
        select(Person.organisation_id).where(Person.id.in_(lead_people)))))}
    groups: dict[str, list[tuple[LeadRow, Person, Organisation | None, datetime]]] = defaultdict(list)
    for r in shown:
        p = people[r.person_id]  # type: ignore[index]
        key = f"e:{p.email_key}" if p.email_key else f"p:{p.id}"
        groups[key].append((r, p, orgs.get(p.organisation_id) if p.organisation_id else None,
                            created.get(r.id) or r.updated_at))
    out = [_fold(group) for group in groups.values()]
    out.sort(key=lambda c: c.person_id)
    left_out = sum(1 for r in rows if r.person_id is not None and not r.consent)
    return out, left_out
