"""Schedule conflicts a user has looked at and accepted (a warning, not a block)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.storage.models.base import Base, RecordMixin


class ConflictAcknowledgement(RecordMixin, Base):
    """One acknowledged conflict of an event.

    ``key`` names the conflict (its kind and the items and people involved); ``signature``
    captures the items' times and places when it was acknowledged, so moving an item makes
    the acknowledgement lapse and the conflict is shown again.
    """

    __tablename__ = "conflict_ack"
    __table_args__ = (UniqueConstraint("event_id", "key"),)

    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(80))
    signature: Mapped[str] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(Text, default="")
