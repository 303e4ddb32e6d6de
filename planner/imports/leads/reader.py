"""Read every lead sheet of a workbook in one pass (opening a large workbook once, not per sheet).

The same safety as :func:`planner.imports.files.readers.read_table`: size limit, the XLSX pre-flight
(zip bombs), defusedxml, row checks with sheet row numbers. Sheets without the hidden "Row id"
header (Summary, Lists, sheets a user added) are skipped after their first row.

A lead sheet comes back only as .xlsx (CSV keeps one sheet and loses the date cells): a file
saved as CSV, OpenDocument or .xls is refused with a message saying how to save it as .xlsx.
Columns the user added (with or without a header) are read past and listed as warnings; numbers
in the date columns are serial dates in the workbook's own date system (1900 or 1904).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from planner.errors import Cancelled
from planner.exports.sheets.lead_sheet_columns import COLUMNS, HEADERS, ROW_ID_HEADER
from planner.imports.errors import ErrorLog, FileRejected, RowError
from planner.imports.files.xlsx import CFB_MAGIC, cell_text, preflight, trimmed_rows
from planner.imports.leads.dates import SheetDateError, parse_sheet_date
from planner.imports.table import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    SourceRow,
    build_row,
    check_rows,
    make_headers,
)

_DATE_HEADERS = frozenset(c.header.casefold() for c in COLUMNS if c.kind == "date")
_KNOWN = frozenset(h.casefold() for h in HEADERS)
_SAVE_AS_XLSX = ("open it in Excel or LibreOffice Calc, choose File › Save As, pick the type “Excel Workbook "
                 "(.xlsx)” (LibreOffice: “Excel 2007-365”) and import the .xlsx file")


@dataclass
class LeadSheetTable:
    name: str
    header_line: int
    headers: list[str]
    rows: list[SourceRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    unnamed: set[str] = field(default_factory=set)  # columns read without a header


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
    check_format(path)
    preflight(path, csv_ok=False)
    with path.open("rb") as handle:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many types for damaged files
            raise FileRejected(f"The workbook could not be read ({type(exc).__name__}: {exc}). Open it in "
                               "your spreadsheet and save it again as .xlsx.") from None
        date1904 = getattr(workbook, "epoch", None) == CALENDAR_MAC_1904
        try:
            return [t for ws in workbook.worksheets if (t := _read_sheet(ws, cancel, date1904)) is not None]
        except (FileRejected, Cancelled):
            raise
        except Exception as exc:
            raise FileRejected(f"The workbook could not be read ({type(exc).__name__}: {exc}). Open it in "
                               "your spreadsheet and save it again as .xlsx.") from None
        finally:
            workbook.close()


def check_format(path: Path) -> None:
    """Refuse, with what to do, a lead sheet saved in a format other than .xlsx (by content)."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    name = path.name
    if head.startswith(CFB_MAGIC):
        raise FileRejected(f"“{name}” is an Excel 97–2003 workbook (.xls) or a password-protected workbook, "
                           f"and a lead sheet comes back only as .xlsx: {_SAVE_AS_XLSX} (remove any password "
                           "first: File › Info › Protect Workbook).")
    if not head.startswith(b"PK"):
        utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
        if head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<"):
            what = "a web page or XML file"
        elif utf16 or b"\x00" not in head:
            what = "a CSV or text file"
        else:
            what = "not a spreadsheet"
        raise FileRejected(f"“{name}” is {what}, and a lead sheet comes back only as an Excel workbook (.xlsx): "
                           "CSV keeps one sheet and loses the dates. Import the .xlsx that “export leads” "
                           f"wrote, with your edits in it; if you made the edits in this file, {_SAVE_AS_XLSX}.")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the pre-flight says what is wrong
    if "xl/workbook.xml" in names or any(n.endswith("/workbook.xml") for n in names):
        return
    if "mimetype" in names or "content.xml" in names:
        raise FileRejected(f"“{name}” is an OpenDocument spreadsheet (.ods), and a lead sheet comes back only "
                           f"as .xlsx: {_SAVE_AS_XLSX} (choose “Use Excel 2007-365!” when asked to keep the "
                           "format).")
    raise FileRejected(f"“{name}” is a zip archive but not an Excel workbook: import the lead sheet .xlsx that "
                       f"“export leads” wrote; if your spreadsheet saved it in another format, {_SAVE_AS_XLSX}.")


def _cell(value: object, is_date: bool, date1904: bool) -> str:
    """A cell as text; a number in a date column is a serial date (the workbook's date system)."""
    if is_date and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        try:
            return parse_sheet_date(value, date1904=date1904).isoformat()
        except SheetDateError:
            pass  # shown as the number, with the date error, when the row is checked
    return cell_text(value)


def _extra_column_warnings(table: LeadSheetTable) -> list[RowError]:
    """One warning per column that is not part of the lead sheet but holds a header or values."""
    out = []
    for index, header in enumerate(table.headers, start=1):
        if header.casefold() in _KNOWN:
            continue
        filled = sum(1 for row in table.rows if row.get(header))
        letter = get_column_letter(index)
        if header in table.unnamed:
            if filled:
                out.append(RowError(table.header_line, None, "",
                                    f"The {filled} value(s) in column {letter}, which has no header, are not "
                                    "imported: the lead sheet's columns are fixed. Put what matters in Notes."))
            continue
        out.append(RowError(table.header_line, header, "",
                            f"Column {letter} “{header}” is not part of the lead sheet: its {filled} value(s) are "
                            "not imported (the lead sheet's columns are fixed). Put what matters in Notes."))
    return out


def _read_sheet(ws: object, cancel: Callable[[], bool] | None, date1904: bool = False) -> LeadSheetTable | None:
    if not hasattr(ws, "iter_rows"):
        return None  # a chart sheet
    if hasattr(ws, "reset_dimensions"):
        ws.reset_dimensions()  # do not trust the declared size
    log = ErrorLog()
    table: LeadSheetTable | None = None
    dates: list[bool] = []
    count = 0
    for number, cells in trimmed_rows(ws, str(getattr(ws, "title", "")), cancel, MAX_COLUMNS):
        if table is None:
            texts = [cell_text(v) for v in cells]
            headers = make_headers(texts, number, ErrorLog())  # extra columns: warned about below
            folded = {h.casefold() for h in headers}
            if ROW_ID_HEADER.casefold() not in folded:
                return None
            table = LeadSheetTable(ws.title, number, headers,  # type: ignore[attr-defined]
                                   missing=[h for h in HEADERS if h.casefold() not in folded])
            table.unnamed = {h for h, t in zip(headers, texts, strict=True) if not t.strip()}
            dates = [h.casefold() in _DATE_HEADERS for h in headers]
            continue
        while len(table.headers) < len(cells):  # values beyond the header: a column without one
            name = f"Column {len(table.headers) + 1}"
            while name.casefold() in {h.casefold() for h in table.headers}:
                name += "*"
            table.headers.append(name)
            table.unnamed.add(table.headers[-1])
            dates.append(False)
        texts = [_cell(v, dates[i], date1904) for i, v in enumerate(cells)]
        count += 1
        check_rows(count)
        row = build_row(number, table.headers, texts, log)
        if row is not None:
            table.rows.append(row)
    if table is not None:
        table.errors = log.errors
        table.warnings = _extra_column_warnings(table)
    return table
