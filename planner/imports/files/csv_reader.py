"""Reading CSV text: decoding, delimiter sniffing and a strict parser that recovers per record."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from planner.imports.errors import Cancelled, ErrorLog, FileRejected
from planner.imports.files.decoding import decode_bytes
from planner.imports.table import (
    DELIMITERS,
    PROGRESS_EVERY,
    CancelFn,
    ProgressFn,
    Table,
    build_row,
    check_errors,
    check_rows,
    finish,
    make_headers,
)


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    old = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    controls = sum(1 for b in sample if b < 0x20 and b not in (0x09, 0x0A, 0x0D, 0x0C))
    return controls > max(2, len(sample) // 100)


def _looks_utf16_without_bom(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _count_outside_quotes(line: str, candidate: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == candidate and not quoted:
            count += 1
    return count


def detect_delimiter(lines: list[str], *, utf16: bool = False) -> str:
    """Sniff the delimiter among ``, ; TAB |``; fall back on counting them in the header line."""
    header = lines[0] if lines else ""
    counts = {d: _count_outside_quotes(header, d) for d in DELIMITERS}
    if utf16 and counts["\t"]:
        return "\t"
    if not any(counts.values()):
        return ","  # one column
    sample = "".join(lines[:50])[:32768]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        sniffed = ""
    if sniffed in counts and counts[sniffed] > 0 and counts[sniffed] >= max(counts.values()) / 2:
        return sniffed
    return max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))


def read_csv(path: Path, *, encoding: str | None, delimiter: str | None,
              progress: ProgressFn | None, cancel: CancelFn | None,
              field_size_limit: int) -> Table:
    data = path.read_bytes()
    utf16 = _looks_utf16_without_bom(data)
    if utf16 and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = encoding or utf16
        data = (b"\xff\xfe" if utf16 == "utf-16-le" else b"\xfe\xff") + data
    elif not data.startswith((b"\xff\xfe", b"\xfe\xff")) and _looks_binary(data):
        raise FileRejected(f"“{path.name}” does not look like a text (CSV) file: it contains "
                           "binary data. Choose a CSV or .xlsx file.")
    text, used = decode_bytes(data, encoding)
    lines = list(io.StringIO(text, newline=""))
    first = next((i for i, ln in enumerate(lines) if ln.strip(" \t\r\n\ufeff,;|")), None)
    if first is None:
        raise FileRejected(f"“{path.name}” has no content: there is nothing to import.")
    if delimiter is None:
        delimiter = detect_delimiter(lines[first:], utf16=used.startswith("utf-16"))
    elif delimiter in ("\\t", "tab", "TAB"):
        delimiter = "\t"
    if len(delimiter) != 1:
        raise FileRejected(f"The separator must be one character, not “{delimiter}”.")
    log = ErrorLog()
    total = len(lines)
    table: Table | None = None
    index = first
    with _field_limit(field_size_limit):
        while index < total:
            reader = csv.reader(itertools.islice(lines, index, None), delimiter=delimiter, quotechar='"',
                                doublequote=True, strict=True)
            consumed = 0
            try:
                for record in reader:
                    start = index + consumed + 1  # 1-based physical line of the record
                    consumed = reader.line_num
                    if table is None:
                        table = Table(headers=make_headers(record, start, log), rows=[],
                                      format="csv", encoding=used, delimiter=delimiter,
                                      header_line=start)
                        continue
                    if not record or not any(c.strip() for c in record):
                        continue
                    check_rows(len(table.rows) + 1)
                    row = build_row(start, table.headers, record, log)
                    if row is not None:
                        table.rows.append(row)
                    else:
                        check_errors(log)
                    if len(table.rows) % PROGRESS_EVERY == 0:
                        if cancel is not None and cancel():
                            raise Cancelled()
                        if progress is not None:
                            progress(index + consumed, total)
                index = total
            except csv.Error as exc:
                start = index + consumed + 1
                bad = lines[start - 1] if start - 1 < total else ""
                if table is None:
                    raise FileRejected(f"The header row (line {start}) cannot be read: "
                                       f"{_explain(exc, field_size_limit)}") from None
                log.error(start, None, bad.rstrip("\r\n"), _explain(exc, field_size_limit))
                check_errors(log)
                index = start  # resume on the line after the start of the bad record
    if table is None:
        raise FileRejected(f"“{path.name}” has no content: there is nothing to import.")
    if progress is not None:
        progress(total, total)
    return finish(table, log)


def _explain(exc: csv.Error, limit: int) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return (f"A cell is longer than {limit:,} characters (often a quote that is never "
                "closed): check the quotes on this line.")
    if "unexpected end of data" in text or "EOF" in text:
        return ("A quoted cell starts on this line but its closing quote is missing: add the "
                "closing \" (or double the quotes inside the cell as \"\").")
    if "expected after" in text:
        return ("A quote inside a cell is not doubled: write \"\" for a quote inside a quoted "
                "cell, or remove the quotes.")
    return f"This line cannot be read as CSV ({text}): check its quotes and separators."
