"""Organisations, people and tags."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.domain.enums import LawfulBasis, NameOrder, OrganisationKind
from planner.storage.models.base import Base, RecordMixin, enum_column
from planner.storage.models.identity import PersonAlias, PersonExternalId


class Organisation(RecordMixin, Base):
    __tablename__ = "organisation"

    name: Mapped[str] = mapped_column(String(300), index=True)
    name_key: Mapped[str] = mapped_column(String(300), index=True, default="")
    native_name: Mapped[str] = mapped_column(String(300), default="")
    kind: Mapped[OrganisationKind] = mapped_column(
        enum_column(OrganisationKind), default=OrganisationKind.COMPANY)
    country: Mapped[str] = mapped_column(String(2), default="")
    city: Mapped[str] = mapped_column(String(200), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    profile: Mapped[str] = mapped_column(Text, default="")

    people: Mapped[list[Person]] = relationship(back_populates="organisation")
    tags: Mapped[list[OrganisationTag]] = relationship(cascade="all, delete-orphan")


class Person(RecordMixin, Base):
    __tablename__ = "person"

    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="", index=True)
    name_order: Mapped[NameOrder] = mapped_column(enum_column(NameOrder), default=NameOrder.GIVEN_FIRST)
    native_name: Mapped[str] = mapped_column(String(200), default="")
    native_reading: Mapped[str] = mapped_column(String(200), default="")
    title: Mapped[str] = mapped_column(String(100), default="")
    job_title: Mapped[str] = mapped_column(String(300), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL"), index=True, nullable=True)
    email: Mapped[str] = mapped_column(String(320), default="")
    email_key: Mapped[str] = mapped_column(String(320), index=True, default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    mobile: Mapped[str] = mapped_column(String(64), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    language: Mapped[str] = mapped_column(String(16), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    lawful_basis: Mapped[LawfulBasis] = mapped_column(enum_column(LawfulBasis), default=LawfulBasis.UNKNOWN)
    lead_sharing_consent: Mapped[bool] = mapped_column(Boolean, default=False)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    aliases: Mapped[list[PersonAlias]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True,
        order_by="PersonAlias.id")
    external_ids: Mapped[list[PersonExternalId]] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True,
        order_by="PersonExternalId.id")


class Tag(RecordMixin, Base):
    __tablename__ = "tag"

    name: Mapped[str] = mapped_column(String(100), unique=True)


class OrganisationTag(RecordMixin, Base):
    """Sector tags on organisations (oncology, medtech, AI …)."""

    __tablename__ = "organisation_tag"
    __table_args__ = (UniqueConstraint("organisation_id", "tag_id"),)

    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"), index=True)
    tag_id: Mapped[int] = mapped_column(ForeignKey("tag.id", ondelete="CASCADE"), index=True)

    tag: Mapped[Tag] = relationship()
