"""A follow-up's due date read back from an edited lead sheet (planner/imports/leads/dates.py),
issue 21: every way Excel, LibreOffice or a person stores a date gives the same day, and a cell
that is not one day says why."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from planner.imports.leads.dates import GENERIC, SheetDateError, parse_sheet_date, serial_date

DAY = date(2026, 11, 20)


@pytest.mark.parametrize("cell", [
    datetime(2026, 11, 20, 15), DAY, 46346, 46346.75, Decimal("46346"), "46346", " 46346 ",
    "2026-11-20", "2026-11-20 14:30", "2026-11-20T14:30:00Z", "2026-11-20 9:05:07.5+09:00", "2026/11/20",
    "2026.11.20", "20.11.2026", "20. 11. 2026", "20-11-2026", "20 Nov 2026", "20 November 2026", "20-Nov-2026",
    "20-Nov-26", "Nov 20, 2026", "November 20 2026", "20 Nov, 2026", "20/11/2026", "11/20/2026",
])
def test_every_way_a_spreadsheet_stores_a_date_gives_the_same_day(cell: object):
    assert parse_sheet_date(cell) == DAY


def test_a_slashed_date_with_both_readings_possible_is_refused_with_both_named():
    with pytest.raises(SheetDateError) as err:
        parse_sheet_date("03/04/2026")
    assert str(err.value) == ("“03/04/2026” could be 2026-04-03 (day first) or 2026-03-04 (month first): "
                              "type it as 2026-04-03 or pick it from the date cell's calendar")
    assert parse_sheet_date("04/04/2026") == date(2026, 4, 4)  # both readings are the same day


@pytest.mark.parametrize("cell", ["31/02/2026", "13/13/2026", "31.02.2026", "30-02-2026"])
def test_a_day_that_does_not_exist_is_refused_as_not_a_real_date(cell: str):
    with pytest.raises(SheetDateError) as err:
        parse_sheet_date(cell)
    assert str(err.value) == f"“{cell}” is not a real date: check the day and the month"


@pytest.mark.parametrize("cell", [True, None, "", "  ", "soon", -1, float("inf"), float("nan"), 2_958_466])
def test_a_cell_that_is_no_date_says_how_to_type_one(cell: object):
    with pytest.raises(SheetDateError) as err:
        parse_sheet_date(cell)
    assert str(err.value) == GENERIC


@pytest.mark.parametrize("cell", ["1850-01-01", "20 Nov 1850", "20.11.2250", date(1850, 1, 1)])
def test_a_date_in_a_year_out_of_range_says_to_check_the_year(cell: object):
    # the fix: a month-name or ISO text in a year out of range said "Not a date" (the range
    # error was swallowed by the loop over formats)
    with pytest.raises(SheetDateError) as err:
        parse_sheet_date(cell)
    assert "is outside the years Mission Desk works with (1900–2200): check the year" in str(err.value)


def test_excel_serials_count_the_29_february_1900_that_never_was():
    assert serial_date(1) == date(1900, 1, 1)
    assert serial_date(59) == date(1900, 2, 28)
    assert serial_date(61) == date(1900, 3, 1)
    assert serial_date(2_958_465) == date(9999, 12, 31)
    with pytest.raises(SheetDateError) as err:
        serial_date(60)
    assert str(err.value) == ("Serial number 60 is 29 February 1900, a day that did not exist (Excel counts it by "
                              "mistake): type the date you mean, e.g. 2026-11-20")
    for serial in (0, 0.5):
        with pytest.raises(SheetDateError) as err:
            serial_date(serial)
        assert str(err.value) == f"{serial:g} is not a date: spreadsheet dates start at 1 (1900-01-01)"


def test_a_workbook_in_the_1904_date_system_counts_from_1_january_1904():
    assert parse_sheet_date(0, date1904=True) == date(1904, 1, 1)
    assert parse_sheet_date(45000, date1904=True) == date(2027, 3, 16)
    assert parse_sheet_date("45000", date1904=True) == date(2027, 3, 16)
    assert parse_sheet_date(45000) == date(2023, 3, 15)  # the same serial in the 1900 system
