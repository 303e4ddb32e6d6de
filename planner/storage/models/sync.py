"""What offline sync keeps (issue 17; see :mod:`planner.sync`).

Kept in a laptop's file only: :class:`SyncBase` (the last-synced copy of each record and the
server version it had) and :class:`SyncConflict` (the review queue). Synced like every record:
:class:`ErasureLog` (who was erased, as a hash of their uuid, so an erasure reaches every laptop and
a stale offline edit cannot bring the person back) and :class:`RecordRedirect` (a person or organisation
merged into another: offline references to the old one follow it to the kept one).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planner.domain.timezones import utc_now
from planner.storage.models.base import Base, RecordMixin


class SyncBase(Base):
    """The last-synced copy of one record: its fields as they travel (JSON), the server's version
    of it and the local ``version`` the row had when it was last synced."""

    __tablename__ = "sync_base"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), primary_key=True)
    server_version: Mapped[int] = mapped_column(Integer)
    local_version: Mapped[int] = mapped_column(Integer)  # -1: the row differs from the server's
    data: Mapped[str] = mapped_column(Text)


class SyncConflict(Base):
    """One conflict waiting for (or decided by) a person; see :mod:`planner.sync.review`."""

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    table_name: Mapped[str] = mapped_column(String(64))
    record_uuid: Mapped[str] = mapped_column(String(36), index=True)
    label: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(32))
    fields: Mapped[str] = mapped_column(Text)        # JSON list of field names
    base: Mapped[str] = mapped_column(Text)          # JSON: field -> value as it travels
    mine: Mapped[str] = mapped_column(Text)
    theirs: Mapped[str] = mapped_column(Text)
    theirs_by: Mapped[str] = mapped_column(String(128), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    resolution: Mapped[str] = mapped_column(String(16), default="")


class ErasureLog(RecordMixin, Base):
    """A person erased (right to erasure): a SHA-256 of their uuid (:func:`person_key`), nothing
    that names them, nor the uuid itself."""

    __tablename__ = "erasure_log"

    person_key: Mapped[str] = mapped_column(String(64), unique=True)
    # hashes (:func:`person_key`) of their e-mail match keys, space-separated: an e-mail of theirs
    # that a merge made offline gave someone else as an alias goes too when it arrives
    email_keys: Mapped[str] = mapped_column(Text, default="")


def person_key(uuid: str) -> str:
    """What the erasure log keeps of an erased person's uuid."""
    return hashlib.sha256(uuid.encode()).hexdigest()


class RecordRedirect(RecordMixin, Base):
    """A record merged into another (people, organisations): ``old_uuid`` now lives on as
    ``new_uuid``."""

    __tablename__ = "record_redirect"
    __table_args__ = (UniqueConstraint("table_name", "old_uuid"),)

    table_name: Mapped[str] = mapped_column(String(64))
    old_uuid: Mapped[str] = mapped_column(String(36))
    new_uuid: Mapped[str] = mapped_column(String(36))
