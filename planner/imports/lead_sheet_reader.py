"""Read every lead sheet of a workbook in one pass (opening a large workbook once, not per sheet).

The same safety as :func:`planner.imports.readers.read_table`: size limit, the XLSX pre-flight
(zip bombs, legacy and encrypted files, OpenDocument), defusedxml, row checks with sheet row
numbers. Sheets without the hidden "Row id" header (Summary, Lists, sheets a user added) are
skipped after their first row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from planner.errors import Cancelled
from planner.exports.lead_sheet_columns import HEADERS, ROW_ID_HEADER
from planner.imports.errors import ErrorLog, FileRejected, RowError
from planner.imports.table import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    SourceRow,
    build_row,
    check_rows,
    make_headers,
)
from planner.imports.xlsx import cell_text, preflight


@dataclass
class LeadSheetTable:
    name: str
    header_line: int
    headers: list[str]
    rows: list[SourceRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


def read_lead_workbook(path: Path, *, cancel: Callable[[], bool] | None = None) -> list[LeadSheetTable]:
    """The sheets that carry the hidden row id column, with their rows and row errors."""
    import openpyxl

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRejected(f"Cannot open “{path.name}”: {exc.strerror or exc}.") from None
    if size > MAX_FILE_BYTES:
        raise FileRejected(f"“{path.name}” is {size / 1_048_576:,.1f} MB; at most "
                           f"{MAX_FILE_BYTES // 1_048_576} MB can be imported.")
    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise FileRejected("Reading .xlsx files is disabled because the “defusedxml” package is missing.")
    preflight(path)
    with path.open("rb") as handle:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise FileRejected(f"The workbook could not be read ({type(exc).__name__}: {exc}). Open it in "
                               "your spreadsheet and save it again as .xlsx.") from None
        try:
            return [t for ws in workbook.worksheets if (t := _read_sheet(ws, cancel)) is not None]
        except (FileRejected, Cancelled):
            raise
        except Exception as exc:
            raise FileRejected(f"The workbook could not be read ({type(exc).__name__}: {exc}). Open it in "
                               "your spreadsheet and save it again as .xlsx.") from None
        finally:
            workbook.close()


def _read_sheet(ws: object, cancel: Callable[[], bool] | None) -> LeadSheetTable | None:
    if not hasattr(ws, "iter_rows"):
        return None  # a chart sheet
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # do not trust the declared size
    log = ErrorLog()
    table: LeadSheetTable | None = None
    count = 0
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if cancel is not None and number % 500 == 0 and cancel():
            raise Cancelled()
        cells = list(values)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if not cells:
            continue
        if len(cells) > MAX_COLUMNS:
            raise FileRejected(f"Row {number} of sheet “{ws.title}” has {len(cells):,} columns (at most "  # type: ignore[attr-defined]
                               f"{MAX_COLUMNS} allowed). Delete the unused columns and try again.")
        texts = [cell_text(v) for v in cells]
        if table is None:
            headers = make_headers(texts, number, log)
            folded = {h.casefold() for h in headers}
            if ROW_ID_HEADER.casefold() not in folded:
                return None
            table = LeadSheetTable(ws.title, number, headers,  # type: ignore[attr-defined]
                                   missing=[h for h in HEADERS if h.casefold() not in folded])
            continue
        count += 1
        check_rows(count)
        row = build_row(number, table.headers, texts, log)
        if row is not None:
            table.rows.append(row)
    if table is not None:
        table.errors = log.errors
    return table
