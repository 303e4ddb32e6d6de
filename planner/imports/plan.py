"""What an import will do (the dry run / preview) and the choices a user makes for it.

Plain dataclasses, no ORM objects: the GUI's import dialog shows an :class:`ImportPlan` (counts,
one :class:`RowAction` per row, row errors, proposed merges) and the CLI prints it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from planner.imports.errors import RowError
from planner.imports.preset_catalog import Kind

Action = Literal["add", "update", "merge", "skip", "cancel", "error"]
ACTIONS: tuple[Action, ...] = ("add", "update", "merge", "skip", "cancel", "error")


@dataclass(frozen=True)
class ImportOptions:
    """How to read and apply a file.

    ``preset`` names a preset (auto-detected when None); ``overrides`` maps a file header to a
    canonical field (``--map``), winning over the preset and over remembered mappings.
    ``skip_bad_rows`` imports the good rows when some rows have errors (default: all or
    nothing). ``merge_into`` maps a row's line to the UUID of an existing person the user chose
    to merge it into (a proposed near miss accepted in the preview). ``default_role`` is used
    for people rows without a Role (``contact``: event contacts).
    """

    preset: str | None = None
    overrides: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    skip_bad_rows: bool = False
    merge_into: dict[int, str] = field(default_factory=dict)
    default_role: str = "contact"
    remember_mapping: bool = True
    bad_rows_path: Path | None = None  # with skip_bad_rows: where the rejected rows are written
    source: str = ""  # a label stored with event contacts (defaults to the preset's label)
    venue: str | None = None  # meetings/slots: where named tables are found or made (--venue)
    ours: str | None = None  # meetings: the delegate whose own schedule the file is (--ours)


@dataclass(frozen=True)
class Candidate:
    """An existing record a row (or another record) may be the same as."""

    uuid: str
    label: str
    score: int  # 0..100
    reason: str


@dataclass(frozen=True)
class RowAction:
    """What happens to one row: ``action`` on the record ``label``.

    ``target`` is the UUID of the existing record updated or merged into (None for new
    records); ``detail`` says why (e.g. "same e-mail as line 4"); ``candidates`` lists near
    misses proposed for merging, best first (the row is added unless the user chooses one).
    """

    line: int
    action: Action
    label: str
    target: str | None = None
    detail: str = ""
    candidates: tuple[Candidate, ...] = ()


@dataclass
class ImportPlan:
    """The preview of an import, and after :func:`apply_import` the record of what was done."""

    kind: Kind
    path: Path
    event_code: str
    preset: str | None
    preset_label: str
    confidence: float
    mapping: dict[str, tuple[str, ...]]
    unmapped: list[str]
    encoding: str | None
    delimiter: str | None
    sheet: str | None
    rows: list[RowAction] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    organisations_added: int = 0
    created: list[str] = field(default_factory=list)  # places and people the import makes
    applied: bool = False
    bad_rows_path: Path | None = None

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(r.action for r in self.rows)
        return {a: found.get(a, 0) for a in ACTIONS}

    @property
    def error_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors if e.line is not None})

    @property
    def proposals(self) -> list[RowAction]:
        """Rows with near misses the user may want to merge instead of adding."""
        return [r for r in self.rows if r.candidates and r.action == "add"]

    @property
    def ok(self) -> bool:
        """No row errors: the whole file can be imported."""
        return not self.errors

    def summary(self) -> str:
        c = self.counts
        parts = [f"{c['add']} to add", f"{c['update']} to update", f"{c['merge']} merged",
                 f"{c['skip']} skipped"]
        if c["cancel"]:
            parts.append(f"{c['cancel']} to cancel (no longer in the export)")
        if self.kind == "people":
            parts.append(f"{self.organisations_added} new organisations")
        if self.errors:
            parts.append(f"{len(self.error_lines) or len(self.errors)} rows with errors")
        if self.proposals:
            parts.append(f"{len(self.proposals)} possible duplicates to review")
        verb = "Imported" if self.applied else "Would import"
        return f"{verb} from “{self.path.name}”: " + ", ".join(parts) + "."
