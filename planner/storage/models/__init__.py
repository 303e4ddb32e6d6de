"""All ORM classes; importing this module registers every table on ``Base.metadata``."""

from planner.storage.models.base import Base, RecordMixin, new_uuid
from planner.storage.models.calendars import CalendarSent
from planner.storage.models.conflicts import ConflictAcknowledgement as ConflictAcknowledgement
from planner.storage.models.delegation import (
    Delegate,
    Delegation,
    DelegationOrganisation,
    EventContact,
)
from planner.storage.models.event import Event, Room, Venue, VenueTravel
from planner.storage.models.followup import FollowUp, Lead, Outcome, OutcomeTag
from planner.storage.models.identity import DistinctPeople, PersonAlias, PersonExternalId
from planner.storage.models.packs import PackRevision
from planner.storage.models.people import Organisation, OrganisationTag, Person, Tag
from planner.storage.models.records import AppMeta, AuditEntry, ExportLog, ExportLogPerson, Note
from planner.storage.models.schedule import Meeting, MeetingAttendee, Slot, SlotPerson
from planner.storage.models.sync import ErasureLog, RecordRedirect, SyncBase, SyncConflict

__all__ = [
    "AppMeta",
    "AuditEntry",
    "Base",
    "CalendarSent",
    "Delegate",
    "Delegation",
    "DelegationOrganisation",
    "DistinctPeople",
    "ErasureLog",
    "Event",
    "EventContact",
    "ExportLog",
    "ExportLogPerson",
    "FollowUp",
    "Lead",
    "Meeting",
    "MeetingAttendee",
    "Note",
    "Organisation",
    "OrganisationTag",
    "Outcome",
    "OutcomeTag",
    "PackRevision",
    "Person",
    "PersonAlias",
    "PersonExternalId",
    "RecordMixin",
    "RecordRedirect",
    "Room",
    "Slot",
    "SlotPerson",
    "SyncBase",
    "SyncConflict",
    "Tag",
    "Venue",
    "VenueTravel",
    "new_uuid",
]
