"""What a briefing pack shows: plain, frozen data gathered by ``planner.services.outputs.briefing``.

The renderer (``briefing_pdf``) reads only these classes, never a Session or an ORM object.
Times are naive UTC plus the IANA zone they happen in; every text is user text, printed through
``pdf_text`` by the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class OrgInfo:
    id: int
    name: str
    native_name: str = ""
    kind: str = ""
    country: str = ""
    city: str = ""
    website: str = ""
    profile: str = ""
    tags: tuple[str, ...] = ()
    lang: str | None = None


@dataclass(frozen=True)
class PersonInfo:
    id: int
    name: str  # romanised display name from planner.domain.names
    native_name: str = ""
    reading: str = ""
    title: str = ""
    job_title: str = ""
    organisation: str = ""
    organisation_native: str = ""
    organisation_lang: str | None = None
    email: str = ""
    phone: str = ""
    mobile: str = ""
    country: str = ""
    lang: str | None = None
    sort_key: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class DelegateInfo:
    person: PersonInfo
    role: str  # label: Lead, Delegate, Speaker, Staff
    arrival: datetime | None = None  # event-local wall time
    arrival_flight: str = ""
    departure: datetime | None = None
    departure_flight: str = ""
    hotel: str = ""
    dietary: str = ""
    access_needs: str = ""
    interpreter_language: str = ""
    emergency_contact: str = ""
    notes: str = ""


@dataclass(frozen=True)
class VenueInfo:
    id: int
    name: str
    address: str = ""
    city: str = ""
    phone: str = ""
    hours: str = ""
    tz: str = ""


@dataclass(frozen=True)
class MeetingBrief:
    id: int
    ref: str  # "M12": printed on the meeting page and in the itinerary
    start_utc: datetime
    end_utc: datetime
    tz: str
    status: str
    location: str
    venue: str
    address: str
    organisation: OrgInfo | None
    counterparts: tuple[PersonInfo, ...]
    ours: tuple[PersonInfo, ...]
    objective: str = ""
    talking_points: str = ""
    interpreter: str = ""  # "" when no interpreter is needed
    notes: str = ""
    uuid: str = ""  # the meeting's stable UUID (what a pack revision remembers it by)


@dataclass(frozen=True)
class SlotBrief:
    id: int
    kind: str  # SlotKind value
    kind_label: str
    title: str
    start_utc: datetime
    end_utc: datetime
    tz: str
    location: str
    venue: str
    organisation: str = ""
    organisation_lang: str | None = None
    description: str = ""
    presenters: tuple[PersonInfo, ...] = ()
    attendee_ids: frozenset[int] = frozenset()
    hosts: tuple[PersonInfo, ...] = ()
    uuid: str = ""  # the slot's stable UUID

    @property
    def is_showcase(self) -> bool:
        return self.kind == "showcase"


@dataclass(frozen=True)
class ConflictItem:
    """One item a schedule conflict names, described well enough to print even when the item
    is not in this pack (another delegate's meeting at the same table)."""

    uuid: str
    meeting_id: int | None  # the meeting's id, or None for a slot
    slot_id: int | None
    ref: str  # "M12" for a briefed meeting, "" otherwise
    title: str  # "Meeting with Kansai Bio Innovations", a slot's title
    start_utc: datetime
    tz: str


@dataclass(frozen=True)
class ConflictNote:
    """A conflict the schedule checker (``planner.domain.conflicts``) reports, as a pack prints
    it: its kind, the checker's own message and suggestion, and the items and people it names."""

    key: str
    kind: str  # ConflictKind value
    message: str
    suggestion: str
    items: tuple[ConflictItem, ...]
    person_ids: tuple[int, ...]
    acknowledged: bool = False
    note: str = ""  # why it was accepted, when acknowledged

    def touches(self, meeting_ids: set[int], slot_ids: set[int]) -> bool:
        return any(i.meeting_id in meeting_ids or i.slot_id in slot_ids for i in self.items)


@dataclass(frozen=True)
class PackChanges:
    """What changed for one delegate since the pack they hold (``planner.exports.briefing.briefing_changes``)."""

    since: datetime  # naive UTC: when their last pack was exported
    lines: tuple[str, ...]  # "M4 with Kansai Bio moved Wed 14 Oct 10:15 → 11:00", …


@dataclass(frozen=True)
class DelegatePack:
    """One delegate's share: their meetings and slots (ids into ``Briefing``)."""

    delegate: DelegateInfo
    meeting_ids: tuple[int, ...]
    slot_ids: tuple[int, ...]


@dataclass(frozen=True)
class Briefing:
    event_code: str
    event_name: str
    event_start: date
    event_end: date
    city: str
    country: str
    tz: str
    home_tz: str
    description: str
    emergency_info: str
    prepared_at: datetime  # naive UTC
    delegation_name: str
    funder: str
    shared_stand: str
    shared_hotel: str
    lead_organisations: tuple[OrgInfo, ...]
    member_organisations: tuple[OrgInfo, ...]
    venues: tuple[VenueInfo, ...]
    staff: tuple[DelegateInfo, ...]  # lead and staff delegates: the people to call
    packs: tuple[DelegatePack, ...]  # the delegates asked for, sorted by name
    meetings: dict[int, MeetingBrief] = field(default_factory=dict)  # in time order
    slots: dict[int, SlotBrief] = field(default_factory=dict)  # in time order
    whole_delegation: bool = True
    conflicts: tuple[ConflictNote, ...] = ()  # every conflict the checker knows, in time order
    # per delegate (person id): what changed since their last recorded pack, in words, and when
    # that pack was written; printed in a box on the first page of their pack
    changes: dict[int, PackChanges] = field(default_factory=dict)

    def pack_for(self, person_id: int) -> DelegatePack:
        for pack in self.packs:
            if pack.delegate.person.id == person_id:
                return pack
        raise KeyError(person_id)

    def conflicts_in(self, pack: DelegatePack | None) -> list[ConflictNote]:
        """The conflicts that name any meeting or slot the pack prints."""
        if pack is None:
            meetings, slots = set(self.meetings), set(self.slots)
        else:
            meetings, slots = set(pack.meeting_ids), set(pack.slot_ids)
        return [c for c in self.conflicts if c.touches(meetings, slots)]

    def people_in_pack(self, pack: DelegatePack | None) -> set[int]:
        """Ids of everyone whose data a pack prints (for the export log)."""
        ids = {d.person.id for d in self.staff}
        if pack is None:
            ids |= {p.delegate.person.id for p in self.packs}
            meetings, slots = list(self.meetings.values()), list(self.slots.values())
        else:
            ids.add(pack.delegate.person.id)
            meetings = [self.meetings[i] for i in pack.meeting_ids]
            slots = [self.slots[i] for i in pack.slot_ids]
        for m in meetings:
            ids |= {p.id for p in (*m.ours, *m.counterparts)}
        for s in slots:
            ids |= {p.id for p in s.presenters}
        for c in self.conflicts_in(pack):  # a conflict's message names its people
            ids |= set(c.person_ids)
        return ids
