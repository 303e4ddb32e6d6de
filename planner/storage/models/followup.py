"""After the event: meeting outcomes, leads and follow-up actions."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.domain.enums import ActionStatus, LeadStage, Verdict
from planner.storage.models.base import Base, RecordMixin, enum_column
from planner.storage.models.people import Organisation, Person, Tag


class Outcome(RecordMixin, Base):
    __tablename__ = "outcome"

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), unique=True)
    verdict: Mapped[Verdict] = mapped_column(enum_column(Verdict))
    rating: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True)

    tags: Mapped[list[OutcomeTag]] = relationship(cascade="all, delete-orphan")


class OutcomeTag(RecordMixin, Base):
    __tablename__ = "outcome_tag"
    __table_args__ = (UniqueConstraint("outcome_id", "tag_id"),)

    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcome.id", ondelete="CASCADE"), index=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), index=True)

    tag: Mapped[Tag] = relationship()


class Lead(RecordMixin, Base):
    __tablename__ = "lead"

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), nullable=True, index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), nullable=True, index=True)
    member_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), nullable=True, index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    stage: Mapped[LeadStage] = mapped_column(enum_column(LeadStage), default=LeadStage.NEW)
    value: Mapped[int | None] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    actions: Mapped[list[FollowUp]] = relationship(
        back_populates="lead", cascade="all, delete-orphan", order_by="FollowUp.due_date")
    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    owner: Mapped[Person | None] = relationship(foreign_keys=[owner_id])
    organisation: Mapped[Organisation | None] = relationship(foreign_keys=[organisation_id])


class FollowUp(RecordMixin, Base):
    """A follow-up action on a lead."""

    __tablename__ = "follow_up"

    lead_id: Mapped[int] = mapped_column(ForeignKey("lead.id", ondelete="CASCADE"), index=True)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("person.id", ondelete="SET NULL"), nullable=True, index=True)
    description: Mapped[str] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    status: Mapped[ActionStatus] = mapped_column(enum_column(ActionStatus), default=ActionStatus.OPEN)
    notes: Mapped[str] = mapped_column(Text, default="")
    completed_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)

    lead: Mapped[Lead] = relationship(back_populates="actions")
    owner: Mapped[Person | None] = relationship()
