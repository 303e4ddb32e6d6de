"""The impact report for funders: meetings requested and held, leads, follow-ups (aggregates only).

A meeting counts as *requested* whatever became of it, and as *held* when its status is held.
Country and sector are those of the counterpart organisation (sector = its tags; a meeting with
two sector tags counts in both); a member organisation counts each meeting one of its people
attended on our side. No person appears in the report.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain.countries import country_name
from planner.domain.enums import ActionStatus, AttendeeSide, LeadStage, MeetingStatus, label
from planner.domain.timezones import utc_now
from planner.services.events.clock import event_today
from planner.storage.models import (
    Event,
    FollowUp,
    Lead,
    Meeting,
    MeetingAttendee,
    Organisation,
    OrganisationTag,
    Person,
    Tag,
)

UNKNOWN = "(not recorded)"


@dataclass(frozen=True)
class CountRow:
    label: str
    requested: int
    held: int
    leads: int = 0


@dataclass(frozen=True)
class StageRow:
    label: str
    leads: int
    values: dict[str, int] = field(default_factory=dict)  # currency -> total estimated value


@dataclass(frozen=True)
class ImpactReport:
    event_code: str
    event_name: str
    start: date
    end: date
    generated_at: datetime
    today: date
    meetings_requested: int
    meetings_held: int
    by_status: list[tuple[str, int]]
    by_country: list[CountRow]
    by_sector: list[CountRow]
    by_member: list[CountRow]
    leads_by_stage: list[StageRow]
    currencies: list[str]
    actions_done: int
    actions_open: int
    actions_overdue: int
    actions_cancelled: int

    @property
    def leads_total(self) -> int:
        return sum(r.leads for r in self.leads_by_stage)

    def value_total(self, currency: str) -> int:
        return sum(r.values.get(currency, 0) for r in self.leads_by_stage)


def _rows(requested: Counter[str], held: Counter[str], leads: Counter[str] | None = None) -> list[CountRow]:
    rows = [CountRow(k, requested[k], held[k], leads[k] if leads else 0) for k in requested | (leads or Counter())]
    rows.sort(key=lambda r: (r.label == UNKNOWN, -r.requested, -r.leads, r.label.casefold()))
    return rows


def build_impact_report(session: Session, event: Event, *, today: date | None = None) -> ImpactReport:
    today = today or event_today(event)
    meetings = session.execute(select(Meeting.id, Meeting.status, Meeting.counterpart_organisation_id)
                               .where(Meeting.event_id == event.id)).all()
    held_ids = {m.id for m in meetings if m.status is MeetingStatus.HELD}
    # counterpart organisation: the meeting's, else the first counterpart's organisation
    counterpart_org = {m.id: m.counterpart_organisation_id for m in meetings}
    attendees = session.execute(
        select(MeetingAttendee.meeting_id, MeetingAttendee.side, Person.organisation_id)
        .join(Person, Person.id == MeetingAttendee.person_id).join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
        .where(Meeting.event_id == event.id).order_by(MeetingAttendee.id)).all()
    ours: dict[int, set[int]] = defaultdict(set)
    for a in attendees:
        if a.side is AttendeeSide.COUNTERPART and counterpart_org.get(a.meeting_id) is None and a.organisation_id:
            counterpart_org[a.meeting_id] = a.organisation_id
        elif a.side is AttendeeSide.OURS and a.organisation_id:
            ours[a.meeting_id].add(a.organisation_id)
    org_ids = {o for o in counterpart_org.values() if o} | {o for s in ours.values() for o in s}
    lead_rows = session.execute(select(Lead.stage, Lead.value, Lead.currency, Lead.member_organisation_id)
                                .where(Lead.event_id == event.id)).all()
    org_ids |= {r.member_organisation_id for r in lead_rows if r.member_organisation_id}
    orgs = {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(org_ids)))}
    sectors: dict[int, list[str]] = defaultdict(list)
    for org_id, name in session.execute(select(OrganisationTag.organisation_id, Tag.name).join(Tag)
                                        .where(OrganisationTag.organisation_id.in_(org_ids))):
        sectors[org_id].append(name)

    by_country_req: Counter[str] = Counter()
    by_country_held: Counter[str] = Counter()
    by_sector_req: Counter[str] = Counter()
    by_sector_held: Counter[str] = Counter()
    by_member_req: Counter[str] = Counter()
    by_member_held: Counter[str] = Counter()
    for m in meetings:
        held = m.id in held_ids
        org = orgs.get(counterpart_org.get(m.id) or 0)
        country = country_name(org.country) if org and org.country else UNKNOWN
        by_country_req[country] += 1
        by_country_held[country] += held
        for sector in (sectors.get(org.id) if org else None) or [UNKNOWN]:
            by_sector_req[sector] += 1
            by_sector_held[sector] += held
        for member_id in ours.get(m.id, set()):
            name = orgs[member_id].name
            by_member_req[name] += 1
            by_member_held[name] += held
    member_leads: Counter[str] = Counter(
        orgs[r.member_organisation_id].name if r.member_organisation_id else UNKNOWN for r in lead_rows)

    stage_counts: Counter[LeadStage] = Counter(r.stage for r in lead_rows)
    stage_values: dict[LeadStage, dict[str, int]] = defaultdict(dict)
    for r in lead_rows:
        if r.value is not None and r.currency:
            stage_values[r.stage][r.currency] = stage_values[r.stage].get(r.currency, 0) + r.value
    currencies = sorted({c for v in stage_values.values() for c in v})

    actions = session.execute(select(FollowUp.status, FollowUp.due_date).join(Lead)
                              .where(Lead.event_id == event.id)).all()
    open_ = [a for a in actions if a.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)]
    status_counts = Counter(m.status for m in meetings)
    return ImpactReport(
        event.code, event.name, event.start_date, event.end_date, utc_now(), today,
        len(meetings), len(held_ids),
        [(label(s), status_counts[s]) for s in MeetingStatus if status_counts[s]],
        _rows(by_country_req, by_country_held), _rows(by_sector_req, by_sector_held),
        _rows(by_member_req, by_member_held, member_leads),
        [StageRow(label(s), stage_counts[s], stage_values.get(s, {})) for s in LeadStage], currencies,
        sum(a.status is ActionStatus.DONE for a in actions), len(open_),
        sum(1 for a in open_ if a.due_date is not None and a.due_date < today),
        sum(a.status is ActionStatus.CANCELLED for a in actions))
