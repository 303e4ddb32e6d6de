"""Events, venues, rooms and travel times between venues."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from planner.domain.enums import EventKind, RoomKind
from planner.domain.places import room_key
from planner.storage.models.base import Base, RecordMixin, enum_column


class Event(RecordMixin, Base):
    __tablename__ = "event"

    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind), default=EventKind.CONFERENCE)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    tz: Mapped[str] = mapped_column(String(64))
    home_tz: Mapped[str] = mapped_column(String(64), default="Europe/London")
    city: Mapped[str] = mapped_column(String(200), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    emergency_info: Mapped[str] = mapped_column(Text, default="")
    retention_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    anonymised_at: Mapped[date | None] = mapped_column(Date, nullable=True)

    venues: Mapped[list[Venue]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Venue.name")


class Venue(RecordMixin, Base):
    __tablename__ = "venue"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[str] = mapped_column(Text, default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    tz: Mapped[str] = mapped_column(String(64))
    opens: Mapped[time | None] = mapped_column(Time, nullable=True)
    closes: Mapped[time | None] = mapped_column(Time, nullable=True)
    phone: Mapped[str] = mapped_column(String(64), default="")
    # The venue whose tables partnering meetings use (at most one per event, kept by the service).
    partnering: Mapped[bool] = mapped_column(Boolean, default=False)

    event: Mapped[Event] = relationship(back_populates="venues")
    rooms: Mapped[list[Room]] = relationship(
        back_populates="venue", cascade="all, delete-orphan", order_by="Room.name")


class Room(RecordMixin, Base):
    """A stage, booth, meeting table or hall inside a venue."""

    __tablename__ = "room"
    __table_args__ = (Index("ix_room_venue_key", "venue_id", "name_key"),)

    venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), default="")  # domain.places.room_key(name)
    kind: Mapped[RoomKind] = mapped_column(enum_column(RoomKind), default=RoomKind.ROOM)
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)

    venue: Mapped[Venue] = relationship(back_populates="rooms")

    @validates("name")
    def _keep_key(self, _field: str, value: str) -> str:
        self.name_key = room_key(value)
        return value


class VenueTravel(RecordMixin, Base):
    """Minutes needed to get from one venue to another (directional)."""

    __tablename__ = "venue_travel"
    __table_args__ = (UniqueConstraint("from_venue_id", "to_venue_id"),)

    from_venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    to_venue_id: Mapped[int] = mapped_column(ForeignKey("venue.id", ondelete="CASCADE"), index=True)
    minutes: Mapped[int] = mapped_column(Integer)
