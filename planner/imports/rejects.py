"""The rejected rows of an import, written as a CSV the user can fix and import again.

The file has the original columns plus an "Error" column, and goes through the one CSV
sanitiser (OWASP: every field quoted, formula triggers prefixed), UTF-8 with a BOM so that
Excel reads it correctly. Rows the reader could not parse at all keep only their error text.

It holds people's data, so it is an export like any other: written owner-only through
:func:`planner.exports.output.staged_output` (never through a symlink), and logged before it
appears. The import writes it inside its own transaction, so a caller that logs it stages it
first (:func:`stage_rejects`): the import writes the hidden staging file, :func:`log_rejects`
records the target in the import's transaction, and :meth:`StagedRejects.publish` moves it into
place once that committed — a rolled-back import leaves neither a file nor a log entry.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from planner.exports.output import check_output_path, publish_temp, reserve_temp, staged_output
from planner.exports.sanitize import csv_row
from planner.imports.errors import RowError
from planner.imports.normalise import email_key
from planner.imports.table import SourceRow

ERROR_COLUMN = "Error"
REJECTS_KIND = "import_rejects"


def default_rejects_path(source: Path) -> Path:
    """``people.csv`` → ``people.errors.csv`` next to the file imported."""
    return source.with_name(f"{source.stem}.errors.csv")


def write_rejects(path: Path, headers: Sequence[str], rows: Sequence[SourceRow],
                  errors: Sequence[RowError]) -> int:
    """Write the rows that have errors; returns how many rows were written."""
    by_line: dict[int | None, list[RowError]] = {}
    for error in errors:
        by_line.setdefault(error.line, []).append(error)
    cells = {row.line: row for row in rows if row.line in by_line}
    column = ERROR_COLUMN if ERROR_COLUMN not in headers else f"{ERROR_COLUMN} (import)"
    written = 0
    with staged_output(Path(path)) as out, out.text("utf-8-sig") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(csv_row([*headers, column]))
        for line in sorted(by_line, key=lambda n: (n is None, n or 0)):
            problems = by_line[line]
            text = "; ".join(_describe(e) for e in problems)
            row = cells.get(line) if line is not None else None
            if row is None:
                values = [""] * len(headers)
                text = (f"line {line}: this line could not be read, fix it in the original "
                        f"file — {text}" if line is not None else text)
            else:
                values = [row.get(h) for h in headers]
            writer.writerow(csv_row([*values, text]))
            written += 1
    return written


def _describe(error: RowError) -> str:
    where = f"{error.column}: " if error.column else ""
    return f"{where}{error.message}"


@dataclass
class StagedRejects:
    """Where the rejected rows go (``target``) and the hidden file the import writes first."""

    target: Path
    staging: Path

    @property
    def written(self) -> bool:
        """Whether the import wrote rows into the staging file."""
        try:
            return self.staging.stat().st_size > 0
        except OSError:
            return False

    def read(self, email_headers: Iterable[str] = ()) -> tuple[int, set[str]]:
        """(rows, e-mail keys found in ``email_headers``) of the staged file."""
        wanted = set(email_headers)
        rows, emails = 0, set()
        with self.staging.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            columns = [i for i, h in enumerate(header) if h in wanted]
            for record in reader:
                rows += 1
                for i in columns:
                    if i < len(record) and record[i].strip():
                        emails.add(email_key(record[i].lstrip("'")))
        return rows, emails

    def publish(self) -> Path:
        """Move the (logged) file into place."""
        return publish_temp(self.staging, self.target)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.staging)


def stage_rejects(target: Path) -> StagedRejects:
    """Check ``target`` (its folder exists, it is not a symlink) and reserve its hidden staging
    file: pass ``staging`` to the import as the rejects path. Raises
    :class:`planner.exports.output.OutputPathError` before any work."""
    target = check_output_path(Path(target))
    return StagedRejects(target, reserve_temp(target))


def log_rejects(session: Session, staged: StagedRejects, *, event_id: int | None,
                email_headers: Iterable[str] = ()) -> int:
    """Record the staged rejects file under its target name in ``session`` (the import's write
    unit), with the known people whose e-mail it holds; returns its row count."""
    from planner.services.outputs.export_log import ExportEntry, record_entry
    from planner.storage.models import Person

    rows, emails = staged.read(email_headers)
    keys = sorted(emails - {""})
    ids: set[int] = set()
    for start in range(0, len(keys), 500):
        ids.update(session.scalars(select(Person.id).where(Person.email_key.in_(keys[start:start + 500]))))
    record_entry(session, ExportEntry(REJECTS_KIND, staged.target, event_id, frozenset(ids), rows))
    return rows
