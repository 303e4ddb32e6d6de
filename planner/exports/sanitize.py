"""The one text sanitiser for spreadsheets (XLSX) and CSV files going out.

What a user may rely on (see data-safety.md):

* A text that starts with ``=``, ``+``, ``-``, ``@``, tab or CR is written to an XLSX as a *text*
  cell, never a formula. openpyxl turns any string starting with ``=`` into a formula, so text
  cells must be made with :func:`text_cell` (write-only sheets) or :func:`set_text` (normal
  sheets), which force the cell type to text and set Excel's "quote prefix" so that a user who
  edits the cell later does not turn it into a formula either.
* Control characters that XLSX forbids are replaced by U+FFFD, never crashed on; over-long texts
  are cut at Excel's cell limit.
* Sheet names: ``[]:*?/\\`` removed, not starting or ending with an apostrophe, at most 31
  characters (UTF-16 units, as Excel counts), unique without regard to case, never "History".
* CSV: OWASP's CSV-injection advice — write with ``csv.QUOTE_ALL`` and prefix fields that begin
  with a formula trigger with an apostrophe (:func:`csv_field`).
* CSV for a CRM import is decided per column (:func:`csv_phone_field`): a CRM reads the file, not a
  spreadsheet, and an apostrophe in front of ``+81 6 1234 5678`` is stored as part of the number
  (HubSpot's phone validation wants E.164, a leading ``+``). A phone cell that is a real phone
  number keeps its ``+``; anything else in it is neutralised like any other text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, MutableSet
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl (with numpy, lxml, PIL) loads when a workbook is written, not when a
    # CSV import or export only needs the text rules below
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

__all__ = [
    "EXCEL_CELL_MAX", "FORMULA_TRIGGERS", "REPLACEMENT", "csv_field", "csv_phone_field", "csv_row",
    "is_formula_like", "is_phone_number", "set_text", "sheet_title", "text_cell", "xlsx_text",
]

#: Excel's limit on the characters in one cell.
EXCEL_CELL_MAX = 32_767
#: What replaces a character XLSX cannot hold.
REPLACEMENT = "\ufffd"
#: First characters that make a spreadsheet treat a text as a formula (OWASP), plus the
#: full-width forms an IME produces, which some spreadsheet locales also evaluate.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# XML 1.0 allows tab, LF and CR among the C0 controls; everything else below 0x20 is illegal in
# XLSX (openpyxl raises IllegalCharacterError), as are lone surrogates and U+FFFE/U+FFFF.
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# For CSV we keep tab and LF inside a field (it is quoted) but drop the other C0 controls and DEL.
_CSV_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
# A phone number as people write one: an optional leading +, digits grouped with spaces, dots,
# hyphens, slashes or parentheses, and an optional extension ("ext. 12", "x12", "#12"). Nothing in
# it can name a function, a cell reference or a DDE target (no letters but the extension's, no
# "|", "!", "=", quotes or commas), so a spreadsheet that evaluates "+81 6 1234 5678" computes
# arithmetic on digits at worst: it cannot fetch a URL or run a program (OWASP's concern).
_PHONE = re.compile(r"\+?[0-9(][0-9 ().\-/]*(?: ?(?:ext\.?|x|#) ?[0-9]{1,6})?", re.IGNORECASE)
_PHONE_DIGITS_MIN, _PHONE_DIGITS_MAX = 4, 15  # E.164: at most 15 digits (ITU-T E.164 §6)
_PHONE_EXT = re.compile(r" ?(?:ext\.?|x|#) ?[0-9]{1,6}$", re.IGNORECASE)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
_SHEET_MAX = 31
_RESERVED_SHEET_NAMES = {"history"}
_CUT_MARK = "…"


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula (or a DDE payload)."""
    return text.startswith(FORMULA_TRIGGERS)


def xlsx_text(value: Any) -> str:
    """``value`` as a text an XLSX cell can hold: illegal characters replaced, cut to the limit.

    This cleans the characters only. Put the result in a cell with :func:`text_cell` or
    :func:`set_text`, which also make sure it is a text cell rather than a formula.
    """
    text = "" if value is None else str(value)
    if _XLSX_ILLEGAL.search(text):
        text = _XLSX_ILLEGAL.sub(REPLACEMENT, text)
    if len(text) > EXCEL_CELL_MAX:
        text = text[:EXCEL_CELL_MAX - len(_CUT_MARK)] + _CUT_MARK
    return text


def text_cell(ws: WriteOnlyWorksheet, value: Any, *, style: str | None = None) -> WriteOnlyCell:
    """A write-only cell holding ``value`` as text (never a formula, never an error value)."""
    from openpyxl.cell import WriteOnlyCell

    text = xlsx_text(value)
    cell = WriteOnlyCell(ws, text)
    cell.data_type = "s"
    if style is not None:
        cell.style = style
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def set_text(cell: Cell, value: Any) -> Cell:
    """Put ``value`` in a normal (read-write) worksheet cell as text; returns the cell."""
    text = xlsx_text(value)
    cell.value = text
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True
    return cell


def csv_field(value: Any) -> str:
    """One CSV field, safe for a spreadsheet to open (OWASP CSV injection advice).

    Control characters other than tab and newline are dropped, CRLF becomes LF, and a field
    starting with ``= + - @``, tab or CR (or their full-width forms) gets a leading apostrophe.
    Write the rows with ``csv.writer(..., quoting=csv.QUOTE_ALL)`` (see :func:`csv_row`).
    """
    text = "" if value is None else str(value)
    if "\r" in text:
        if text.startswith("\r"):
            text = "'" + text
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CSV_ILLEGAL.sub("", text)
    if is_formula_like(text):
        text = "'" + text
    return text


def is_phone_number(text: str) -> bool:
    """True when ``text`` is a telephone number and nothing else: ``+81 6 1234 5678``,
    ``+44 (0)20 7946-0958 ext. 12``, ``06-1234-5678``; 4 to 15 digits before any extension.
    ``+1+cmd|' /C calc'!A0`` and ``=HYPERLINK(…)`` are not."""
    if _PHONE.fullmatch(text) is None or text.count("(") != text.count(")"):
        return False
    digits = sum(ch.isdigit() for ch in _PHONE_EXT.sub("", text))
    return _PHONE_DIGITS_MIN <= digits <= _PHONE_DIGITS_MAX


def csv_phone_field(value: Any) -> str:
    """A CSV field for a CRM's phone column.

    A real phone number (:func:`is_phone_number`, after trimming the spaces around it) is written
    as it is, its leading ``+`` kept: the CRM stores the cell's text, and ``'+81 6 1234 5678`` is
    not a number HubSpot or Salesforce can dial or validate. Anything else in a phone cell
    (``+1+cmd|…``, ``=HYPERLINK(…)``, ``-2+3``) goes through :func:`csv_field` like any other text.
    """
    text = "" if value is None else str(value)
    trimmed = text.strip(" ")
    if is_phone_number(trimmed):
        return trimmed
    return csv_field(text)


def csv_row(values: Iterable[Any]) -> list[str]:
    """:func:`csv_field` applied to every value of a row."""
    return [csv_field(v) for v in values]


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _clip(text: str, limit: int) -> str:
    while _utf16_len(text) > limit:
        text = text[:-1]
    return text


def sheet_title(name: Any, used: MutableSet[str] | None = None, *, fallback: str = "Sheet") -> str:
    """A valid, unique worksheet title made from ``name``.

    ``used`` holds the titles already taken in the workbook; the new title is added to it.
    Uniqueness ignores case, as Excel does ("Tanaka" and "TANAKA" clash).
    """
    text = "" if name is None else str(name)
    text = _XLSX_ILLEGAL.sub("", _SHEET_FORBIDDEN.sub("", text))
    # spaces and apostrophes stripped together: "' ' 'Osaka" must not keep an apostrophe in front
    text = " ".join(text.split()).strip(" '")
    text = _clip(text, _SHEET_MAX).strip(" '")
    if not text:
        text = fallback
    if text.casefold() in _RESERVED_SHEET_NAMES:
        text = f"{text} (1)"
    taken = {u.casefold() for u in used} if used is not None else set()
    title = text
    number = 2
    while title.casefold() in taken:
        suffix = f" ({number})"
        title = _clip(text, _SHEET_MAX - len(suffix)).rstrip().rstrip("'") + suffix
        number += 1
    if used is not None:
        used.add(title)
    return title
