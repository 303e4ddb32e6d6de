"""The closed vocabularies of the domain (see shared/domain.md, "Words we use")."""

from __future__ import annotations

from enum import StrEnum


class EventKind(StrEnum):
    TRADE_SHOW = "trade_show"
    CONFERENCE = "conference"
    SYMPOSIUM = "symposium"
    MISSION_LEG = "mission_leg"


class RoomKind(StrEnum):
    STAGE = "stage"
    BOOTH = "booth"
    MEETING_TABLE = "meeting_table"
    HALL = "hall"
    ROOM = "room"


class OrganisationKind(StrEnum):
    COMPANY = "company"
    UNIVERSITY = "university"
    HOSPITAL_TRUST = "hospital_trust"
    INVESTOR = "investor"
    GOVERNMENT = "government"
    CLUSTER = "cluster"
    OTHER = "other"


class NameOrder(StrEnum):
    GIVEN_FIRST = "given_first"
    FAMILY_FIRST = "family_first"


class LawfulBasis(StrEnum):
    UNKNOWN = "unknown"
    CONSENT = "consent"
    CONTRACT = "contract"
    LEGITIMATE_INTERESTS = "legitimate_interests"
    LEGAL_OBLIGATION = "legal_obligation"
    PUBLIC_TASK = "public_task"
    VITAL_INTERESTS = "vital_interests"


class DelegationOrgRole(StrEnum):
    LEAD = "lead"
    MEMBER = "member"


class DelegateRole(StrEnum):
    LEAD = "lead"
    DELEGATE = "delegate"
    SPEAKER = "speaker"
    STAFF = "staff"


class SlotKind(StrEnum):
    SHOWCASE = "showcase"
    SYMPOSIUM = "symposium"
    RECEPTION = "reception"
    SITE_VISIT = "site_visit"
    BRIEFING = "briefing"
    TRAVEL = "travel"
    OTHER = "other"

    @property
    def is_side_event(self) -> bool:
        return self is not SlotKind.SHOWCASE

    @property
    def lead_role(self) -> SlotRole:
        """The role of the people who run it: a pitch is presented, a reception hosted."""
        if self in (SlotKind.RECEPTION, SlotKind.SITE_VISIT):
            return SlotRole.HOST
        if self is SlotKind.TRAVEL:
            return SlotRole.TRAVELLER
        return SlotRole.PRESENTER

    @property
    def attendee_role(self) -> SlotRole:
        """The role of everyone else on it: a travel leg's people travel, others attend."""
        return SlotRole.TRAVELLER if self is SlotKind.TRAVEL else SlotRole.ATTENDEE


class SlotRole(StrEnum):
    """How a person takes part in a slot or side event: presenters present (showcase slots,
    talks), hosts host (a reception, a site visit), attendees attend, travellers travel (a leg)."""

    PRESENTER = "presenter"
    HOST = "host"
    ATTENDEE = "attendee"
    TRAVELLER = "traveller"

    @property
    def verb(self) -> str:
        return {"presenter": "presents", "host": "hosts", "attendee": "attends",
                "traveller": "travels on"}[self.value]


class MeetingStatus(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CONFIRMED = "confirmed"
    HELD = "held"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"

    @property
    def occupies_time(self) -> bool:
        """Whether the meeting blocks its people and table (for conflict checks)."""
        return self in (MeetingStatus.REQUESTED, MeetingStatus.ACCEPTED,
                        MeetingStatus.CONFIRMED, MeetingStatus.HELD)


class AttendeeSide(StrEnum):
    OURS = "ours"
    COUNTERPART = "counterpart"


class Verdict(StrEnum):
    DID_NOT_TAKE_PLACE = "did_not_take_place"
    NO_INTEREST = "no_interest"
    INFORMATIVE = "informative"
    COOPERATION_POSSIBLE = "cooperation_possible"


class LeadStage(StrEnum):
    NEW = "new"
    QUALIFIED = "qualified"
    INTRODUCED = "introduced"
    PROPOSAL = "proposal"
    AGREED = "agreed"
    LOST = "lost"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.CANCELLED)


def label(value: StrEnum) -> str:
    """A human label for an enum value: ``no_show`` → ``No-show``."""
    special = {"no_show": "No-show", "informative": "Informative, no cooperation planned"}
    return special.get(value.value, value.value.replace("_", " ").capitalize())


def parse_enum(enum_type: type[StrEnum], text: str, field_name: str = "") -> StrEnum:
    """Parse a user-typed enum value leniently (case, spaces, hyphens)."""
    from planner.errors import ValidationError

    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    for member in enum_type:
        if key in (member.value, member.name.lower()) or key == label(member).lower().replace(" ", "_"):
            return member
    allowed = ", ".join(m.value for m in enum_type)
    raise ValidationError(f"{text!r} is not a valid {field_name or enum_type.__name__}; use one of: {allowed}",
                          field_name)


class AliasKind(StrEnum):
    """What a person's other identity is: another e-mail, another romanised name (an earlier
    spelling, a mix-up of order), a name in native script, or its reading (furigana)."""

    EMAIL = "email"
    NAME = "name"
    NATIVE = "native"
    READING = "reading"
