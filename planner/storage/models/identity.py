"""A person's other identities: aliases (e-mails and names) and registration-system keys.

A person has one primary e-mail and name on :class:`~planner.storage.models.people.Person`;
everything else by which the same person turns up in a list (a second mailbox, an earlier
spelling, the name in native script, its reading) is a :class:`PersonAlias`, and every matching
rule looks at them too. A :class:`PersonExternalId` is the key a registration system gave the
person for one event (Eventbrite's Attendee #, pretix's order code and position, Indico's
registration ID), so that a re-import of the same export finds them first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.domain.enums import AliasKind
from planner.storage.models.base import Base, RecordMixin, enum_column

if TYPE_CHECKING:
    from planner.storage.models.people import Person


class PersonAlias(RecordMixin, Base):
    __tablename__ = "person_alias"
    __table_args__ = (
        UniqueConstraint("person_id", "kind", "key", name="uq_person_alias_person_kind_key"),
        Index("ix_person_alias_kind_key", "kind", "key"),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    kind: Mapped[AliasKind] = mapped_column(enum_column(AliasKind))
    # the text as it was written (an e-mail; a name as "given family"; native script)
    value: Mapped[str] = mapped_column(String(320), default="")
    # a romanised name keeps its parts, so matching compares given with given
    given_name: Mapped[str] = mapped_column(String(200), default="")
    family_name: Mapped[str] = mapped_column(String(200), default="")
    # the matching key (planner.identity.keys): what every match compares
    key: Mapped[str] = mapped_column(String(320), default="")
    # where it came from: "merge", "import: pretix", "typed"
    source: Mapped[str] = mapped_column(String(100), default="")

    person: Mapped[Person] = relationship(back_populates="aliases")


class PersonExternalId(RecordMixin, Base):
    __tablename__ = "person_external_id"
    __table_args__ = (
        UniqueConstraint("source", "event_id", "value", name="uq_person_external_id_source_event_value"),
    )

    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # the registration system (the import preset's name: "pretix", "eventbrite", "indico" …)
    source: Mapped[str] = mapped_column(String(50))
    # keys are unique within one event's export (pretix order codes, Indico registration IDs)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    value: Mapped[str] = mapped_column(String(200))

    person: Mapped[Person] = relationship(back_populates="external_ids")


class DistinctPeople(RecordMixin, Base):
    """Two people a user said are not the same (so they are not proposed as duplicates again).
    The pair is stored with the lower id first."""

    __tablename__ = "distinct_people"
    __table_args__ = (UniqueConstraint("person_a_id", "person_b_id",
                                       name="uq_distinct_people_person_a_id_person_b_id"),)

    person_a_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    person_b_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
