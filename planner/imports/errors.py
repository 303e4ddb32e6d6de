"""Errors raised or collected while reading an import file."""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.errors import Cancelled, PlannerError

__all__ = ["Cancelled", "ErrorLog", "FileRejected", "ImportProblem", "MappingError", "RowError",
           "excerpt"]

EXCERPT_CHARS = 80


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A short, printable excerpt of ``value`` for error reports (at most ``limit`` chars)."""
    text = "" if value is None else str(value)
    text = "".join(ch if ch.isprintable() or ch == " " else _escape(ch) for ch in text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def _escape(ch: str) -> str:
    if ch == "\n":
        return "⏎"
    if ch == "\x00":
        return "\\0"
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


@dataclass(frozen=True)
class RowError:
    """A problem with one row (or one cell) of the file; the other rows are still read.

    ``line`` is the physical line (CSV) or sheet row (XLSX) where the record starts, 1-based;
    ``column`` the header of the cell concerned when known; ``value`` an excerpt of the
    offending text (at most 80 characters); ``message`` says what is wrong and what to fix.
    """

    line: int | None
    column: str | None
    value: str
    message: str

    def __post_init__(self) -> None:
        if len(self.value) > EXCERPT_CHARS or not self.value.isprintable():
            object.__setattr__(self, "value", excerpt(self.value))

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line is not None else "file"
        if self.column:
            where += f", column “{self.column}”"
        shown = f" (value: “{self.value}”)" if self.value else ""
        return f"{where}: {self.message}{shown}"


class ImportProblem(PlannerError):
    """Base class of the errors of this package (user errors: CLI exit 2, a dialog in the GUI).

    Cancelling is :class:`planner.errors.Cancelled`, re-exported here: one way to cancel."""


class FileRejected(ImportProblem):
    """The whole file cannot be read; ``message`` tells the user what to do.

    ``suggestions`` lists encodings (or other choices) worth offering to the user.
    """

    def __init__(self, message: str, *, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.suggestions: list[str] = list(suggestions or [])


class MappingError(ImportProblem):
    """A ``--map`` option or a column mapping is wrong; ``message`` says how to fix it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class ErrorLog:
    """Collects row errors and warnings while a file is read."""

    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    def error(self, line: int | None, column: str | None, value: object, message: str) -> None:
        self.errors.append(RowError(line, column, excerpt(value), message))

    def warn(self, line: int | None, column: str | None, value: object, message: str) -> None:
        self.warnings.append(RowError(line, column, excerpt(value), message))
