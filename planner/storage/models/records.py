"""Notes, the export log (needed for erasure), the audit trail and file metadata."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.storage.models.base import Base, RecordMixin


class Note(RecordMixin, Base):
    """A free note attached to any record, named by the record's kind and UUID."""

    __tablename__ = "note"

    subject_kind: Mapped[str] = mapped_column(String(32), index=True)
    subject_uuid: Mapped[str] = mapped_column(String(36), index=True)
    body: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200), default="")


class ExportLog(RecordMixin, Base):
    """One file written by an export: what, when, where, for which event."""

    __tablename__ = "export_log"

    kind: Mapped[str] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(Text)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"), nullable=True)
    row_count: Mapped[int] = mapped_column(Integer, default=0)

    people: Mapped[list[ExportLogPerson]] = relationship(cascade="all, delete-orphan")


class ExportLogPerson(RecordMixin, Base):
    """Which people an exported file contained (by UUID, so the link survives merges)."""

    __tablename__ = "export_log_person"
    __table_args__ = (UniqueConstraint("export_id", "person_uuid"),)

    export_id: Mapped[int] = mapped_column(ForeignKey("export_log.id", ondelete="CASCADE"), index=True)
    person_uuid: Mapped[str] = mapped_column(String(36), index=True)


class AuditEntry(RecordMixin, Base):
    """Pseudonymous record of sensitive operations (erasure, anonymisation, restore)."""

    __tablename__ = "audit_entry"

    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="")


class AppMeta(Base):
    """Key/value facts about the file itself (created with which version, last backup …)."""

    __tablename__ = "app_meta"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
