"""Small shared pieces of the services: lookups, field assignment, time spans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.domain import timezones
from planner.errors import NotFoundError, Problems, ValidationError
from planner.storage.models import Base

M = TypeVar("M", bound=Base)


def get_by_uuid(session: Session, model: type[M], uuid: str) -> M:
    obj = session.scalars(select(model).where(model.uuid == uuid)).first()  # type: ignore[attr-defined]
    if obj is None:
        raise NotFoundError(f"No {model.__tablename__.replace('_', ' ')} with id {uuid}")
    return obj


def get_by_id(session: Session, model: type[M], ident: int) -> M:
    obj = session.get(model, ident)
    if obj is None:
        raise NotFoundError(f"No {model.__tablename__.replace('_', ' ')} #{ident}")
    return obj


@dataclass(frozen=True)
class Span:
    start_local: datetime
    end_local: datetime
    start_fold: int
    end_fold: int
    tz: str
    start_utc: datetime
    end_utc: datetime

    def apply_to(self, obj: Any) -> None:
        for name in ("start_local", "end_local", "start_fold", "end_fold", "tz", "start_utc", "end_utc"):
            if getattr(obj, name, None) != getattr(self, name):
                setattr(obj, name, getattr(self, name))


def resolve_span(start_local: datetime, end_local: datetime, tz: str,
                 start_fold: int | None = 0, end_fold: int | None = 0) -> Span:
    """Validate a wall-time span in ``tz``: both ends exist, are unambiguous, and end > start."""
    timezones.zone(tz)
    start_utc = end_utc = None
    errors: list[ValidationError] = []
    try:
        start_utc = timezones.to_utc(start_local, tz, start_fold, field_name="start")
    except ValidationError as exc:
        errors.append(exc)
    try:
        end_utc = timezones.to_utc(end_local, tz, end_fold, field_name="end")
    except ValidationError as exc:
        errors.append(exc)
    if start_utc is not None and end_utc is not None and end_utc <= start_utc:
        errors.append(ValidationError(f"The end ({end_local:%Y-%m-%d %H:%M}) must be after the start "
                                      f"({start_local:%Y-%m-%d %H:%M})", "end"))
    if len(errors) == 1:
        raise errors[0]  # keeps NonexistentTimeError / AmbiguousTimeError for the caller
    if errors:
        problems = Problems()
        for error in errors:
            problems.items.extend(error.problems)
        problems.raise_if_any()
    assert start_utc is not None and end_utc is not None
    return Span(start_local, end_local, start_fold or 0, end_fold or 0, tz, start_utc, end_utc)


def assign(obj: Any, values: dict[str, Any], allowed: set[str]) -> None:
    """Set only the allowed attributes that actually change (so updated_at moves only then)."""
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError(f"Unknown field(s): {', '.join(sorted(unknown))}")
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
