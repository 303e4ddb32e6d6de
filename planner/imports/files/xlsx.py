"""Safe reading of .xlsx workbooks: a pre-flight on the zip before openpyxl sees it.

openpyxl has no zip-bomb guard, so the archive's member count, declared sizes and compression
ratios are checked first; entity attacks are refused through defusedxml (a hard dependency).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from planner.imports.errors import Cancelled, FileRejected

CFB_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_MEMBERS = 10_000
MAX_UNCOMPRESSED = 100 * 1024 * 1024
MAX_RATIO = 100
PREFERRED_SHEETS = ("order positions", "bestellzeilen")  # pretix: one row per attendee

LEGACY_MESSAGE = (
    "This is a legacy .xls file or a password-protected workbook, which Mission Desk cannot "
    "read: open it in your spreadsheet, remove any password and save it as .xlsx or CSV."
)


def preflight(path: Path, *, csv_ok: bool = True) -> None:
    """Check ``path`` is a plausible, bounded .xlsx zip before any XML is parsed.

    ``csv_ok=False`` (an edited lead sheet, which only comes back as .xlsx): the messages never
    suggest saving as CSV."""
    alt = " or CSV" if csv_ok else ""
    instead = "save it as CSV" if csv_ok else "save it again as .xlsx"
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(CFB_MAGIC):
        raise FileRejected(LEGACY_MESSAGE if csv_ok else LEGACY_MESSAGE.replace(" or CSV", ""))
    if not zipfile.is_zipfile(path):
        raise FileRejected(
            f"“{path.name}” is not a valid .xlsx workbook (it is not a zip archive). "
            f"Save it from your spreadsheet as .xlsx{alt}."
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileRejected(f"The workbook is damaged ({exc}). Save it again as .xlsx.") from None
    if len(infos) > MAX_MEMBERS:
        raise FileRejected(
            f"The workbook has {len(infos):,} parts inside (at most {MAX_MEMBERS:,} allowed); it "
            f"looks like a zip bomb rather than a spreadsheet. Save it again as .xlsx{alt}."
        )
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileRejected(LEGACY_MESSAGE if csv_ok else LEGACY_MESSAGE.replace(" or CSV", ""))
        total += info.file_size
        ratio = info.file_size / info.compress_size if info.compress_size else (
            0 if info.file_size == 0 else float("inf"))
        if ratio > MAX_RATIO:
            raise FileRejected(
                f"Part “{info.filename}” of the workbook expands {ratio:,.0f} times (at most "
                f"{MAX_RATIO} allowed): the file looks like a zip bomb and was not opened. "
                f"If it is a genuine workbook, {instead}."
            )
    if total > MAX_UNCOMPRESSED:
        raise FileRejected(
            f"The workbook expands to {total / 1_048_576:,.0f} MB (at most "
            f"{MAX_UNCOMPRESSED // 1_048_576} MB allowed): it looks like a zip bomb or is too "
            + ("large. Split it or save the sheet you need as CSV." if csv_ok else
               "large. Export a fresh lead sheet from Mission Desk and copy your edits into it.")
        )
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("/workbook.xml") for n in names):
        if "mimetype" in names or "content.xml" in names:
            raise FileRejected(
                f"This is an OpenDocument spreadsheet (.ods): save it as .xlsx{alt} first."
            )
        raise FileRejected(
            f"“{path.name}” is a zip archive but not an Excel workbook. "
            f"Choose an .xlsx{alt} file."
        )


def cell_text(value: object) -> str:
    """A cell value as the text a user would expect to see in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M" if value.second == 0 else "%H:%M:%S")
    if isinstance(value, dt.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return str(value)


def _is_entity_attack(exc: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if type(current).__module__.startswith("defusedxml"):
            return True
        current = current.__cause__ or current.__context__
    return False


def _unreadable(exc: BaseException) -> FileRejected:
    if _is_entity_attack(exc):
        return FileRejected(
            "The workbook contains XML entity declarations, which are refused for safety "
            "(this is how “billion laughs” attacks work). Open it in your spreadsheet and "
            "save it again as .xlsx, or save the sheet as CSV."
        )
    return FileRejected(
        f"The workbook could not be read ({type(exc).__name__}: {exc}). "
        "Open it in your spreadsheet and save it again as .xlsx or CSV."
    )


def iter_sheet_rows(
    path: Path,
    sheet: str | None,
    *,
    max_columns: int,
    cancel: Callable[[], bool] | None = None,
    on_open: Callable[[str, list[str]], None] | None = None,
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(sheet row number, cell texts)`` for the non-empty rows of one sheet.

    ``on_open(chosen sheet, all sheet names)`` is called once the workbook is open.
    """
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise FileRejected(
            "Reading .xlsx files is disabled because the “defusedxml” package is missing "
            "(it protects against malicious workbooks). Reinstall Mission Desk, or import CSV."
        )
    preflight(path)
    handle = path.open("rb")  # a file object: openpyxl would refuse a renamed .csv path
    try:
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True,
                                          keep_links=False)
    except Exception as exc:  # openpyxl raises many types for bad files
        handle.close()
        raise _unreadable(exc) from None
    try:
        names = list(workbook.sheetnames)
        if not names:
            raise FileRejected("The workbook has no sheets.")
        chosen = _choose_sheet(names, sheet)
        if on_open is not None:
            on_open(chosen, names)
        worksheet = workbook[chosen]
        if not hasattr(worksheet, "iter_rows"):
            raise FileRejected(f"“{chosen}” is a chart, not a sheet of data: choose another one.")
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()  # do not trust the declared size (it may be huge)
        try:
            for number, cells in trimmed_rows(worksheet, chosen, cancel, max_columns):
                yield number, [cell_text(v) for v in cells]
        except (FileRejected, Cancelled):
            raise
        except Exception as exc:
            raise _unreadable(exc) from None
    finally:
        workbook.close()
        handle.close()


def _choose_sheet(names: list[str], sheet: str | None) -> str:
    if sheet is None:
        for name in names:
            if name.strip().casefold() in PREFERRED_SHEETS:
                return name
        return names[0]
    if sheet in names:
        return sheet
    folded = {name.strip().casefold(): name for name in names}
    if sheet.strip().casefold() in folded:
        return folded[sheet.strip().casefold()]
    listing = ", ".join(f"“{n}”" for n in names)
    raise FileRejected(f"The workbook has no sheet “{sheet}”. Its sheets are: {listing}.")


def trimmed_rows(worksheet: Any, title: str, cancel: Callable[[], bool] | None,
                 max_columns: int) -> Iterator[tuple[int, list[Any]]]:
    """``(row number, raw cell values)`` of a sheet, trailing empty cells dropped and empty rows
    skipped; a row wider than ``max_columns`` is refused, ``cancel`` is asked every 500 rows."""
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if cancel is not None and number % 500 == 0 and cancel():
            raise Cancelled()
        cells = list(values)
        while cells and (cells[-1] is None or cells[-1] == ""):
            cells.pop()
        if not cells:
            continue
        if len(cells) > max_columns:
            raise FileRejected(
                f"Row {number} of sheet “{title}” has {len(cells):,} columns (at most "
                f"{max_columns} allowed). Delete the unused columns and try again."
            )
        yield number, cells
