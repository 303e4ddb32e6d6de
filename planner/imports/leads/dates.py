"""A due date from a spreadsheet cell, however Excel or LibreOffice stored or the user typed it.

- a date cell (openpyxl gives a ``datetime``): its day;
- a serial number (a date cell whose format was lost shows ``46346``): Excel's 1900 date system
  by default — serial 1 is 1900-01-01 and Excel counts a 29 February 1900 that never was (serial
  60), so serials from 61 on are one day behind the plain count from 1899-12-31 — or the 1904
  system of old Mac workbooks (serial 0 is 1904-01-01), which the workbook declares;
- text: ISO (``2026-11-20``, with or without a time), ``2026/11/20``, day-first with dots or
  dashes (``20.11.2026``, ``20. 11. 2026``, ``20-11-2026``), with a month name (``20 Nov 2026``,
  ``20-Nov-2026``, ``Nov 20, 2026``), and with slashes either way round when only one reading is
  a date (``20/11/2026``, ``11/20/2026``); ``03/04/2026`` could be either and is refused with
  both readings named, rather than guessed;
- every result lies in the years Mission Desk works with (``validation.date_problem``).
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, timedelta
from decimal import Decimal

from planner.domain.validation import date_problem

GENERIC = "Not a date: type it as 2026-11-20 (or 20/11/2026)"
_EPOCH_1900 = date(1899, 12, 31)
_EPOCH_1904 = date(1904, 1, 1)
_MAX_SERIAL = 2_958_465  # 9999-12-31 in the 1900 system
_SERIAL_TEXT = re.compile(r"\d{1,7}(?:\.\d+)?")
_ISO_WITH_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})|(\d{1,2})-(\d{1,2})-(\d{4})")
_NAMED_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d %b %Y", "%d %B %Y", "%d-%b-%Y", "%d-%B-%Y",
                  "%d-%b-%y", "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d %b, %Y")


class SheetDateError(ValueError):
    """Why a cell is not a usable date; its text is a message for the user."""


def parse_sheet_date(value: object, *, date1904: bool = False) -> date:
    """The date in a cell (see the module's notes); raises :class:`SheetDateError`."""
    if isinstance(value, datetime):
        return _checked(value.date())
    if isinstance(value, date):
        return _checked(value)
    if isinstance(value, bool) or value is None:
        raise SheetDateError(GENERIC)
    if isinstance(value, int | float | Decimal):
        return _checked(serial_date(float(value), date1904=date1904))
    text = " ".join(str(value).split())
    if not text:
        raise SheetDateError(GENERIC)
    if _SERIAL_TEXT.fullmatch(text):
        return _checked(serial_date(float(text), date1904=date1904))
    if m := _ISO_WITH_TIME.fullmatch(text):
        text = m.group(1)
    if m := _SLASHED.fullmatch(text):
        return _checked(_slashed(int(m.group(1)), int(m.group(2)), int(m.group(3)), text))
    if m := _DAY_FIRST.fullmatch(text):
        d, mo, y = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        return _checked(_make(int(y), int(mo), int(d), text))
    for fmt in _NAMED_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return _checked(day)  # outside the try: a year out of range says so, not "Not a date"
    raise SheetDateError(GENERIC)


def serial_date(serial: float, *, date1904: bool = False) -> date:
    """The day of a spreadsheet serial number (its fraction, the time of day, is dropped)."""
    if not math.isfinite(serial) or serial < 0 or serial > _MAX_SERIAL:
        raise SheetDateError(GENERIC)
    days = int(serial)
    if date1904:
        return _EPOCH_1904 + timedelta(days=days)
    if days < 1:
        raise SheetDateError(f"{serial:g} is not a date: spreadsheet dates start at 1 (1900-01-01)")
    if days == 60:
        raise SheetDateError("Serial number 60 is 29 February 1900, a day that did not exist (Excel counts "
                             "it by mistake): type the date you mean, e.g. 2026-11-20")
    return _EPOCH_1900 + timedelta(days=days if days < 60 else days - 1)


def _slashed(a: int, b: int, year: int, text: str) -> date:
    if a > 12 >= b:
        return _make(year, b, a, text)  # 20/11/2026: day first
    if b > 12 >= a:
        return _make(year, a, b, text)  # 11/20/2026: month first
    if a == b or a > 12:
        return _make(year, b, a, text)
    day_first, month_first = _make(year, b, a, text), _make(year, a, b, text)
    raise SheetDateError(f"“{text}” could be {day_first.isoformat()} (day first) or "
                         f"{month_first.isoformat()} (month first): type it as {day_first.isoformat()} "
                         "or pick it from the date cell's calendar")


def _make(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise SheetDateError(f"“{text}” is not a real date: check the day and the month") from None


def _checked(day: date) -> date:
    problem = date_problem(day)
    if problem:
        raise SheetDateError(problem)
    return day
