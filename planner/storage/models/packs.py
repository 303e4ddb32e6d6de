"""What each exported briefing pack held, so a moved meeting shows whose printed pack is out of date.

One row per delegate pack written (a delegate's own pack, or one of the per-delegate files):
the event, the delegate (``person.id``, ON DELETE CASCADE, so erasing or deleting the person
removes their packs' records and a merge moves them like every other reference), when and where
it was written, a fingerprint of what it held and a compact JSON summary of it (per item: UUID,
reference, title, start and end, zone, place, the people met, status, a hash of the notes) from
which "what changed, in words" is computed (:mod:`planner.exports.briefing.briefing_changes`).

The summary holds names of counterparts as the pack printed them: an erasure's text scrub walks
it like every other text column, and the subject-access export lists the row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner.domain.timezones import utc_now
from planner.storage.models.base import Base, RecordMixin


class PackRevision(RecordMixin, Base):
    """One delegate's briefing pack as an export wrote it."""

    __tablename__ = "pack_revision"
    __table_args__ = (Index("ix_pack_revision_event_person", "event_id", "person_id"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    exported_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)  # naive UTC
    path: Mapped[str] = mapped_column(Text, default="")  # the PDF as logged in the export log
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of the summary's compared part
    summary: Mapped[str] = mapped_column(Text, default="")  # JSON, see planner.exports.briefing.briefing_changes
