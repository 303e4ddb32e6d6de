"""Errors that reach the user: each carries a message that says what to fix."""

from __future__ import annotations

from dataclasses import dataclass, field


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
