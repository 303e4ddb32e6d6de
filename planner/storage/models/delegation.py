"""Delegations: who goes, with which organisations, with what logistics; and event contacts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.domain.enums import DelegateRole, DelegationOrgRole
from planner.storage.models.base import Base, RecordMixin, enum_column
from planner.storage.models.people import Organisation, Person


class Delegation(RecordMixin, Base):
    __tablename__ = "delegation"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    grant_funded: Mapped[bool] = mapped_column(Boolean, default=False)
    funder: Mapped[str] = mapped_column(String(300), default="")
    shared_stand: Mapped[str] = mapped_column(String(300), default="")
    shared_hotel: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    organisations: Mapped[list[DelegationOrganisation]] = relationship(
        back_populates="delegation", cascade="all, delete-orphan")
    delegates: Mapped[list[Delegate]] = relationship(
        back_populates="delegation", cascade="all, delete-orphan")


class DelegationOrganisation(RecordMixin, Base):
    __tablename__ = "delegation_organisation"
    __table_args__ = (UniqueConstraint("delegation_id", "organisation_id"),)

    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    role: Mapped[DelegationOrgRole] = mapped_column(
        enum_column(DelegationOrgRole), default=DelegationOrgRole.MEMBER)

    delegation: Mapped[Delegation] = relationship(back_populates="organisations")
    organisation: Mapped[Organisation] = relationship()


class Delegate(RecordMixin, Base):
    """A person in a delegation, with their role and logistics (times are event-local)."""

    __tablename__ = "delegate"
    __table_args__ = (UniqueConstraint("delegation_id", "person_id"),)

    delegation_id: Mapped[int] = mapped_column(ForeignKey("delegation.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[DelegateRole] = mapped_column(enum_column(DelegateRole), default=DelegateRole.DELEGATE)
    arrival: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    arrival_flight: Mapped[str] = mapped_column(String(100), default="")
    departure: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    departure_flight: Mapped[str] = mapped_column(String(100), default="")
    hotel: Mapped[str] = mapped_column(Text, default="")
    dietary: Mapped[str] = mapped_column(String(300), default="")
    access_needs: Mapped[str] = mapped_column(String(300), default="")
    interpreter_language: Mapped[str] = mapped_column(String(50), default="")
    emergency_contact: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    delegation: Mapped[Delegation] = relationship(back_populates="delegates")
    person: Mapped[Person] = relationship()


class EventContact(RecordMixin, Base):
    """Someone known at an event who is not in the delegation (counterparts, organisers)."""

    __tablename__ = "event_contact"
    __table_args__ = (UniqueConstraint("event_id", "person_id"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(100), default="")

    person: Mapped[Person] = relationship()
