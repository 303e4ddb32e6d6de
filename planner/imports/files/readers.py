"""``read_table``: a CSV or XLSX file as a checked table of strings, with row errors.

Every problem with a record becomes a :class:`RowError` carrying the physical line (CSV) or sheet
row (XLSX) where the record starts; the other rows are still read. Problems with the whole file
raise :class:`FileRejected` with a message saying what to do; ``cancel()`` raises
:class:`Cancelled`.
"""

from __future__ import annotations

from pathlib import Path

from planner.imports.errors import Cancelled, ErrorLog, FileRejected, RowError
from planner.imports.files.csv_reader import detect_delimiter, read_csv
from planner.imports.files.decoding import suggest_encoding
from planner.imports.files.xlsx import CFB_MAGIC, LEGACY_MESSAGE, iter_sheet_rows
from planner.imports.table import (
    FIELD_SIZE_LIMIT,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    PROGRESS_EVERY,
    CancelFn,
    ProgressFn,
    SourceRow,
    Table,
    build_row,
    check_rows,
    finish,
    make_headers,
)

__all__ = [
    "FIELD_SIZE_LIMIT", "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_FILE_BYTES", "MAX_ROWS",
    "Cancelled", "FileRejected", "RowError", "SourceRow", "Table", "detect_delimiter",
    "read_table", "suggest_encoding",
]

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
    field_size_limit: int = FIELD_SIZE_LIMIT,
) -> Table:
    """Read a CSV or XLSX file (chosen by its content, then its extension).

    Raises :class:`FileRejected` for problems with the whole file and :class:`Cancelled` when
    ``cancel()`` returns true. ``progress(done, total)`` is called from time to time.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRejected(f"Cannot open “{path.name}”: {exc.strerror or exc}.") from None
    if size > MAX_FILE_BYTES:
        raise FileRejected(
            f"“{path.name}” is {size / 1_048_576:,.1f} MB; at most "
            f"{MAX_FILE_BYTES // 1_048_576} MB can be imported. Split the file and import the parts."
        )
    if size == 0:
        raise FileRejected(f"“{path.name}” is empty: there is nothing to import.")
    with path.open("rb") as fh:
        head = fh.read(8)
    suffix = path.suffix.lower()
    if head.startswith(CFB_MAGIC) or suffix == ".xls":
        raise FileRejected(LEGACY_MESSAGE)
    if head.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet=sheet, progress=progress, cancel=cancel)
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise FileRejected(
                f"“{path.name}” is {what}, not a spreadsheet. Choose a CSV or .xlsx file."
            )
    return read_csv(path, encoding=encoding, delimiter=delimiter, progress=progress,
                     cancel=cancel, field_size_limit=field_size_limit)


def _read_xlsx(path: Path, *, sheet: str | None, progress: ProgressFn | None,
               cancel: CancelFn | None) -> Table:
    log = ErrorLog()
    opened: dict[str, object] = {}

    def on_open(chosen: str, names: list[str]) -> None:
        opened["sheet"], opened["sheets"] = chosen, names

    rows_iter = iter_sheet_rows(path, sheet, max_columns=MAX_COLUMNS, cancel=cancel,
                                on_open=on_open)
    first = next(rows_iter, None)
    chosen = str(opened.get("sheet", sheet or ""))
    if first is None:
        raise FileRejected(f"Sheet “{chosen}” is empty: there is nothing to import.")
    header_line, raw_headers = first
    headers = make_headers(raw_headers, header_line, log)
    table = Table(headers=headers, rows=[], format="xlsx", sheet=chosen,
                  sheets=list(opened.get("sheets", [])),  # type: ignore[call-overload]
                  header_line=header_line)
    for count, (number, cells) in enumerate(rows_iter, start=1):
        check_rows(count)
        row = build_row(number, headers, cells, log)
        if row is not None:
            table.rows.append(row)
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count, 0)
    if progress is not None:
        progress(len(table.rows), len(table.rows))
    return finish(table, log)
