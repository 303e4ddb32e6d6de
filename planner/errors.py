"""Errors that reach the user: each carries a message that says what to fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


class PlannerError(Exception):
    """Base class of every error meant for the user (CLI exit 2, a dialog in the GUI)."""


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str


class ValidationError(PlannerError):
    """One or more fields are not acceptable; ``problems`` names each field."""

    def __init__(self, problems: list[FieldProblem] | str, field_name: str = "") -> None:
        if isinstance(problems, str):
            problems = [FieldProblem(field_name, problems)]
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))

    def for_field(self, name: str) -> list[str]:
        return [p.message for p in self.problems if p.field == name]


class NotFoundError(PlannerError):
    """A record named by the user does not exist."""


class StoreError(PlannerError):
    """The database file cannot be opened, read or written safely."""


@dataclass
class Problems:
    """Collects field problems so a form can show all of them at once."""

    items: list[FieldProblem] = field(default_factory=list)

    def add(self, field_name: str, message: str) -> None:
        self.items.append(FieldProblem(field_name, message))

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationError(list(self.items))


class Cancelled(PlannerError):
    """The user cancelled a long operation; nothing was changed."""


class ConcurrentEditError(PlannerError):
    """Someone else saved the record after this user opened it: the save was refused and
    nothing was written, so neither change is lost. The user reloads, or re-applies theirs."""

    def __init__(self, label: str, changed_by: str = "", changed_at: datetime | None = None,
                 *, table: str = "", record_id: int | None = None,
                 current_version: int | None = None) -> None:
        self.label = label
        self.current_version = current_version  # the version a save over theirs must name
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.table = table
        self.record_id = record_id
        who = f" by {changed_by}" if changed_by else " by someone else"
        when = f" at {changed_at:%H:%M} UTC on {changed_at:%d %b}" if changed_at else ""
        super().__init__(f"{label} was changed{who}{when} after you opened it. Your change was "
                         "not saved: reload to see theirs, or apply yours again over it.")


class ReadOnlyError(PlannerError):
    """The database role may read the plan but not change it (a viewer)."""
