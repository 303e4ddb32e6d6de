"""Gather a briefing pack's data: ``build_briefing(session, event, person_ids) -> Briefing``.

A fixed number of queries whatever the size of the mission (one-to-one links joined, each
collection in one subquery load, never one query per meeting or person), so the whole-delegation
pack of a 240-delegate mission costs the same dozen round trips as one delegate's pack.
Meetings that will not happen (declined, cancelled, no-show) are left out of packs.

The schedule conflicts come from the one checker (``planner.domain.conflicts`` over
``planner.services.schedule.timeline``), with the user's acknowledgements as ``planner check`` shows them,
so a pack marks exactly what ``check`` reports. ``prepared_at`` (printed on the cover and used as
the PDF's creation date) is now, or ``SOURCE_DATE_EPOCH`` when that is set (reproducible builds).

Each delegate whose last exported pack (``planner.services.outputs.packs``) no longer matches the plan gets
the lines of what changed since (``Briefing.changes``), printed in a box on their pack's cover.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload, subqueryload

from planner.domain.conflicts import MEETING, find_conflicts
from planner.domain.enums import DelegateRole, DelegationOrgRole, MeetingStatus, SlotRole, label
from planner.domain.names import PersonName
from planner.domain.timezones import utc_now
from planner.errors import NotFoundError
from planner.exports.briefing.briefing_data import (
    Briefing,
    ConflictItem,
    ConflictNote,
    DelegateInfo,
    DelegatePack,
    MeetingBrief,
    OrgInfo,
    PersonInfo,
    SlotBrief,
    VenueInfo,
)
from planner.exports.briefing.briefing_labels import language_name
from planner.exports.pdf_text import lang_for_country
from planner.services.outputs.packs import attach_changes
from planner.services.schedule.conflicts import conflict_rows
from planner.services.schedule.timeline import load_timeline
from planner.storage.models import (
    ConflictAcknowledgement,
    Delegate,
    Delegation,
    DelegationOrganisation,
    Event,
    Meeting,
    MeetingAttendee,
    Organisation,
    OrganisationTag,
    Person,
    Slot,
    SlotPerson,
    Venue,
)

BRIEFED_STATUSES = (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED, MeetingStatus.CONFIRMED,
                    MeetingStatus.HELD)


def language_hint(language: str, country: str) -> str | None:
    """Font-order hint for a person or organisation: their language, made precise by country
    where the language alone is ambiguous (``zh`` in Taiwan → ``zh-Hant``)."""
    by_country = lang_for_country(country)
    lang = (language or "").strip()
    if not lang:
        return by_country
    if lang.lower() in ("zh", "zho", "chi") and by_country and by_country.startswith("zh"):
        return by_country
    return lang


def _org_info(org: Organisation) -> OrgInfo:
    tags = tuple(sorted(t.tag.name for t in org.tags))
    return OrgInfo(org.id, org.name, org.native_name, label(org.kind), org.country, org.city,
                   org.website, org.profile, tags, lang_for_country(org.country))


def _person_info(p: Person) -> PersonInfo:
    name = PersonName(p.given_name, p.family_name, p.name_order, p.native_name, p.native_reading, p.title)
    org = p.organisation
    return PersonInfo(
        id=p.id, name=name.display() or p.native_name or p.email, native_name=p.native_name,
        reading=p.native_reading, title=p.title, job_title=p.job_title,
        organisation=org.name if org else "", organisation_native=org.native_name if org else "",
        organisation_lang=lang_for_country(org.country) if org else None,
        email=p.email, phone=p.phone, mobile=p.mobile, country=p.country,
        lang=language_hint(p.language, p.country), sort_key=name.sort_key())


def _delegate_info(d: Delegate) -> DelegateInfo:
    return DelegateInfo(
        person=_person_info(d.person), role=label(d.role), arrival=d.arrival,
        arrival_flight=d.arrival_flight, departure=d.departure, departure_flight=d.departure_flight,
        hotel=d.hotel, dietary=d.dietary, access_needs=d.access_needs,
        interpreter_language=language_name(d.interpreter_language), emergency_contact=d.emergency_contact,
        notes=d.notes)


def _venue_info(v: Venue) -> VenueInfo:
    hours = f"{v.opens:%H:%M}–{v.closes:%H:%M}" if v.opens and v.closes else ""
    return VenueInfo(v.id, v.name, v.address, v.city, v.phone, hours, v.tz)


# joined for one-to-one links, one subquery per collection: a fixed number of statements however
# many meetings and people (selectinload asks again for every 500 parents; issue 20)
_PERSON_LOAD = joinedload(Person.organisation)
_ORG_TAGS = subqueryload(Organisation.tags).joinedload(OrganisationTag.tag)


def build_briefing(session: Session, event: Event, delegate_person_ids: Iterable[int] | None = None,
                   *, prepared_at: datetime | None = None) -> Briefing:
    """Everything a briefing pack prints, for some delegates (by person id) or, with ``None``,
    for the whole delegation. Raises ``NotFoundError`` for a person who is not a delegate."""
    delegations = list(session.scalars(
        select(Delegation).where(Delegation.event_id == event.id).order_by(Delegation.id)
        .options(subqueryload(Delegation.organisations).joinedload(DelegationOrganisation.organisation)
                 .options(_ORG_TAGS))))
    delegates = list(session.scalars(
        select(Delegate).join(Delegation).where(Delegation.event_id == event.id).order_by(Delegate.id)
        .options(joinedload(Delegate.person).options(_PERSON_LOAD))))
    infos = {d.person_id: _delegate_info(d) for d in delegates}
    roles = {d.person_id: d.role for d in delegates}
    wanted: set[int] | None = None
    if delegate_person_ids is not None:
        wanted = set(delegate_person_ids)
        missing = wanted - set(infos)
        if missing:
            raise NotFoundError(f"Not a delegate of {event.code}: person id(s) "
                                f"{', '.join(map(str, sorted(missing)))}")
    venues = list(session.scalars(select(Venue).where(Venue.event_id == event.id)
                                  .options(selectinload(Venue.rooms)).order_by(Venue.name)))
    venue_by_id = {v.id: v for v in venues}
    room_names = {r.id: r.name for v in venues for r in v.rooms}

    refs = {mid: f"M{i}" for i, mid in enumerate(session.scalars(
        select(Meeting.id).where(Meeting.event_id == event.id, Meeting.status.in_(BRIEFED_STATUSES))
        .order_by(Meeting.start_utc, Meeting.id)), start=1)}
    mq = (select(Meeting).where(Meeting.event_id == event.id, Meeting.status.in_(BRIEFED_STATUSES))
          .order_by(Meeting.start_utc, Meeting.id)
          .options(subqueryload(Meeting.attendees).joinedload(MeetingAttendee.person).options(_PERSON_LOAD),
                   joinedload(Meeting.counterpart_organisation).options(_ORG_TAGS)))
    sq = (select(Slot).where(Slot.event_id == event.id).order_by(Slot.start_utc, Slot.id)
          .options(subqueryload(Slot.people).joinedload(SlotPerson.person).options(_PERSON_LOAD),
                   joinedload(Slot.organisation)))
    if wanted is not None:
        mq = mq.where(Meeting.id.in_(select(MeetingAttendee.meeting_id).where(
            MeetingAttendee.person_id.in_(wanted))))
        sq = sq.where(Slot.id.in_(select(SlotPerson.slot_id).where(SlotPerson.person_id.in_(wanted))))
    meetings = {m.id: _meeting_brief(m, refs[m.id], venue_by_id, room_names) for m in session.scalars(mq)}
    slots = {s.id: _slot_brief(s, venue_by_id, room_names) for s in session.scalars(sq)}

    chosen = [pid for pid in infos if wanted is None or pid in wanted]
    packs = [DelegatePack(
        infos[pid],
        tuple(mid for mid, m in meetings.items() if any(p.id == pid for p in m.ours)),
        tuple(sid for sid, s in slots.items()
              if pid in s.attendee_ids or any(p.id == pid for p in s.presenters)))
        for pid in chosen]
    packs.sort(key=lambda pk: (pk.delegate.person.sort_key, pk.delegate.person.id))
    staff = sorted((infos[pid] for pid in infos if roles[pid] in (DelegateRole.LEAD, DelegateRole.STAFF)),
                   key=lambda d: (roles[d.person.id] is not DelegateRole.LEAD, d.person.sort_key))
    first = delegations[0] if delegations else None
    links = [link for dl in delegations for link in dl.organisations]
    lead_orgs = [_org_info(link.organisation) for link in links if link.role is DelegationOrgRole.LEAD]
    member_orgs = sorted((_org_info(link.organisation) for link in links
                          if link.role is not DelegationOrgRole.LEAD), key=lambda o: o.name.casefold())
    briefing = Briefing(
        event_code=event.code, event_name=event.name, event_start=event.start_date,
        event_end=event.end_date, city=event.city, country=event.country, tz=event.tz,
        home_tz=event.home_tz, description=event.description, emergency_info=event.emergency_info,
        prepared_at=prepared_at or source_date() or utc_now(),
        delegation_name=first.name if first else "", funder=first.funder if first else "",
        shared_stand=first.shared_stand if first else "", shared_hotel=first.shared_hotel if first else "",
        lead_organisations=tuple(lead_orgs), member_organisations=tuple(member_orgs),
        venues=tuple(_venue_info(v) for v in venues), staff=tuple(staff), packs=tuple(packs),
        meetings=meetings, slots=slots, whole_delegation=wanted is None,
        conflicts=schedule_conflicts(session, event, refs))
    return attach_changes(session, event, briefing)  # "changed since your last pack", per delegate


def source_date() -> datetime | None:
    """``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) as naive UTC, when set to a number."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw.isdigit():
        return None
    return datetime.fromtimestamp(int(raw), UTC).replace(tzinfo=None)


def schedule_conflicts(session: Session, event: Event, refs: dict[int, str]) -> tuple[ConflictNote, ...]:
    """Every conflict ``planner check`` reports for the event, acknowledged ones marked so.
    ``refs`` numbers the briefed meetings ("M12")."""
    timeline = load_timeline(session, event)
    found = find_conflicts(timeline.items, timeline.context)
    acks = {a.key: a for a in session.scalars(
        select(ConflictAcknowledgement).where(ConflictAcknowledgement.event_id == event.id))}
    items = timeline.by_uuid()
    notes = []
    for conflict, row in zip(found, conflict_rows(timeline, found, acks), strict=True):
        described = []
        for uuid in conflict.items:
            it = items[uuid]
            meeting_id = it.id if it.kind == MEETING else None
            described.append(ConflictItem(uuid, meeting_id, None if it.kind == MEETING else it.id,
                                          refs.get(it.id, "") if meeting_id is not None else "",
                                          it.title, it.start, it.tz))
        notes.append(ConflictNote(row.key, row.kind, row.message, row.suggestion, tuple(described),
                                  conflict.people, row.acknowledged, row.note))
    return tuple(notes)


def _place(venue_id: int | None, room_id: int | None,
           venues: dict[int, Venue], rooms: dict[int, str]) -> tuple[str, str, str]:
    venue = venues.get(venue_id) if venue_id is not None else None
    room = rooms.get(room_id, "") if room_id is not None else ""
    return room, (venue.name if venue else ""), (venue.address if venue else "")


def _meeting_brief(m: Meeting, ref: str, venues: dict[int, Venue], rooms: dict[int, str]) -> MeetingBrief:
    location, venue, address = _place(m.venue_id, m.room_id, venues, rooms)
    ours = sorted((a.person for a in m.attendees if a.side.value == "ours"), key=lambda p: p.id)
    theirs = sorted((a.person for a in m.attendees if a.side.value != "ours"), key=lambda p: p.id)
    interpreter = ""
    if m.interpreter_needed:
        language = language_name(m.interpreter_language)
        interpreter = f"Needed ({language})" if language else "Needed"
    org = m.counterpart_organisation
    return MeetingBrief(
        id=m.id, ref=ref, start_utc=m.start_utc, end_utc=m.end_utc, tz=m.tz, status=label(m.status),
        location=location, venue=venue, address=address, organisation=_org_info(org) if org else None,
        counterparts=tuple(_person_info(p) for p in theirs), ours=tuple(_person_info(p) for p in ours),
        objective=m.objective, talking_points=m.talking_points, interpreter=interpreter, notes=m.notes,
        uuid=m.uuid)


def _slot_brief(s: Slot, venues: dict[int, Venue], rooms: dict[int, str]) -> SlotBrief:
    location, venue, _address = _place(s.venue_id, s.room_id, venues, rooms)
    if s.destination_venue_id is not None and s.destination_venue_id in venues:
        venue = f"{venue} → {venues[s.destination_venue_id].name}"
    presenters = sorted((sp.person for sp in s.people if sp.role is SlotRole.PRESENTER), key=lambda p: p.id)
    org = s.organisation
    return SlotBrief(
        id=s.id, kind=s.kind.value, kind_label=label(s.kind), title=s.title, start_utc=s.start_utc,
        end_utc=s.end_utc, tz=s.tz, location=location, venue=venue,
        organisation=org.name if org else "", organisation_lang=lang_for_country(org.country) if org else None,
        description=s.description, presenters=tuple(_person_info(p) for p in presenters),
        attendee_ids=frozenset(sp.person_id for sp in s.people if sp.role is not SlotRole.PRESENTER),
        hosts=tuple(_person_info(sp.person) for sp in sorted(s.people, key=lambda sp: sp.person_id)
                    if sp.role is SlotRole.HOST), uuid=s.uuid)
