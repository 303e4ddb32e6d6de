"""Declarative base, naming convention and the columns every record shares."""

from __future__ import annotations

import os
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import DateTime, Enum, Integer, MetaData, String, literal_column
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from planner.domain.timezones import utc_now
from planner.storage import actor

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


random_bytes = os.urandom  # where new uuids' bits come from (a seeded simulation replaces it)


def new_uuid() -> str:
    """A random (version 4) UUID as text, as ``str(uuid.uuid4())`` gives it, about three times
    faster (an import of 50,000 people makes some 150,000): 122 random bits from the OS, the
    version nibble ``4`` and the variant bits ``10``."""
    h = random_bytes(16).hex()
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


_VARIANT = "89ab"  # the RFC 4122 variant: the first hex digit of the fourth group is 10xx


def enum_column(enum_type: type[StrEnum], **kw: Any) -> Any:
    """An enum stored as its string value (no native enum, no CHECK: values may grow)."""
    return Enum(
        enum_type,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
        **kw,
    )


class RecordMixin:
    """Stable UUID for merging across laptops, UTC creation/update times, and what several
    people editing one plan need: a ``version`` raised by every update (an update that finds
    the row at another version than it read is refused — optimistic concurrency, see
    :mod:`planner.services.editing.concurrency`) and who changed the row last (``changed_by``, see
    :mod:`planner.storage.actor`)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, onupdate=utc_now)
    # Core updates that do not name it still raise it; the ORM sets it itself (version_id_col)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1",
                                         onupdate=literal_column("version") + 1)
    changed_by: Mapped[str] = mapped_column(String(actor.MAX_LENGTH), default=actor.current,
                                            onupdate=actor.current, server_default="")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.version}
