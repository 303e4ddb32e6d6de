"""The result of reading an import file, and the checks shared by the CSV and XLSX readers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from planner.imports.errors import ErrorLog, FileRejected, RowError
from planner.imports.files.decoding import ENCODING_LABELS

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
MAX_COLUMNS = 200
FIELD_SIZE_LIMIT = 1024 * 1024  # the csv parser's limit (its default is 131,072)
MAX_CELL_CHARS = 32_767  # Excel's limit: longer cells could not be exported again
DELIMITERS = ",;\t|"
PROGRESS_EVERY = 1000
MAX_ERRORS = 1000

ProgressFn = Callable[[int, int], None]
CancelFn = Callable[[], bool]


@dataclass(frozen=True)
class SourceRow:
    """One data record: ``line`` where it starts (1-based) and its cells by header."""

    line: int
    cells: dict[str, str]

    def get(self, header: str, default: str = "") -> str:
        return self.cells.get(header, default)


@dataclass
class Table:
    """What was read from a file. ``rows`` holds only the records without errors."""

    headers: list[str]
    rows: list[SourceRow]
    format: Literal["csv", "xlsx", "ics"]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    header_line: int = 1
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding or "", self.encoding or "")


def clean_cell(value: str) -> str:
    """Drop C0 control characters (tab and newline stay; VT/FF become spaces; CRLF → LF)."""
    if value.isprintable():
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in value:
        if ch in "\x0b\x0c":
            out.append(" ")
        elif ch in "\t\n" or ord(ch) >= 0x20:
            out.append(ch)
    return "".join(out)


def make_headers(raw: list[str], line: int, log: ErrorLog) -> list[str]:
    if len(raw) > MAX_COLUMNS:
        raise FileRejected(
            f"The header row has {len(raw):,} columns (at most {MAX_COLUMNS} allowed). "
            "Delete the columns you do not need and try again."
        )
    headers: list[str] = []
    seen: dict[str, int] = {}
    for index, cell in enumerate(raw, start=1):
        name = " ".join(clean_cell(cell).replace("\ufeff", "").split())
        if "\x00" in cell:
            raise FileRejected(f"The header row contains NUL bytes (column {index}): "
                               "this does not look like a text file.")
        if not name:
            name = f"Column {index}"
            log.warn(line, name, "", f"Column {index} has no header; it is read as “{name}”. "
                     "Give it a header if you need its values.")
        folded = name.casefold()
        if folded in seen:
            renamed = f"{name} ({seen[folded] + 1})"
            seen[folded] += 1
            log.warn(line, name, name, f"The header “{name}” appears more than once; column "
                     f"{index} is read as “{renamed}”. Rename it if that is not what you want.")
            name = renamed
        else:
            seen[folded] = 1
        headers.append(name)
    return headers


def _drop_blank_unnamed(headers: list[str], rows: list[SourceRow], log: ErrorLog) -> list[str]:
    """Forget unnamed columns that hold no value at all (Excel's trailing separators)."""
    unnamed = [h for h in headers if h.startswith("Column ") and h[7:].isdigit()]
    if not unnamed:
        return headers
    empty = {h for h in unnamed if not any(row.cells.get(h) for row in rows)}
    if empty:
        log.warnings[:] = [w for w in log.warnings if w.column not in empty]
        for row in rows:
            for h in empty:
                row.cells.pop(h, None)
    return [h for h in headers if h not in empty]


def build_row(line: int, headers: list[str], cells: list[str], log: ErrorLog) -> SourceRow | None:
    """Check one record; returns it, or None (after logging) when it cannot be used."""
    ok = True
    if len(cells) > len(headers):
        extra = cells[len(headers):]
        if any(c.strip() for c in extra):
            log.error(line, None, ",".join(extra), f"This row has {len(cells)} cells but the "
                      f"header has {len(headers)} columns: remove the extra cells or add "
                      "headers for them (a stray separator or an unquoted comma?).")
            ok = False
        cells = cells[: len(headers)]
    for header, cell in zip(headers, cells, strict=False):
        if "\x00" in cell:
            log.error(line, header, cell, "The cell contains NUL bytes: retype it or remove "
                      "the invisible characters.")
            ok = False
        elif len(cell) > MAX_CELL_CHARS:
            log.error(line, header, cell, f"The cell holds {len(cell):,} characters (at most "
                      f"{MAX_CELL_CHARS:,}): shorten it.")
            ok = False
    if not ok:
        return None
    values = {h: clean_cell(c).strip() for h, c in zip(headers, cells, strict=False)}
    for h in headers[len(cells):]:
        values[h] = ""
    return SourceRow(line, values)


def check_rows(count: int) -> None:
    if count > MAX_ROWS:
        raise FileRejected(
            f"The file has more than {MAX_ROWS:,} rows; import it in smaller parts."
        )


def check_errors(log: ErrorLog) -> None:
    if len(log.errors) > MAX_ERRORS:
        raise FileRejected(
            f"More than {MAX_ERRORS:,} rows have errors (the first at line "
            f"{log.errors[0].line}: {log.errors[0].message}) — is this the right file, "
            "separator and encoding?"
        )


def finish(table: Table, log: ErrorLog) -> Table:
    if not table.rows and not log.errors:
        raise FileRejected("The file has a header row but no data rows: nothing to import.")
    table.headers = _drop_blank_unnamed(table.headers, table.rows, log)
    table.errors = log.errors
    table.warnings = log.warnings
    return table
