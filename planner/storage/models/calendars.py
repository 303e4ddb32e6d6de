"""What each exported calendar last sent, so the next export can cancel what left it.

A calendar file is a snapshot: a client that imported it keeps every entry until a later file
says otherwise. So Mission Desk remembers, per calendar — one delegate's (``person_id``) or the
whole delegation's (``person_id`` NULL) for one event — each entry it wrote: the item's UUID,
the SEQUENCE sent, a fingerprint of everything the entry shows, and what the next file needs to
cancel it (DTSTART and DTEND, zone, summary and location as last sent).

The delegate is referred to by ``person.id`` with ON DELETE CASCADE (not by a UUID column):
erasing or deleting a person removes their calendar's memory through the foreign key, and
merging two people moves it like every other reference (both walk the foreign keys).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.storage.models.base import Base, RecordMixin


class CalendarSent(RecordMixin, Base):
    """One entry as the last export of one calendar wrote it."""

    __tablename__ = "calendar_sent"
    __table_args__ = (
        # NULL person_id (the delegation's calendar) is not unique to the database: the export
        # writes a calendar's rows as one replacement, so it keeps them unique itself
        UniqueConstraint("event_id", "person_id", "item_uuid", name="uq_calendar_sent_event_person_item"),
        Index("ix_calendar_sent_event_person", "event_id", "person_id"),
    )

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), nullable=True,
                                                  index=True)
    item_uuid: Mapped[str] = mapped_column(String(36))
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16))  # CONFIRMED, TENTATIVE or CANCELLED, as sent
    fingerprint: Mapped[str] = mapped_column(String(64), default="")  # "" after an erasure: resend
    start_utc: Mapped[datetime] = mapped_column(DateTime)
    end_utc: Mapped[datetime] = mapped_column(DateTime)
    tz: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(Text, default="")
    # the UUIDs of the people the entry showed (space-separated): a cancellation names them too
    people: Mapped[str] = mapped_column(Text, default="")
    # how many exports have carried it as CANCELLED since it left (it is dropped after two)
    cancel_sends: Mapped[int] = mapped_column(Integer, default=0)
