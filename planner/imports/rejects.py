"""The rejected rows of an import, written as a CSV the user can fix and import again.

The file has the original columns plus an "Error" column, and goes through the one CSV
sanitiser (OWASP: every field quoted, formula triggers prefixed), UTF-8 with a BOM so that
Excel reads it correctly. Rows the reader could not parse at all keep only their error text.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from planner.exports.sanitize import csv_row
from planner.imports.errors import RowError
from planner.imports.table import SourceRow

ERROR_COLUMN = "Error"


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
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".rejects-", suffix=".csv", dir=path.parent)
    written = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as fh:
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
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return written


def _describe(error: RowError) -> str:
    where = f"{error.column}: " if error.column else ""
    return f"{where}{error.message}"
