"""The timeline: showcase slots and side events (one table, by kind) and partnering meetings.

Times are stored as the wall time typed (``start_local``/``end_local``) in ``tz`` with a PEP 495
fold, and as derived naive UTC (``start_utc``/``end_utc``) that all sorting and checks use.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.domain.enums import AttendeeSide, MeetingStatus, SlotKind, SlotRole
from planner.storage.models.base import Base, RecordMixin, enum_column
from planner.storage.models.event import Room, Venue
from planner.storage.models.people import Organisation, Person


class TimedMixin:
    start_local: Mapped[datetime] = mapped_column(DateTime)
    end_local: Mapped[datetime] = mapped_column(DateTime)
    start_fold: Mapped[int] = mapped_column(Integer, default=0)
    end_fold: Mapped[int] = mapped_column(Integer, default=0)
    tz: Mapped[str] = mapped_column(String(64))
    start_utc: Mapped[datetime] = mapped_column(DateTime)
    end_utc: Mapped[datetime] = mapped_column(DateTime)
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # iCalendar SEQUENCE


class Slot(TimedMixin, RecordMixin, Base):
    """A showcase slot (pitch on a stage or booth) or a side event (symposium, reception, travel …)."""

    __tablename__ = "slot"
    __table_args__ = (Index("ix_slot_event_start", "event_id", "start_utc"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[SlotKind] = mapped_column(enum_column(SlotKind), default=SlotKind.SHOWCASE)
    title: Mapped[str] = mapped_column(String(300))
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id", ondelete="SET NULL"), nullable=True, index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="SET NULL"), nullable=True, index=True)
    destination_venue_id: Mapped[int | None] = mapped_column(
        ForeignKey("venue.id", ondelete="SET NULL"), nullable=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), nullable=True, index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    external_ref: Mapped[str] = mapped_column(String(200), default="")

    people: Mapped[list[SlotPerson]] = relationship(back_populates="slot", cascade="all, delete-orphan")
    organisation: Mapped[Organisation | None] = relationship()


class SlotPerson(RecordMixin, Base):
    __tablename__ = "slot_person"
    __table_args__ = (UniqueConstraint("slot_id", "person_id"),)

    slot_id: Mapped[int] = mapped_column(ForeignKey("slot.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[SlotRole] = mapped_column(enum_column(SlotRole), default=SlotRole.PRESENTER)

    slot: Mapped[Slot] = relationship(back_populates="people")
    person: Mapped[Person] = relationship()


class Meeting(TimedMixin, RecordMixin, Base):
    """A 1:1 partnering meeting."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_event_start", "event_id", "start_utc"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus), default=MeetingStatus.REQUESTED)
    venue_id: Mapped[int | None] = mapped_column(ForeignKey("venue.id", ondelete="SET NULL"), nullable=True, index=True)
    room_id: Mapped[int | None] = mapped_column(ForeignKey("room.id", ondelete="SET NULL"), nullable=True, index=True)
    # The place as a partnering system or file wrote it, kept for audit only: the room is the truth.
    source_location: Mapped[str] = mapped_column(String(200), default="")
    counterpart_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), nullable=True, index=True)
    objective: Mapped[str] = mapped_column(Text, default="")
    talking_points: Mapped[str] = mapped_column(Text, default="")
    interpreter_needed: Mapped[bool] = mapped_column(Boolean, default=False)
    interpreter_language: Mapped[str] = mapped_column(String(50), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    external_ref: Mapped[str] = mapped_column(String(200), default="")

    attendees: Mapped[list[MeetingAttendee]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan")
    counterpart_organisation: Mapped[Organisation | None] = relationship()
    venue: Mapped[Venue | None] = relationship(foreign_keys=[venue_id])
    room: Mapped[Room | None] = relationship()


class MeetingAttendee(RecordMixin, Base):
    __tablename__ = "meeting_attendee"
    __table_args__ = (UniqueConstraint("meeting_id", "person_id"),)

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    side: Mapped[AttendeeSide] = mapped_column(enum_column(AttendeeSide), default=AttendeeSide.OURS)

    meeting: Mapped[Meeting] = relationship(back_populates="attendees")
    person: Mapped[Person] = relationship()
